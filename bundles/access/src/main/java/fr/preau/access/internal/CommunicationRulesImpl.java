package fr.preau.access.internal;

import static fr.preau.api.Folding.fold;
import static fr.preau.api.Folding.words;

import fr.preau.access.CommunicationMatrix;
import fr.preau.access.CommunicationRules;
import fr.preau.access.DistributionList;
import fr.preau.access.Reach;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.directory.DirectoryEntry;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.directory.PeopleQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The communication rules (see {@link CommunicationRules}): each school's {@link CommunicationMatrix}, kept in
 * {@code jdbc/preau-access} and held in memory, applied to the annuaire's facts.
 */
@Component(service = CommunicationRules.class)
public final class CommunicationRulesImpl implements CommunicationRules {

    private final DirectoryService directory;
    private final MatrixStore store;
    private final ConcurrentMap<Uai, CommunicationMatrix> matrices = new ConcurrentHashMap<>();

    @Activate
    public CommunicationRulesImpl(@Reference(name = "directory") DirectoryService directory,
            @Reference(name = "db", target = "(osgi.jndi.service.name=jdbc/preau-access)") DataSource db) {
        this(directory, new JdbcMatrixStore(db));
    }

    CommunicationRulesImpl(DirectoryService directory, MatrixStore store) {
        this.directory = directory;
        this.store = store;
    }

    @Override
    public CommunicationMatrix matrix(Uai school) {
        return matrices.computeIfAbsent(school, store::load);
    }

    @Override
    public void setMatrix(Uai school, CommunicationMatrix matrix) {
        for (Profile from : CommunicationMatrix.SENDERS) {
            for (Profile to : CommunicationMatrix.RECIPIENTS) {
                if (!CommunicationMatrix.choices(from, to).contains(matrix.write(from, to))) {
                    throw notApplicable(plural(from) + " → " + plural(to).toLowerCase(Locale.ROOT));
                }
            }
        }
        for (DistributionList list : DistributionList.values()) {
            for (Profile from : CommunicationMatrix.SENDERS) {
                if (!CommunicationMatrix.choices(list, from).contains(matrix.post(list, from))) {
                    throw notApplicable(plural(from) + " → " + listName(list));
                }
            }
        }
        synchronized (matrices) {
            store.save(school, matrix);
            matrices.put(school, matrix);
        }
    }

    private static ProblemException notApplicable(String rule) {
        return new ProblemException(400, "invalid-communication-rule", "La règle « " + rule
                + " » ne peut pas valoir « dans leurs classes » : seuls les élèves, les responsables et les enseignants sont liés par les"
                + " classes. Choisissez « toujours » ou « jamais ».");
    }

    /** The French plural of a profile, as the console names it. */
    static String plural(Profile p) {
        return switch (p) {
            case ELEVE -> "Les élèves";
            case PARENT -> "Les responsables";
            case ENSEIGNANT -> "Les enseignants";
            case DIRECTION -> "La direction";
            case PERSONNEL -> "Les personnels";
            case REFERENT -> "Le référent";
            case INVITE -> "Les invités";
        };
    }

    static String listName(DistributionList list) {
        return switch (list) {
            case CLASS_PUPILS -> "la liste des élèves d'une classe";
            case CLASS_PARENTS -> "la liste des responsables d'une classe";
            case CLASS_TEACHERS -> "la liste des enseignants d'une classe";
            case ALL_TEACHERS -> "la liste de tous les enseignants";
            case ALL_STAFF -> "la liste de la direction et des personnels";
        };
    }

    @Override
    public boolean mayCommunicate(Person from, Person to) {
        return mayCommunicate(from, to, new Facts());
    }

    private boolean mayCommunicate(Person from, Person to, Facts facts) {
        if (from.id().equals(to.id()) || from.has(Profile.REFERENT)) {
            return true;
        }
        if (!from.uai().equals(to.uai())) {
            return false;
        }
        CommunicationMatrix m = matrix(from.uai());
        for (Profile fp : from.profiles()) {
            for (Profile tp : to.profiles()) {
                Reach reach = m.write(fp, tp);
                if (reach == Reach.ALWAYS || (reach == Reach.RELATED && related(fp, from, tp, to, facts))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code from} (as {@code fp}) and {@code to} (as {@code tp}) are related by the annuaire (see {@link Reach#RELATED}). */
    private boolean related(Profile fp, Person from, Profile tp, Person to, Facts facts) {
        if (fp == Profile.ELEVE && tp == Profile.PARENT) {
            return facts.parentsOf(from).stream().anyMatch(p -> p.id().equals(to.id()));
        }
        if (fp == Profile.PARENT && tp == Profile.ELEVE) {
            return facts.childrenOf(from).stream().anyMatch(c -> c.id().equals(to.id()));
        }
        return shares(facts.sphere(fp, from), facts.sphere(tp, to), fp == tp && fp != Profile.ENSEIGNANT);
    }

    @Override
    public boolean mayPost(Person from, DistributionList list, Uai school, Division division) {
        if (from.has(Profile.REFERENT)) {
            return true;
        }
        if (!from.uai().equals(school) || list.ofDivision() != (division != null)) {
            return false;
        }
        CommunicationMatrix m = matrix(school);
        Facts facts = new Facts();
        for (Profile fp : from.profiles()) {
            Reach reach = m.post(list, fp);
            if (reach == Reach.ALWAYS) {
                return true;
            }
            if (reach == Reach.RELATED && division != null && facts.sphere(fp, from).stream()
                    .anyMatch(d -> d.id().equals(division.id())
                            && (fp != Profile.ELEVE || list != DistributionList.CLASS_PUPILS || d.kind() == Division.Kind.CLASSE))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<Person> reachable(Person who, String query, int limit) {
        CommunicationMatrix m = matrix(who.uai());
        Facts facts = new Facts();
        Set<Profile> always = EnumSet.noneOf(Profile.class);
        Map<PersonId, Person> candidates = new LinkedHashMap<>();
        for (Profile fp : who.profiles()) {
            for (Profile tp : CommunicationMatrix.RECIPIENTS) {
                Reach reach = m.write(fp, tp);
                if (reach == Reach.ALWAYS) {
                    always.add(tp);
                } else if (reach == Reach.RELATED) {
                    relatedOf(fp, who, tp, facts).forEach(p -> candidates.put(p.id(), p));
                }
            }
        }
        if (always.containsAll(CommunicationMatrix.RECIPIENTS)) {
            String text = query == null || query.isBlank() ? null : query;
            for (DirectoryEntry e : directory.search(new PeopleQuery(who.uai(), null, null, text, Boolean.TRUE))) {
                candidates.put(e.person().id(), e.person());
            }
        } else {
            for (Profile tp : always) {
                for (DirectoryEntry e : directory.search(new PeopleQuery(who.uai(), tp, null, null, Boolean.TRUE))) {
                    candidates.put(e.person().id(), e.person());
                }
            }
        }
        List<String> words = words(query);
        List<Person> out = new ArrayList<>();
        for (Person p : candidates.values()) {
            String text = fold(p.displayName() + " " + p.login());
            if (!p.id().equals(who.id()) && words.stream().allMatch(text::contains) && mayCommunicate(who, p, facts)) {
                out.add(p);
            }
        }
        out.sort(Comparator.comparing((Person p) -> fold(lastWord(p.displayName()))).thenComparing(p -> fold(p.displayName())));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    /** The people of profile {@code tp} that {@code who} (as {@code fp}) may be related to (a superset: the rules decide). */
    private List<Person> relatedOf(Profile fp, Person who, Profile tp, Facts facts) {
        if (fp == Profile.ELEVE && tp == Profile.PARENT) {
            return facts.parentsOf(who);
        }
        if (fp == Profile.PARENT && tp == Profile.ELEVE) {
            return facts.childrenOf(who);
        }
        boolean classesOnly = fp == tp && fp != Profile.ENSEIGNANT;
        List<Person> out = new ArrayList<>();
        for (Division d : facts.sphere(fp, who)) {
            if (classesOnly && d.kind() != Division.Kind.CLASSE) {
                continue;
            }
            switch (tp) {
                case ELEVE -> out.addAll(directory.pupilsOf(d.id()));
                case ENSEIGNANT -> out.addAll(directory.teachersOf(d.id()));
                case PARENT -> directory.pupilsOf(d.id()).forEach(p -> out.addAll(facts.parentsOf(p)));
                default -> {
                }
            }
        }
        return out;
    }

    /** The annuaire's facts about people, looked up once per question. */
    private final class Facts {
        private final Map<PersonId, List<Division>> divisions = new HashMap<>();
        private final Map<PersonId, List<Person>> children = new HashMap<>();
        private final Map<PersonId, List<Person>> parents = new HashMap<>();

        List<Division> divisionsOf(Person p) {
            return divisions.computeIfAbsent(p.id(), directory::divisionsOf);
        }

        List<Person> childrenOf(Person p) {
            return children.computeIfAbsent(p.id(), directory::childrenOf);
        }

        List<Person> parentsOf(Person p) {
            return parents.computeIfAbsent(p.id(), directory::parentsOf);
        }

        /** The classes and groupes a person is in as this profile: attended, taught, or attended by a child. */
        List<Division> sphere(Profile as, Person p) {
            return switch (as) {
                case ELEVE, ENSEIGNANT -> divisionsOf(p);
                case PARENT -> childrenOf(p).stream().flatMap(c -> divisionsOf(c).stream()).distinct().toList();
                default -> List.of();
            };
        }
    }

    private static String lastWord(String name) {
        int space = name.lastIndexOf(' ');
        return space < 0 ? name : name.substring(space + 1);
    }

    private static boolean shares(List<Division> a, List<Division> b, boolean classesOnly) {
        Set<String> ids = a.stream().filter(d -> !classesOnly || d.kind() == Division.Kind.CLASSE).map(Division::id)
                .collect(Collectors.toSet());
        return b.stream().anyMatch(d -> ids.contains(d.id()));
    }
}
