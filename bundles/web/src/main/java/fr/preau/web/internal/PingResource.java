package fr.preau.web.internal;

import fr.preau.web.PreauApi;
import fr.preau.web.Public;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code GET /api/v1/ping}: liveness only (the HTTP and JAX-RS layers answer), no check, no
 * session, no database, no JSON mapping. Also the reference of the {@code api} benchmark: a bare
 * CXF resource in the same distribution.
 */
@Component(service = PingResource.class)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@Path("ping")
public final class PingResource {
    @GET
    @Public
    @Produces(MediaType.APPLICATION_JSON)
    public String ping() {
        return "{\"status\":\"ALIVE\"}";
    }
}
