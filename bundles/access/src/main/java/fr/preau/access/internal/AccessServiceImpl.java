package fr.preau.access.internal;

import fr.preau.access.AccessService;
import fr.preau.access.Decision;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.api.spi.CatalogueEntry;
import fr.preau.api.spi.PermissionSet;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides from the permission sets registered now: a module's actions exist while its bundle
 * does. The grants are kept as an immutable snapshot rebuilt on every (un)registration, so a
 * decision never sees a half-updated table.
 */
@Component(service = AccessService.class, configurationPid = "fr.preau.access")
public final class AccessServiceImpl implements AccessService {

    private static final Logger LOG = LoggerFactory.getLogger(AccessServiceImpl.class);

    static final String FORBIDDEN_TITLE = "Vous n'avez pas le droit de faire cela. "
            + "Si vous pensez que c'est une erreur, adressez-vous au référent numérique de l'établissement.";

    private final Map<PermissionSet, Map<String, Set<Profile>>> sets = new ConcurrentHashMap<>();
    private final AtomicReference<Map<String, Set<Profile>>> grants = new AtomicReference<>(Map.of());

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPermissionSet(PermissionSet set) {
        Map<String, Set<Profile>> actions = new HashMap<>();
        set.grants().forEach((verb, profiles) -> actions.put(set.namespace() + ":" + verb,
                profiles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(profiles))));
        sets.put(set, Map.copyOf(actions));
        rebuild();
        LOG.debug("Permission set {} registered ({} actions)", set.namespace(), actions.size());
    }

    void removePermissionSet(PermissionSet set) {
        sets.remove(set);
        rebuild();
        LOG.debug("Permission set {} withdrawn", set.namespace());
    }

    private synchronized void rebuild() {
        Map<String, Set<Profile>> all = new HashMap<>();
        for (Map<String, Set<Profile>> actions : sets.values()) {
            actions.forEach((action, profiles) -> all.merge(action, profiles, (a, b) -> {
                EnumSet<Profile> union = a.isEmpty() ? EnumSet.noneOf(Profile.class) : EnumSet.copyOf(a);
                union.addAll(b);
                return Collections.unmodifiableSet(union);
            }));
        }
        grants.set(Map.copyOf(all));
    }

    @Override
    public Decision decide(Person who, String action, Uai school) {
        if (who == null) {
            return Decision.deny("nobody is signed in");
        }
        Set<Profile> allowed = grants.get().get(action);
        if (allowed == null) {
            return Decision.deny("unknown action " + action);
        }
        // the referent administers the box, so every school on it; everyone else acts in their own school
        boolean ownSchool = school == null || school.equals(who.uai());
        for (Profile p : who.profiles()) {
            if (allowed.contains(p) && (ownSchool || p == Profile.REFERENT)) {
                return Decision.allow("profile " + p + " may " + action);
            }
        }
        return Decision.deny(ownSchool ? "no profile of the caller may " + action : "target belongs to another school");
    }

    @Override
    public void require(Person who, String action, Uai school) {
        Decision d = decide(who, action, school);
        if (!d.allowed()) {
            LOG.info("Refused {} to person {}: {}", action, who == null ? "-" : who.id(), d.reason());
            throw new ProblemException(403, "forbidden", FORBIDDEN_TITLE);
        }
    }

    @Override
    public boolean mayUse(Person who, CatalogueEntry module) {
        if (who == null || module == null) {
            return false;
        }
        for (Profile p : who.profiles()) {
            if (module.profiles().contains(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Set<String> knownActions() {
        return grants.get().keySet();
    }
}
