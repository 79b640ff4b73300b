package fr.preau.portal.internal;

import fr.preau.access.AccessService;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.portal.internal.Dtos.NotificationItem;
import fr.preau.portal.internal.Dtos.Notifications;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
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
 * "Nouveautés" from every module the caller may use (pulled from the modules' notification
 * sources and published through the {@link fr.preau.api.spi.NotificationPublisher}), newest first:
 * <pre>
 * GET  /api/v1/notifications?limit=       → {"items": [{key, id, module, moduleName, title, url, at, unread}], "unread": n}
 * POST /api/v1/notifications/{key}/read   → 204 (the caller's own mark; 404 for an item that is not theirs)
 * POST /api/v1/notifications/read         → 204, every item listed for the caller marked read
 * </pre>
 * {@code unread} counts among the most recent {@code notifications.limit.max} items.
 */
@Component(service = NotificationsResource.class, scope = ServiceScope.PROTOTYPE, configurationPid = "fr.preau.portal")
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("notifications")
@Produces(MediaType.APPLICATION_JSON)
public final class NotificationsResource {

    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");

    private final Portal portal;
    private final AccessService access;
    private final DirectoryService directory;
    private final NotificationStore store;
    private final int defaultLimit;
    private final int maxLimit;

    @Activate
    public NotificationsResource(@Reference(name = "registry") ModuleRegistry registry,
            @Reference(name = "access") AccessService access, @Reference(name = "directory") DirectoryService directory,
            @Reference(name = "store") NotificationStore store, PortalConfig config) {
        this(registry, access, directory, store, config.notifications_limit_default(), config.notifications_limit_max());
    }

    NotificationsResource(ModuleRegistry registry, AccessService access, DirectoryService directory, NotificationStore store,
            int defaultLimit, int maxLimit) {
        this.portal = new Portal(registry, access);
        this.access = access;
        this.directory = directory;
        this.store = store;
        this.maxLimit = Math.max(1, maxLimit);
        this.defaultLimit = Math.min(Math.max(1, defaultLimit), this.maxLimit);
    }

    @GET
    public Notifications list(@Context SecurityContext security, @QueryParam("limit") String limit) {
        Person me = allowed(security);
        int n = Portal.limit(limit, defaultLimit, maxLimit);
        List<NotificationItem> all = everything(me);
        Set<String> read = store.readAmong(me.id(), all.stream().map(NotificationItem::key).toList());
        List<NotificationItem> flagged = all.stream().map(i -> i.unread(!read.contains(i.key()))).toList();
        int unread = (int) flagged.stream().filter(NotificationItem::unread).count();
        return new Notifications(flagged.subList(0, Math.min(n, flagged.size())), unread);
    }

    @POST
    @Path("{key}/read")
    public Response markRead(@Context SecurityContext security, @PathParam("key") String key) {
        Person me = allowed(security);
        // only an item listed for the caller: nobody marks (or learns about) someone else's
        if (key == null || !KEY.matcher(key).matches() || everything(me).stream().noneMatch(i -> i.key().equals(key))) {
            throw new ProblemException(404, "unknown-notification", "Cette nouveauté n'est plus disponible.");
        }
        store.markRead(me.id(), List.of(key));
        return Response.noContent().build();
    }

    @POST
    @Path("read")
    public Response markAllRead(@Context SecurityContext security) {
        Person me = allowed(security);
        store.markRead(me.id(), everything(me).stream().map(NotificationItem::key).toList());
        return Response.noContent().build();
    }

    private Person allowed(SecurityContext security) {
        Person me = Callers.require(security);
        access.require(me, PortalPermissions.READ_NOTIFICATIONS, me.uai());
        return me;
    }

    /** Every item kept for {@code me}, newest first, at most the largest limit. */
    private List<NotificationItem> everything(Person me) {
        return portal.notifications(me, store.publishedFor(recipient(me, directory), maxLimit), maxLimit);
    }

    /** The annuaire facts that put a person in an audience: their divisions; a parent's children and theirs. */
    static NotificationStore.Recipient recipient(Person me, DirectoryService directory) {
        Set<String> divisions = new HashSet<>();
        for (Division d : directory.divisionsOf(me.id())) {
            divisions.add(d.id());
        }
        Set<PersonId> children = new HashSet<>();
        Set<String> childDivisions = new HashSet<>();
        Set<Uai> childSchools = new HashSet<>();
        if (me.has(Profile.PARENT)) {
            for (Person child : directory.childrenOf(me.id())) {
                children.add(child.id());
                childSchools.add(child.uai());
                for (Division d : directory.divisionsOf(child.id())) {
                    childDivisions.add(d.id());
                }
            }
        }
        return new NotificationStore.Recipient(me, divisions, children, childDivisions, childSchools);
    }
}
