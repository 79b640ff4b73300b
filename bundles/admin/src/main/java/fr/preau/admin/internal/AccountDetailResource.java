package fr.preau.admin.internal;

import fr.preau.access.AccessService;
import fr.preau.access.PlatformActions;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.api.Uai;
import fr.preau.audit.AuditActions;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.auth.AccountState;
import fr.preau.auth.Authenticator;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.directory.PersonRecord;
import fr.preau.directory.School;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * One account in the referent's console (the direction reads it):
 * <pre>
 * GET  /api/v1/admin/accounts/{id or login}/detail     → {@link DetailDto}; recorded as a read of personal data
 * POST /api/v1/admin/accounts/{id or login}/deactivate → {@link DetailDto}; the person is signed out everywhere
 * POST /api/v1/admin/accounts/{id or login}/reactivate → {@link DetailDto}
 * PUT  /api/v1/admin/accounts/{id or login}/end-date   {"until": "2027-06-30"} → {@link DetailDto} (guests only)
 * </pre>
 * The platform's {@code admin/accounts/{login}} (state, unlock, activation code) is another class:
 * this one's template names its last segment ({@code {action}}, one of the four below), so the
 * two never share a template and the JAX-RS runtime always picks the right class (with equal
 * templates it kept only one of them, whichever was registered first).
 */
@Component(service = AccountDetailResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("admin/accounts/{login}/{action: detail|deactivate|reactivate|end-date}")
@Produces(MediaType.APPLICATION_JSON)
public final class AccountDetailResource {

    /** A school, named. */
    public record SchoolDto(String uai, String name) {
    }

    /** A class or groupe. */
    public record DivisionDto(String id, String kind, String code, String label) {
    }

    /** What a teacher teaches. */
    public record TeachingDto(DivisionDto division, String subject) {
    }

    /** The person at the other end of a responsable–pupil link. */
    public record LinkDto(String id, String login, String displayName, boolean active, String kind, boolean legal,
            List<String> classes) {
    }

    /** Everything the console shows of an account. */
    public record DetailDto(String id, String login, String displayName, String firstName, String lastName, List<String> profiles,
            List<SchoolDto> schools, AccountsResource.State state, Instant deactivatedAt, String deactivatedBy,
            Instant lockedUntil, boolean activationPending, boolean hasPassword, Instant lastLogin, String email,
            String mailAddress, String source, LocalDate guestUntil, Instant createdAt, List<DivisionDto> classes,
            List<DivisionDto> groups, List<TeachingDto> teachings, List<LinkDto> responsables, List<LinkDto> children,
            boolean self, boolean manageable) {
    }

    /** Body of {@code end-date}. */
    public record EndDateRequest(String until) {
    }

    private final DirectoryService directory;
    private final Authenticator authenticator;
    private final AccessService access;
    private final AuditLog audit;
    private final Clock clock;

    @Context
    HttpServletRequest http;

    @Activate
    public AccountDetailResource(@Reference(name = "directory") DirectoryService directory,
            @Reference(name = "authenticator") Authenticator authenticator, @Reference(name = "access") AccessService access,
            @Reference(name = "audit") AuditLog audit, @Reference(name = "clock") Clock clock) {
        this.directory = directory;
        this.authenticator = authenticator;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    @GET
    public DetailDto get(@Context SecurityContext security, @PathParam("login") String login, @PathParam("action") String action) {
        if (!"detail".equals(action)) {
            throw notHere();
        }
        return detail(security, login);
    }

    @POST
    public DetailDto post(@Context SecurityContext security, @PathParam("login") String login, @PathParam("action") String action) {
        return switch (action) {
            case "deactivate" -> deactivate(security, login);
            case "reactivate" -> reactivate(security, login);
            default -> throw notHere();
        };
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public DetailDto put(@Context SecurityContext security, @PathParam("login") String login, @PathParam("action") String action,
            EndDateRequest body) {
        if (!"end-date".equals(action)) {
            throw notHere();
        }
        return endDate(security, login, body);
    }

    private static ProblemException notHere() {
        return new ProblemException(405, "method-not-allowed", "Cette action n'est pas possible à cette adresse.");
    }

    DetailDto detail(SecurityContext security, String login) {
        Person actor = Callers.require(security);
        PersonRecord record = target(actor, login, PlatformActions.READ_ACCOUNTS);
        audit.record(new AuditEvent(AuditActions.PERSONAL_DATA_READ, actor.id(), record.person().id().value(), address(), true,
                Map.of("what", "account-detail")));
        return dto(actor, record);
    }

    DetailDto deactivate(SecurityContext security, String login) {
        Person actor = Callers.require(security);
        PersonRecord record = target(actor, login, PlatformActions.MANAGE_ACCOUNTS);
        if (record.person().id().equals(actor.id())) {
            throw new ProblemException(409, "own-account", "Vous ne pouvez pas désactiver votre propre compte : vous ne pourriez "
                    + "plus vous connecter à la console. Si vous quittez l'établissement, demandez-le à la personne qui vous remplace.");
        }
        if (directory.deactivate(record.person().id(), PersonRecord.Deactivation.REFERENT)) {
            int ended = authenticator.endSessions(record.person().id());
            audit.record(new AuditEvent(AuditActions.ACCOUNT_DEACTIVATE, actor.id(), record.person().id().value(), address(), true,
                    Map.of("signedOut", Integer.toString(ended))));
        }
        return dto(actor, reload(record));
    }

    DetailDto reactivate(SecurityContext security, String login) {
        Person actor = Callers.require(security);
        PersonRecord record = target(actor, login, PlatformActions.MANAGE_ACCOUNTS);
        if (directory.reactivate(record.person().id())) {
            audit.record(new AuditEvent(AuditActions.ACCOUNT_REACTIVATE, actor.id(), record.person().id().value(), address(), true,
                    Map.of()));
        }
        return dto(actor, reload(record));
    }

    DetailDto endDate(SecurityContext security, String login, EndDateRequest body) {
        Person actor = Callers.require(security);
        PersonRecord record = target(actor, login, PlatformActions.MANAGE_ACCOUNTS);
        LocalDate until = date(body == null ? null : body.until());
        directory.setGuestUntil(record.person().id(), until);
        audit.record(new AuditEvent(AuditActions.GUEST_END_DATE, actor.id(), record.person().id().value(), address(), true,
                Map.of("until", until.toString())));
        if (!record.active() && record.deactivatedBy() == PersonRecord.Deactivation.EXPIRED
                && directory.reactivate(record.person().id())) {
            // the invitation was over; moving its end is what the referent means by "give it back"
            audit.record(new AuditEvent(AuditActions.ACCOUNT_REACTIVATE, actor.id(), record.person().id().value(), address(), true,
                    Map.of("reason", "end-date")));
        }
        return dto(actor, reload(record));
    }

    static LocalDate date(String value) {
        if (value == null || value.isBlank()) {
            throw new ProblemException(400, "invalid-end-date", "Indiquez le dernier jour où la personne invitée pourra se connecter.");
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new ProblemException(400, "invalid-end-date", "Cette date n'existe pas. Choisissez-la dans le calendrier.");
        }
    }

    /**
     * The account, checked: the caller may do {@code action} in their own school (so that others get
     * 403 before learning whether the account exists), and in one of the account's schools.
     */
    private PersonRecord target(Person actor, String login, String action) {
        access.require(actor, action, actor.uai());
        PersonRecord record = directory.record(login).orElseThrow(() -> new ProblemException(404, "unknown-account",
                "Aucun compte ne porte cet identifiant. Il a peut-être été mal tapé."));
        boolean allowed = false;
        for (Uai school : record.schools()) {
            allowed |= access.decide(actor, action, school).allowed();
        }
        if (!allowed) {
            access.require(actor, action, record.person().uai()); // throws the usual 403
        }
        return record;
    }

    private PersonRecord reload(PersonRecord record) {
        return directory.record(record.person().id().value()).orElse(record);
    }

    private DetailDto dto(Person actor, PersonRecord r) {
        Person p = r.person();
        AccountState s = authenticator.state(p.id());
        Instant now = clock.instant();
        AccountsResource.State state = AccountsResource.state(r.active(), s, now);
        List<SchoolDto> schools = r.schools().stream()
                .map(u -> new SchoolDto(u.value(), directory.school(u).map(School::name).orElse(u.value()))).toList();
        List<DivisionDto> classes = r.divisions().stream().filter(d -> d.kind() == Division.Kind.CLASSE).map(AccountDetailResource::division)
                .toList();
        List<DivisionDto> groups = r.divisions().stream().filter(d -> d.kind() == Division.Kind.GROUPE).map(AccountDetailResource::division)
                .toList();
        List<TeachingDto> teachings = r.teachings().stream().map(t -> new TeachingDto(division(t.division()),
                t.subjectLabel() != null ? t.subjectLabel() : "-".equals(t.subjectCode()) ? null : t.subjectCode())).toList();
        boolean manageable = access.decide(actor, PlatformActions.MANAGE_ACCOUNTS, p.uai()).allowed();
        return new DetailDto(p.id().value(), p.login(), p.displayName(), r.firstName(), r.lastName(),
                p.profiles().stream().map(Enum::name).sorted().toList(), schools, state, r.deactivatedAt(),
                r.deactivatedBy() == null ? null : r.deactivatedBy().name(), r.active() ? s.lockedUntil() : null,
                s.activationPending(), s.hasPassword(), s.lastLogin(), r.email(),
                r.active() ? directory.mailAddress(p.id()).orElse(null) : null, r.source(), r.guestUntil(), r.createdAt(),
                classes, groups, teachings, r.responsables().stream().map(AccountDetailResource::link).toList(),
                r.children().stream().map(AccountDetailResource::link).toList(), p.id().equals(actor.id()), manageable);
    }

    private static DivisionDto division(Division d) {
        return new DivisionDto(d.id(), d.kind().name(), d.code(), d.label());
    }

    private static LinkDto link(PersonRecord.Link l) {
        Person p = l.person();
        return new LinkDto(p.id().value(), p.login(), p.displayName(), l.active(), l.kind(), l.legal(), l.classes());
    }

    private String address() {
        return http == null ? null : http.getRemoteAddr();
    }
}
