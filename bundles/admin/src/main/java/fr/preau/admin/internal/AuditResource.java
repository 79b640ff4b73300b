package fr.preau.admin.internal;

import fr.preau.access.AccessService;
import fr.preau.access.PlatformActions;
import fr.preau.api.Page;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.audit.AuditEntry;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.audit.AuditQuery;
import fr.preau.directory.DirectoryService;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.StreamingOutput;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * The audit log for the referent:
 * <pre>
 * GET /api/v1/admin/audit?action=&amp;actor=&amp;from=&amp;to=&amp;success=&amp;offset=&amp;limit=
 *   → {"total", "items": [{"sequence", "at", "action", "actor": {"login", "displayName"}?, "subject", "address",
 *      "success", "details"}]}
 * GET /api/v1/admin/audit/export?… → text/csv (UTF-8 with BOM, ";"), newest first, {@value #MAX_EXPORT} lines at most
 * </pre>
 * {@code action} is a name or a family ending with a dot ({@code auth.}); {@code actor} a login;
 * {@code from}/{@code to} are days ({@code 2026-11-23}, Paris time, {@code to} included). Reading
 * the log is itself recorded.
 */
@Component(service = AuditResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("admin/audit")
public final class AuditResource {

    /** Who did it, as the console shows them. */
    public record ActorDto(String login, String displayName) {
    }

    /** One entry. */
    public record EntryDto(long sequence, Instant at, String action, ActorDto actor, String subject, ActorDto subjectPerson,
            String address, boolean success, Map<String, String> details) {
    }

    /** One page of entries. */
    public record PageDto(long total, List<EntryDto> items) {
    }

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final java.util.regex.Pattern PERSON_ID = java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    static final int MAX_EXPORT = 50_000;
    private static final int EXPORT_PAGE = 500;

    private final AuditLog audit;
    private final DirectoryService directory;
    private final AccessService access;

    @Context
    HttpServletRequest http;

    @Activate
    public AuditResource(@Reference(name = "audit") AuditLog audit, @Reference(name = "directory") DirectoryService directory,
            @Reference(name = "access") AccessService access) {
        this.audit = audit;
        this.directory = directory;
        this.access = access;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public PageDto list(@Context SecurityContext security, @QueryParam("action") String action, @QueryParam("actor") String actor,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("success") Boolean success,
            @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        Person reader = allowed(security);
        AuditQuery query = query(action, actor, from, to, success);
        Page<AuditEntry> page = audit.search(query, offset == null ? 0 : offset, limit == null ? 50 : limit);
        Map<String, Optional<ActorDto>> actors = new HashMap<>();
        List<EntryDto> items = new ArrayList<>();
        for (AuditEntry e : page.items()) {
            items.add(dto(e, actors));
        }
        recordReading(reader, "list");
        return new PageDto(page.total(), items);
    }

    @GET
    @Path("export")
    @Produces("text/csv")
    public Response export(@Context SecurityContext security, @QueryParam("action") String action, @QueryParam("actor") String actor,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("success") Boolean success) {
        Person reader = allowed(security);
        AuditQuery query = query(action, actor, from, to, success);
        recordReading(reader, "export");
        StreamingOutput body = os -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8));
            w.write('\uFEFF');
            try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setDelimiter(';').setHeader(
                    "numero", "date", "action", "identifiant", "nom", "objet", "adresse", "reussite", "details").build())) {
                Map<String, Optional<ActorDto>> actors = new HashMap<>();
                for (int offset = 0; offset < MAX_EXPORT; offset += EXPORT_PAGE) {
                    Page<AuditEntry> page = audit.search(query, offset, EXPORT_PAGE);
                    for (AuditEntry e : page.items()) {
                        EntryDto d = dto(e, actors);
                        csv.printRecord(d.sequence(), d.at().atZone(PARIS).toOffsetDateTime(), d.action(),
                                d.actor() == null ? "" : d.actor().login(), d.actor() == null ? "" : d.actor().displayName(),
                                d.subjectPerson() == null ? d.subject() : d.subjectPerson().login(), d.address(),
                                d.success() ? "oui" : "non", new TreeMap<>(d.details()).toString());
                    }
                    if (page.items().size() < EXPORT_PAGE) {
                        break;
                    }
                }
            }
        };
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"journal-preau.csv\"")
                .header("Cache-Control", "no-store").build();
    }

    private Person allowed(SecurityContext security) {
        Person reader = Callers.require(security);
        access.require(reader, PlatformActions.READ_AUDIT, null);
        return reader;
    }

    private void recordReading(Person reader, String how) {
        audit.record(new AuditEvent("admin.audit.read", reader.id(), how, http == null ? null : http.getRemoteAddr(), true, Map.of()));
    }

    private AuditQuery query(String action, String actorLogin, String from, String to, Boolean success) {
        PersonId actor = null;
        if (actorLogin != null && !actorLogin.isBlank()) {
            actor = directory.findByLogin(actorLogin.strip()).map(Person::id).orElseThrow(() -> new ProblemException(404,
                    "unknown-account", "Aucun compte actif ne porte l'identifiant « " + actorLogin.strip() + " »."));
        }
        Instant start = day(from, "from").map(d -> d.atStartOfDay(PARIS).toInstant()).orElse(null);
        Instant end = day(to, "to").map(d -> d.plusDays(1).atStartOfDay(PARIS).toInstant()).orElse(null);
        if (start != null && end != null && !start.isBefore(end)) {
            throw new ProblemException(400, "invalid-period", "La période choisie est vide : la date de début doit précéder la date de fin.");
        }
        if (action != null && action.length() > 64) {
            throw new ProblemException(400, "invalid-action", "Le nom d'action est trop long (64 caractères au plus).");
        }
        return new AuditQuery(action == null ? null : action.strip(), actor, start, end, success);
    }

    private static Optional<LocalDate> day(String text, String name) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text.strip()));
        } catch (DateTimeParseException e) {
            throw new ProblemException(400, "invalid-date", "La date « " + text.strip() + " » (" + name
                    + ") n'est pas lisible : écrivez-la AAAA-MM-JJ, par exemple 2026-09-01.");
        }
    }

    private EntryDto dto(AuditEntry e, Map<String, Optional<ActorDto>> actors) {
        AuditEvent ev = e.event();
        ActorDto actor = ev.actor() == null ? null : person(ev.actor().value(), actors);
        // a subject may be a person's id (a password change, an unlock): name them
        ActorDto subject = ev.subject() != null && PERSON_ID.matcher(ev.subject()).matches() ? person(ev.subject(), actors) : null;
        return new EntryDto(e.sequence(), e.at(), ev.action(), actor, ev.subject(), subject, ev.address(), ev.success(), ev.details());
    }

    private ActorDto person(String id, Map<String, Optional<ActorDto>> known) {
        return known.computeIfAbsent(id, x -> directory.find(new PersonId(x)).map(p -> new ActorDto(p.login(), p.displayName())))
                .orElse(null);
    }
}
