package fr.preau.probe.internal;

import fr.preau.api.Profile;
import fr.preau.api.spi.CatalogueEntry;
import fr.preau.api.spi.PermissionSet;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** The probe's catalogue entry and permission set. */
@Component(service = {CatalogueEntry.class, PermissionSet.class})
public final class ProbeModule implements CatalogueEntry, PermissionSet {

    static final String ID = "probe";

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
