package fr.preau.mail.internal;

import static fr.preau.api.Folding.fold;
import static fr.preau.api.Folding.words;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import fr.preau.access.CommunicationRules;
import fr.preau.access.DistributionList;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.DirectoryEntry;
import fr.preau.directory.Division;
import fr.preau.directory.PeopleQuery;

/**
 * The school's distribution lists as mail addresses and address-book entries — the mail-specific glue around
 * {@code access}'s {@link CommunicationRules}, which alone decides who may write to whom and who may post to which
 * list (the référent's matrix, set in the console). The same answers serve the SMTP RCPT of a signed-in sender, the
 * webmail's send and its address book.
 */
final class MailLists {

    private static final List<Profile> STAFF = List.of(Profile.DIRECTION, Profile.PERSONNEL);

    private final DirectoryService directory;
    private final CommunicationRules rules;

    MailLists(DirectoryService directory, CommunicationRules rules) {
        this.directory = directory;
        this.rules = rules;
    }

    /** Whether {@code from} may write to {@code to} (access's rules). */
    boolean mayWrite(Person from, Person to) {
        return rules.mayCommunicate(from, to);
    }

    /**
     * The people {@code who} may write to whose name or login contains every word of {@code query} (accents and
     * case ignored), by name, at most {@code limit} (access's rules).
     */
    List<Person> addressBook(Person who, String query, int limit) {
        return rules.reachable(who, query, limit);
    }

    /** A list of the address book: a group of people written to at once (expanded into its members when chosen). */
    record PeopleList(String name, List<Person> members) {
    }

    /** A list of the school: its kind and class or groupe (null for a school-wide list), French name, address's local part, members now. */
    private record Candidate(DistributionList kind, Division division, String name, String localPart,
                             java.util.function.Supplier<List<Person>> members) {
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
        for (Candidate c : candidates(who.uai())) {
            if (out.size() >= limit) {
                break;
            }
            String name = fold(c.name());
            if (!words.stream().allMatch(name::contains) || !rules.mayPost(who, c.kind(), who.uai(), c.division())) {
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
        if (sender != null) {
            for (Candidate c : candidates(school)) {
                if (c.localPart().equals(wanted) && rules.mayPost(sender, c.kind(), school, c.division())) {
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

    /** Every list of the school (whether a sender may post to one is the rules' answer). */
    private List<Candidate> candidates(Uai school) {
        List<Candidate> candidates = new ArrayList<>();
        for (Division d : directory.divisions(school)) {
            String slug = slug(d.label());
            candidates.add(new Candidate(DistributionList.CLASS_PUPILS, d, "Élèves de " + d.label(), "eleves-" + slug,
                () -> directory.pupilsOf(d.id())));
            candidates.add(new Candidate(DistributionList.CLASS_PARENTS, d, "Responsables des élèves de " + d.label(), "parents-" + slug,
                () -> directory.pupilsOf(d.id()).stream().flatMap(p -> directory.parentsOf(p.id()).stream()).toList()));
            candidates.add(new Candidate(DistributionList.CLASS_TEACHERS, d, "Enseignants de " + d.label(), "profs-" + slug,
                () -> directory.teachersOf(d.id())));
        }
        candidates.add(new Candidate(DistributionList.ALL_TEACHERS, null, "Tous les enseignants", "enseignants",
            () -> directory.search(new PeopleQuery(school, Profile.ENSEIGNANT, null, null, Boolean.TRUE))
                .stream().map(DirectoryEntry::person).toList()));
        candidates.add(new Candidate(DistributionList.ALL_STAFF, null, "Direction et personnels", "direction-personnels",
            () -> STAFF.stream()
                .flatMap(p -> directory.search(new PeopleQuery(school, p, null, null, Boolean.TRUE)).stream())
                .map(DirectoryEntry::person).toList()));
        return candidates;
    }
}
