package fr.preau.web.internal;

import fr.preau.api.ProblemException;
import fr.preau.web.PreauApi;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/<module>/…}: hands the request to the module's root resource as a JAX-RS
 * sub-resource. The platform's literal paths ({@code me}, {@code auth}, …) win over this
 * template, so only module paths and unknown paths come here; unknown ones answer 404 (after the
 * module swap window, if one is open: see {@link fr.preau.web.ModuleSwaps}).
 */
@Component(service = ModuleRouter.class) // singleton: stateless, and the hottest path of every module call
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("/")
public final class ModuleRouter {

    private final ModuleRoutes routes;

    @Activate
    public ModuleRouter(@Reference(name = "routes") ModuleRoutes routes) {
        this.routes = routes;
    }

    @Path("{module}")
    public Object route(@PathParam("module") String module) {
        return routes.awaitResource(module).orElseThrow(() -> new ProblemException(404, "not-found",
                "Cette adresse n'existe pas sur Préau. Vérifiez le lien ou revenez à l'accueil."));
    }
}
