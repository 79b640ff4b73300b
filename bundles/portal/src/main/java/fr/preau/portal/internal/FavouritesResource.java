package fr.preau.portal.internal;

import fr.preau.access.AccessService;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.portal.internal.Dtos.CatalogueItem;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
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
 * The caller's favourite services, shown first on their home page:
 * <pre>
 * GET    /api/v1/favourites           → {"items": ["cahier", …]} modules of the caller's catalogue, first pinned first
 * PUT    /api/v1/favourites/{module}  → 204 (404 if the module is not in the caller's catalogue)
 * DELETE /api/v1/favourites/{module}  → 204
 * </pre>
 * A favourite of a module that is uninstalled is kept (and not listed) until it comes back.
 */
@Component(service = FavouritesResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("favourites")
@Produces(MediaType.APPLICATION_JSON)
public final class FavouritesResource {

    private static final Pattern MODULE = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private final Portal portal;
    private final AccessService access;
    private final PersonalStore store;

    @Activate
    public FavouritesResource(@Reference(name = "registry") ModuleRegistry registry,
            @Reference(name = "access") AccessService access, @Reference(name = "store") PersonalStore store) {
        this.portal = new Portal(registry, access);
        this.access = access;
        this.store = store;
    }

    @GET
    public Dtos.Items<String> list(@Context SecurityContext security) {
        Person me = allowed(security);
        Set<String> usable = portal.catalogue(me).stream().map(CatalogueItem::id).collect(Collectors.toSet());
        List<String> mine = store.favourites(me.id()).stream().filter(usable::contains).toList();
        return new Dtos.Items<>(mine);
    }

    @PUT
    @Path("{module}")
    public Response add(@Context SecurityContext security, @PathParam("module") String module) {
        Person me = allowed(security);
        if (module == null || !MODULE.matcher(module).matches()
                || portal.catalogue(me).stream().noneMatch(m -> m.id().equals(module))) {
            throw new ProblemException(404, "unknown-module", "Ce service n'est pas disponible pour vous.");
        }
        store.addFavourite(me.id(), module);
        return Response.noContent().build();
    }

    @DELETE
    @Path("{module}")
    public Response remove(@Context SecurityContext security, @PathParam("module") String module) {
        Person me = allowed(security);
        if (module != null && MODULE.matcher(module).matches()) {
            store.removeFavourite(me.id(), module);
        }
        return Response.noContent().build();
    }

    private Person allowed(SecurityContext security) {
        Person me = Callers.require(security);
        access.require(me, PortalPermissions.KEEP_FAVOURITES, me.uai());
        return me;
    }
}
