package fr.preau.web.internal;

import fr.preau.directory.DirectoryService;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import fr.preau.web.PreauPrincipal;
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

/** {@code GET /api/v1/me}: the signed-in person and the session's CSRF token. */
@Component(service = MeResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("me")
public final class MeResource {

    private final DirectoryService directory;

    @Activate
    public MeResource(@Reference(name = "directory") DirectoryService directory) {
        this.directory = directory;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public SessionView me(@Context SecurityContext security) {
        Callers.require(security);
        PreauPrincipal principal = Callers.principal(security).orElseThrow();
        return SessionView.of(principal.person(), principal.csrfToken(), directory);
    }
}
