package fr.preau.access.internal;

import fr.preau.access.AccessService;
import fr.preau.access.Decision;
import fr.preau.access.Target;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.api.PersonId;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.api.spi.CatalogueEntry;
import fr.preau.api.spi.PermissionSet;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
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

    /** One permission set's actions: who may, and who only on what they are related to. */
    private record Actions(Map<String, Set<Profile>> grants, Map<String, Set<Profile>> relatedOnly) {
    }

    private final Map<PermissionSet, Actions> sets = new ConcurrentHashMap<>();
    private final AtomicReference<Actions> table = new AtomicReference<>(new Actions(Map.of(), Map.of()));

    /**
     * How long a module's actions outlive its permission set when no other set of its namespace remains. A module
     * replaced in place (an update, a rollback) withdraws its set while requests it had begun finish, and its new
     * version may answer a moment before registering its own: without this, those requests were refused (403). Only
     * the module's own code asks for its actions, and a new set of the namespace replaces the old at once.
     */
    static final long LEAVING_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    /** Namespace → the actions of its last withdrawn set and when they end (guarded by this). */
    private final Map<String, Leaving> leaving = new HashMap<>();
    /** System.nanoTime of the next end in {@link #leaving}, Long.MAX_VALUE when none. */
    private volatile long nextEnd = Long.MAX_VALUE;
    /** The clock (tests move it). */
    java.util.function.LongSupplier clock = System::nanoTime;

    private record Leaving(Actions actions, long end) {
    }

    /** The annuaire's facts for related-only grants; without it, those grants are refused. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile DirectoryService directory;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPermissionSet(PermissionSet set) {
        Map<String, Set<Profile>> actions = qualified(set.namespace(), set.grants());
        synchronized (this) {
            sets.put(set, new Actions(actions, qualified(set.namespace(), set.relatedOnly())));
            leaving.remove(set.namespace());
            rebuild();
        }
        LOG.debug("Permission set {} registered ({} actions)", set.namespace(), actions.size());
    }

    private static Map<String, Set<Profile>> qualified(String namespace, Map<String, Set<Profile>> byVerb) {
        Map<String, Set<Profile>> actions = new HashMap<>();
        byVerb.forEach((verb, profiles) -> actions.put(namespace + ":" + verb,
                profiles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(profiles))));
        return Map.copyOf(actions);
    }

    void removePermissionSet(PermissionSet set) {
        synchronized (this) {
            Actions gone = sets.remove(set);
            boolean namespaceStays = sets.keySet().stream().anyMatch(other -> other.namespace().equals(set.namespace()));
            if (gone != null && !namespaceStays) {
                leaving.put(set.namespace(), new Leaving(gone, clock.getAsLong() + LEAVING_NANOS));
            }
            rebuild();
        }
        LOG.debug("Permission set {} withdrawn", set.namespace());
    }

    private synchronized void rebuild() {
        long now = clock.getAsLong();
        leaving.values().removeIf(l -> l.end() - now <= 0);
        Map<String, Set<Profile>> all = new HashMap<>();
        Map<String, Set<Profile>> related = new HashMap<>();
        List<Actions> live = new ArrayList<>(sets.values());
        leaving.values().forEach(l -> live.add(l.actions()));
        for (Actions actions : live) {
            actions.grants().forEach((action, profiles) -> all.merge(action, profiles, AccessServiceImpl::union));
            actions.relatedOnly().forEach((action, profiles) -> related.merge(action, profiles, AccessServiceImpl::union));
        }
        table.set(new Actions(Map.copyOf(all), Map.copyOf(related)));
        nextEnd = leaving.values().stream().mapToLong(Leaving::end).min().orElse(Long.MAX_VALUE);
    }

    /** The table of actions, once the withdrawn sets whose time is over are gone from it. */
    private Actions current() {
        long end = nextEnd;
        if (end != Long.MAX_VALUE && end - clock.getAsLong() <= 0) {
            rebuild();
        }
        return table.get();
    }

    private static Set<Profile> union(Set<Profile> a, Set<Profile> b) {
        EnumSet<Profile> union = a.isEmpty() ? EnumSet.noneOf(Profile.class) : EnumSet.copyOf(a);
        union.addAll(b);
        return Collections.unmodifiableSet(union);
    }

    @Override
    public Decision decide(Person who, String action, Uai school) {
        if (who == null) {
            return Decision.deny("nobody is signed in");
        }
        Set<Profile> allowed = current().grants().get(action);
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
    public Decision decideOn(Person who, String action, Target target) {
        Decision bySchool = decide(who, action, target.school());
        if (!bySchool.allowed()) {
            return bySchool;
        }
        if (target.division() != null && !target.division().startsWith(target.school().value() + ":")) {
            return Decision.deny("division " + target.division() + " is not of school " + target.school());
        }
        Actions now = current();
        Set<Profile> allowed = now.grants().get(action);
        Set<Profile> relatedOnly = now.relatedOnly().getOrDefault(action, Set.of());
        boolean ownSchool = target.school().equals(who.uai());
        EnumSet<Profile> related = EnumSet.noneOf(Profile.class);
        for (Profile p : who.profiles()) {
            if (!allowed.contains(p) || !(ownSchool || p == Profile.REFERENT)) {
                continue;
            }
            if (!relatedOnly.contains(p)) {
                return Decision.allow("profile " + p + " may " + action + " school-wide");
            }
            related.add(p);
        }
        // only profiles granted on related targets remain: ask the annuaire about those
        if (!related.isEmpty() && relatedTo(who, related, target)) {
            return Decision.allow("related by the annuaire to the target of " + action);
        }
        return Decision.deny("not related to the target of " + action);
    }

    /**
     * Whether the annuaire relates {@code who}, through one of {@code as}, to the target (see
     * {@link AccessService#decideOn(Person, String, Target)}).
     */
    private boolean relatedTo(Person who, Set<Profile> as, Target target) {
        DirectoryService d = directory;
        if (d == null) {
            LOG.warn("Annuaire unavailable: related-only permission refused");
            return false;
        }
        if (target.person() != null) {
            PersonId person = target.person();
            if (as.contains(Profile.ELEVE) && who.id().equals(person)) {
                return true;
            }
            if (as.contains(Profile.PARENT) && d.childrenOf(who.id()).stream().anyMatch(c -> c.id().equals(person))) {
                return true;
            }
            if (as.contains(Profile.ENSEIGNANT)) {
                List<String> taught = ids(d.divisionsOf(who.id()));
                return ids(d.divisionsOf(person)).stream().anyMatch(taught::contains);
            }
            return false;
        }
        String division = target.division();
        if ((as.contains(Profile.ELEVE) || as.contains(Profile.ENSEIGNANT)) && ids(d.divisionsOf(who.id())).contains(division)) {
            return true;
        }
        if (as.contains(Profile.PARENT)) {
            for (Person child : d.childrenOf(who.id())) {
                if (ids(d.divisionsOf(child.id())).contains(division)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> ids(List<Division> divisions) {
        return divisions.stream().map(Division::id).toList();
    }

    @Override
    public void requireOn(Person who, String action, Target target) {
        Decision d = decideOn(who, action, target);
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
        return current().grants().keySet();
    }
}
