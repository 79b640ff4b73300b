package fr.preau.portal.internal;

import fr.preau.access.AccessService;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import fr.preau.web.PreauPrincipal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
 * The portal shell tells the box which page or module a person opened:
 * <pre>
 * POST /api/v1/views {"page": "accueil" | "profil" | "aide" | "mentions-legales" | "accessibilite" | "console" | "module/&lt;id&gt;"}
 *   → 204 (also when the view is not counted: the same page again within 10 s, more than 120 views
 *     an hour from one session); 400 unknown-page
 * </pre>
 * Only a counter per day, school, profile and page is kept ({@link PageViewStore}); never who.
 */
@Component(service = PageViewsResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("views")
@Produces(MediaType.APPLICATION_JSON)
public final class PageViewsResource {

    /** What the shell sends. */
    public record ViewDto(String page) {
    }

    private final AccessService access;
    private final PageViewStore views;

    @Activate
    public PageViewsResource(@Reference(name = "access") AccessService access, @Reference(name = "views") PageViewStore views) {
        this.access = access;
        this.views = views;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response view(@Context SecurityContext security, ViewDto body) {
        Person me = Callers.require(security);
        access.require(me, PortalPermissions.COUNT_VIEWS, me.uai());
        String page = body == null || body.page() == null ? null : body.page().strip();
        if (page == null || page.length() > 48 || !views.known(page)) {
            throw new ProblemException(400, "unknown-page", "Cette page n'est pas comptée dans les statistiques.");
        }
        String session = Callers.principal(security).map(PreauPrincipal::sessionId).orElse(me.id().value());
        if (views.allow(digest(session), page)) {
            views.record(me.uai(), mainProfile(me), page);
        }
        return Response.noContent().build();
    }

    /** A person with several profiles counts once, under the first of them in the order of {@link Profile}. */
    static Profile mainProfile(Person p) {
        return p.profiles().stream().min(Enum::compareTo).orElse(Profile.INVITE);
    }

    static String digest(String session) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(session.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
