package fr.preau.portal.internal;

import fr.preau.access.AccessService;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.portal.internal.PersonalStore.Preferences;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
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

/**
 * The caller's display preferences, kept on the box so that they follow the person from one
 * device to another:
 * <pre>
 * GET /api/v1/me/preferences               → {"contrast": false, "large": false, "saved": false}
 * PUT /api/v1/me/preferences {contrast, large} → the same, saved
 * </pre>
 * {@code saved} is false until the person saves theirs (the portal then keeps what this device has).
 */
@Component(service = PreferencesResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("me/preferences")
@Produces(MediaType.APPLICATION_JSON)
public final class PreferencesResource {

    /** Body and answer. */
    public record PreferencesDto(Boolean contrast, Boolean large, boolean saved) {
    }

    private final AccessService access;
    private final PersonalStore store;

    @Activate
    public PreferencesResource(@Reference(name = "access") AccessService access, @Reference(name = "store") PersonalStore store) {
        this.access = access;
        this.store = store;
    }

    @GET
    public PreferencesDto read(@Context SecurityContext security) {
        Person me = allowed(security);
        return store.preferences(me.id()).map(p -> new PreferencesDto(p.contrast(), p.large(), true))
                .orElse(new PreferencesDto(false, false, false));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public PreferencesDto write(@Context SecurityContext security, PreferencesDto body) {
        Person me = allowed(security);
        if (body == null || body.contrast() == null || body.large() == null) {
            throw new ProblemException(400, "missing-field", "Indiquez vos choix d'affichage (contraste et taille du texte).");
        }
        Preferences p = new Preferences(body.contrast(), body.large());
        store.savePreferences(me.id(), p);
        return new PreferencesDto(p.contrast(), p.large(), true);
    }

    private Person allowed(SecurityContext security) {
        Person me = Callers.require(security);
        access.require(me, PortalPermissions.READ_OWN_PROFILE, me.uai());
        return me;
    }
}
