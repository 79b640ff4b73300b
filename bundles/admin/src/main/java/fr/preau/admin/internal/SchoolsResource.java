package fr.preau.admin.internal;

import fr.preau.access.AccessService;
import fr.preau.access.PlatformActions;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.api.Uai;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.School;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
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
 * The schools of the box, for the console:
 * <pre>
 * GET /api/v1/admin/schools                        → [{"uai", "name", "demo", "mailDomain"}] (referent: all; direction: theirs)
 * GET /api/v1/admin/schools/{uai}/divisions        → [{"id", "kind", "code", "label"}] classes then groupes, by code
 * PUT /api/v1/admin/schools/{uai}/mail-domain {"domain": "clg-rostand.ac-fictive.fr"} → the school (referent)
 * </pre>
 * Every person's mail address is {@code login@<mail domain of their school>}.
 */
@Component(service = SchoolsResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("admin/schools")
@Produces(MediaType.APPLICATION_JSON)
public final class SchoolsResource {

    /** A school as the console shows it. */
    public record SchoolDto(String uai, String name, boolean demo, String mailDomain) {
    }

    /** A class or groupe of a school. */
    public record DivisionDto(String id, String kind, String code, String label) {
    }

    /** Body of the mail-domain change. */
    public record MailDomainRequest(String domain) {
    }

    private final DirectoryService directory;
    private final AccessService access;
    private final AuditLog audit;

    @Context
    HttpServletRequest http;

    @Activate
    public SchoolsResource(@Reference(name = "directory") DirectoryService directory,
            @Reference(name = "access") AccessService access, @Reference(name = "audit") AuditLog audit) {
        this.directory = directory;
        this.access = access;
        this.audit = audit;
    }

    @GET
    public List<SchoolDto> list(@Context SecurityContext security) {
        Person actor = Callers.require(security);
        access.require(actor, PlatformActions.READ_ACCOUNTS, actor.uai());
        return directory.schools().stream()
                .filter(s -> access.decide(actor, PlatformActions.READ_ACCOUNTS, s.uai()).allowed())
                .map(this::dto).toList();
    }

    @GET
    @Path("{uai}/divisions")
    public List<DivisionDto> divisions(@Context SecurityContext security, @PathParam("uai") String uaiText) {
        Person actor = Callers.require(security);
        Uai uai = Uai.parse(uaiText);
        access.require(actor, PlatformActions.READ_ACCOUNTS, uai);
        if (directory.school(uai).isEmpty()) {
            throw new ProblemException(404, "unknown-school", "L'établissement " + uai + " n'existe pas sur ce boîtier.");
        }
        return directory.divisions(uai).stream().map(d -> new DivisionDto(d.id(), d.kind().name(), d.code(), d.label())).toList();
    }

    @PUT
    @Path("{uai}/mail-domain")
    @Consumes(MediaType.APPLICATION_JSON)
    public SchoolDto setMailDomain(@Context SecurityContext security, @PathParam("uai") String uaiText, MailDomainRequest body) {
        Person actor = Callers.require(security);
        Uai uai = Uai.parse(uaiText);
        access.require(actor, PlatformActions.MANAGE_SCHOOLS, uai);
        if (body == null || body.domain() == null) {
            throw new ProblemException(400, "missing-field", "Indiquez le domaine de messagerie (« domain »).");
        }
        directory.setMailDomain(uai, body.domain());
        School school = directory.school(uai).orElseThrow();
        audit.record(new AuditEvent("directory.school.mail-domain", actor.id(), uai.value(),
                http == null ? null : http.getRemoteAddr(), true, Map.of("domain", directory.mailDomain(uai))));
        return dto(school);
    }

    private SchoolDto dto(School s) {
        return new SchoolDto(s.uai().value(), s.name(), s.demo(), directory.mailDomain(s.uai()));
    }
}
