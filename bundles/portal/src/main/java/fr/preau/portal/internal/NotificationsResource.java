package fr.preau.portal.internal;

import fr.preau.access.AccessService;
import fr.preau.portal.internal.Dtos.Items;
import fr.preau.portal.internal.Dtos.NotificationItem;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
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

/** {@code GET /api/v1/notifications?limit=}: "Nouveautés" from every module the caller may use, newest first. */
@Component(service = NotificationsResource.class, scope = ServiceScope.PROTOTYPE, configurationPid = "fr.preau.portal")
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("notifications")
@Produces(MediaType.APPLICATION_JSON)
public final class NotificationsResource {

    private final Portal portal;
    private final int defaultLimit;
    private final int maxLimit;

    @Activate
    public NotificationsResource(@Reference(name = "registry") ModuleRegistry registry,
            @Reference(name = "access") AccessService access, PortalConfig config) {
        this.portal = new Portal(registry, access);
        this.maxLimit = Math.max(1, config.notifications_limit_max());
        this.defaultLimit = Math.min(Math.max(1, config.notifications_limit_default()), maxLimit);
    }

    @GET
    public Items<NotificationItem> list(@Context SecurityContext security, @QueryParam("limit") String limit) {
        return new Items<>(portal.notifications(Callers.require(security), limit, defaultLimit, maxLimit));
    }
}
