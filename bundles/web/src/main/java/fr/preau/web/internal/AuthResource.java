package fr.preau.web.internal;

import fr.preau.api.ProblemException;
import fr.preau.auth.AuthSession;
import fr.preau.auth.Authenticator;
import fr.preau.directory.DirectoryService;
import fr.preau.web.Callers;
import fr.preau.web.CsrfExempt;
import fr.preau.web.PreauApi;
import fr.preau.web.PreauPrincipal;
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
import javax.ws.rs.core.SecurityContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** Login, logout, first login with an activation code, password change. */
@Component(service = AuthResource.class, scope = ServiceScope.PROTOTYPE, configurationPid = "fr.preau.web")
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("auth")
@Produces(MediaType.APPLICATION_JSON)
public final class AuthResource {

    public record LoginRequest(String login, String password) {
    }

    public record ActivationRequest(String login, String code, String newPassword) {
    }

    public record PasswordRequest(String currentPassword, String newPassword) {
    }

    private final Authenticator authenticator;
    private final DirectoryService directory;
    private final boolean trustProxy;

    @Context
    HttpServletRequest http;

    @Activate
    public AuthResource(@Reference(name = "authenticator") Authenticator authenticator,
            @Reference(name = "directory") DirectoryService directory, WebConfig config) {
        this.authenticator = authenticator;
        this.directory = directory;
        this.trustProxy = config.trust_proxy();
    }

    @POST
    @Path("login")
    @Public
    @CsrfExempt
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(LoginRequest request) {
        LoginRequest r = required(request);
        AuthSession session = authenticator.login(field(r.login(), "login", "votre identifiant"),
                field(r.password(), "password", "votre mot de passe"), address());
        return opened(session);
    }

    @POST
    @Path("activate")
    @Public
    @CsrfExempt
    @Consumes(MediaType.APPLICATION_JSON)
    public Response activate(ActivationRequest request) {
        ActivationRequest r = required(request);
        AuthSession session = authenticator.activate(field(r.login(), "login", "votre identifiant"),
                field(r.code(), "code", "le code d'activation"),
                field(r.newPassword(), "newPassword", "le nouveau mot de passe"), address());
        return opened(session);
    }

    @POST
    @Path("logout")
    public Response logout(@Context SecurityContext security) {
        Callers.principal(security).ifPresent(p -> authenticator.logout(p.sessionId(), address()));
        return Response.noContent().header("Set-Cookie", Cookies.cleared(ClientInfo.secure(http, trustProxy))).build();
    }

    @POST
    @Path("password")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response changePassword(@Context SecurityContext security, PasswordRequest request) {
        PreauPrincipal principal = Callers.principal(security).orElseThrow();
        PasswordRequest r = required(request);
        authenticator.changePassword(principal.sessionId(),
                field(r.currentPassword(), "currentPassword", "votre mot de passe actuel"),
                field(r.newPassword(), "newPassword", "le nouveau mot de passe"), address());
        return Response.noContent().build();
    }

    /**
     * {@code GET /api/v1/auth/session}: the shell's "am I signed in?" at start-up, answered 200 either
     * way ({@code {"signedIn": false}}, or {@code {"signedIn": true, "person", "csrfToken"}} as
     * {@code GET /me}), so that a browser showing the login page logs no failed request.
     * {@code GET /me} keeps answering 401 to a caller without a session.
     */
    @GET
    @Path("session")
    @Public
    public Map<String, Object> session(@Context SecurityContext security) {
        return Callers.principal(security)
                .<Map<String, Object>>map(p -> {
                    SessionView view = SessionView.of(p.person(), p.csrfToken(), directory);
                    return Map.of("signedIn", true, "person", view.person(), "csrfToken", view.csrfToken());
                })
                .orElse(Map.of("signedIn", false));
    }

    @GET
    @Path("policy")
    @Public
    public Map<String, String> policy() {
        return Map.of("policy", authenticator.passwordPolicy());
    }

    private Response opened(AuthSession session) {
        return Response.ok(SessionView.of(session.person(), session.csrfToken(), directory), MediaType.APPLICATION_JSON_TYPE)
                .header("Set-Cookie", Cookies.session(session.id(), ClientInfo.secure(http, trustProxy)))
                .build();
    }

    private String address() {
        return ClientInfo.address(http, trustProxy);
    }

    static <T> T required(T body) {
        if (body == null) {
            throw new ProblemException(400, "missing-body", "La demande est vide : envoyez les informations en JSON.");
        }
        return body;
    }

    static String field(String value, String name, String what) {
        if (value == null || value.isEmpty()) {
            throw new ProblemException(400, "missing-field", "Indiquez " + what + " (champ « " + name + " »).");
        }
        if (value.length() > 1024) {
            throw new ProblemException(400, "field-too-long", "Le champ « " + name + " » est trop long.");
        }
        return value;
    }
}
