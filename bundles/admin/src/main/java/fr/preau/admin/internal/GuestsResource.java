package fr.preau.admin.internal;

import fr.preau.access.AccessService;
import fr.preau.access.PlatformActions;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.api.Uai;
import fr.preau.audit.AuditActions;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.NewGuest;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import java.time.LocalDate;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
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

/**
 * Guest accounts (profile INVITE) created by the referent:
 * <pre>
 * POST /api/v1/admin/guests {"firstName", "lastName", "uai", "email"?, "until": "2027-06-30"}
 *   → 201 {"id", "login", "displayName", "uai", "until"}
 * </pre>
 * The login is made like the annuaire's; the guest then needs a credential letter
 * ({@code POST /api/v1/admin/letters} with its login). From the day after {@code until} the guest
 * cannot sign in, and {@link GuestSweep} deactivates the account.
 */
@Component(service = GuestsResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("admin/guests")
@Produces(MediaType.APPLICATION_JSON)
public final class GuestsResource {

    /** Body of a creation. */
    public record GuestRequest(String firstName, String lastName, String uai, String email, String until) {
    }

    /** The guest created. */
    public record GuestDto(String id, String login, String displayName, String uai, LocalDate until) {
    }

    private final DirectoryService directory;
    private final AccessService access;
    private final AuditLog audit;

    @Context
    HttpServletRequest http;

    @Activate
    public GuestsResource(@Reference(name = "directory") DirectoryService directory, @Reference(name = "access") AccessService access,
            @Reference(name = "audit") AuditLog audit) {
        this.directory = directory;
        this.access = access;
        this.audit = audit;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Context SecurityContext security, GuestRequest body) {
        Person actor = Callers.require(security);
        access.require(actor, PlatformActions.MANAGE_ACCOUNTS, actor.uai());
        if (body == null) {
            throw new ProblemException(400, "invalid-guest", "Indiquez le prénom, le nom, l'établissement et la date de fin de l'invitation.");
        }
        Uai uai = body.uai() == null || body.uai().isBlank() ? actor.uai() : Uai.parse(body.uai());
        access.require(actor, PlatformActions.MANAGE_ACCOUNTS, uai);
        LocalDate until = AccountDetailResource.date(body.until());
        Person guest = directory.createGuest(new NewGuest(body.firstName(), body.lastName(), uai, body.email(), until));
        audit.record(new AuditEvent(AuditActions.GUEST_CREATE, actor.id(), guest.id().value(), http == null ? null : http.getRemoteAddr(),
                true, Map.of("until", until.toString(), "school", uai.value())));
        return Response.status(201).entity(new GuestDto(guest.id().value(), guest.login(), guest.displayName(), uai.value(), until)).build();
    }
}
