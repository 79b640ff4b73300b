package fr.preau.probe.internal;

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
 * The probe's catalogue entry and permission set. It references the notes (which need the module's
 * migrated DataSource) so that the tile appears when the module's screen and REST resource work, not
 * while its schema is still being migrated: a person opening it then would meet a missing service.
 */
@Component(service = {CatalogueEntry.class, PermissionSet.class})
public final class ProbeModule implements CatalogueEntry, PermissionSet {

    static final String ID = "probe";

    @Activate
    public ProbeModule(@Reference(name = "notes") ProbeNotes notes) {
        // only a dependency: present while the module's data is reachable
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "Sonde de test";
    }

    @Override
    public String description() {
        return "Module de test des installations à chaud.";
    }

    @Override
    public String icon() {
        return "flask-conical";
    }

    @Override
    public Set<Profile> profiles() {
        return EnumSet.of(Profile.REFERENT, Profile.ENSEIGNANT, Profile.ELEVE);
    }

    @Override
    public String entryPoint() {
        return "/modules/probe/index.js";
    }

    @Override
    public String namespace() {
        return ID;
    }

    @Override
    public Map<String, Set<Profile>> grants() {
        return Map.of("write", Set.of(Profile.REFERENT, Profile.ENSEIGNANT), "read", Set.of(Profile.REFERENT,
                Profile.ENSEIGNANT, Profile.ELEVE));
    }
}
