package fr.preau.access.internal;

import fr.preau.access.CommunicationRules;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.Profile;
import fr.preau.directory.DirectoryEntry;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.directory.PeopleQuery;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The school's default communication rules (see {@link CommunicationRules}), on the annuaire. */
@Component(service = CommunicationRules.class)
public final class CommunicationRulesImpl implements CommunicationRules {

    private static final Set<Profile> ADULTS = Set.of(Profile.ENSEIGNANT, Profile.DIRECTION, Profile.PERSONNEL, Profile.REFERENT);
    private static final Set<Profile> STAFF = Set.of(Profile.DIRECTION, Profile.PERSONNEL, Profile.REFERENT);

    private final DirectoryService directory;

    @Activate
    public CommunicationRulesImpl(@Reference(name = "directory") DirectoryService directory) {
        this.directory = directory;
    }

    @Override
    public boolean mayCommunicate(Person from, Person to) {
        if (from.id().equals(to.id()) || from.has(Profile.REFERENT)) {
            return true;
        }
        if (!from.uai().equals(to.uai())) {
            return false;
        }
        if (hasAny(from, ADULTS)) {
            return true;
        }
        if (hasAny(to, STAFF)) {
            return from.has(Profile.ELEVE) || from.has(Profile.PARENT) || from.has(Profile.INVITE);
        }
        if (from.has(Profile.INVITE) && to.has(Profile.ENSEIGNANT)) {
            return true;
        }
        if (from.has(Profile.ELEVE)) {
            List<Division> mine = directory.divisionsOf(from.id());
            if (to.has(Profile.ENSEIGNANT) && shares(mine, directory.divisionsOf(to.id()), false)) {
                return true;
            }
            if (to.has(Profile.ELEVE) && shares(mine, directory.divisionsOf(to.id()), true)) {
                return true;
            }
            if (to.has(Profile.PARENT) && directory.parentsOf(from.id()).stream().anyMatch(p -> p.id().equals(to.id()))) {
                return true;
            }
        }
        if (from.has(Profile.PARENT)) {
            List<Person> children = directory.childrenOf(from.id());
            if (to.has(Profile.ELEVE) && children.stream().anyMatch(c -> c.id().equals(to.id()))) {
                return true;
            }
            if (to.has(Profile.ENSEIGNANT)) {
                List<Division> taught = directory.divisionsOf(to.id());
                for (Person child : children) {
                    if (shares(directory.divisionsOf(child.id()), taught, false)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Override
    public List<Person> reachable(Person who, String query, int limit) {
        Map<PersonId, Person> candidates = new LinkedHashMap<>();
        if (hasAny(who, ADULTS)) {
            String text = query == null || query.isBlank() ? null : query;
            for (DirectoryEntry e : directory.search(new PeopleQuery(who.uai(), null, null, text, Boolean.TRUE))) {
                candidates.put(e.person().id(), e.person());
            }
        } else {
            for (Profile staff : STAFF) {
                for (DirectoryEntry e : directory.search(new PeopleQuery(who.uai(), staff, null, null, Boolean.TRUE))) {
                    candidates.put(e.person().id(), e.person());
                }
            }
            if (who.has(Profile.INVITE)) {
                for (DirectoryEntry e : directory.search(new PeopleQuery(who.uai(), Profile.ENSEIGNANT, null, null, Boolean.TRUE))) {
                    candidates.put(e.person().id(), e.person());
                }
            }
            if (who.has(Profile.ELEVE)) {
                for (Division d : directory.divisionsOf(who.id())) {
                    directory.teachersOf(d.id()).forEach(p -> candidates.put(p.id(), p));
                    if (d.kind() == Division.Kind.CLASSE) {
                        directory.pupilsOf(d.id()).forEach(p -> candidates.put(p.id(), p));
                    }
                }
                directory.parentsOf(who.id()).forEach(p -> candidates.put(p.id(), p));
            }
            if (who.has(Profile.PARENT)) {
                for (Person child : directory.childrenOf(who.id())) {
                    candidates.put(child.id(), child);
                    for (Division d : directory.divisionsOf(child.id())) {
                        directory.teachersOf(d.id()).forEach(p -> candidates.put(p.id(), p));
                    }
                }
            }
        }
        List<String> words = words(query);
        List<Person> out = new ArrayList<>();
        for (Person p : candidates.values()) {
            String text = fold(p.displayName() + " " + p.login());
            if (!p.id().equals(who.id()) && words.stream().allMatch(text::contains) && mayCommunicate(who, p)) {
                out.add(p);
            }
        }
        out.sort(Comparator.comparing((Person p) -> fold(lastWord(p.displayName()))).thenComparing(p -> fold(p.displayName())));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    private static String lastWord(String name) {
        int space = name.lastIndexOf(' ');
        return space < 0 ? name : name.substring(space + 1);
    }

    static List<String> words(String query) {
        if (query == null || query.isBlank()) {
            return List.of();
        }
        return List.of(fold(query).split("[\\s,;]+")).stream().filter(w -> !w.isEmpty()).collect(Collectors.toList());
    }

    static String fold(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
    }

    private static boolean hasAny(Person p, Set<Profile> profiles) {
        return p.profiles().stream().anyMatch(profiles::contains);
    }

    private static boolean shares(List<Division> a, List<Division> b, boolean classesOnly) {
        Set<String> ids = a.stream().filter(d -> !classesOnly || d.kind() == Division.Kind.CLASSE).map(Division::id)
                .collect(Collectors.toSet());
        return b.stream().anyMatch(d -> ids.contains(d.id()));
    }
}
