package fr.preau.files.internal;

import static fr.preau.files.internal.SharingTest.assertProblem;
import static fr.preau.files.internal.World.MATHS_5A;
import static fr.preau.files.internal.World.REFERENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.audit.AuditEvent;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The clamd address from the referent's console: tried before it is kept, applied at once, kept in the database, audited. */
class AntivirusSettingsTest {

    @TempDir
    Path dir;
    @RegisterExtension
    static final FilesDb DB = new FilesDb("antivirus");
    World world;
    Files files;
    final List<AuditEvent> audit = new ArrayList<>();


    @BeforeEach
    void setUp() throws Exception {
        world = new World(SharingTest.NOW);
        files = world.files(DB.db(), dir, audit::add);
    }

    @Test
    void theReferentSetsTheAddressWhichIsTriedFirstAndScansFromThen() throws Exception {
        String space = "perso:" + MATHS_5A.id().value();
        try (FakeClamd clamd = FakeClamd.unix(java.nio.file.Files.createDirectories(dir.resolve("clamd")), 1 << 20, FakeClamd.EICAR_FINDER)) {
            // only the referent
            assertProblem(403, "forbidden", () -> files.setAntivirus(MATHS_5A, clamd.address(), null));
            // an address where nothing answers, or that cannot be one: refused, nothing changes
            assertProblem(400, "antivirus-unavailable", () -> files.setAntivirus(REFERENT, dir.resolve("nothing-here.ctl").toString(), null));
            assertProblem(400, "antivirus-address-invalid", () -> files.setAntivirus(REFERENT, "pas une adresse", null));
            assertFalse(files.testAntivirus(REFERENT).on());
            assertTrue(audit.isEmpty());

            Files.AntivirusState on = files.setAntivirus(REFERENT, " " + clamd.address() + " ", "192.0.2.7");
            assertTrue(on.on());
            assertEquals(clamd.address(), on.address());
            assertTrue(on.version().startsWith("ClamAV"), on.version());
            assertEquals("files.antivirus", audit.get(0).action());
            // at once: an infected upload is refused
            byte[] eicar = FakeClamd.EICAR.getBytes(StandardCharsets.ISO_8859_1);
            assertProblem(422, "file-infected", () -> files.upload(MATHS_5A, space, null, "virus.txt", "text/plain", eicar.length,
                    new ByteArrayInputStream(eicar), false));
        }
        // turned off from the console
        Files.AntivirusState off = files.setAntivirus(REFERENT, "", null);
        assertFalse(off.on());
        assertFalse(files.testAntivirus(REFERENT).on());
    }

    @Test
    void theConsolesAddressWinsOverTheConfigurationFilesAtTheNextStart() throws Exception {
        try (FakeClamd clamd = FakeClamd.unix(java.nio.file.Files.createDirectories(dir.resolve("clamd")), 1 << 20, FakeClamd.EICAR_FINDER)) {
            // never set from the console: the configuration file's address
            files.configureAntivirus(clamd.address(), 5, 1);
            assertEquals(clamd.address(), files.testAntivirus(REFERENT).address());
            // set off from the console: off at the next start, whatever the file says
            files.setAntivirus(REFERENT, "", null);
            files.configureAntivirus(clamd.address(), 5, 1);
            assertFalse(files.testAntivirus(REFERENT).on());
            // set on from the console: that address at the next start
            files.setAntivirus(REFERENT, clamd.address(), null);
            files.configureAntivirus("", 5, 1);
            assertEquals(clamd.address(), files.testAntivirus(REFERENT).address());
        }
    }
}
