package fr.preau.admin.internal;

import fr.preau.access.AccessService;
import fr.preau.access.PlatformActions;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.directory.DirectoryService;
import fr.preau.store.backup.BackupArchive;
import fr.preau.store.backup.BackupException;
import fr.preau.store.backup.BackupService;
import fr.preau.store.backup.BackupSettings;
import fr.preau.store.backup.BackupStatus;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
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
 * The box's backups, for the console (« Sauvegardes ») and {@code ./preau backup}; referent only
 * ({@code platform:manage-box}):
 * <pre>
 * GET    /api/v1/admin/backups            → {@link BackupsDto}: settings, what runs, last result, archives, next run
 * PUT    /api/v1/admin/backups/settings   ← {@link SettingsRequest} → {@link BackupSettings}
 * PUT    /api/v1/admin/backups/passphrase ← {@link PassphraseRequest} → 204 (never shown back)
 * DELETE /api/v1/admin/backups/passphrase → 204
 * POST   /api/v1/admin/backups            → 202 {@link BackupStatus} (« Sauvegarder maintenant »)
 * </pre>
 * Every change and every backup asked for is audited (the passphrase never is, only that it changed);
 * a backup's end is audited too, with its archive or its error code.
 */
@Component(service = BackupsResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@javax.ws.rs.Path("admin/backups")
@Produces(MediaType.APPLICATION_JSON)
public final class BackupsResource {

    public record BackupsDto(BackupSettings settings, BackupStatus status, List<BackupArchive> archives, Instant nextRun) {
    }

    public record SettingsRequest(String folder, Integer hour, Integer keepDaily, Integer keepWeekly) {
    }

    public record PassphraseRequest(String passphrase, String confirmation) {
    }

    private final AccessService access;
    private final AuditLog audit;
    private final BackupService backups;
    private final DirectoryService directory;
    private final Clock clock;
    private final InstalledModules modules;

    @Context
    HttpServletRequest http;

    @Activate
    public BackupsResource(@Reference(name = "access") AccessService access, @Reference(name = "audit") AuditLog audit,
            @Reference(name = "backups") BackupService backups, @Reference(name = "directory") DirectoryService directory,
            @Reference(name = "clock") Clock clock, @Reference(name = "modules") InstalledModules modules) {
        this.modules = modules;
        this.access = access;
        this.audit = audit;
        this.backups = backups;
        this.directory = directory;
        this.clock = clock;
    }

    @GET
    public BackupsDto overview(@Context SecurityContext security) {
        require(security);
        BackupSettings settings = backups.settings();
        return new BackupsDto(settings, backups.status(), backups.archives(),
                BackupSchedule.nextRun(clock, settings, backups.status().lastScheduled()));
    }

    @PUT
    @javax.ws.rs.Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    public BackupSettings settings(@Context SecurityContext security, SettingsRequest body) {
        Person actor = require(security);
        if (body == null || body.hour() == null || body.keepDaily() == null || body.keepWeekly() == null) {
            throw new ProblemException(400, "missing-field", "Indiquez le dossier, l’heure et la durée de conservation.");
        }
        BackupSettings saved = call(() -> backups.updateSettings(new BackupSettings(body.folder(), body.hour(),
                body.keepDaily(), body.keepWeekly(), false)), actor, "box.backup.settings");
        audit.record(new AuditEvent("box.backup.settings", actor.id(), saved.folder(), address(), true,
                Map.of("hour", Integer.toString(saved.hour()), "keepDaily", Integer.toString(saved.keepDaily()),
                        "keepWeekly", Integer.toString(saved.keepWeekly()))));
        return saved;
    }

    @PUT
    @javax.ws.rs.Path("passphrase")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response passphrase(@Context SecurityContext security, PassphraseRequest body) {
        Person actor = require(security);
        if (body == null || body.passphrase() == null || body.passphrase().isEmpty()) {
            throw new ProblemException(400, "missing-field", "Saisissez la phrase de passe.");
        }
        if (body.confirmation() != null && !body.confirmation().equals(body.passphrase())) {
            throw new ProblemException(400, "passphrase-mismatch", "Les deux phrases de passe ne sont pas identiques.");
        }
        char[] chars = body.passphrase().toCharArray();
        try {
            call(() -> {
                backups.setPassphrase(chars);
                return null;
            }, actor, "box.backup.passphrase");
        } finally {
            Arrays.fill(chars, '\0');
        }
        audit.record(new AuditEvent("box.backup.passphrase", actor.id(), null, address(), true, Map.of("set", "true")));
        return Response.noContent().build();
    }

    @DELETE
    @javax.ws.rs.Path("passphrase")
    public Response clearPassphrase(@Context SecurityContext security) {
        Person actor = require(security);
        call(() -> {
            backups.clearPassphrase();
            return null;
        }, actor, "box.backup.passphrase");
        audit.record(new AuditEvent("box.backup.passphrase", actor.id(), null, address(), true, Map.of("set", "false")));
        return Response.noContent().build();
    }

    @POST
    public Response start(@Context SecurityContext security) {
        Person actor = require(security);
        String trigger = "cli".equals(http == null ? null : http.getHeader("X-Preau-Client")) ? "cli" : "console";
        if (!backups.status().running()) {
            modules.record();
        }
        call(() -> backups.start(BackupSchedule.label(directory), trigger).whenComplete((result, failure) -> {
            boolean ok = failure == null && result.ok();
            audit.record(new AuditEvent("box.backup.done", actor.id(), result == null ? null : result.archive(), null, ok,
                    ok ? Map.of("trigger", trigger, "bytes", Long.toString(result.bytes()))
                            : Map.of("trigger", trigger, "reason", result == null ? "failed" : String.valueOf(result.code()))));
        }), actor, "box.backup.start");
        audit.record(new AuditEvent("box.backup.start", actor.id(), null, address(), true, Map.of("trigger", trigger)));
        return Response.accepted(backups.status()).build();
    }

    private Person require(SecurityContext security) {
        Person actor = Callers.require(security);
        access.require(actor, PlatformActions.MANAGE_BOX, null);
        return actor;
    }

    private <T> T call(java.util.function.Supplier<T> action, Person actor, String auditAction) {
        try {
            return action.get();
        } catch (BackupException e) {
            audit.record(new AuditEvent(auditAction, actor.id(), null, address(), false, Map.of("reason", e.code())));
            throw new ProblemException(e.status(), e.code(), e.getMessage());
        }
    }

    private String address() {
        return http == null ? null : http.getRemoteAddr();
    }
}
