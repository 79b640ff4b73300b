package fr.preau.portal.internal;

import fr.preau.access.AccessService;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.directory.DirectoryService;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import fr.preau.web.StreamedBody;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Request;
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
 * People's photos:
 * <pre>
 * PUT    /api/v1/avatars/me   (a PNG or JPEG body, 1 Mo at most) → {"avatar": "/api/v1/avatars/&lt;id&gt;?v=…"}; 413, 415 problems
 * DELETE /api/v1/avatars/me                                       → 204
 * GET    /api/v1/avatars/{person id}[?v=…]                        → the 256×256 PNG (signed-in people of the same school)
 * </pre>
 * The address given carries the photo's version: it is cached for a year by the browser (private),
 * and a new photo gets a new address. Without the version, the browser revalidates (ETag).
 */
@Component(service = AvatarsResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("avatars")
@Produces(MediaType.APPLICATION_JSON)
public final class AvatarsResource {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final AccessService access;
    private final DirectoryService directory;
    private final AvatarStore avatars;

    @Activate
    public AvatarsResource(@Reference(name = "access") AccessService access,
            @Reference(name = "directory") DirectoryService directory, @Reference(name = "avatars") AvatarStore avatars) {
        this.access = access;
        this.directory = directory;
        this.avatars = avatars;
    }

    /** Where a person's photo is served, with its version; null when they have none. */
    static String url(PersonId who, AvatarStore avatars) {
        return avatars.find(who).map(a -> PreauApi.BASE + "/avatars/" + who.value() + "?v=" + a.version()).orElse(null);
    }

    @PUT
    @Path("me")
    @Consumes(MediaType.WILDCARD)
    @StreamedBody
    public Map<String, String> put(@Context SecurityContext security, @HeaderParam("Content-Length") String length,
            InputStream body) {
        Person me = Callers.require(security);
        access.require(me, PortalPermissions.SET_AVATAR, me.uai());
        avatars.checkLength(length);
        avatars.save(me.id(), body);
        return Map.of("avatar", url(me.id(), avatars));
    }

    @DELETE
    @Path("me")
    public Response delete(@Context SecurityContext security) {
        Person me = Callers.require(security);
        access.require(me, PortalPermissions.SET_AVATAR, me.uai());
        avatars.delete(me.id());
        return Response.noContent().build();
    }

    @GET
    @Path("{id}")
    @Produces("image/png")
    public Response get(@Context SecurityContext security, @Context Request request, @PathParam("id") String id,
            @QueryParam("v") String version) {
        Person me = Callers.require(security);
        if (id == null || !ID.matcher(id).matches()) {
            throw none();
        }
        PersonId owner = new PersonId(id);
        if (!owner.equals(me.id())) {
            Person them = directory.find(owner).orElseThrow(AvatarsResource::none);
            if (!access.decide(me, PortalPermissions.SEE_AVATARS, them.uai()).allowed()) {
                throw none(); // the same answer as "no photo": nobody learns who has one elsewhere
            }
        } else {
            access.require(me, PortalPermissions.READ_OWN_PROFILE, me.uai());
        }
        AvatarStore.Avatar avatar = avatars.find(owner).orElseThrow(AvatarsResource::none);
        return ImageResponses.png(avatar.file(), avatar.version(), version, request, true);
    }

    private static ProblemException none() {
        return new ProblemException(404, "no-avatar", "Pas de photo pour cette personne.");
    }
}
