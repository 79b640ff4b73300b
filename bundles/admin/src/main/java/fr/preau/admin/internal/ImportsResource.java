package fr.preau.admin.internal;

import fr.preau.access.AccessService;
import fr.preau.access.PlatformActions;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.api.Uai;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.directory.ImportRun;
import fr.preau.directory.ImportService;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import fr.preau.web.StreamedBody;
import java.io.InputStream;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
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
 * Annuaire imports for the referent:
 * <pre>
 * POST /api/v1/admin/imports                     {"uai": "0999999Z"}?  → 201 the import (receiving)
 * PUT  /api/v1/admin/imports/{id}/files/{name}   raw bytes (.xml, .csv or .zip)  → the import
 * POST /api/v1/admin/imports/{id}/start          {"confirm": false}?  → 202 the import (queued)
 * POST /api/v1/admin/imports/{id}/cancel         → 200 the import, declined (nothing written; 409 import-not-cancellable
 *                                                  once queued, running or ended)
 * GET  /api/v1/admin/imports[?max=50]            → the imports, newest first
 * GET  /api/v1/admin/imports/{id}                → the import, with live counts
 * GET  /api/v1/admin/imports/{id}/report         → text/csv, the per-record report
 * </pre>
 */
@Component(service = ImportsResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("admin/imports")
@Produces(MediaType.APPLICATION_JSON)
public final class ImportsResource {

    /** Body of a create request. */
    public record CreateRequest(String uai) {
    }

    /** Body of a start request. */
    public record StartRequest(Boolean confirm) {
    }

    /** An import as the console shows it. */
    public record ImportDto(String id, String status, String source, String uai, String actor, List<String> files,
            Instant createdAt, Instant finishedAt, ImportRun.Counts counts, String message, String summary, long recordsTotal,
            long recordsDone) {
        static ImportDto of(ImportRun r) {
            return new ImportDto(r.id(), r.status().name(), r.source(), r.uai() == null ? null : r.uai().value(), r.actor(),
                    r.files(), r.createdAt(), r.finishedAt(), r.counts(), r.message(), r.counts().summary(), r.recordsTotal(),
                    r.counts().records());
        }
    }

    private final ImportService imports;
    private final AccessService access;
    private final AuditLog audit;

    @Context
    HttpServletRequest http;

    @Activate
    public ImportsResource(@Reference(name = "imports") ImportService imports, @Reference(name = "access") AccessService access,
            @Reference(name = "audit") AuditLog audit) {
        this.imports = imports;
        this.access = access;
        this.audit = audit;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Context SecurityContext security, CreateRequest body) {
        Person actor = allowed(security);
        Optional<Uai> uai = Optional.empty();
        if (body != null && body.uai() != null && !body.uai().isBlank()) {
            uai = Optional.of(Uai.parse(body.uai()));
        }
        ImportRun run = imports.create(actor.login(), uai);
        audit.record(new AuditEvent("directory.import.create", actor.id(), run.id(), address(), true,
                uai.map(u -> Map.of("uai", u.value())).orElse(Map.of())));
        return Response.status(201).entity(ImportDto.of(run)).build();
    }

    @PUT
    @Path("{id}/files/{name}")
    @Consumes(MediaType.WILDCARD)
    @StreamedBody
    public ImportDto upload(@Context SecurityContext security, @PathParam("id") String id, @PathParam("name") String name,
            InputStream body) {
        allowed(security);
        return ImportDto.of(imports.addFile(id, name, body));
    }

    @POST
    @Path("{id}/start")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Response start(@Context SecurityContext security, @PathParam("id") String id, StartRequest body) {
        Person actor = allowed(security);
        boolean confirm = body != null && Boolean.TRUE.equals(body.confirm());
        ImportRun run = imports.start(id, confirm);
        audit.record(new AuditEvent("directory.import.start", actor.id(), id, address(), true,
                Map.of("confirm", Boolean.toString(confirm), "files", Integer.toString(run.files().size()))));
        return Response.status(202).entity(ImportDto.of(run)).build();
    }

    @POST
    @Path("{id}/cancel")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public ImportDto cancel(@Context SecurityContext security, @PathParam("id") String id) {
        Person actor = allowed(security);
        ImportRun run = imports.cancel(id);
        audit.record(new AuditEvent("directory.import.cancel", actor.id(), id, address(), true, Map.of()));
        return ImportDto.of(run);
    }

    @GET
    public List<ImportDto> list(@Context SecurityContext security, @QueryParam("max") Integer max) {
        allowed(security);
        return imports.list(max == null ? 50 : max).stream().map(ImportDto::of).toList();
    }

    @GET
    @Path("{id}")
    public ImportDto get(@Context SecurityContext security, @PathParam("id") String id) {
        allowed(security);
        return ImportDto.of(imports.find(id).orElseThrow(ImportsResource::unknown));
    }

    @GET
    @Path("{id}/report")
    @Produces("text/csv")
    public Response report(@Context SecurityContext security, @PathParam("id") String id) {
        allowed(security);
        ImportRun run = imports.find(id).orElseThrow(ImportsResource::unknown);
        java.nio.file.Path file = imports.report(id).orElseThrow(() -> new ProblemException(409, "report-not-ready",
                run.status().finished() ? "Le rapport de cet import est introuvable."
                        : "L'import n'est pas terminé : le rapport sera disponible à la fin."));
        return Response.ok(file.toFile(), "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"rapport-import-" + id.substring(0, 8) + ".csv\"").build();
    }

    private Person allowed(SecurityContext security) {
        Person actor = Callers.require(security);
        access.require(actor, PlatformActions.IMPORT_DIRECTORY, null);
        return actor;
    }

    private String address() {
        return http == null ? null : http.getRemoteAddr();
    }

    private static ProblemException unknown() {
        return new ProblemException(404, "unknown-import", "Cet import n'existe pas.");
    }
}
