package fr.preau.web.internal;

import fr.preau.web.PreauApi;
import fr.preau.web.Public;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code GET /api/v1/health}: 200 {@code {"status":"UP"}} when ready, 503 while starting. */
@Component(service = HealthResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("health")
public final class HealthResource {

    private final HealthService health;

    @Activate
    public HealthResource(@Reference(name = "health") HealthService health) {
        this.health = health;
    }

    @GET
    @Public
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        HealthService.Report report = health.check();
        if (report.up()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "UP");
            body.put("bundles", report.bundles());
            body.put("components", report.components());
            body.put("checks", report.checks());
            return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
        }
        Map<String, Object> body = Problems.body(503, "starting",
                "Préau démarre ou se met à jour. Réessayez dans quelques secondes.");
        body.put("state", "STARTING");
        body.put("problems", report.problems());
        return Response.status(503).type(Problems.PROBLEM).header("Retry-After", "5").entity(body).build();
    }
}
