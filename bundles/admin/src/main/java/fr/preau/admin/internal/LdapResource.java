package fr.preau.admin.internal;

import fr.preau.access.AccessService;
import fr.preau.access.PlatformActions;
import fr.preau.api.Person;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.directory.DirectorySync;
import fr.preau.directory.ImportRun;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
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
 * The LDAP sync of the annuaire, for the referent (the settings themselves are the configuration
 * {@code fr.preau.directory.ldap}):
 * <pre>
 * GET  /api/v1/admin/ldap        → {"configured": true, "last": {startedAt, finishedAt, ok, importId, message}}
 * POST /api/v1/admin/ldap/test   → 200 {"ok", "message", "structures", "people"} (the French diagnosis)
 * POST /api/v1/admin/ldap/sync   → 202 the import, queued once the directory has been read (follow it under
 *                                  /api/v1/admin/imports/{id}); 502 ldap-sync-failed (nothing imported),
 *                                  409 ldap-sync-running, 503 ldap-not-configured / ldap-settings-invalid
 * </pre>
 */
@Component(service = LdapResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("admin/ldap")
@Produces(MediaType.APPLICATION_JSON)
public final class LdapResource {

    /** The sync as the console shows it. */
    public record StatusDto(boolean configured, DirectorySync.LastSync last) {
    }

    private final DirectorySync sync;
    private final AccessService access;
    private final AuditLog audit;

    @Context
    HttpServletRequest http;

    @Activate
    public LdapResource(@Reference(name = "sync") DirectorySync sync, @Reference(name = "access") AccessService access,
            @Reference(name = "audit") AuditLog audit) {
        this.sync = sync;
        this.access = access;
        this.audit = audit;
    }

    @GET
    public StatusDto status(@Context SecurityContext security) {
        allowed(security);
        return new StatusDto(sync.configured(), sync.last().orElse(null));
    }

    @POST
    @Path("test")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public DirectorySync.Diagnosis test(@Context SecurityContext security) {
        Person actor = allowed(security);
        DirectorySync.Diagnosis d = sync.test();
        audit.record(new AuditEvent("directory.ldap.test", actor.id(), null, address(), d.ok(), Map.of()));
        return d;
    }

    @POST
    @Path("sync")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Response sync(@Context SecurityContext security) {
        Person actor = allowed(security);
        ImportRun run;
        try {
            run = sync.startSync();
        } catch (RuntimeException e) {
            audit.record(new AuditEvent("directory.ldap.sync", actor.id(), null, address(), false, Map.of()));
            throw e;
        }
        audit.record(new AuditEvent("directory.ldap.sync", actor.id(), run.id(), address(), true, Map.of()));
        return Response.status(202).entity(ImportsResource.ImportDto.of(run)).build();
    }

    private Person allowed(SecurityContext security) {
        Person actor = Callers.require(security);
        access.require(actor, PlatformActions.IMPORT_DIRECTORY, null);
        return actor;
    }

    private String address() {
        return http == null ? null : http.getRemoteAddr();
    }
}
