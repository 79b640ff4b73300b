package fr.preau.mail.internal;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.DirectoryEntry;
import fr.preau.directory.Division;
import fr.preau.directory.PeopleQuery;

/**
 * Who may write to whom inside the box, decided from the annuaire's facts (the school's default rules of
 * issue 7; a referent's per-profile settings are a later step):
 * <ul>
 * <li>the adults of a school (enseignant, direction, personnel, référent) write to everyone of their school, the
 *     référent to everyone of the box;</li>
 * <li>a pupil writes to the pupils of their classes, to their teachers (of a class or groupe they attend), to their
 *     responsables légaux, and to the direction and personnel of their school;</li>
 * <li>a responsable légal writes to their children, to their children's teachers, and to the direction and personnel
 *     of the school;</li>
 * <li>a guest writes to the adults of the school;</li>
 * <li>anyone writes to themselves; nothing else is allowed (a pupil to a pupil of another class, a parent to another
 *     parent, anyone to another school).</li>
 * </ul>
 * The same rules answer the SMTP RCPT of a signed-in sender, the webmail's send and its address book.
 */
final class CommunicationRules {

    private static final Set<Profile> ADULTS = Set.of(Profile.ENSEIGNANT, Profile.DIRECTION, Profile.PERSONNEL, Profile.REFERENT);
    private static final Set<Profile> STAFF = Set.of(Profile.DIRECTION, Profile.PERSONNEL, Profile.REFERENT);

    private final DirectoryService directory;

    CommunicationRules(DirectoryService directory) {
        this.directory = directory;
    }

    /** Whether {@code from} may write to {@code to}. */
    boolean mayWrite(Person from, Person to) {
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

    /**
     * The people {@code who} may write to whose name or login contains every word of {@code query} (accents and
     * case ignored), by name, at most {@code limit}.
     */
    List<Person> addressBook(Person who, String query, int limit) {
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
            if (words.stream().allMatch(text::contains) && mayWrite(who, p)) {
                out.add(p);
            }
        }
        out.sort(Comparator.comparing((Person p) -> fold(lastWord(p.displayName()))).thenComparing(p -> fold(p.displayName())));
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    /** A list of the address book: a group of people written to at once (expanded into its members when chosen). */
    record PeopleList(String name, List<Person> members) {
    }

    /** A list a person may write to: its French name, its address's local part, and how to find its members now. */
    private record Candidate(String name, String localPart, java.util.function.Supplier<List<Person>> members) {
    }

    /**
     * The lists whose name holds every word of {@code query} (a query is needed: lists are many), each with only the
     * members {@code who} may write to, empty lists left out, at most {@code limit}:
     * for the classes and groupes the person teaches (all of the school's for direction, personnel and référent):
     * « Élèves de 5A », « Responsables des élèves de 5A », « Enseignants de 5A »; for a pupil, the pupils and the
     * teachers of their classes; for a parent, the teachers of their children's classes and groupes; for the adults,
     * « Tous les enseignants » and « Direction et personnels ».
     */
    List<PeopleList> lists(Person who, String query, int limit) {
        List<String> words = words(query);
        List<PeopleList> out = new ArrayList<>();
        if (words.isEmpty()) {
            return out;
        }
        for (Candidate c : candidates(who)) {
            if (out.size() >= limit) {
                break;
            }
            String name = fold(c.name());
            if (!words.stream().allMatch(name::contains)) {
                continue;
            }
            List<Person> members = members(who, c);
            if (!members.isEmpty()) {
                out.add(new PeopleList(c.name(), members));
            }
        }
        return out;
    }

    /** What a list address answers to a sender. */
    sealed interface ListAddress {
        /** Not a list of this school: maybe a person, maybe nobody. */
        record None() implements ListAddress { }

        /** A list of the school that the communication rules do not open to this sender. */
        record Forbidden(String name) implements ListAddress { }

        /** A list the sender may write to, with the members they may write to (possibly none). */
        record Open(PeopleList list) implements ListAddress { }
    }

    /**
     * The school's lists as mail addresses, the same lists as the address book's, computed from the annuaire at each
     * message (so every import keeps them in step): {@code eleves-5a}, {@code parents-5a}, {@code profs-5a} for each
     * class and groupe (its label folded: lower case, no accents, other characters as « - »), {@code enseignants} and
     * {@code direction-personnels}. Who may write to one, and to which of its members, is the communication rules'
     * answer, as in the address book. {@code sender} null (mail from outside the box): every list is forbidden.
     */
    ListAddress listAddress(Person sender, Uai school, String localPart) {
        String wanted = localPart.toLowerCase(Locale.ROOT);
        if (!isListOfSchool(school, wanted)) {
            return new ListAddress.None();
        }
        if (sender != null && (sender.uai().equals(school) || sender.has(Profile.REFERENT))) {
            Person asOfSchool = sender.uai().equals(school) ? sender
                : new Person(sender.id(), sender.login(), sender.displayName(), school, sender.profiles());
            for (Candidate c : candidates(asOfSchool)) {
                if (c.localPart().equals(wanted)) {
                    return new ListAddress.Open(new PeopleList(c.name(), members(sender, c)));
                }
            }
        }
        return new ListAddress.Forbidden(listName(school, wanted));
    }

    private boolean isListOfSchool(Uai school, String localPart) {
        return listName(school, localPart) != null;
    }

    /** The French name of the school's list with this local part, or null when there is none. */
    private String listName(Uai school, String localPart) {
        if (localPart.equals("enseignants")) {
            return "Tous les enseignants";
        }
        if (localPart.equals("direction-personnels")) {
            return "Direction et personnels";
        }
        for (String[] kind : LIST_KINDS) {
            if (localPart.startsWith(kind[0])) {
                String slug = localPart.substring(kind[0].length());
                for (Division d : directory.divisions(school)) {
                    if (slug(d.label()).equals(slug)) {
                        return kind[1] + d.label();
                    }
                }
            }
        }
        return null;
    }

    private static final String[][] LIST_KINDS = {
        {"eleves-", "Élèves de "}, {"parents-", "Responsables des élèves de "}, {"profs-", "Enseignants de "}};

    /** A class or groupe label as it appears in a list address: folded, other characters as « - ». */
    static String slug(String label) {
        return fold(label).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    private List<Person> members(Person who, Candidate c) {
        Map<PersonId, Person> members = new LinkedHashMap<>();
        for (Person p : c.members().get()) {
            if (!p.id().equals(who.id()) && mayWrite(who, p)) {
                members.put(p.id(), p);
            }
        }
        return List.copyOf(members.values());
    }

    private List<Candidate> candidates(Person who) {
        List<Candidate> candidates = new ArrayList<>();
        boolean staff = hasAny(who, STAFF);
        List<Division> divisions;
        if (staff) {
            divisions = directory.divisions(who.uai());
        } else if (who.has(Profile.ENSEIGNANT) || who.has(Profile.ELEVE)) {
            divisions = directory.divisionsOf(who.id());
        } else if (who.has(Profile.PARENT)) {
            divisions = directory.childrenOf(who.id()).stream().flatMap(c -> directory.divisionsOf(c.id()).stream()).distinct().toList();
        } else {
            divisions = List.of();
        }
        boolean adult = hasAny(who, ADULTS);
        for (Division d : divisions) {
            String slug = slug(d.label());
            if (adult || (who.has(Profile.ELEVE) && d.kind() == Division.Kind.CLASSE)) {
                candidates.add(new Candidate("Élèves de " + d.label(), "eleves-" + slug, () -> directory.pupilsOf(d.id())));
            }
            if (adult) {
                candidates.add(new Candidate("Responsables des élèves de " + d.label(), "parents-" + slug,
                    () -> directory.pupilsOf(d.id()).stream().flatMap(p -> directory.parentsOf(p.id()).stream()).toList()));
            }
            candidates.add(new Candidate("Enseignants de " + d.label(), "profs-" + slug, () -> directory.teachersOf(d.id())));
        }
        if (adult) {
            candidates.add(new Candidate("Tous les enseignants", "enseignants",
                () -> directory.search(new PeopleQuery(who.uai(), Profile.ENSEIGNANT, null, null, Boolean.TRUE))
                    .stream().map(DirectoryEntry::person).toList()));
            candidates.add(new Candidate("Direction et personnels", "direction-personnels",
                () -> STAFF.stream().filter(p -> p != Profile.REFERENT)
                    .flatMap(p -> directory.search(new PeopleQuery(who.uai(), p, null, null, Boolean.TRUE)).stream())
                    .map(DirectoryEntry::person).toList()));
        }
        return candidates;
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

    /** Whether the two lists share a division (of kind CLASSE only when {@code classesOnly}). */
    private static boolean shares(List<Division> a, List<Division> b, boolean classesOnly) {
        Set<String> ids = a.stream().filter(d -> !classesOnly || d.kind() == Division.Kind.CLASSE).map(Division::id)
            .collect(Collectors.toSet());
        return b.stream().anyMatch(d -> ids.contains(d.id()));
    }
}
