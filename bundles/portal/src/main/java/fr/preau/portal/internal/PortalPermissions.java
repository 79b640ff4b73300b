package fr.preau.portal.internal;

import fr.preau.api.Profile;
import fr.preau.api.spi.PermissionSet;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * The portal's own actions (namespace {@code portal}): everyone keeps their own space. The
 * referent may narrow them in {@code access} like any module's.
 */
@Component(service = PermissionSet.class)
public final class PortalPermissions implements PermissionSet {

    static final String NAMESPACE = "portal";
    /** Read and mark one's own "nouveautés". */
    static final String READ_NOTIFICATIONS = "portal:read-notifications";
    /** Pin and unpin one's favourite services. */
    static final String KEEP_FAVOURITES = "portal:keep-favourites";
    /** Read one's own annuaire data; keep one's display preferences. */
    static final String READ_OWN_PROFILE = "portal:read-own-profile";
    /** Put or remove one's own photo. */
    static final String SET_AVATAR = "portal:set-avatar";
    /** See the photos of the people of one's school. */
    static final String SEE_AVATARS = "portal:see-avatars";
    /** Have the pages one opens counted (anonymously) in the statistics. */
    static final String COUNT_VIEWS = "portal:count-views";

    private static final Set<Profile> EVERYONE = EnumSet.allOf(Profile.class);
    private static final Map<String, Set<Profile>> GRANTS = Map.of(
            verb(READ_NOTIFICATIONS), EVERYONE,
            verb(KEEP_FAVOURITES), EVERYONE,
            verb(READ_OWN_PROFILE), EVERYONE,
            verb(SET_AVATAR), EVERYONE,
            verb(SEE_AVATARS), EVERYONE,
            verb(COUNT_VIEWS), EVERYONE);

    private static String verb(String action) {
        return action.substring(action.indexOf(':') + 1);
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public Map<String, Set<Profile>> grants() {
        return GRANTS;
    }
}
