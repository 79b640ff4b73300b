package fr.preau.admin.internal;

import fr.preau.access.AccessService;
import fr.preau.access.PlatformActions;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.auth.AccountState;
import fr.preau.auth.Authenticator;
import fr.preau.directory.DirectoryEntry;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.directory.PeopleQuery;
import fr.preau.directory.PersonRecord;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
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
 * The accounts of a school, for the referent's console (the direction reads them too):
 * <pre>
 * GET /api/v1/admin/accounts?school=&amp;profile=&amp;class=&amp;state=&amp;q=&amp;offset=&amp;limit=
 *   → {"total": n, "items": [{"id", "login", "displayName", "profiles", "classes", "state", "lastLogin", "guestUntil"}]}
 * </pre>
 * {@code school} defaults to the caller's; {@code class} is a class code ({@code 5A}) or a
 * division id; {@code state} is {@code ACTIVE} (has a password), {@code PENDING} (waits for its
 * first login), {@code LOCKED} (locked out now) or {@code DEACTIVATED} (left the annuaire, deactivated by the referent, or a guest past its end date); by
 * default every state but {@code DEACTIVATED}. People come by last name, first name.
 */
@Component(service = AccountsResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("admin/accounts")
@Produces(MediaType.APPLICATION_JSON)
public final class AccountsResource {

    /** What the console shows of an account's state. */
    public enum State {
        ACTIVE, PENDING, LOCKED, DEACTIVATED
    }

    /** One account of the list. */
    public record AccountDto(String id, String login, String displayName, List<String> profiles, List<String> classes,
            State state, Instant lastLogin, LocalDate guestUntil) {
    }

    /** One page of the list. */
    public record PageDto(int total, List<AccountDto> items) {
    }

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final DirectoryService directory;
    private final Authenticator authenticator;
    private final AccessService access;
    private final Clock clock;

    @Activate
    public AccountsResource(@Reference(name = "directory") DirectoryService directory,
            @Reference(name = "authenticator") Authenticator authenticator, @Reference(name = "access") AccessService access,
            @Reference(name = "clock") Clock clock) {
        this.directory = directory;
        this.authenticator = authenticator;
        this.access = access;
        this.clock = clock;
    }

    @GET
    public PageDto list(@Context SecurityContext security, @QueryParam("school") String schoolParam,
            @QueryParam("profile") String profileParam, @QueryParam("class") String classParam,
            @QueryParam("state") String stateParam, @QueryParam("q") String text, @QueryParam("offset") Integer offsetParam,
            @QueryParam("limit") Integer limitParam) {
        Person actor = Callers.require(security);
        Uai school = blank(schoolParam) ? actor.uai() : Uai.parse(schoolParam);
        access.require(actor, PlatformActions.READ_ACCOUNTS, school);
        Profile profile = blank(profileParam) ? null : Profile.parse(profileParam);
        State state = blank(stateParam) ? null : state(stateParam);
        int offset = offsetParam == null ? 0 : offsetParam;
        int limit = limitParam == null ? DEFAULT_LIMIT : limitParam;
        if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw new ProblemException(400, "invalid-page", "La pagination demandée n'est pas possible : "
                    + "« offset » doit être positif et « limit » compris entre 1 et " + MAX_LIMIT + ".");
        }
        if (text != null && text.length() > 100) {
            throw new ProblemException(400, "invalid-search", "La recherche est trop longue (100 caractères au plus).");
        }
        String division = blank(classParam) ? null : division(school, classParam.strip());
        Boolean active = state == null ? Boolean.TRUE : state != State.DEACTIVATED;
        List<DirectoryEntry> found = directory.search(new PeopleQuery(school, profile, division, text, active));

        Instant now = clock.instant();
        List<AccountDto> matching;
        if (state == null || state == State.DEACTIVATED) {
            // no state filter on the auth side: look up the state of the page only
            matching = new ArrayList<>();
            for (DirectoryEntry e : found.subList(Math.min(offset, found.size()), Math.min(found.size(), offset + limit))) {
                matching.add(dto(e, now));
            }
            return new PageDto(found.size(), matching);
        }
        matching = new ArrayList<>();
        for (DirectoryEntry e : found) {
            AccountDto dto = dto(e, now);
            if (dto.state() == state) {
                matching.add(dto);
            }
        }
        return new PageDto(matching.size(),
                matching.subList(Math.min(offset, matching.size()), Math.min(matching.size(), offset + limit)));
    }

    private AccountDto dto(DirectoryEntry e, Instant now) {
        Person p = e.person();
        AccountState s = authenticator.state(p.id());
        // guests are few: their end date is looked up one by one
        LocalDate guestUntil = p.has(Profile.INVITE) ? directory.record(p.id().value()).map(PersonRecord::guestUntil).orElse(null) : null;
        return new AccountDto(p.id().value(), p.login(), p.displayName(), p.profiles().stream().map(Enum::name).sorted().toList(),
                e.classes(), state(e.active(), s, now), s.lastLogin(), guestUntil);
    }

    /** The state the console shows, from the annuaire's flag and the credentials. */
    static State state(boolean active, AccountState s, Instant now) {
        if (!active) {
            return State.DEACTIVATED;
        } else if (s.lockedUntil() != null && s.lockedUntil().isAfter(now)) {
            return State.LOCKED;
        }
        return s.hasPassword() ? State.ACTIVE : State.PENDING;
    }

    /** A class code or a division id of the school, as a division id. */
    private String division(Uai school, String classParam) {
        String id = classParam.contains(":") ? classParam : school.value() + ":CLASSE:" + classParam.toUpperCase(Locale.ROOT);
        Division d = directory.division(id).filter(x -> x.uai().equals(school)).orElseThrow(() -> new ProblemException(400,
                "unknown-class", "La classe « " + classParam + " » n'existe pas dans l'établissement " + school + "."));
        return d.id();
    }

    private static State state(String value) {
        try {
            return State.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "invalid-state", "État de compte inconnu « " + value
                    + " » : choisissez ACTIVE (actif), PENDING (en attente de première connexion), LOCKED (bloqué) "
                    + "ou DEACTIVATED (désactivé).");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
