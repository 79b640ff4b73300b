package fr.preau.cahier.internal;

import static fr.preau.cahier.internal.World.A5;
import static fr.preau.cahier.internal.World.HEAD;
import static fr.preau.cahier.internal.World.HELENE;
import static fr.preau.cahier.internal.World.INES;
import static fr.preau.cahier.internal.World.LEO;
import static fr.preau.cahier.internal.World.MATHS_5A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.Profile;
import fr.preau.api.spi.SearchChanges;
import fr.preau.api.spi.SearchDocument;
import fr.preau.api.spi.SearchPrincipals;
import fr.preau.cahier.internal.Views.DevoirInput;
import fr.preau.cahier.internal.Views.LinkInput;
import fr.preau.cahier.internal.Views.SeanceInput;
import fr.preau.store.testing.Databases;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cahier's documents for the search module: listing, changes told after commit, the second check. */
class CahierSearchSourceTest {

    World world;
    EmbeddedDataSource db;
    Cahier cahier;
    CahierSearchSource source;
    final List<String> told = new ArrayList<>();
    int all;

    @BeforeEach
    void setUp() throws SQLException {
        world = new World(CahierTest.NOW);
        db = Databases.derby("cahier-search", CahierSchema.CHANGELOG, CahierSearchSourceTest.class.getClassLoader());
        cahier = new Cahier(new CahierStore(db), world.directory, world.access, world.clock);
        source = new CahierSearchSource(cahier);
        source.watch(new SearchChanges() {
            @Override
            public void changed(String id) {
                told.add(id);
            }

            @Override
            public void removed(String id) {
                told.add("-" + id);
            }

            @Override
            public void changedAll() {
                all++;
            }
        });
    }

    @AfterEach
    void tearDown() {
        source.deactivate();
        Databases.drop(db);
    }

    @Test
    void entriesAreListedToldAndCheckedAgain() throws Exception {
        long id = cahier.create(MATHS_5A, new SeanceInput(A5.id(), "061300", "SEANCE", "2026-12-07", "08:30", "09:25", "Les fractions",
                "<p>Cours sur les <strong>fractions</strong></p>", List.<LinkInput>of(), null,
                List.of(new DevoirInput(null, null, null, "2026-12-10", "MAISON", "<p>Exercices 12 et 14</p>", 30, false, null))));
        assertEquals(2, told.size(), told.toString());
        assertTrue(told.contains("seance:" + id), told.toString());

        Map<String, SearchDocument> listed = new TreeMap<>();
        source.documents(d -> listed.put(d.id(), d));
        assertEquals(2, listed.size());
        SearchDocument s = listed.get("seance:" + id);
        assertEquals("cahier", s.module());
        assertEquals("seance", s.type());
        assertTrue(s.text().contains("Cours sur les fractions"), s.text());
        assertTrue(s.readers().contains(SearchPrincipals.division(A5.id())));
        assertTrue(s.readers().contains(SearchPrincipals.divisionParents(A5.id())));
        assertTrue(s.readers().contains(SearchPrincipals.profile(World.SCHOOL, Profile.DIRECTION)));
        assertEquals(java.util.Set.of(SearchPrincipals.person(MATHS_5A.id())), s.owners());
        String devoir = listed.keySet().stream().filter(k -> k.startsWith("devoir:")).findFirst().orElseThrow();
        assertEquals(listed.get(devoir), source.document(devoir).orElseThrow());

        assertTrue(source.visible(LEO, "seance:" + id));
        assertTrue(source.visible(HELENE, devoir));
        assertTrue(source.visible(HEAD, devoir));
        assertFalse(source.visible(INES, "seance:" + id), "another class");
        assertFalse(source.visible(LEO, "seance:999"));
        assertFalse(source.visible(LEO, "nonsense"));
        // a page's check at once answers as each single check does (one query per kind)
        List<String> page = new ArrayList<>(listed.keySet());
        page.addAll(List.of("seance:999", "devoir:999", "nonsense", "seance:x"));
        for (fr.preau.api.Person p : List.of(LEO, HELENE, HEAD, INES, MATHS_5A)) {
            java.util.Set<String> batch = source.visible(p, page);
            for (String k : page) {
                assertEquals(source.visible(p, k), batch.contains(k), p.login() + " on " + k);
            }
        }
        assertTrue(source.visible(INES, List.of("seance:" + id, "seance:999")).isEmpty(), "ines sees nothing of 5A");

        told.clear();
        cahier.delete(MATHS_5A, id);
        assertTrue(told.contains("seance:" + id) && told.contains(devoir), "the séance and its devoirs: " + told);
        assertTrue(source.document("seance:" + id).isEmpty());
    }

    @Test
    void aPlannedEntryIsTheAuthorsUntilItsTime() throws Exception {
        Instant later = CahierTest.NOW.plusSeconds(86_400);
        long id = cahier.create(MATHS_5A, new SeanceInput(A5.id(), "061300", "SEANCE", "2026-12-08", "08:30", "09:25", "Plus tard",
                "<p>Bientôt</p>", List.<LinkInput>of(), later.toString(), List.of()));
        SearchDocument d = source.document("seance:" + id).orElseThrow();
        assertEquals(later, d.visibleFrom());
        assertFalse(source.visible(LEO, "seance:" + id));
        assertTrue(source.visible(MATHS_5A, "seance:" + id));
        world.clock.set(later.plusSeconds(1));
        assertTrue(source.visible(LEO, "seance:" + id));
    }
}
