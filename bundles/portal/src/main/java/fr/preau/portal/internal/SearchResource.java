package fr.preau.portal.internal;

import fr.preau.access.AccessService;
import fr.preau.portal.internal.Dtos.HitItem;
import fr.preau.portal.internal.Dtos.Items;
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
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code GET /api/v1/search?q=&limit=}: asks every search contributor of a module the caller may
 * use; best hits first. {@code limit} is read as text so that a bad value gets a French 400, not a 404.
 * <p>
 * The fallback while the search module ({@code preau-search}) is not installed: registered as a module
 * route with a negative {@code service.ranking}, it stands in reserve behind the search module's
 * {@code /api/v1/search} and answers again as soon as that module leaves.
 */
@Component(service = SearchResource.class, scope = ServiceScope.PROTOTYPE, configurationPid = "fr.preau.portal",
        property = "service.ranking:Integer=-1000")
@Designate(ocd = PortalConfig.class)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.MODULES)
@JSONRequired
@Path("search")
@Produces(MediaType.APPLICATION_JSON)
public final class SearchResource {

    private final Portal portal;
    private final int defaultLimit;
    private final int maxLimit;

    @Activate
    public SearchResource(@Reference(name = "registry") ModuleRegistry registry,
            @Reference(name = "access") AccessService access, PortalConfig config) {
        this.portal = new Portal(registry, access);
        this.maxLimit = Math.max(1, config.search_limit_max());
        this.defaultLimit = Math.min(Math.max(1, config.search_limit_default()), maxLimit);
    }

    @GET
    public Items<HitItem> search(@Context SecurityContext security, @QueryParam("q") String q,
            @QueryParam("limit") String limit) {
        return new Items<>(portal.search(Callers.require(security), q, limit, defaultLimit, maxLimit));
    }
}
