package fr.preau.search.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.api.spi.SearchDocument;
import fr.preau.api.spi.SearchPrincipals;
import fr.preau.directory.DirectoryEntry;
import fr.preau.directory.Division;
import fr.preau.directory.PeopleQuery;
import fr.preau.directory.School;
import fr.preau.store.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated schools (seeded): every profile searches every module, and every hit the query filter lets
 * through must be one the person may open by the rules written here independently of the principals
 * (the sources' second check is switched off, so the filter alone is tested); and nothing they may open
 * is missing.
 */
class PermissionsTest {

    static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");
    static final Uai OTHER = new Uai("0999997X");

    @TempDir
    Path data;

    final Fakes.Annuaire annuaire = new Fakes.Annuaire();
    final List<Person> people = new ArrayList<>();
    final Map<String, Person> byId = new HashMap<>();
    final Map<String, Set<String>> attends = new HashMap<>(); // pupil → divisions
    final Map<String, Set<String>> teaches = new HashMap<>(); // teacher → divisions
    final Map<String, Set<String>> childrenOf = new HashMap<>(); // parent → pupils
    final Map<String, String[]> entries = new HashMap<>(); // doc id → {division, author, school}
    final Map<String, Instant> publishedAt = new HashMap<>();

    @Test
    void noProfileEverGetsAHitItCannotOpen() throws Exception {
        for (long seed : new long[] {1, 2, 3}) {
            generate(new Random(seed));
        }
    }

    void generate(Random random) throws Exception {
        people.clear();
        byId.clear();
        attends.clear();
        teaches.clear();
        childrenOf.clear();
        entries.clear();
        publishedAt.clear();
        annuaire.divisions.clear();
        annuaire.children.clear();
        when(annuaire.directory.schools()).thenReturn(List.of(new School(Fakes.SCHOOL, "A", true), new School(OTHER, "B", true)));
        Map<Uai, List<Division>> divisions = new HashMap<>();
        for (Uai uai : List.of(Fakes.SCHOOL, OTHER)) {
            List<Division> ds = new ArrayList<>();
            for (int i = 0; i < 4 + random.nextInt(3); i++) {
                ds.add(new Division(uai.value() + ":CLASSE:" + i, uai, Division.Kind.CLASSE, "C" + i, "C" + i));
            }
            divisions.put(uai, ds);
            String u = uai.value().substring(6);
            for (int i = 0; i < 25; i++) {
                Division a = ds.get(random.nextInt(ds.size()));
                Division b = ds.get(random.nextInt(ds.size()));
                add(annuaire.person(uai, "eleve" + u + i, Profile.ELEVE, a, b));
                attends.put("eleve" + u + i, Set.copyOf(List.of(a.id(), b.id())));
            }
            for (int i = 0; i < 5; i++) {
                Division a = ds.get(random.nextInt(ds.size()));
                Division b = ds.get(random.nextInt(ds.size()));
                add(annuaire.person(uai, "prof" + u + i, Profile.ENSEIGNANT, a, b));
                teaches.put("prof" + u + i, Set.copyOf(List.of(a.id(), b.id())));
            }
            for (int i = 0; i < 12; i++) {
                Person parent = annuaire.person(uai, "parent" + u + i, Profile.PARENT);
                add(parent);
                Set<String> kids = new HashSet<>();
                for (int k = 0; k < 1 + random.nextInt(2); k++) {
                    Person child = byId.get("eleve" + u + random.nextInt(25));
                    if (kids.add(child.id().value())) {
                        annuaire.child(parent, child);
                    }
                }
                childrenOf.put(parent.id().value(), kids);
            }
            add(annuaire.person(uai, "direction" + u, Profile.DIRECTION));
            add(annuaire.person(uai, "personnel" + u, Profile.PERSONNEL));
            add(annuaire.person(uai, "invite" + u, Profile.INVITE));
        }
        add(annuaire.person(Fakes.SCHOOL, "referent", Profile.REFERENT));
        when(annuaire.directory.search(any(PeopleQuery.class))).thenAnswer(i -> people.stream()
                .filter(p -> p.uai().equals(((PeopleQuery) i.getArgument(0)).school())).map(p -> new DirectoryEntry(p, true, List.of())).toList());
        when(annuaire.directory.find(any(PersonId.class))).thenAnswer(i -> Optional.ofNullable(byId.get(((PersonId) i.getArgument(0)).value())));

        Fakes.Source cahier = new Fakes.Source("cahier");
        List<String> teachers = new ArrayList<>(teaches.keySet());
        teachers.sort(null);
        for (int i = 0; i < 300; i++) {
            String author = teachers.get(random.nextInt(teachers.size()));
            Person a = byId.get(author);
            Division d = divisions.get(a.uai()).get(random.nextInt(divisions.get(a.uai()).size()));
            Instant from = random.nextInt(4) == 0 ? NOW.plusSeconds(3600 * (1 + random.nextInt(48))) : NOW.minusSeconds(random.nextInt(100_000));
            String id = "devoir:" + i;
            entries.put(id, new String[] {d.id(), author, a.uai().value()});
            publishedAt.put(id, from);
            cahier.docs.put(id, new SearchDocument("cahier", id, "devoir", "Devoir " + i, "commun exercice " + i, NOW, "/#/module/cahier",
                    Set.of(SearchPrincipals.division(d.id()), SearchPrincipals.divisionParents(d.id()),
                            SearchPrincipals.profile(a.uai(), Profile.DIRECTION)),
                    Set.of(SearchPrincipals.person(author)), from));
        }
        DirectorySource annuaireSource = new DirectorySource(annuaire.directory, 0);
        SearchEngine engine = new SearchEngine(annuaire.directory, Fakes.access(), new MutableClock(NOW), data.resolve("i" + random.nextInt()), 60);
        try {
            engine.bindSource(cahier);
            // the filter alone: the white pages' own second check is bypassed by a wrapper that always says yes
            Fakes.Source pages = new Fakes.Source(DirectorySource.MODULE);
            annuaireSource.documents(d -> pages.docs.put(d.id(), d));
            engine.bindSource(pages);
            engine.awaitIdle();
            int checked = 0;
            for (Person who : people) {
                Set<String> found = all(engine, who, "commun");
                for (String id : entries.keySet()) {
                    boolean may = mayOpenEntry(who, id);
                    assertEquals(may, found.contains(id), who.id().value() + " and " + id);
                    checked++;
                }
                Set<String> foundPeople = all(engine, who, "personne");
                // the white pages' check of a whole page at once
                Set<String> page = annuaireSource.visible(who, people.stream().map(p -> "person:" + p.id().value()).toList());
                for (Person p : people) {
                    assertEquals(maySee(who, p), page.contains("person:" + p.id().value()), "page check " + who.id().value() + " / " + p.id().value());
                    boolean may = maySee(who, p);
                    assertEquals(may, foundPeople.contains("person:" + p.id().value()), who.id().value() + " sees " + p.id().value());
                    // and the white pages' second check agrees
                    assertEquals(may, annuaireSource.visible(who, "person:" + p.id().value()), "second check " + who.id().value() + " / " + p.id().value());
                    // the card a hit leads to: the same people, in the reader's own school, and never a birth date
                    boolean card = annuaireSource.card(who, p.id().value()).isPresent();
                    assertEquals(may && p.uai().equals(who.uai()), card, "card " + who.id().value() + " / " + p.id().value());
                    checked++;
                }
            }
            assertTrue(checked > 10_000, "checked " + checked);
        } finally {
            engine.deactivate();
            annuaireSource.deactivate();
        }
    }

    private void add(Person p) {
        people.add(p);
        byId.put(p.id().value(), p);
    }

    private Set<String> all(SearchEngine engine, Person who, String q) {
        Set<String> ids = new HashSet<>();
        for (int page = 1; page <= SearchEngine.MAX_PAGE; page++) {
            SearchEngine.Result r = engine.search(who, q, null, null, null, null, page);
            if (r.items().isEmpty()) {
                break;
            }
            for (SearchEngine.Hit h : r.items()) {
                ids.add(h.url().startsWith("/#/annuaire/") ? "person:" + h.url().substring("/#/annuaire/".length()) : idOf(h));
            }
        }
        return ids;
    }

    private static String idOf(SearchEngine.Hit h) {
        return "devoir:" + h.title().substring("Devoir ".length());
    }

    /** The cahier's rules, written out: author always; once published, the division's pupils and teachers, their parents, the school's direction. */
    private boolean mayOpenEntry(Person who, String id) {
        String[] e = entries.get(id);
        String me = who.id().value();
        if (e[1].equals(me)) {
            return true;
        }
        if (publishedAt.get(id).isAfter(NOW)) {
            return false;
        }
        if (attends.getOrDefault(me, Set.of()).contains(e[0]) || teaches.getOrDefault(me, Set.of()).contains(e[0])) {
            return true;
        }
        for (String child : childrenOf.getOrDefault(me, Set.of())) {
            if (attends.get(child).contains(e[0])) {
                return true;
            }
        }
        return who.has(Profile.DIRECTION) && who.uai().value().equals(e[2]);
    }

    /** The white pages' communication rules, written out. */
    private boolean maySee(Person who, Person p) {
        if (who.id().equals(p.id())) {
            return true;
        }
        boolean sameSchool = who.uai().equals(p.uai());
        if (who.has(Profile.REFERENT)) {
            return true;
        }
        if (!sameSchool) {
            return false;
        }
        if (who.has(Profile.ENSEIGNANT) || who.has(Profile.DIRECTION) || who.has(Profile.PERSONNEL)) {
            return true;
        }
        if (p.has(Profile.DIRECTION) || p.has(Profile.PERSONNEL)) {
            return true; // staff: everybody of the school
        }
        String me = who.id().value();
        if (who.has(Profile.ELEVE)) {
            Set<String> mine = attends.get(me);
            Set<String> theirs = p.has(Profile.ELEVE) ? attends.get(p.id().value()) : p.has(Profile.ENSEIGNANT) ? teaches.get(p.id().value()) : Set.of();
            return theirs.stream().anyMatch(mine::contains);
        }
        if (who.has(Profile.PARENT) && p.has(Profile.ENSEIGNANT)) {
            for (String child : childrenOf.get(me)) {
                if (teaches.get(p.id().value()).stream().anyMatch(attends.get(child)::contains)) {
                    return true;
                }
            }
        }
        return false;
    }
}
