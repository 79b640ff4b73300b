package fr.preau.directory.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.ProblemException;
import fr.preau.directory.ImportRun;
import fr.preau.directory.ImportRun.Status;
import fr.preau.directory.ImportService;
import fr.preau.store.testing.Databases;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The referent declines an import that has written nothing: while it receives its files, or at the confirmation step. */
class ImportCancelTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-09-02T08:00:00Z"), ZoneId.of("Europe/Paris"));

    @TempDir
    static Path dir;

    static EmbeddedDataSource db;
    static ImportService imports;

    @BeforeAll
    static void importDemo() throws Exception {
        db = Databases.derby("cancel", "fr/preau/directory/db/changelog.xml", ImportCancelTest.class.getClassLoader());
        imports = TestImports.create(db, CLOCK, dir.resolve("imports"));
        ImportRun run = TestImports.run(imports, ImportService.DEMO, TestImports.demoFiles());
        assertEquals(Status.DONE, run.status(), run.toString());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        TestImports.stop(imports);
        Databases.drop(db);
    }

    static long activePupils() throws SQLException {
        try (Connection c = db.getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM person WHERE category = 'ELEVE' AND active = TRUE")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static ImportRun await(ImportRun run) throws InterruptedException {
        for (int i = 0; i < 600 && !run.status().finished(); i++) {
            Thread.sleep(50);
            run = imports.find(run.id()).orElseThrow();
        }
        return run;
    }

    @Test
    void anImportStillReceivingItsFilesIsDeclinedAndItsFilesDeleted() {
        ImportRun run = imports.create("referent", Optional.empty(), ImportService.DEMO);
        imports.addFile(run.id(), "ENT_0999999Z_Complet_20250901_Eleve_0000.xml",
                new ByteArrayInputStream("<ficAlimMENESR/>".getBytes(StandardCharsets.UTF_8)));
        Path files = dir.resolve("imports").resolve(run.id()).resolve("files");
        assertTrue(Files.exists(files));

        ImportRun cancelled = imports.cancel(run.id());

        assertEquals(Status.CANCELLED, cancelled.status());
        assertTrue(cancelled.status().finished());
        assertTrue(cancelled.message().contains("rien n'a été enregistré"), cancelled.message());
        assertFalse(Files.exists(files), "the files are deleted");
        assertEquals("import-not-startable", assertThrows(ProblemException.class, () -> imports.start(run.id(), false)).code());
        ProblemException again = assertThrows(ProblemException.class, () -> imports.cancel(run.id()));
        assertEquals(409, again.status());
        assertEquals("import-not-cancellable", again.code());
        assertEquals(404, assertThrows(ProblemException.class, () -> imports.cancel("00000000-0000-0000-0000-000000000000")).status());
    }

    @Test
    void anImportStoppedAtTheConfirmationStepIsDeclinedAndNothingIsDeactivated() throws Exception {
        long before = activePupils();
        // the collège's complete export of pupils, cut to its first ten: most pupils would leave
        Path full = TestImports.demoFiles().stream().filter(p -> p.getFileName().toString().startsWith("ENT_0999999Z_Complet_20250901_Eleve"))
                .findFirst().orElseThrow();
        String xml = Files.readString(full);
        int cut = 0;
        for (int i = 0; i < 10; i++) {
            cut = xml.indexOf("</addRequest>", cut) + "</addRequest>".length();
        }
        byte[] truncated = (xml.substring(0, cut) + "\n</ficAlimMENESR>\n").getBytes(StandardCharsets.UTF_8);
        ImportRun run = imports.create("referent", Optional.empty(), ImportService.DEMO);
        try (InputStream in = new ByteArrayInputStream(truncated)) {
            imports.addFile(run.id(), full.getFileName().toString(), in);
        }
        ImportRun stopped = await(imports.start(run.id(), false));
        assertEquals(Status.CONFIRMATION_REQUIRED, stopped.status(), stopped.message());

        ImportRun cancelled = imports.cancel(run.id());

        assertEquals(Status.CANCELLED, cancelled.status());
        assertEquals(before, activePupils(), "nobody deactivated");
        assertEquals("import-not-startable", assertThrows(ProblemException.class, () -> imports.start(run.id(), true)).code(),
                "a declined import cannot be confirmed afterwards");
        assertTrue(imports.list(100).stream().anyMatch(r -> r.id().equals(run.id()) && r.status() == Status.CANCELLED),
                "the history shows it declined");
        assertFalse(Files.exists(dir.resolve("imports").resolve(run.id()).resolve("files")
                .resolve(full.getFileName().toString())));
    }

    @Test
    void anEndedImportCannotBeDeclined() throws Exception {
        ImportRun done = imports.list(100).stream().filter(r -> r.status() == Status.DONE).findFirst().orElseThrow();
        ProblemException e = assertThrows(ProblemException.class, () -> imports.cancel(done.id()));
        assertEquals("import-not-cancellable", e.code());
        assertTrue(e.title().contains("déjà terminé"), e.title());
    }
}
