package fr.preau.portal.internal;

import fr.preau.access.AccessService;
import fr.preau.access.PlatformActions;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.directory.DirectoryService;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import fr.preau.web.Public;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
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
 * The forgotten-password flow, through the referent:
 * <pre>
 * POST   /api/v1/password-requests {"login"}   → 202 always the same answer, known login or not (public, throttled per address)
 * GET    /api/v1/password-requests             → {"items": [{id, personId, login, displayName, school, at}]} (referent)
 * DELETE /api/v1/password-requests/{id}        → 204 done or dismissed (referent)
 * </pre>
 */
@Component(service = PasswordRequestsResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("password-requests")
@Produces(MediaType.APPLICATION_JSON)
public final class PasswordRequestsResource {

    /** Body of a request. */
    public record Ask(String login) {
    }

    static final String ANSWER = "Votre demande est transmise au référent numérique de l'établissement. Il vous fera remettre "
            + "une nouvelle lettre de connexion, avec un nouveau code.";

    private final PasswordRequests requests;
    private final DirectoryService directory;
    private final AccessService access;
    private final AuditLog audit;

    @Context
    HttpServletRequest http;

    @Activate
    public PasswordRequestsResource(@Reference(name = "requests") PasswordRequests requests,
            @Reference(name = "directory") DirectoryService directory, @Reference(name = "access") AccessService access,
            @Reference(name = "audit") AuditLog audit) {
        this.requests = requests;
        this.directory = directory;
        this.access = access;
        this.audit = audit;
    }

    @POST
    @Public
    @Consumes(MediaType.APPLICATION_JSON)
    public Response ask(Ask body) {
        String login = body == null || body.login() == null ? "" : body.login().strip();
        if (login.isEmpty() || login.length() > 64) {
            throw new ProblemException(400, "missing-field", "Indiquez votre identifiant (par exemple lea.martin).");
        }
        String address = http == null ? null : http.getRemoteAddr();
        if (!requests.allow(address)) {
            throw new ProblemException(429, "throttled", "Trop de demandes depuis cet appareil. Réessayez dans quelques minutes "
                    + "ou adressez-vous directement au secrétariat.");
        }
        Optional<Person> person = directory.findByLogin(login);
        person.ifPresent(requests::add);
        audit.record(new AuditEvent("auth.password.forgotten", person.map(Person::id).orElse(null), login, address,
                person.isPresent(), Map.of()));
        // the same answer whether the login exists or not: nobody learns who has an account
        return Response.accepted(Map.of("message", ANSWER)).build();
    }

    @GET
    public Dtos.Items<PasswordRequests.Request> list(@Context SecurityContext security) {
        Person actor = Callers.require(security);
        access.require(actor, PlatformActions.ISSUE_ACTIVATION_CODE, null);
        List<PasswordRequests.Request> mine = requests.pending().stream()
                .filter(r -> access.decide(actor, PlatformActions.ISSUE_ACTIVATION_CODE, new fr.preau.api.Uai(r.school())).allowed())
                .toList();
        return new Dtos.Items<>(mine);
    }

    @DELETE
    @Path("{id}")
    public Response done(@Context SecurityContext security, @PathParam("id") String id) {
        Person actor = Callers.require(security);
        access.require(actor, PlatformActions.ISSUE_ACTIVATION_CODE, null);
        if (!requests.remove(id)) {
            throw new ProblemException(404, "unknown-request", "Cette demande n'existe plus.");
        }
        return Response.noContent().build();
    }
}
