package fr.preau.updates.internal;

import fr.preau.access.AccessService;
import fr.preau.access.PlatformActions;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import java.io.IOException;
import java.util.List;
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
 * The console's « Mises à jour » (the referent only: {@code platform:manage-box}):
 * <pre>
 * GET  /api/v1/admin/updates            → {@link UpdatesDto}
 * PUT  /api/v1/admin/updates/settings   {"url", "publicKey", "channel"} → 200 {@link UpdatesDto}; 400 invalid-channel-url,
 *                                        invalid-public-key, invalid-channel
 * POST /api/v1/admin/updates/check      → 202 (« Vérifier maintenant »); 409 updates-busy
 * POST /api/v1/admin/updates/apply      → 202 (« Mettre à jour »); 409 no-update-available, updates-busy
 * POST /api/v1/admin/updates/rollback   → 202 (« Revenir à la version précédente »); 409 no-previous-version, updates-busy
 * </pre>
 * The work runs on the box's update worker; the console follows {@code activity} until it is IDLE.
 */
@Component(service = UpdatesResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("admin/updates")
@Produces(MediaType.APPLICATION_JSON)
public final class UpdatesResource {

    /** The channel the box follows. {@code fingerprint}: SHA-256 of the pinned key, to compare with the académie's. */
    public record SettingsDto(String url, String publicKey, String fingerprint, String channel) {
    }

    /** The last check: {@code code} is stable (up-to-date, available, not-yet, bad-signature, unknown-key, hash-mismatch…). */
    public record CheckDto(String at, boolean ok, String code, String message) {
    }

    /** The verified update waiting to be applied. */
    public record AvailableDto(String version, String channel, String published, List<String> notes, List<String> modules) {
    }

    /** A release applied on the box. */
    public record ReleaseDto(String version, String appliedAt, List<String> changes) {
    }

    public record UpdatesDto(SettingsDto settings, int maintenanceHour, String activity, CheckDto lastCheck, AvailableDto available,
            ReleaseDto current, ReleaseDto previous, String notice, List<UpdateService.HistoryEntry> history) {
    }

    public record SettingsInput(String url, String publicKey, String channel) {
    }

    private final UpdateService updates;
    private final AccessService access;

    @Context
    HttpServletRequest http;

    @Activate
    public UpdatesResource(@Reference(name = "updates") UpdateService updates, @Reference(name = "access") AccessService access) {
        this.updates = updates;
        this.access = access;
    }

    @GET
    public UpdatesDto get(@Context SecurityContext security) throws IOException {
        allowed(security);
        return dto(updates.view());
    }

    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    public UpdatesDto settings(@Context SecurityContext security, SettingsInput input) throws IOException {
        Person actor = allowed(security);
        if (input == null) {
            throw new ProblemException(400, "invalid-channel-url", "Indiquez l'adresse du canal et la clé publique de l'académie.");
        }
        try {
            updates.settings(input.url(), input.publicKey(), input.channel(), actor(actor));
        } catch (IllegalArgumentException e) {
            String[] field = e.getMessage().split(":", 2);
            String code = switch (field[0]) {
                case "url" -> "invalid-channel-url";
                case "publicKey" -> "invalid-public-key";
                default -> "invalid-channel";
            };
            throw new ProblemException(400, code, field[1]);
        } catch (IllegalStateException e) {
            throw busy();
        }
        return dto(updates.view());
    }

    @POST
    @Path("check")
    public Response check(@Context SecurityContext security) {
        Person actor = allowed(security);
        if (!updates.startCheck(actor(actor))) {
            throw busy();
        }
        return Response.accepted(Map.of("activity", "CHECKING")).build();
    }

    @POST
    @Path("apply")
    public Response apply(@Context SecurityContext security) {
        Person actor = allowed(security);
        if (!updates.hasAvailable()) {
            throw new ProblemException(409, "no-update-available", "Aucune mise à jour vérifiée n'attend : cliquez d'abord sur « Vérifier maintenant ».");
        }
        if (!updates.startApply(actor(actor))) {
            throw busy();
        }
        return Response.accepted(Map.of("activity", "APPLYING")).build();
    }

    @POST
    @Path("rollback")
    public Response rollback(@Context SecurityContext security) {
        Person actor = allowed(security);
        if (!updates.hasPrevious()) {
            throw new ProblemException(409, "no-previous-version", "Il n'y a pas de version précédente à laquelle revenir.");
        }
        if (!updates.startRollback(actor(actor))) {
            throw busy();
        }
        return Response.accepted(Map.of("activity", "ROLLING_BACK")).build();
    }

    private static ProblemException busy() {
        return new ProblemException(409, "updates-busy", "Une vérification ou une mise à jour est en cours : attendez qu'elle se termine.");
    }

    private UpdateService.Actor actor(Person p) {
        return new UpdateService.Actor(p.id(), p.login(), http == null ? null : http.getRemoteAddr());
    }

    private Person allowed(SecurityContext security) {
        Person actor = Callers.require(security);
        access.require(actor, PlatformActions.MANAGE_BOX, null);
        return actor;
    }

    static UpdatesDto dto(UpdateService.View v) {
        AvailableDto available = v.available() == null ? null : new AvailableDto(v.available().version(), v.available().channel(),
                v.available().published().toString(), v.available().notes(), v.available().modules());
        return new UpdatesDto(new SettingsDto(v.url(), v.publicKey(), v.fingerprint(), v.channel()), v.maintenanceHour(),
                v.activity().name(), v.lastCheckAt() == null ? null : new CheckDto(v.lastCheckAt(), v.lastCheckOk(), v.lastCheckCode(),
                        v.lastCheckMessage()), available, release(v.current()), release(v.previous()), v.notice(), v.history());
    }

    private static ReleaseDto release(UpdateState.Release r) {
        return r == null ? null : new ReleaseDto(r.version(), r.appliedAt(),
                r.changes().stream().map(c -> c.name() + " " + c.from() + " → " + c.to()).toList());
    }
}
