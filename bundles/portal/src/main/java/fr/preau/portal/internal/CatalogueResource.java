package fr.preau.portal.internal;

import fr.preau.access.AccessService;
import fr.preau.portal.internal.Dtos.CatalogueItem;
import fr.preau.portal.internal.Dtos.Items;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
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

/** {@code GET /api/v1/catalogue}: the modules the caller may use, as home-page tiles. */
@Component(service = CatalogueResource.class, scope = ServiceScope.PROTOTYPE, configurationPid = "fr.preau.portal")
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("catalogue")
@Produces(MediaType.APPLICATION_JSON)
public final class CatalogueResource {

    private final Portal portal;

    @Activate
    public CatalogueResource(@Reference(name = "registry") ModuleRegistry registry,
            @Reference(name = "access") AccessService access) {
        this.portal = new Portal(registry, access);
    }

    @GET
    public Items<CatalogueItem> list(@Context SecurityContext security) {
        return new Items<>(portal.catalogue(Callers.require(security)));
    }
}
