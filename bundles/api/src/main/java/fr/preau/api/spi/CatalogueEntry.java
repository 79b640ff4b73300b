package fr.preau.api.spi;

import fr.preau.api.Profile;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A module's entry in the portal's catalogue. A module registers one as an OSGi service; the
 * portal lists it, for the people whose profiles it names, for as long as the service exists.
 */
@ConsumerType
public interface CatalogueEntry {

    /** Stable id, lower-case, e.g. {@code cahier}; also the module's REST prefix under {@code /api/v1/}. */
    String id();

    /** French name shown on the tile, e.g. "Cahier de textes". */
    String name();

    /** One short French sentence under the name. */
    String description();

    /** Icon name in the portal's icon set (Lucide), e.g. {@code book-open}. */
    String icon();

    /** Profiles that see this module. */
    Set<Profile> profiles();

    /** Path of the module's UI entry point, served by the box, e.g. {@code /modules/cahier/index.js}. */
    String entryPoint();

    /** Sort key on the home page; lower first. */
    default int order() {
        return 100;
    }

    /** An immutable entry, checked. */
    static CatalogueEntry of(String id, String name, String description, String icon, Set<Profile> profiles,
            String entryPoint, int order) {
        return new Simple(id, name, description, icon, profiles, entryPoint, order);
    }

    /** The plain implementation behind {@link #of}. */
    record Simple(String id, String name, String description, String icon, Set<Profile> profiles, String entryPoint,
            int order) implements CatalogueEntry {
        private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");

        public Simple {
            if (id == null || !ID.matcher(id).matches()) {
                throw new IllegalArgumentException("module id must match " + ID + ": " + id);
            }
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(icon, "icon");
            Objects.requireNonNull(entryPoint, "entryPoint");
            if (profiles == null || profiles.isEmpty()) {
                throw new IllegalArgumentException("a module is for at least one profile");
            }
            profiles = Collections.unmodifiableSet(EnumSet.copyOf(profiles));
        }
    }
}
