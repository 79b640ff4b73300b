package fr.preau.directory.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.directory.ImportRun;
import fr.preau.directory.ImportService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demonstration school's AAF files ({@code provisioning/demo/aaf}, imported by a box in demo
 * mode) import completely through the import service, make demo schools, and hold the people that
 * {@code provisioning/demo/accounts.tsv} prints, in the roles it gives them.
 */
class DemoExportTest {

    static final Path DEMO = Path.of("../../provisioning/demo");

    @TempDir
    Path dir;

    ImportFixture f;
    ImportService imports;

    @BeforeEach
    void setUp() throws Exception {
        f = new ImportFixture(dir);
        imports = TestImports.create(f.db, Clock.fixed(Instant.parse("2025-09-01T08:00:00Z"), ZoneId.of("Europe/Paris")),
                dir.resolve("imports"));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        TestImports.stop(imports);
        f.close();
    }

    ImportRun importDemo() throws IOException, InterruptedException {
        return TestImports.run(imports, ImportService.DEMO, TestImports.demoFiles());
    }

    @Test
    void demoFilesBuildTwoDemoSchoolsWithoutARejectedRecord() throws Exception {
        ImportRun run = importDemo();
        assertEquals(ImportRun.Status.DONE, run.status(), run.toString());
        assertEquals("DEMO", run.source());
        assertEquals(0, run.counts().rejected(), () -> run + "\n" + report(run));
        assertEquals(0, run.counts().ignoredAttributes(), run.toString());
        assertTrue(run.counts().created() > 800, run.toString());
        assertEquals(List.of(List.of("0999997X", "École élémentaire des Lilas", "1D", "true"),
                List.of("0999999Z", "Collège Jean Rostand", "2D", "true")),
                f.query("SELECT uai, name, degree, demo FROM school ORDER BY uai"));
        assertEquals(List.of(List.of("0999997X", "5"), List.of("0999999Z", "8")),
                f.query("SELECT uai, COUNT(*) FROM division WHERE kind = 'CLASSE' GROUP BY uai ORDER BY uai"));

        ImportRun again = importDemo();
        assertEquals(0, again.counts().created() + again.counts().updated() + again.counts().deactivated(), again.toString());
    }

    @Test
    void printedAccountsExistInTheirRoles() throws Exception {
        importDemo();
        List<String> logins;
        try (Stream<String> lines = Files.lines(DEMO.resolve("accounts.tsv"))) {
            logins = lines.filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split("\t")[0])
                    .filter(l -> !l.equals("referent")).toList();
        }
        assertEquals(List.of("anne.verger", "julien.dumas", "leo.marchand", "helene.marchand"), logins);
        assertEquals("DIRECTION", profile("anne.verger"));
        assertEquals("ENSEIGNANT", profile("julien.dumas"));
        assertEquals("ELEVE", profile("leo.marchand"));
        assertEquals("PARENT", profile("helene.marchand"));
        assertEquals(List.of(List.of("0999999Z:CLASSE:5A")), f.query("SELECT m.division_id FROM division_member m "
                + "JOIN person p ON p.id = m.person_id WHERE p.login = 'leo.marchand' AND m.division_id LIKE '%:CLASSE:%'"));
        assertEquals(List.of(List.of("Lucie"), List.of("Léo")), f.query("SELECT e.first_name FROM responsable_link l "
                + "JOIN person r ON r.id = l.responsable_id JOIN person e ON e.id = l.eleve_id "
                + "WHERE r.login = 'helene.marchand' AND l.legal = TRUE ORDER BY e.first_name"));
        assertTrue(f.query("SELECT DISTINCT t.division_id FROM teaching t JOIN person p ON p.id = t.person_id "
                + "WHERE p.login = 'julien.dumas'").contains(List.of("0999999Z:CLASSE:5A")));
    }

    String profile(String login) {
        return f.one("SELECT pp.profile FROM person_profile pp JOIN person p ON p.id = pp.person_id WHERE p.login = ?", login);
    }

    String report(ImportRun run) {
        try {
            return Files.readString(imports.report(run.id()).orElseThrow());
        } catch (IOException e) {
            return e.toString();
        }
    }
}
