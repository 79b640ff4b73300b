package fr.preau.api.spi;

import fr.preau.api.Profile;
import java.util.Map;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The actions a module defines and the profiles allowed to perform each of them by default.
 * {@code access} reads every registered set; modules never decide permissions themselves, they
 * ask {@code access}. An action is named {@code <namespace>:<verb>}, e.g. {@code cahier:write}.
 * <p>
 * While a module is uninstalled its actions are unknown and {@code access} refuses them.
 */
@ConsumerType
public interface PermissionSet {

    /** The module id the actions belong to, e.g. {@code cahier}. */
    String namespace();

    /** Action verb (without the namespace) → profiles allowed to perform it within their school. */
    Map<String, Set<Profile>> grants();

    /**
     * Action verb → the profiles among its grants that may perform it only on the classes, groupes
     * and people they are related to by the annuaire (a pupil's own classes, a parent's children's,
     * a teacher's taught ones), not on the whole school. {@code access} decides this when the
     * module names its target. Empty by default: every grant holds school-wide.
     */
    default Map<String, Set<Profile>> relatedOnly() {
        return Map.of();
    }
}
