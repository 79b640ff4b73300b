package fr.preau.directory.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.directory.ImportRun.Status;
import fr.preau.directory.internal.sync.ImportFixture.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportEngineTest {

    @TempDir
    Path dir;

    ImportFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ImportFixture(dir);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void completeCollegeExportBuildsTheSchool() throws Exception {
        Result r = f.run(f.college());
        assertEquals(Status.DONE, r.outcome().status(), r.reasons());
        assertEquals(0, r.counts().rejected(), r.reasons());
        assertEquals("Collège Jean Rostand", f.one("SELECT name FROM school WHERE uai = '0999999Z'"),
                "school name comes from the 3-part composite, written as people write it");
        assertEquals(List.of(List.of("5B"), List.of("6A")),
                f.query("SELECT code FROM division WHERE uai = '0999999Z' AND kind = 'CLASSE' ORDER BY code"));
        // teachers and direction
        assertEquals(List.of(List.of("ENSEIGNANT")), profiles("DUMAS"));
        assertEquals(List.of(List.of("ENSEIGNANT")), profiles("LEMOINE-BRUN"));
        assertEquals(List.of(List.of("DIRECTION")), profiles("VERGER"));
        assertEquals(List.of(List.of("0999999Z:CLASSE:5B"), List.of("0999999Z:CLASSE:6A"), List.of("0999999Z:GROUPE:6A-SOUTIEN")),
                f.query("SELECT DISTINCT t.division_id FROM teaching t JOIN person p ON p.id = t.person_id "
                        + "WHERE p.last_name = 'DUMAS' ORDER BY t.division_id"));
        // pupils: 4, in their classes
        assertEquals("4", f.one("SELECT COUNT(*) FROM person WHERE category = 'ELEVE' AND active = TRUE"));
        assertEquals(List.of(List.of("6A")), f.query("SELECT d.code FROM division_member m JOIN division d ON d.id = m.division_id "
                + "JOIN person p ON p.id = m.person_id WHERE p.first_name = 'Léo' AND d.kind = 'CLASSE'"));
        // parents of Léo: Hélène (mother) and Paul (father), legal
        assertEquals(List.of(List.of("Hélène", "MERE", "true"), List.of("Paul", "PERE", "true")),
                f.query("SELECT r.first_name, l.kind, l.legal FROM responsable_link l JOIN person r ON r.id = l.responsable_id "
                        + "JOIN person e ON e.id = l.eleve_id WHERE e.first_name = 'Léo' ORDER BY r.first_name"));
        // logins prenom.nom, accents folded
        assertEquals("leo.marchand", f.one("SELECT login FROM person WHERE first_name = 'Léo'"));
        assertEquals("helene.marchand", f.one("SELECT login FROM person WHERE first_name = 'Hélène'"));
    }

    @Test
    void reimportingUnchangedFilesWritesNothing() throws Exception {
        f.run(f.college());
        String before = f.snapshot();
        Result again = f.run(f.college());
        assertEquals(Status.DONE, again.outcome().status());
        assertEquals(0, again.counts().created() + again.counts().updated() + again.counts().deactivated(), again.reasons());
        assertTrue(again.counts().unchanged() > 10, again.reasons());
        assertEquals(again.total(), again.counts().records(), "the progress bar ends full: every record of the files counted");
        assertEquals(before, f.snapshot());
    }

    @Test
    void deltaAddsModifiesAndDeletes() throws Exception {
        f.run(f.college());
        String faureLogin = f.one("SELECT login FROM person WHERE first_name = 'Inès'");
        Result r = f.run(f.example("ENT_0999999Z_Delta_20250915_Eleve_0000.xml"));
        assertEquals(Status.DONE, r.outcome().status(), r.reasons());
        assertEquals(1, r.counts().created(), r.reasons());
        assertEquals(1, r.counts().updated(), r.reasons());
        assertEquals(1, r.counts().deactivated(), r.reasons());
        assertEquals(List.of(List.of("6B")), f.query("SELECT d.code FROM division_member m JOIN division d ON d.id = m.division_id "
                + "JOIN person p ON p.id = m.person_id WHERE p.first_name = 'Inès' AND d.kind = 'CLASSE'"));
        assertEquals(List.of(List.of("5B"), List.of("6A"), List.of("6B")),
                f.query("SELECT code FROM division WHERE uai = '0999999Z' AND kind = 'CLASSE' ORDER BY code"));
        assertEquals(List.of(List.of("6A-SOUTIEN"), List.of("6B-LATIN"), List.of("CHORALE")),
                f.query("SELECT code FROM division WHERE kind = 'GROUPE' ORDER BY code"));
        assertEquals(faureLogin, f.one("SELECT login FROM person WHERE first_name = 'Inès'"), "a login never changes");
        assertEquals("false", f.one("SELECT active FROM person WHERE first_name = 'Noé'"));
        assertTrue(f.one("SELECT deactivated_at FROM person WHERE first_name = 'Noé'") != null);
        assertEquals("true", f.one("SELECT active FROM person WHERE first_name = 'Maël'"));
        // a delta is not self-contained: Maël's contact-only relative is resolved against known parents
        assertEquals("4", f.one("SELECT COUNT(*) FROM person WHERE category = 'ELEVE' AND active = TRUE"));
    }

    @Test
    void firstDegreeExportWithDanglingReferencesKeepsPeopleAndReports() throws Exception {
        Result r = f.run(f.ecole());
        assertEquals(Status.DONE, r.outcome().status(), r.reasons());
        assertEquals("1D", f.one("SELECT degree FROM school WHERE uai = '0999998Y'"));
        fr.preau.directory.DirectoryService directory = new fr.preau.directory.internal.DirectoryServiceImpl(f.db,
                java.time.Clock.systemUTC(), 8);
        assertEquals(java.util.Optional.of("1D"), directory.degree(new fr.preau.api.Uai("0999998Y")), "the API says it");
        assertEquals(java.util.Optional.empty(), directory.degree(new fr.preau.api.Uai("0000000A")));
        assertEquals("2", f.one("SELECT COUNT(*) FROM division WHERE uai = '0999998Y' AND kind = 'CLASSE'"));
        String zoe = r.report().stream().filter(l -> l.get("nom").startsWith("Zoé")).findFirst().orElseThrow().get("motif");
        assertTrue(zoe.contains("9500004"), zoe);
        assertTrue(r.reasons().contains("5201"), "unknown structure of a staff member is reported:\n" + r.reasons());
        assertEquals(List.of(List.of("Hugo", "TUTEUR")), f.query("SELECT e.first_name, l.kind FROM responsable_link l "
                + "JOIN person e ON e.id = l.eleve_id WHERE e.first_name = 'Hugo'"));
        assertTrue(profiles("ROCHE").toString().contains("DIRECTION") || profiles("TANGUY").toString().contains("DIRECTION"));
        // Awa OUEDRAOGO claims Hugo (ENTPersRelEleveEleve) but Hugo's record does not name her: no link, reported
        assertEquals("0", f.one("SELECT COUNT(*) FROM responsable_link l JOIN person r ON r.id = l.responsable_id "
                + "WHERE r.first_name = 'Awa'"));
        List<String> awa = r.report().stream().filter(l -> l.get("identifiant").equals("9500009")).map(l -> l.get("motif")).toList();
        assertTrue(awa.stream().anyMatch(m -> m.contains("9400002") && m.contains("aucun lien")), awa + "\n" + r.reasons());
        // the parents whose claims their children confirm get no such line
        assertEquals(1, r.report().stream().filter(l -> l.get("motif").contains("ENTPersRelEleveEleve")).count(), r.reasons());
    }

    @Test
    void aFirstDegreeFileMistakenForSecondDegreeIsImportedByItsContentAndReported() throws Exception {
        Path[] files = f.ecole();
        Path pupils = files[3];
        java.nio.file.Files.writeString(pupils, java.nio.file.Files.readString(pupils).replace("degre=\"1D\"", "degre=\"2D\""));
        Result r = f.run(files);
        assertEquals(Status.DONE, r.outcome().status(), r.reasons());
        String note = r.report().stream().filter(l -> l.get("fichier").equals(pupils.getFileName().toString())
                && l.get("categorie").equals("fichier")).map(l -> l.get("motif")).findFirst().orElseThrow(() -> new AssertionError(r.reasons()));
        assertTrue(note.contains("annonce un export du second degré (2D)") && note.contains("premier degré (1D)"), note);
        assertEquals("3", f.one("SELECT COUNT(*) FROM person WHERE category = 'ELEVE'"), "the pupils are imported all the same");
    }

    @Test
    void truncatedCompleteExportAsksForConfirmationAndWritesNothing() throws Exception {
        f.run(f.college());
        String before = f.snapshot();
        Path onlyOne = f.file("ENT_0999999Z_Complet_20250902_Eleve_0000.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <ficAlimMENESR>
                <addRequest>
                  <operationalAttributes><attr name="categoriePersonne"><value>Eleve</value></attr></operationalAttributes>
                  <identifier><id>9100001</id></identifier>
                  <attributes>
                    <attr name="sn"><value>MARCHAND</value></attr>
                    <attr name="givenName"><value>Léo</value></attr>
                    <attr name="ENTPersonStructRattach"><value>4100</value></attr>
                    <attr name="ENTEleveClasses"><value>4100$6A</value></attr>
                  </attributes>
                </addRequest>
                </ficAlimMENESR>
                """);
        Result r = f.run(onlyOne);
        assertEquals(Status.CONFIRMATION_REQUIRED, r.outcome().status(), r.reasons());
        assertTrue(r.outcome().message().contains("3 élèves sur 4"), r.outcome().message());
        assertEquals(before, f.snapshot());
        Result confirmed = f.run(true, onlyOne);
        assertEquals(Status.DONE, confirmed.outcome().status());
        assertEquals(3, confirmed.counts().deactivated(), confirmed.reasons());
        assertEquals("1", f.one("SELECT COUNT(*) FROM person WHERE category = 'ELEVE' AND active = TRUE"));
    }

    @Test
    void missingChunkNeverDeactivates() throws Exception {
        f.run(f.college());
        Path chunk1 = f.file("ENT_0999999Z_Complet_20250902_Eleve_0001.xml", """
                <ficAlimMENESR>
                <addRequest>
                  <operationalAttributes><attr name="categoriePersonne"><value>Eleve</value></attr></operationalAttributes>
                  <identifier><id>9100001</id></identifier>
                  <attributes><attr name="sn"><value>MARCHAND</value></attr><attr name="givenName"><value>Léo</value></attr>
                    <attr name="ENTPersonStructRattach"><value>4100</value></attr></attributes>
                </addRequest>
                </ficAlimMENESR>
                """);
        Result r = f.run(chunk1);
        assertEquals(Status.DONE, r.outcome().status(), r.reasons());
        assertEquals(0, r.counts().deactivated());
        assertTrue(r.reasons().contains("morceau n° 0"), r.reasons());
    }

    @Test
    void badRecordsAreRejectedAloneWithAReason() throws Exception {
        f.run(f.college());
        Path bad = f.file("ENT_0999999Z_Delta_20250920_Eleve_0000.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <ficAlimMENESR>
                <addRequest>
                  <operationalAttributes><attr name="categoriePersonne"><value>Eleve</value></attr></operationalAttributes>
                  <identifier><id>9100050</id></identifier>
                  <attributes><attr name="sn"><value>BON</value></attr><attr name="givenName"><value>Jean</value></attr>
                    <attr name="ENTPersonStructRattach"><value>4100</value></attr><attr name="ENTEleveClasses"><value>4100$4C</value></attr>
                    <attr name="ENTNouvelAttribut"><value>x</value></attr></attributes>
                </addRequest>
                <addRequest>
                  <operationalAttributes><attr name="categoriePersonne"><value>Eleve</value></attr></operationalAttributes>
                  <identifier><id>9100051</id></identifier>
                  <attributes><attr name="sn"><value>COMPOSE</value></attr><attr name="givenName"><value>Ana</value></attr>
                    <attr name="ENTPersonStructRattach"><value>4100</value></attr><attr name="ENTEleveClasses"><value>4100$6A$extra</value></attr></attributes>
                </addRequest>
                <addRequest>
                  <operationalAttributes><attr name="categoriePersonne"><value>Eleve</value></attr></operationalAttributes>
                  <identifier><id>9100052</id></identifier>
                  <attributes><attr name="sn"><value>DATE</value></attr><attr name="givenName"><value>Eva</value></attr>
                    <attr name="ENTPersonDateNaissance"><value>31/02/2014</value></attr>
                    <attr name="ENTPersonStructRattach"><value>4100</value></attr></attributes>
                </addRequest>
                <addRequest>
                  <operationalAttributes><attr name="categoriePersonne"><value>Eleve</value></attr></operationalAttributes>
                  <identifier><id>9100053</id></identifier>
                  <attributes><attr name="givenName"><value>Sans</value></attr><attr name="ENTPersonStructRattach"><value>4100</value></attr></attributes>
                </addRequest>
                <addRequest>
                  <operationalAttributes><attr name="categoriePersonne"><value>Eleve</value></attr></operationalAttributes>
                  <identifier><id>9100050</id></identifier>
                  <attributes><attr name="sn"><value>DOUBLE</value></attr><attr name="givenName"><value>Jean</value></attr>
                    <attr name="ENTPersonStructRattach"><value>4100</value></attr></attributes>
                </addRequest>
                <addRequest>
                  <operationalAttributes><attr name="categoriePersonne"><value>Eleve</value></attr></operationalAttributes>
                  <identifier><id>9100054</id></identifier>
                  <attributes><attr name="sn"><value>AILLEURS</value></attr><attr name="givenName"><value>Tom</value></attr>
                    <attr name="ENTEleveClasses"><value>7777$6A</value></attr></attributes>
                </addRequest>
                <addRequest>
                  <operationalAttributes><attr name="categoriePersonne"><value>Eleve</value></attr></operationalAttributes>
                  <identifier><id>9100055</id></identifier>
                  <attributes><attr name="sn"><value>LIEN</value></attr><attr name="givenName"><value>Lou</value></attr>
                    <attr name="ENTPersonStructRattach"><value>4100</value></attr>
                    <attr name="ENTElevePersRelEleve"><value>9299999$10$1$1$1$1</value></attr></attributes>
                </addRequest>
                <deleteRequest>
                  <operationalAttributes><attr name="categoriePersonne"><value>Eleve</value></attr></operationalAttributes>
                  <identifier><id>9999999</id></identifier>
                </deleteRequest>
                <modifyRequest>
                  <operationalAttributes><attr name="categoriePersonne"><value>Eleve</value></attr></operationalAttributes>
                  <identifier><id>9999998</id></identifier>
                  <modifications><modification name="sn" operation="replace"><value>X</value></modification></modifications>
                </modifyRequest>
                </ficAlimMENESR>
                """);
        Result r = f.run(bad);
        assertEquals(Status.DONE, r.outcome().status());
        assertEquals(2, r.counts().created(), r.reasons()); // BON Jean (new class 4C) and LIEN Lou (link dropped)
        assertEquals(1, r.counts().ignoredAttributes(), r.reasons());
        assertReason(r, "9100051", "valeur composée mal formée");
        assertReason(r, "9100052", "date invalide");
        assertReason(r, "9100053", "nom");
        assertTrue(r.reasons().contains("identifiant en double"), r.reasons());
        assertReason(r, "9100054", "établissement inconnu");
        String lou = r.line("9100055").orElseThrow().get("motif");
        assertTrue(lou.contains("9299999") && lou.contains("inconnue"), "the dangling link is rejected alone: " + lou);
        assertReason(r, "9999999", "suppression d'un identifiant inconnu");
        assertReason(r, "9999998", "modification d'un identifiant inconnu");
        assertEquals("BON", f.one("SELECT last_name FROM person WHERE source_key = 'aaf:eleve:9100050'"));
        assertNull(f.one("SELECT id FROM person WHERE source_key = 'aaf:eleve:9100051'"));
        assertEquals("4", f.one("SELECT COUNT(*) FROM person WHERE category = 'ELEVE' AND active = TRUE AND last_name <> 'BON' "
                + "AND last_name <> 'LIEN'"));
    }

    @Test
    void peopleOfARejectedSchoolAreRejectedOneByOneNotTheWholeFile() throws Exception {
        // a school already holds the join key the export gives its établissement
        String key = Integer.toString(fr.preau.directory.testing.AafGenerator.FIRST_KEY);
        f.execute("INSERT INTO school (uai, name, demo, created_at, source_key) VALUES ('0999999Z', 'Collège', TRUE, "
                + "CURRENT_TIMESTAMP, '" + key + "')");
        Path export = dir.resolve("export");
        fr.preau.directory.testing.AafGenerator.generate(export, 600, 7, "ENTX"); // one school
        java.util.List<Path> files;
        try (java.util.stream.Stream<Path> list = java.nio.file.Files.list(export)) {
            files = list.sorted().toList();
        }
        Result r = f.run(files.toArray(Path[]::new));
        assertEquals(Status.DONE, r.outcome().status(), r.reasons());
        String reasons = r.reasons();
        assertTrue(reasons.contains("la clé de jointure " + key + " désigne déjà l'établissement 0999999Z"), reasons);
        assertFalse(reasons.contains("erreur technique"), "no category fails as a whole: " + reasons);
        assertTrue(reasons.contains("l'établissement de cet export n'a pas été importé"), reasons);
        // responsables carry no school: they would have joined the export's school, which is not on the box
        assertEquals("0", f.one("SELECT COUNT(*) FROM person WHERE category = 'RESPONSABLE'"), reasons);
        assertTrue(r.counts().rejected() > 100, reasons);
        assertEquals("0", f.one("SELECT COUNT(*) FROM person p WHERE NOT EXISTS (SELECT 1 FROM school s WHERE s.uai = p.uai)"));
    }

    @Test
    void responsablesOfAnAcademieWideExportJoinTheSchoolsOfTheirChildrenOnly() throws Exception {
        Path export = dir.resolve("export");
        fr.preau.directory.testing.AafGenerator.generate(export, 3000, 11, "ENTY"); // three collèges
        java.util.List<Path> files;
        try (java.util.stream.Stream<Path> list = java.nio.file.Files.list(export)) {
            files = list.sorted().toList();
        }
        Result r = f.run(files.toArray(Path[]::new));
        assertEquals(Status.DONE, r.outcome().status(), r.reasons());
        assertEquals(0, r.counts().rejected(), r.reasons());
        assertEquals("3", f.one("SELECT COUNT(*) FROM school"));
        // every responsable is attached to exactly the schools of the pupils who name them
        assertEquals("0", f.one("SELECT COUNT(*) FROM person_school s JOIN person r ON r.id = s.person_id "
                + "WHERE r.category = 'RESPONSABLE' AND NOT EXISTS (SELECT 1 FROM responsable_link l "
                + "JOIN person_school e ON e.person_id = l.eleve_id WHERE l.responsable_id = r.id AND e.uai = s.uai)"));
        assertEquals("0", f.one("SELECT COUNT(*) FROM responsable_link l JOIN person_school e ON e.person_id = l.eleve_id "
                + "WHERE NOT EXISTS (SELECT 1 FROM person_school s WHERE s.person_id = l.responsable_id AND s.uai = e.uai)"));
        assertEquals("0", f.one("SELECT COUNT(*) FROM person r WHERE r.category = 'RESPONSABLE' "
                + "AND NOT EXISTS (SELECT 1 FROM person_school s WHERE s.person_id = r.id AND s.uai = r.uai)"));
        // unchanged again: nothing written
        String before = f.snapshot();
        Result again = f.run(files.toArray(Path[]::new));
        assertEquals(0, again.counts().created() + again.counts().updated() + again.counts().deactivated(), again.reasons());
        assertEquals(before, f.snapshot());
    }

    @Test
    void responsablesWithoutChildrenInTheImportJoinTheSchoolOfTheExport() throws Exception {
        // the responsables' file without the pupils': none of their children is in the import
        Result r = f.run(f.example("ENT_0999999Z_Complet_20250901_EtabEducNat_0000.xml"),
                f.example("ENT_0999999Z_Complet_20250901_PersRelEleve_0000.xml"));
        assertEquals(Status.DONE, r.outcome().status(), r.reasons());
        assertTrue(r.counts().created() > 3, r.reasons());
        assertEquals(List.of(List.of("0999999Z")), f.query("SELECT DISTINCT s.uai FROM person_school s JOIN person r "
                + "ON r.id = s.person_id WHERE r.category = 'RESPONSABLE'"));
    }

    @Test
    void aPersonIsHashedAsBefore() throws Exception {
        fr.preau.directory.internal.feed.FeedData.Person p = new fr.preau.directory.internal.feed.FeedData.Person(
                fr.preau.directory.internal.feed.FeedCategory.ELEVE, "E1", "MARTIN", "Léo", "MARTIN", "2012-03-04", "M.", null,
                "123456789AB", "10010012110", List.of("7100"), List.of(), List.of(), List.of(), List.of(), null, List.of());
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(p);
        assertEquals(f.engine.hash(new Object[] {p, List.of("0100000A"), List.of("R9"), List.of()}),
                f.engine.personHash(json, List.of("0100000A"), List.of("R9"), List.of()));
    }

    @Test
    void parentLinkCodesOldAndNew() {
        assertEquals("MERE", LinkKinds.kind("2"));
        assertEquals("MERE", LinkKinds.kind("10"));
        assertEquals("PERE", LinkKinds.kind("1"));
        assertEquals("PERE", LinkKinds.kind("20"));
        assertEquals("TUTEUR", LinkKinds.kind("3"));
        assertEquals("TUTEUR", LinkKinds.kind("50"));
        assertEquals("AUTRE", LinkKinds.kind("99"));
        assertEquals("AUTRE", LinkKinds.kind(null));
    }

    private static void assertReason(Result r, String id, String fragment) {
        String motif = r.line(id).orElseThrow(() -> new AssertionError("no report line for " + id + "\n" + r.reasons())).get("motif");
        assertTrue(motif.contains(fragment), id + ": " + motif);
        assertEquals("rejeté", r.line(id).get().get("action"), id);
    }

    @Test
    void aFailureOutsideTheDatabaseLeavesTheCategoryUnwritten() throws Exception {
        // the report's side file cannot be written (a folder stands in its place): the first record
        // applied fails after its row was inserted; that row must be rolled back, not committed
        Path reportFile = dir.resolve("broken.csv");
        Files.createDirectories(dir.resolve("broken.csv.pending"));
        Map<Path, String> files = new LinkedHashMap<>();
        for (Path p : f.college()) {
            files.put(p, p.getFileName().toString());
        }
        try (Report report = new Report(reportFile)) {
            assertThrows(IOException.class, () -> f.engine.run(files, new ImportEngine.Options(Optional.empty(), false, false),
                    new Progress(), report));
        }
        assertEquals("0", f.one("SELECT COUNT(*) FROM school"));
        assertEquals("0", f.one("SELECT COUNT(*) FROM person"));
    }

    private List<List<String>> profiles(String lastName) {
        return f.query("SELECT pp.profile FROM person_profile pp JOIN person p ON p.id = pp.person_id WHERE p.last_name = ? "
                + "ORDER BY pp.profile", lastName);
    }
}
