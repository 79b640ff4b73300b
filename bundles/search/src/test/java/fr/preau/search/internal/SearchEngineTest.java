package fr.preau.search.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.Person;
import fr.preau.api.Profile;
import fr.preau.api.spi.SearchDocument;
import fr.preau.api.spi.SearchPrincipals;
import fr.preau.directory.Division;
import fr.preau.store.testing.MutableClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchEngineTest {

    static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");

    @TempDir
    Path data;

    final Fakes.Annuaire annuaire = new Fakes.Annuaire();
    final MutableClock clock = new MutableClock(NOW);
    final Division d5a = annuaire.division("5A");
    final Division d4b = annuaire.division("4B");
    final Person leo = annuaire.person("leo", Profile.ELEVE, d5a);
    final Person ines = annuaire.person("ines", Profile.ELEVE, d4b);
    final Person helene = annuaire.person("helene", Profile.PARENT);
    final Person julien = annuaire.person("julien", Profile.ENSEIGNANT, d5a);
    final Person anne = annuaire.person("anne", Profile.DIRECTION);
    Fakes.Source cahier;
    SearchEngine engine;

    @BeforeEach
    void start() throws IOException {
        annuaire.child(helene, leo);
        cahier = new Fakes.Source("cahier");
        cahier.docs.put("devoir:1", devoir("devoir:1", d5a, "Exercices sur les fractions", null));
        cahier.docs.put("devoir:2", devoir("devoir:2", d4b, "Lire le chapitre sur les fractions décimales", null));
        cahier.docs.put("seance:3", new SearchDocument("cahier", "seance:3", "seance", "Séance « Les élèves et l'exercice »",
                "Présentation de l'exercice aux élèves", NOW, "/#/module/cahier", readers(d5a), Set.of(), null));
        engine = open();
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.deactivate();
        }
    }

    SearchEngine open() throws IOException {
        SearchEngine e = new SearchEngine(annuaire.directory, Fakes.access(), clock, data.resolve("index"), 1);
        e.bindSource(cahier);
        try {
            e.awaitIdle();
        } catch (InterruptedException ex) {
            throw new IllegalStateException(ex);
        }
        return e;
    }

    static Set<String> readers(Division d) {
        return Set.of(SearchPrincipals.division(d.id()), SearchPrincipals.divisionParents(d.id()),
                SearchPrincipals.profile(Fakes.SCHOOL, Profile.DIRECTION));
    }

    static SearchDocument devoir(String id, Division d, String text, Instant from) {
        String author = d.code().equals("5A") ? "julien" : "claire";
        return new SearchDocument("cahier", id, "devoir", "Devoir de mathématiques (" + d.code() + ")", text, NOW, "/#/module/cahier",
                readers(d), Set.of(SearchPrincipals.person(author)), from);
    }

    List<String> ids(Person who, String q) {
        return engine.search(who, q, null, null, null, null, 1).items().stream().map(h -> h.title() + "|" + h.snippet()).toList();
    }

    int count(Person who, String q) {
        return engine.search(who, q, null, null, null, null, 1).items().size();
    }

    @Test
    void aPupilFindsTheirDevoirDespiteATypo() {
        List<String> hits = ids(leo, "fraktion");
        assertEquals(1, hits.size(), hits.toString());
        assertTrue(hits.get(0).contains("<mark>fractions</mark>"), hits.toString());
    }

    @Test
    void accentsElisionAndPluralsMatch() {
        assertEquals(1, count(leo, "eleve"), ids(leo, "eleve").toString());
        assertEquals(2, count(leo, "exercices")); // the séance « l'exercice » and the devoir « Exercices … »
        assertEquals(2, count(leo, "l'exercice")); // the séance and the devoir « Exercices … »
    }

    @Test
    void permissionsAreFilteredInTheQuery() {
        assertEquals(1, count(leo, "fractions"));
        assertEquals(1, count(ines, "fractions"));
        assertEquals(1, count(helene, "fractions"), "a parent: their child's class only");
        assertEquals(1, count(julien, "fractions"), "a teacher: their class (and their own entries)");
        assertEquals(2, count(anne, "fractions"), "the direction: the whole school");
    }

    @Test
    void facetsAndPages() {
        SearchEngine.Result r = engine.search(anne, "fractions", null, null, null, null, 1);
        assertEquals(2L, r.facets().get("module").get("cahier"));
        assertEquals(2L, r.facets().get("type").get("devoir"));
        assertEquals(0, engine.search(anne, "fractions", null, "seance", null, null, 1).items().size());
        assertEquals(0, engine.search(anne, "fractions", null, null, NOW.plusSeconds(86_400), null, 1).items().size());
    }

    @Test
    void offsetAndLimitCutTheSameRankingAsPages() {
        List<String> all = engine.search(anne, "fractions", null, null, null, null, 0, 50).items().stream().map(h -> h.title()).toList();
        assertEquals(2, all.size(), all.toString());
        assertEquals(all.subList(0, 1), engine.search(anne, "fractions", null, null, null, null, 0, 1).items().stream()
                .map(h -> h.title()).toList());
        assertEquals(all.subList(1, 2), engine.search(anne, "fractions", null, null, null, null, 1, 1).items().stream()
                .map(h -> h.title()).toList());
        assertEquals(List.of(), engine.search(anne, "fractions", null, null, null, null, 2, 5).items());
        assertEquals(2L, engine.search(anne, "fractions", null, null, null, null, 1, 1).total(), "the total counts every hit");
    }

    @Test
    void theSecondCheckHidesWhatTheSourceRefuses() {
        cahier.visible = (p, id) -> !id.equals("devoir:1");
        assertEquals(0, count(leo, "fractions"));
        assertTrue(cahier.checked.contains("devoir:1"));
    }

    /** {@code n} devoirs of 5A about volcanoes, ids devoir:100… */
    void volcanoes(int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            cahier.put(devoir("devoir:" + (100 + i), d5a, "Les volcans d'Auvergne, partie " + i, null));
        }
        engine.awaitIdle();
        engine.awaitIdle();
    }

    List<String> urls(Person who, String q, int offset, int limit) {
        return engine.search(who, q, null, null, null, null, offset, limit).items().stream().map(h -> h.title() + h.snippet()).toList();
    }

    @Test
    void theSecondCheckAsksOncePerPageAndRefusedHitsLeaveThePageFull() throws Exception {
        volcanoes(45);
        cahier.visible = (p, id) -> Integer.parseInt(id.substring(7)) % 5 != 1; // 9 of the 45 refused
        cahier.batches.clear();
        SearchEngine.Result first = engine.search(leo, "volcans", null, null, null, null, 0, 20);
        assertEquals(20, first.items().size(), "the page is full despite refusals");
        assertEquals(1, cahier.batches.size(), "one second check for the page: " + cahier.batches.size());
        assertTrue(first.total() >= 36 && first.total() < 45, "the total leaves out the refused hits it met: " + first.total());
        SearchEngine.Result second = engine.search(leo, "volcans", null, null, null, null, 20, 20);
        assertEquals(16, second.items().size());
        assertEquals(36L, second.total(), "every hit was checked");
        Set<String> shown = new java.util.HashSet<>();
        for (SearchEngine.Hit h : first.items()) {
            assertTrue(shown.add(h.snippet()), "shown twice: " + h.snippet());
        }
        for (SearchEngine.Hit h : second.items()) {
            assertTrue(shown.add(h.snippet()), "shown twice: " + h.snippet());
        }
        for (String snippet : shown) {
            int part = Integer.parseInt(snippet.replaceAll(".*partie (\\d+).*", "$1"));
            assertTrue((100 + part) % 5 != 1, "a refused hit was shown: " + snippet);
        }
        assertEquals(36, shown.size(), "every visible hit, once, over the two pages");
    }

    @Test
    void whenMostHitsAreRefusedTheEngineLooksFurtherDown() throws Exception {
        volcanoes(60);
        cahier.visible = (p, id) -> Integer.parseInt(id.substring(7)) % 3 == 0; // 20 of 60 visible, scattered
        SearchEngine.Result r = engine.search(leo, "volcans", null, null, null, null, 0, 20);
        assertEquals(20, r.items().size(), "full: " + r.items().size());
        assertEquals(20L, r.total());
        for (SearchEngine.Hit h : r.items()) {
            int part = Integer.parseInt(h.snippet().replaceAll(".*partie (\\d+).*", "$1"));
            assertEquals(0, (100 + part) % 3, "a refused hit was shown: " + h.snippet());
        }
        cahier.visible = (p, id) -> false;
        SearchEngine.Result none = engine.search(leo, "volcans", null, null, null, null, 0, 20);
        assertEquals(List.of(), none.items());
        assertEquals(0L, none.total());
        assertTrue(engine.suggest(leo, "volc").isEmpty(), "suggestions go through the same check");
    }

    @Test
    void aFailingSourceShowsNothingOfItsOwn() throws Exception {
        volcanoes(3);
        cahier.visible = (p, id) -> {
            throw new IllegalStateException("database gone");
        };
        assertEquals(0, count(leo, "volcans"));
        assertTrue(engine.suggest(leo, "volc").isEmpty());
    }

    @Test
    void changesAreSearchableWithinTwoSeconds() throws Exception {
        long start = System.nanoTime();
        cahier.put(devoir("devoir:9", d5a, "Apprendre la poésie de Prévert", null));
        while (count(leo, "poesie") == 0) {
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "not searchable within 2 s");
            Thread.sleep(20);
        }
        cahier.remove("devoir:9");
        engine.awaitIdle();
        assertEquals(0, count(leo, "poesie"));
    }

    @Test
    void plannedEntriesAppearWhenTheirTimeComes() throws Exception {
        cahier.put(devoir("devoir:7", d5a, "Exposé sur les volcans", NOW.plusSeconds(3600)));
        engine.awaitIdle();
        assertEquals(0, count(leo, "volcans"), "not yet published");
        assertEquals(1, count(julien, "volcans"), "its author sees it");
        clock.set(NOW.plusSeconds(3601));
        assertEquals(1, count(leo, "volcans"));
    }

    @Test
    void anUninstalledModuleVanishesAndComesBack() throws Exception {
        engine.unbindSource(cahier);
        assertEquals(0, count(leo, "fractions"), "gone at once");
        engine.awaitIdle();
        assertEquals(0L, engine.status().documents());
        engine.bindSource(cahier);
        engine.awaitIdle();
        assertEquals(1, count(leo, "fractions"));
        assertEquals(3L, engine.status().modules().get(0).documents());
    }

    @Test
    void aMissingIndexIsRebuilt() throws Exception {
        engine.deactivate();
        engine = null;
        SearchIndex.wipe(data.resolve("index"));
        engine = open();
        assertEquals("MISSING", engine.status().rebuildReason());
        assertEquals(1, count(leo, "fractions"));
        assertEquals("READY", engine.status().state());
    }

    @Test
    void aCorruptIndexIsRebuilt() throws Exception {
        engine.deactivate();
        engine = null;
        try (Stream<Path> files = Files.list(data.resolve("index"))) {
            for (Path f : files.filter(f -> !f.getFileName().toString().startsWith("segments") && !f.getFileName().toString().equals("write.lock"))
                    .toList()) {
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
                    if (ch.size() > 40) {
                        ch.write(ByteBuffer.wrap(new byte[] {0x13, 0x37, 0x13, 0x37}), ch.size() / 2);
                    }
                }
            }
        }
        engine = open();
        assertEquals("CORRUPT", engine.status().rebuildReason());
        assertEquals(1, count(leo, "fractions"));
    }

    @Test
    void reindexOnDemand() throws Exception {
        engine.rebuild();
        engine.awaitIdle();
        engine.awaitIdle();
        assertEquals(3L, engine.status().documents());
        assertFalse(engine.status().state().equals("INDEXING"));
    }

    @Test
    void suggestionsAsYouType() {
        List<SearchEngine.Suggestion> s = engine.suggest(leo, "frac");
        assertEquals(1, s.size(), s.toString());
        assertTrue(engine.suggest(ines, "ele").isEmpty(), "the 5A séance is not ines's");
    }
}
