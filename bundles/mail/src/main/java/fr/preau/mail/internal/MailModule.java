package fr.preau.mail.internal;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import fr.preau.api.Profile;
import fr.preau.api.spi.CatalogueEntry;
import fr.preau.api.spi.PermissionSet;

/**
 * The mail module's catalogue entry (« Messagerie ») and permission set. It references the {@link MailServer} (which
 * holds the mailbox store), so that the tile appears only once the webmail answers.
 */
@Component(service = {CatalogueEntry.class, PermissionSet.class})
public final class MailModule implements CatalogueEntry, PermissionSet {

    static final String ID = "mail";
    /** Read and write one's own mail in the webmail (within the communication rules). */
    static final String USE = ID + ":use";
    /**
     * Approve or refuse a pupil's message waiting for moderation: the direction of the pupil's school, and the teachers
     * of the pupil's classes and groupes only (related by the annuaire).
     */
    static final String MODERATE = ID + ":moderate";
    /** Turn the moderation of pupils' mail on or off for a school: the referent. */
    static final String CONFIGURE = ID + ":configure";

    private static final Set<Profile> EVERYONE = EnumSet.of(Profile.ELEVE, Profile.PARENT, Profile.ENSEIGNANT,
        Profile.DIRECTION, Profile.PERSONNEL, Profile.REFERENT, Profile.INVITE);

    @Activate
    public MailModule(@Reference(name = "server") MailServer server) {
        // only a dependency: present while the mail server runs
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "Messagerie";
    }

    @Override
    public String description() {
        return "Votre courrier de l'établissement : lire, écrire, répondre, avec pièces jointes.";
    }

    @Override
    public String icon() {
        return "mail";
    }

    @Override
    public Set<Profile> profiles() {
        return EVERYONE;
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
        return Map.of("use", EVERYONE, "moderate", EnumSet.of(Profile.ENSEIGNANT, Profile.DIRECTION),
            "configure", EnumSet.of(Profile.REFERENT));
    }

    @Override
    public Map<String, Set<Profile>> relatedOnly() {
        return Map.of("moderate", EnumSet.of(Profile.ENSEIGNANT));
    }
}
