package fr.preau.portal.internal;

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
import fr.preau.web.Public;
import fr.preau.web.PreauApi;
import fr.preau.web.StreamedBody;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Request;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * The schools' logos, shown in the portal's header and on the login page:
 * <pre>
 * GET    /api/v1/schools/logos               (anyone) → {"items": [{"uai", "name", "logo": "/api/v1/schools/&lt;uai&gt;/logo?v=…"}]}
 *                                                        the box's schools that have a logo
 * GET    /api/v1/schools/{uai}/logo[?v=…]    (anyone) → image/png; public, a year with the current v, else no-cache + ETag; 404 no-logo
 * PUT    /api/v1/schools/{uai}/logo          (referent) a PNG or JPEG body, 512 Ko at most → {"uai", "name", "logo"};
 *                                                        413 logo-too-large, 415 logo-unreadable, 404 unknown-school
 * DELETE /api/v1/schools/{uai}/logo          (referent) → 204
 * </pre>
 * A logo is public (it is shown before signing in); what is served is the box's own PNG re-encoding.
 */
@Component(service = SchoolLogosResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("schools")
@Produces(MediaType.APPLICATION_JSON)
public final class SchoolLogosResource {

    /** A school and its logo's address. */
    public record LogoDto(String uai, String name, String logo) {
    }

    private final AccessService access;
    private final DirectoryService directory;
    private final LogoStore logos;
    private final AuditLog audit;

    @Context
    HttpServletRequest http;

    @Activate
    public SchoolLogosResource(@Reference(name = "access") AccessService access, @Reference(name = "directory") DirectoryService directory,
            @Reference(name = "logos") LogoStore logos, @Reference(name = "audit") AuditLog audit) {
        this.access = access;
        this.directory = directory;
        this.logos = logos;
        this.audit = audit;
    }

    @GET
    @Path("logos")
    @Public
    public Map<String, List<LogoDto>> list() {
        List<LogoDto> out = new ArrayList<>();
        for (School s : directory.schools()) {
            String url = logos.url(s.uai());
            if (url != null) {
                out.add(new LogoDto(s.uai().value(), s.name(), url));
            }
        }
        return Map.of("items", out);
    }

    @GET
    @Path("{uai}/logo")
    @Public
    @Produces("image/png")
    public Response get(@Context Request request, @PathParam("uai") String uai, @QueryParam("v") String version) {
        Uai school = parse(uai, SchoolLogosResource::none);
        ImageStore.Stored logo = logos.find(school).orElseThrow(SchoolLogosResource::none);
        return ImageResponses.png(logo.file(), logo.version(), version, request, false);
    }

    @PUT
    @Path("{uai}/logo")
    @Consumes(MediaType.WILDCARD)
    @StreamedBody
    public LogoDto put(@Context SecurityContext security, @PathParam("uai") String uai, @HeaderParam("Content-Length") String length,
            InputStream body) {
        Person actor = Callers.require(security);
        School school = school(actor, uai);
        logos.checkLength(length);
        logos.save(school.uai(), body);
        record(actor, school, "put");
        return new LogoDto(school.uai().value(), school.name(), logos.url(school.uai()));
    }

    @DELETE
    @Path("{uai}/logo")
    public Response delete(@Context SecurityContext security, @PathParam("uai") String uai) {
        Person actor = Callers.require(security);
        School school = school(actor, uai);
        if (logos.delete(school.uai())) {
            record(actor, school, "delete");
        }
        return Response.noContent().build();
    }

    /** The school the referent changes, checked through access (the referent: every school of the box). */
    private School school(Person actor, String uai) {
        Uai target = parse(uai, SchoolLogosResource::unknownSchool);
        access.require(actor, PlatformActions.MANAGE_SCHOOLS, target);
        return directory.school(target).orElseThrow(SchoolLogosResource::unknownSchool);
    }

    private void record(Person actor, School school, String what) {
        audit.record(new AuditEvent("admin.school.logo", actor.id(), school.uai().value(),
                http == null ? null : http.getRemoteAddr(), true, Map.of("change", what)));
    }

    private static Uai parse(String uai, java.util.function.Supplier<ProblemException> otherwise) {
        try {
            return Uai.parse(uai);
        } catch (RuntimeException e) {
            throw otherwise.get();
        }
    }

    private static ProblemException none() {
        return new ProblemException(404, "no-logo", "Cet établissement n'a pas de logo.");
    }

    private static ProblemException unknownSchool() {
        return new ProblemException(404, "unknown-school", "Cet établissement n'existe pas sur la box.");
    }
}
