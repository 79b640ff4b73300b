package fr.preau.access.testing;

import fr.preau.access.AccessService;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.api.spi.PermissionSet;
import fr.preau.access.CommunicationRules;
import fr.preau.directory.DirectoryEntry;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.PeopleQuery;
import fr.preau.directory.letters.PersonName;
import fr.preau.directory.Division;
import fr.preau.directory.School;
import fr.preau.directory.Teaching;
import fr.preau.store.testing.MutableClock;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small school for the modules' unit tests: two classes, a groupe, their teachers, pupils, parents and
 * the direction, and a primary school; the real {@code access} (its implementation, loaded by name as DS
 * would wire it, fed with the permission sets a test gives) over an annuaire made of maps; a clock the
 * test moves. A module's test needs {@code fr.preau.access}'s test-jar (and the store's, for the clock).
 */
public class SmallSchool {

    public static final Uai SCHOOL = new Uai("0999999Z");
    public static final Uai OTHER_SCHOOL = new Uai("0999998Y");
    public static final Division A5 = new Division("0999999Z:CLASSE:5A", SCHOOL, Division.Kind.CLASSE, "5A", "5A");
    public static final Division B4 = new Division("0999999Z:CLASSE:4B", SCHOOL, Division.Kind.CLASSE, "4B", "4B");
    public static final Division LATIN = new Division("0999999Z:GROUPE:LATIN", SCHOOL, Division.Kind.GROUPE, "LATIN", "Latin");
    public static final Division CM1 = new Division("0999998Y:CLASSE:CM1", OTHER_SCHOOL, Division.Kind.CLASSE, "CM1", "CM1");

    public static final Person MATHS_5A = person("julien.dumas", "Julien Dumas", SCHOOL, Profile.ENSEIGNANT);
    public static final Person FRENCH_4B = person("claire.moreau", "Claire Moreau", SCHOOL, Profile.ENSEIGNANT);
    public static final Person LEO = person("leo.marchand", "Léo Marchand", SCHOOL, Profile.ELEVE);
    public static final Person INES = person("ines.roux", "Inès Roux", SCHOOL, Profile.ELEVE);
    public static final Person HELENE = person("helene.marchand", "Hélène Marchand", SCHOOL, Profile.PARENT);
    public static final Person HEAD = person("anne.verger", "Anne Verger", SCHOOL, Profile.DIRECTION);
    public static final Person STAFF = person("paul.cpe", "Paul Lenoir", SCHOOL, Profile.PERSONNEL);
    public static final Person REFERENT = person("referent", "Référent", SCHOOL, Profile.REFERENT);
    public static final Person OTHER_HEAD = person("directrice", "Directrice", OTHER_SCHOOL, Profile.DIRECTION);

    public final MutableClock clock;
    public final Map<PersonId, List<Division>> divisions = new HashMap<>();
    public final Map<PersonId, List<Teaching>> teachings = new HashMap<>();
    public final Map<PersonId, List<Person>> children = new HashMap<>();
    /** Everyone of the annuaire; a test may add people (with their {@link #divisions}). */
    public final List<Person> people = new ArrayList<>(List.of(MATHS_5A, FRENCH_4B, LEO, INES, HELENE, HEAD, STAFF, REFERENT, OTHER_HEAD));
    public final DirectoryService directory;
    public final AccessService access;
    /** The real communication rules of {@code access} on this annuaire (the matrix kept in memory; a test may change it). */
    public final CommunicationRules rules;

    /** The school at {@code now}, with the real access service fed with the platform's and {@code modules}' permissions. */
    public SmallSchool(Instant now, PermissionSet... modules) {
        clock = new MutableClock(now);
        divisions.put(MATHS_5A.id(), List.of(A5, LATIN));
        divisions.put(FRENCH_4B.id(), List.of(B4));
        divisions.put(LEO.id(), List.of(A5, LATIN));
        divisions.put(INES.id(), List.of(B4));
        teachings.put(MATHS_5A.id(), List.of(new Teaching(A5, "061300", "MATHEMATIQUES"), new Teaching(LATIN, "020700", "LATIN")));
        teachings.put(FRENCH_4B.id(), List.of(new Teaching(B4, "020100", "FRANCAIS")));
        children.put(HELENE.id(), List.of(LEO));
        directory = directory();
        access = access(directory, modules);
        rules = rules(directory);
    }

    public static Person person(String login, String name, Uai uai, Profile... profiles) {
        return new Person(new PersonId("id-" + login.replace(".", "_")), login, name, uai, EnumSet.of(profiles[0], profiles));
    }

    private DirectoryService directory() {
        List<Division> all = List.of(A5, B4, LATIN, CM1);
        return (DirectoryService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DirectoryService.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "divisionsOf" -> divisions.getOrDefault(args[0], List.of());
                    case "childrenOf" -> children.getOrDefault(args[0], List.of());
                    case "teachingsOf" -> teachings.getOrDefault(args[0], List.of());
                    case "division" -> all.stream().filter(d -> d.id().equals(args[0])).findFirst();
                    case "divisions" -> all.stream().filter(d -> d.uai().equals(args[0])).toList();
                    case "pupilsOf" -> people.stream().filter(p -> p.has(Profile.ELEVE)
                            && divisions.getOrDefault(p.id(), List.of()).stream().anyMatch(d -> d.id().equals(args[0]))).toList();
                    case "teachersOf" -> people.stream().filter(p -> p.has(Profile.ENSEIGNANT)
                            && divisions.getOrDefault(p.id(), List.of()).stream().anyMatch(d -> d.id().equals(args[0]))).toList();
                    case "schools" -> List.of(new School(SCHOOL, "Collège Jean Rostand", true));
                    case "school" -> Optional.of(new School(SCHOOL, "Collège Jean Rostand", true));
                    case "find" -> people.stream().filter(p -> p.id().equals(args[0])).findFirst();
                    case "findByLogin" -> people.stream().filter(p -> p.login().equals(args[0])).findFirst();
                    case "parentsOf" -> children.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(c -> c.id().equals(args[0])))
                            .map(e -> people.stream().filter(p -> p.id().equals(e.getKey())).findFirst().orElseThrow()).toList();
                    case "nameOf" -> people.stream().filter(p -> p.id().equals(args[0])).findFirst().map(p -> {
                        int space = p.displayName().lastIndexOf(' ');
                        return new PersonName(space < 0 ? "" : p.displayName().substring(0, space), p.displayName().substring(space + 1));
                    });
                    case "search" -> {
                        PeopleQuery q = (PeopleQuery) args[0];
                        yield people.stream().filter(p -> p.uai().equals(q.school()))
                                .filter(p -> q.profile() == null || p.has(q.profile()))
                                .filter(p -> q.division() == null || divisions.getOrDefault(p.id(), List.of()).stream().anyMatch(d -> d.id().equals(q.division())))
                                .filter(p -> q.text() == null || (p.displayName() + " " + p.login()).toLowerCase(java.util.Locale.ROOT).contains(q.text()))
                                .map(p -> new DirectoryEntry(p, true, divisions.getOrDefault(p.id(), List.of()).stream().map(Division::code).toList()))
                                .toList();
                    }
                    case "toString" -> "directory";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** The real access service (fr.preau.access.internal) on any annuaire (a module's own mock), as DS would wire it. */
    public static AccessService access(DirectoryService directory, PermissionSet... modules) {
        try {
            Class<?> impl = Class.forName("fr.preau.access.internal.AccessServiceImpl");
            Object access = impl.getDeclaredConstructor().newInstance();
            Field d = impl.getDeclaredField("directory");
            d.setAccessible(true);
            d.set(access, directory);
            Method add = impl.getDeclaredMethod("addPermissionSet", PermissionSet.class);
            add.setAccessible(true);
            for (PermissionSet module : modules) {
                add.invoke(access, module);
            }
            return (AccessService) access;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The real communication rules of {@code access} on any annuaire (a module's own mock), the matrix kept in memory. */
    public static CommunicationRules rules(DirectoryService directory) {
        try {
            Class<?> store = Class.forName("fr.preau.access.internal.MatrixStore");
            java.lang.reflect.Constructor<?> c = Class.forName("fr.preau.access.internal.CommunicationRulesImpl")
                    .getDeclaredConstructor(DirectoryService.class, store);
            c.setAccessible(true);
            return (CommunicationRules) c.newInstance(directory,
                    Class.forName("fr.preau.access.internal.MemoryMatrixStore").getConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    public static <T> List<T> list(Iterable<T> items) {
        List<T> out = new ArrayList<>();
        items.forEach(out::add);
        return out;
    }
}
