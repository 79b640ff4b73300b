package fr.preau.admin.internal;

import fr.preau.access.AccessService;
import fr.preau.access.PlatformActions;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.directory.DirectorySync;
import fr.preau.directory.ImportRun;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
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
 * The LDAP sync of the annuaire, for the referent (its settings are the configuration
 * {@code fr.preau.directory.ldap}, kept in {@code <data>/preau/etc/fr.preau.directory.ldap.cfg}):
 * <pre>
 * GET  /api/v1/admin/ldap          → {"configured": true, "last": {startedAt, finishedAt, ok, importId, message}}
 * GET  /api/v1/admin/ldap/settings → the settings, {"passwordSet": true|false} instead of the password
 * PUT  /api/v1/admin/ldap/settings {…settings, "password"?} → the settings now in force; a field left out keeps its
 *                                  value; password absent/null = keep, "" = remove, else replace;
 *                                  400 ldap-settings-invalid (French title: what to fix), ldap-password-required
 * POST /api/v1/admin/ldap/test     {…settings, "password"?}? → 200 {"ok", "message", "structures", "people"} (the French
 *                                  diagnosis) for these values, nothing stored; no body = the stored settings
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

    /**
     * Settings sent by the console: a field left out (null) keeps its current value; {@code password} null keeps
     * the stored one, "" removes it.
     */
    public record SettingsRequest(String url, Boolean startTls, String bindDn, String password, String baseDn, String structureBase,
            String structureFilter, String subjectBase, String subjectFilter, String mefBase, String mefFilter, String personnelBase,
            String personnelFilter, String responsableBase, String responsableFilter, String eleveBase, String eleveFilter,
            String attributeMapping, Integer pageSize, Integer intervalMinutes, Integer connectTimeoutSeconds,
            Integer readTimeoutSeconds) {

        /** These values over {@code current}. */
        DirectorySync.Settings over(DirectorySync.Settings c) {
            return new DirectorySync.Settings(or(url, c.url()), startTls == null ? c.startTls() : startTls, or(bindDn, c.bindDn()),
                    or(baseDn, c.baseDn()), or(structureBase, c.structureBase()), or(structureFilter, c.structureFilter()),
                    or(subjectBase, c.subjectBase()), or(subjectFilter, c.subjectFilter()), or(mefBase, c.mefBase()),
                    or(mefFilter, c.mefFilter()), or(personnelBase, c.personnelBase()), or(personnelFilter, c.personnelFilter()),
                    or(responsableBase, c.responsableBase()), or(responsableFilter, c.responsableFilter()), or(eleveBase, c.eleveBase()),
                    or(eleveFilter, c.eleveFilter()), or(attributeMapping, c.attributeMapping()),
                    pageSize == null ? c.pageSize() : pageSize, intervalMinutes == null ? c.intervalMinutes() : intervalMinutes,
                    connectTimeoutSeconds == null ? c.connectTimeoutSeconds() : connectTimeoutSeconds,
                    readTimeoutSeconds == null ? c.readTimeoutSeconds() : readTimeoutSeconds, c.passwordSet());
        }

        private static String or(String given, String current) {
            return given == null ? current : given;
        }

        /** Never the password. */
        @Override
        public String toString() {
            return "SettingsRequest[url=" + url + ", bindDn=" + bindDn + ", password=" + (password == null ? "(kept)" : "(given)") + "]";
        }
    }

    /** Audit action of a change of the settings. */
    static final String SETTINGS = "directory.ldap.settings";

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

    @GET
    @Path("settings")
    public DirectorySync.Settings settings(@Context SecurityContext security) {
        allowed(security);
        return sync.settings();
    }

    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    public DirectorySync.Settings save(@Context SecurityContext security, SettingsRequest body) {
        Person actor = allowed(security);
        if (body == null) {
            throw new ProblemException(400, "missing-body", "La demande est vide : envoyez les réglages en JSON.");
        }
        DirectorySync.Settings values = body.over(sync.settings());
        Map<String, String> details = new LinkedHashMap<>();
        details.put("url", values.url().isEmpty() ? "(désactivée)" : values.url());
        // the audit log refuses any key that names a secret: "bindCredential" says what became of it, never what it is
        details.put("bindCredential", body.password() == null ? "kept" : body.password().isEmpty() ? "removed" : "replaced");
        try {
            DirectorySync.Settings saved = sync.saveSettings(values, body.password());
            audit.record(new AuditEvent(SETTINGS, actor.id(), null, address(), true, details));
            return saved;
        } catch (ProblemException e) {
            details.put("reason", e.code());
            audit.record(new AuditEvent(SETTINGS, actor.id(), null, address(), false, details));
            throw e;
        }
    }

    @POST
    @Path("test")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public DirectorySync.Diagnosis test(@Context SecurityContext security, SettingsRequest body) {
        Person actor = allowed(security);
        DirectorySync.Diagnosis d = body == null ? sync.test() : sync.test(body.over(sync.settings()), body.password());
        audit.record(new AuditEvent("directory.ldap.test", actor.id(), null, address(), d.ok(),
                Map.of("values", body == null ? "stored" : "form")));
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
