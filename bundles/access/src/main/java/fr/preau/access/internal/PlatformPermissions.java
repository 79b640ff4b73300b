package fr.preau.access.internal;

import fr.preau.access.PlatformActions;
import fr.preau.api.Profile;
import fr.preau.api.spi.PermissionSet;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** The platform's own actions and who may do them. */
@Component(service = PermissionSet.class)
public final class PlatformPermissions implements PermissionSet {

    private static final Map<String, Set<Profile>> GRANTS = Map.ofEntries(
            Map.entry(verb(PlatformActions.UNLOCK_ACCOUNT), Set.of(Profile.REFERENT)),
            Map.entry(verb(PlatformActions.ISSUE_ACTIVATION_CODE), Set.of(Profile.REFERENT)),
            Map.entry(verb(PlatformActions.READ_AUDIT), Set.of(Profile.REFERENT)),
            Map.entry(verb(PlatformActions.READ_STATISTICS), Set.of(Profile.REFERENT, Profile.DIRECTION)),
            Map.entry(verb(PlatformActions.READ_ACCOUNTS), Set.of(Profile.REFERENT, Profile.DIRECTION)),
            Map.entry(verb(PlatformActions.MANAGE_MODULES), Set.of(Profile.REFERENT)),
            Map.entry(verb(PlatformActions.MANAGE_BOX), Set.of(Profile.REFERENT)),
            Map.entry(verb(PlatformActions.MANAGE_ACCOUNTS), Set.of(Profile.REFERENT)),
            Map.entry(verb(PlatformActions.READ_HEALTH), Set.of(Profile.REFERENT, Profile.DIRECTION)),
            Map.entry(verb(PlatformActions.MANAGE_SCHOOLS), Set.of(Profile.REFERENT)),
            Map.entry(verb(PlatformActions.MANAGE_COMMUNICATION), Set.of(Profile.REFERENT)),
            Map.entry(verb(PlatformActions.IMPORT_DIRECTORY), Set.of(Profile.REFERENT)));

    private static String verb(String action) {
        return action.substring(action.indexOf(':') + 1);
    }

    @Override
    public String namespace() {
        return PlatformActions.NAMESPACE;
    }

    @Override
    public Map<String, Set<Profile>> grants() {
        return GRANTS;
    }
}
