package fr.preau.search.internal;

import fr.preau.api.Profile;
import fr.preau.api.spi.PermissionSet;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * The search module's permissions: everybody searches (and finds only what they may open); the
 * referent follows and restarts the index. No catalogue tile: search lives in the portal's header.
 */
@Component(service = PermissionSet.class)
public final class SearchModule implements PermissionSet {

    static final String ID = "search";
    static final String USE = ID + ":use";
    static final String MANAGE = ID + ":manage";

    private static final Map<String, Set<Profile>> GRANTS = Map.of(
            "use", EnumSet.allOf(Profile.class),
            "manage", EnumSet.of(Profile.REFERENT));

    @Override
    public String namespace() {
        return ID;
    }

    @Override
    public Map<String, Set<Profile>> grants() {
        return GRANTS;
    }
}
