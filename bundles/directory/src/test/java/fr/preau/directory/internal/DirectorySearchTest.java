package fr.preau.directory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.directory.DirectoryEntry;
import fr.preau.directory.ImportRun;
import fr.preau.directory.ImportService;
import fr.preau.directory.PeopleQuery;
import fr.preau.directory.internal.sync.TestImports;
import fr.preau.store.testing.Databases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's search of a school's people, on the demo school (imported once for the class). */
class DirectorySearchTest {

    static final Uai COLLEGE = new Uai("0999999Z");
    static final Uai ECOLE = new Uai("0999997X");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-09-02T08:00:00Z"), ZoneId.of("Europe/Paris"));

    @TempDir
    static Path dir;

    static EmbeddedDataSource db;
    static DirectoryServiceImpl directory;

    @BeforeAll
    static void importDemo() throws Exception {
        db = Databases.derby("search", "fr/preau/directory/db/changelog.xml", DirectorySearchTest.class.getClassLoader());
        ImportService imports = TestImports.create(db, CLOCK, dir.resolve("imports"));
        try {
            ImportRun run = TestImports.run(imports, ImportService.DEMO, TestImports.demoFiles());
            assertEquals(ImportRun.Status.DONE, run.status(), run.toString());
        } finally {
            TestImports.stop(imports);
        }
        directory = new DirectoryServiceImpl(db, CLOCK, 8);
    }

    @AfterAll
    static void drop() {
        Databases.drop(db);
    }

    static List<String> logins(List<DirectoryEntry> entries) {
        return entries.stream().map(e -> e.person().login()).toList();
    }

    @Test
    void aSchoolsPeopleByNameWithProfilesAndClasses() {
        List<DirectoryEntry> all = directory.search(PeopleQuery.of(COLLEGE));
        assertTrue(all.size() > 500, "pupils, parents and staff of the collège: " + all.size());
        assertTrue(all.stream().allMatch(DirectoryEntry::active));
        DirectoryEntry leo = all.stream().filter(e -> e.person().login().equals("leo.marchand")).findFirst().orElseThrow();
        assertEquals(List.of("5A"), leo.classes());
        assertEquals(java.util.Set.of(Profile.ELEVE), leo.person().profiles());
        DirectoryEntry helene = all.stream().filter(e -> e.person().login().equals("helene.marchand")).findFirst().orElseThrow();
        assertEquals(List.of("3B", "5A"), helene.classes(), "her children's classes");
        DirectoryEntry julien = all.stream().filter(e -> e.person().login().equals("julien.dumas")).findFirst().orElseThrow();
        assertEquals(List.of("3A", "3B", "5A", "5B"), julien.classes(), "the classes he teaches");
        // by last name as French readers sort them (accents do not send Émilie after Yann)
        List<String> lastNames = all.stream().map(e -> e.person().displayName().substring(e.person().displayName().indexOf(' ') + 1))
                .toList();
        assertEquals(lastNames.stream().sorted(java.text.Collator.getInstance(java.util.Locale.FRENCH)).toList(), lastNames);
        assertFalse(logins(all).contains("nadia.bouzid"), "nobody of the école");
        assertTrue(directory.search(PeopleQuery.of(ECOLE)).stream().allMatch(e -> e.person().uai().equals(ECOLE)));
    }

    @Test
    void filtersByProfileClassAndText() {
        List<DirectoryEntry> teachers = directory.search(new PeopleQuery(COLLEGE, Profile.ENSEIGNANT, null, null, true));
        assertTrue(teachers.size() >= 18 && teachers.stream().allMatch(e -> e.person().profiles().contains(Profile.ENSEIGNANT)),
                logins(teachers).toString());
        List<DirectoryEntry> fiveA = directory.search(new PeopleQuery(COLLEGE, null, "0999999Z:CLASSE:5A", null, true));
        assertTrue(logins(fiveA).containsAll(List.of("leo.marchand", "helene.marchand", "julien.dumas")), logins(fiveA).toString());
        assertTrue(fiveA.stream().allMatch(e -> e.classes().contains("5A")), "pupils, their parents and their teachers");
        List<DirectoryEntry> pupilsOf5A = directory.search(new PeopleQuery(COLLEGE, Profile.ELEVE, "0999999Z:CLASSE:5A", null, true));
        assertTrue(pupilsOf5A.size() >= 20 && pupilsOf5A.size() <= 30, pupilsOf5A.size() + " pupils");
        // accents and case do not matter; every word must match
        assertEquals(List.of("helene.marchand"), logins(directory.search(new PeopleQuery(COLLEGE, null, null, "HELENE marchand", null))));
        List<String> helenes = logins(directory.search(new PeopleQuery(COLLEGE, null, null, "Hélène", null)));
        assertTrue(helenes.size() > 1 && helenes.contains("helene.marchand") && helenes.stream().allMatch(l -> l.startsWith("helene.")),
                helenes.toString());
        assertEquals(List.of(), directory.search(new PeopleQuery(COLLEGE, null, null, "personne-de-ce-nom", null)));
        assertEquals(List.of(), directory.search(new PeopleQuery(COLLEGE, null, null, null, false)), "nobody deactivated yet");
        assertThrows(IllegalArgumentException.class, () -> new PeopleQuery(null, null, null, null, null));
    }
}
