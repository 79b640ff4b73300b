package fr.preau.files.internal;

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
 * The files module's catalogue entry (the « Documents » tile, whose screen {@link FilesUi} serves) and permission
 * set. A class space is read and written through {@code Target.division(…)}: teachers and pupils only where the
 * annuaire relates them to the class.
 */
@Component(service = {CatalogueEntry.class, PermissionSet.class})
public final class FilesModule implements CatalogueEntry, PermissionSet {

    static final String ID = "files";
    /** One's own personal space. */
    static final String USE = ID + ":use";
    static final String CLASS_READ = ID + ":class-read";
    static final String CLASS_WRITE = ID + ":class-write";
    /** The "Salle des profs" of one's school, read and written. */
    static final String STAFFROOM = ID + ":staffroom";
    static final String SCHOOL_READ = ID + ":school-read";
    static final String SCHOOL_WRITE = ID + ":school-write";
    /** Sharing what one may write with people (whom the communication rules allow). */
    static final String SHARE = ID + ":share";
    /** Sharing with a whole class or groupe. */
    static final String SHARE_DIVISION = ID + ":share-division";
    /** Opening a drop box for a class or groupe (and collecting, returning). */
    static final String DROPBOX_OPEN = ID + ":dropbox-open";
    /** Handing work in to the drop boxes of one's classes and groupes. */
    static final String DROPBOX_HANDIN = ID + ":dropbox-handin";
    /** Creating a groupe de travail in one's school (and managing those one created). */
    static final String WORKGROUP_CREATE = ID + ":workgroup-create";
    /** Managing every groupe de travail of the school (rename, members, delete) and reaching its files. */
    static final String WORKGROUP_MANAGE = ID + ":workgroup-manage";

    static final Map<String, Set<Profile>> GRANTS = Map.ofEntries(
            Map.entry("use", EnumSet.of(Profile.ELEVE, Profile.PARENT, Profile.ENSEIGNANT, Profile.DIRECTION, Profile.PERSONNEL, Profile.REFERENT,
                    Profile.INVITE)),
            Map.entry("class-read", EnumSet.of(Profile.ELEVE, Profile.ENSEIGNANT, Profile.DIRECTION)),
            Map.entry("class-write", EnumSet.of(Profile.ENSEIGNANT)),
            Map.entry("staffroom", EnumSet.of(Profile.ENSEIGNANT, Profile.PERSONNEL, Profile.DIRECTION)),
            Map.entry("school-read", EnumSet.of(Profile.ELEVE, Profile.PARENT, Profile.ENSEIGNANT, Profile.DIRECTION, Profile.PERSONNEL)),
            Map.entry("school-write", EnumSet.of(Profile.DIRECTION)),
            Map.entry("share", EnumSet.of(Profile.ELEVE, Profile.PARENT, Profile.ENSEIGNANT, Profile.DIRECTION, Profile.PERSONNEL, Profile.REFERENT,
                    Profile.INVITE)),
            Map.entry("share-division", EnumSet.of(Profile.ELEVE, Profile.ENSEIGNANT, Profile.DIRECTION, Profile.PERSONNEL)),
            Map.entry("dropbox-open", EnumSet.of(Profile.ENSEIGNANT)),
            Map.entry("dropbox-handin", EnumSet.of(Profile.ELEVE)),
            Map.entry("workgroup-create", EnumSet.of(Profile.ENSEIGNANT, Profile.DIRECTION)),
            Map.entry("workgroup-manage", EnumSet.of(Profile.DIRECTION)));

    static final Map<String, Set<Profile>> RELATED_ONLY = Map.of(
            "class-read", EnumSet.of(Profile.ELEVE, Profile.ENSEIGNANT),
            "class-write", EnumSet.of(Profile.ENSEIGNANT),
            "share-division", EnumSet.of(Profile.ELEVE, Profile.ENSEIGNANT),
            "dropbox-open", EnumSet.of(Profile.ENSEIGNANT),
            "dropbox-handin", EnumSet.of(Profile.ELEVE));

    @Activate
    public FilesModule(@Reference(name = "files") Files files) {
        // only a dependency: present while the module's data is reachable
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "Documents";
    }

    @Override
    public String description() {
        return "Vos fichiers et ceux de vos classes, de la salle des profs et de l'établissement ; aussi en lecteur réseau.";
    }

    @Override
    public String icon() {
        return "folder-open";
    }

    @Override
    public Set<Profile> profiles() {
        return EnumSet.of(Profile.ELEVE, Profile.PARENT, Profile.ENSEIGNANT, Profile.DIRECTION, Profile.PERSONNEL, Profile.REFERENT,
                Profile.INVITE);
    }

    @Override
    public String entryPoint() {
        return "/modules/" + ID + "/index.js";
    }

    @Override
    public int order() {
        return 20;
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
