package fr.preau.provisioning.internal;

import fr.preau.api.ProblemException;
import fr.preau.web.CsrfExempt;
import fr.preau.web.PreauApi;
import fr.preau.web.Public;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code GET /api/v1/setup} → {@code {"required": bool}};
 * {@code POST /api/v1/setup} {@code {"token","uai","schoolName","mailDomain","referentPassword"}} → 201
 * ({@code mailDomain} optional)
 * {@code {"login":"referent"}}.
 */
@Component(service = SetupResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("setup")
@Produces(MediaType.APPLICATION_JSON)
public final class SetupResource {

    public record SetupRequest(String token, String uai, String schoolName, String mailDomain, String referentPassword) {
    }

    private final BoxProvisioner provisioner;

    @Context
    HttpServletRequest http;

    @Activate
    public SetupResource(@Reference(name = "provisioner") BoxProvisioner provisioner) {
        this.provisioner = provisioner;
    }

    @GET
    @Public
    public Map<String, Boolean> state() {
        return Map.of("required", provisioner.setupRequired());
    }

    @POST
    @Public
    @CsrfExempt
    @Consumes(MediaType.APPLICATION_JSON)
    public Response setup(SetupRequest request) {
        if (request == null) {
            throw new ProblemException(400, "missing-body", "La demande est vide : envoyez les informations en JSON.");
        }
        provisioner.setup(request.token(), request.uai(), request.schoolName(), request.mailDomain(), request.referentPassword(),
                http == null ? null : http.getRemoteAddr());
        return Response.status(201).entity(Map.of("login", BoxProvisioner.REFERENT_LOGIN)).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
