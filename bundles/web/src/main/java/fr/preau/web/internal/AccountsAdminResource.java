package fr.preau.web.internal;

import fr.preau.access.AccessService;
import fr.preau.access.PlatformActions;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.auth.AccountState;
import fr.preau.auth.Authenticator;
import fr.preau.directory.DirectoryService;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
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
 * The referent's account actions that the platform needs from day one: see an account's
 * credential state, lift a lockout, issue a new activation code (credential letter).
 * The full console API (search, bulk letters…) comes with the admin module.
 */
@Component(service = AccountsAdminResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("admin/accounts/{login}")
@Produces(MediaType.APPLICATION_JSON)
public final class AccountsAdminResource {

    private final Authenticator authenticator;
    private final DirectoryService directory;
    private final AccessService access;

    @Context
    HttpServletRequest http;

    @Activate
    public AccountsAdminResource(@Reference(name = "authenticator") Authenticator authenticator,
            @Reference(name = "directory") DirectoryService directory, @Reference(name = "access") AccessService access) {
        this.authenticator = authenticator;
        this.directory = directory;
        this.access = access;
    }

    @GET
    public Map<String, Object> state(@Context SecurityContext security, @PathParam("login") String login) {
        Person actor = Callers.require(security);
        access.require(actor, PlatformActions.UNLOCK_ACCOUNT, null);
        Person target = target(actor, login, PlatformActions.UNLOCK_ACCOUNT);
        AccountState state = authenticator.state(target.id());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", target.id().value());
        body.put("login", target.login());
        body.put("displayName", target.displayName());
        body.put("hasPassword", state.hasPassword());
        body.put("activationPending", state.activationPending());
        body.put("lockedUntil", state.lockedUntil());
        body.put("lastLogin", state.lastLogin());
        return body;
    }

    @POST
    @Path("unlock")
    public Response unlock(@Context SecurityContext security, @PathParam("login") String login) {
        Person actor = Callers.require(security);
        access.require(actor, PlatformActions.UNLOCK_ACCOUNT, null);
        Person target = target(actor, login, PlatformActions.UNLOCK_ACCOUNT);
        authenticator.unlock(target.id(), actor, http == null ? null : http.getRemoteAddr());
        return Response.noContent().build();
    }

    @POST
    @Path("activation-code")
    public Response issueActivationCode(@Context SecurityContext security, @PathParam("login") String login) {
        Person actor = Callers.require(security);
        access.require(actor, PlatformActions.ISSUE_ACTIVATION_CODE, null);
        Person target = target(actor, login, PlatformActions.ISSUE_ACTIVATION_CODE);
        String code = authenticator.issueActivationCode(target.id(), actor);
        return Response.status(201).entity(Map.of("login", target.login(), "code", code)).build();
    }

    /** The account, checked to belong to a school the actor administers. */
    private Person target(Person actor, String login, String action) {
        Person target = directory.findByLogin(login).orElseThrow(() -> new ProblemException(404, "unknown-account",
                "Aucun compte ne porte cet identifiant."));
        access.require(actor, action, target.uai());
        return target;
    }
}
