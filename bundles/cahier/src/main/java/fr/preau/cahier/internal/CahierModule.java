package fr.preau.cahier.internal;

import fr.preau.api.Profile;
import fr.preau.api.spi.CatalogueEntry;
import fr.preau.api.spi.PermissionSet;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The cahier's catalogue entry and permission set. It references {@link Cahier} (which needs the
 * migrated database) so that the tile appears once the module answers.
 */
@Component(service = {CatalogueEntry.class, PermissionSet.class})
public final class CahierModule implements CatalogueEntry, PermissionSet {

    static final String ID = "cahier";

    /** The portal address of one séance or devoir ({@code kind} "seance" or "devoir"): the screen opens it over its lists. */
    static String link(String kind, long id) {
        return "/#/module/" + ID + "/" + kind + "/" + id;
    }
    static final String READ = ID + ":read";
    static final String WRITE = ID + ":write";
    static final String MARK_DONE = ID + ":mark-done";
    static final String VISA = ID + ":visa";
    static final String CONFIGURE = ID + ":configure";
    static final String FEED = ID + ":feed";

    private static final Map<String, Set<Profile>> GRANTS = Map.of(
            "read", EnumSet.of(Profile.ELEVE, Profile.PARENT, Profile.ENSEIGNANT, Profile.DIRECTION),
            "write", EnumSet.of(Profile.ENSEIGNANT),
            "mark-done", EnumSet.of(Profile.ELEVE),
            "visa", EnumSet.of(Profile.DIRECTION),
            "configure", EnumSet.of(Profile.DIRECTION, Profile.REFERENT),
            "feed", EnumSet.of(Profile.ELEVE, Profile.PARENT));

    private static final Map<String, Set<Profile>> RELATED_ONLY = Map.of(
            "read", EnumSet.of(Profile.ELEVE, Profile.PARENT, Profile.ENSEIGNANT),
            "write", EnumSet.of(Profile.ENSEIGNANT),
            "mark-done", EnumSet.of(Profile.ELEVE),
            "feed", EnumSet.of(Profile.ELEVE, Profile.PARENT));

    @Activate
    public CahierModule(@Reference(name = "cahier") Cahier cahier) {
        // only a dependency: present while the module's data is reachable
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "Cahier de textes";
    }

    @Override
    public String description() {
        return "Les séances, les devoirs à faire et les ressources de chaque cours.";
    }

    @Override
    public String icon() {
        return "book-open";
    }

    @Override
    public Set<Profile> profiles() {
        return EnumSet.of(Profile.ELEVE, Profile.PARENT, Profile.ENSEIGNANT, Profile.DIRECTION);
    }

    @Override
    public String entryPoint() {
        return "/modules/" + ID + "/index.js";
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public String namespace() {
        return ID;
    }

    @Override
    public Map<String, Set<Profile>> grants() {
        return GRANTS;
    }

    @Override
    public Map<String, Set<Profile>> relatedOnly() {
        return RELATED_ONLY;
    }
}
