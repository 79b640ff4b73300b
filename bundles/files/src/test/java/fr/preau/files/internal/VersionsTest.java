package fr.preau.files.internal;

import static fr.preau.files.internal.SharingTest.assertProblem;
import static fr.preau.files.internal.World.LEO;
import static fr.preau.files.internal.World.MATHS_5A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Versions: the last N contents kept on overwrite, restored without losing the current one, counted in the quota, purged with the file. */
class VersionsTest {

    @TempDir
    Path dir;
    @RegisterExtension
    static final FilesDb DB = new FilesDb("versions");
    World world;
    Files files;


    @BeforeEach
    void setUp() throws Exception {
        world = new World(SharingTest.NOW);
        files = world.files(DB.db(), dir, e -> { });
        files.keepVersions(2);
    }

    Node write(Person who, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        world.clock.advance(Duration.ofMinutes(1));
        return files.upload(who, "perso:" + who.id().value(), null, "cours.txt", "text/plain", b.length, new ByteArrayInputStream(b), true).node();
    }

    String text(Path p) throws Exception {
        return java.nio.file.Files.readString(p, StandardCharsets.UTF_8);
    }

    @Test
    void theLastContentsAreKeptNewestFirstAndTheOlderOnesErased() throws Exception {
        Node n = write(MATHS_5A, "v1");
        write(MATHS_5A, "v22");
        write(MATHS_5A, "v333");
        List<FilesStore.Version> vs = files.versions(MATHS_5A, n.id());
        assertEquals(List.of("v22", "v1"), vs.stream().map(v -> {
            try {
                return text(files.versionContent(MATHS_5A, n.id(), v.id()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList());
        Path v1 = files.versionContent(MATHS_5A, n.id(), vs.get(1).id());
        write(MATHS_5A, "v4444");
        assertFalse(java.nio.file.Files.exists(v1), "the oldest beyond 2 is erased");
        assertEquals(2, files.versions(MATHS_5A, n.id()).size());
        // versions count in the space's room: 5 (current) + 4 + 3
        assertEquals(12, files.usage(MATHS_5A, "perso:" + MATHS_5A.id().value()).used());
    }

    /** Versions move with their file: the other space's quota counts them (3 × 1.2 MiB do not go into a 3 MiB class space). */
    @Test
    void aMoveCarriesTheVersionsIntoTheOtherSpacesQuota() throws Exception {
        String perso = "perso:" + MATHS_5A.id().value();
        byte[] big = new byte[(int) (1.2 * Quotas.MIB)];
        Node n = null;
        for (int i = 0; i < 3; i++) {
            big[0] = (byte) i;
            world.clock.advance(Duration.ofMinutes(1));
            n = files.upload(MATHS_5A, perso, null, "film.bin", "application/octet-stream", big.length, new ByteArrayInputStream(big), true).node();
        }
        assertEquals(2, files.versions(MATHS_5A, n.id()).size());
        long id = n.id();
        ProblemException full = assertThrows(ProblemException.class, () -> files.move(MATHS_5A, id, FilesTest.CLASSE_5A, null, null, false));
        assertEquals("quota-exceeded", full.code());
        assertEquals(perso, files.node(MATHS_5A, id).space(), "nothing moved");
        // versions turned off: the next write drops those kept before, then the file moves
        files.keepVersions(0);
        world.clock.advance(Duration.ofMinutes(1));
        files.upload(MATHS_5A, perso, null, "film.bin", "application/octet-stream", big.length, new ByteArrayInputStream(big), true);
        assertEquals(0, files.versions(MATHS_5A, id).size());
        assertEquals(big.length, files.usage(MATHS_5A, perso).used());
        assertEquals(FilesTest.CLASSE_5A, files.move(MATHS_5A, id, FilesTest.CLASSE_5A, null, null, false).space());
        files.keepVersions(2);
        Node alone = files.upload(MATHS_5A, perso, null, "seul.bin", "application/octet-stream", big.length, new ByteArrayInputStream(big), false)
                .node();
        assertEquals(FilesTest.CLASSE_5A, files.move(MATHS_5A, alone.id(), FilesTest.CLASSE_5A, null, null, false).space(),
                "the same bytes without versions fit");
    }

    @Test
    void restoringAVersionKeepsTheCurrentOneAsAVersion() throws Exception {
        Node n = write(MATHS_5A, "premier");
        write(MATHS_5A, "second");
        FilesStore.Version first = files.versions(MATHS_5A, n.id()).get(0);
        Node back = files.restoreVersion(MATHS_5A, n.id(), first.id());
        assertEquals("premier", text(files.content(back)));
        assertEquals(List.of(6L), files.versions(MATHS_5A, n.id()).stream().map(FilesStore.Version::size).toList(), "« second » is now a version");
        assertProblem(404, "version-not-found", () -> files.restoreVersion(MATHS_5A, n.id(), first.id()));
        assertProblem(404, "file-not-found", () -> files.versions(LEO, n.id()));
    }

    @Test
    void aReaderListsVersionsButOnlyAWriterRestores() throws Exception {
        Node n = write(MATHS_5A, "a");
        write(MATHS_5A, "b");
        files.shares().share(MATHS_5A, n.id(), List.of(new Shares.Grantee("PERSON", LEO.id().value())), false, null, null);
        FilesStore.Version v = files.versions(LEO, n.id()).get(0);
        assertProblem(403, "read-only-share", () -> files.restoreVersion(LEO, n.id(), v.id()));
    }

    @Test
    void noVersionIsKeptWhenSetToZeroAndPurgingTheFileErasesItsVersions() throws Exception {
        Node n = write(MATHS_5A, "a");
        write(MATHS_5A, "bb");
        Path kept = files.versionContent(MATHS_5A, n.id(), files.versions(MATHS_5A, n.id()).get(0).id());
        files.delete(MATHS_5A, n.id());
        files.purge(MATHS_5A, n.id());
        assertFalse(java.nio.file.Files.exists(kept));
        files.keepVersions(0);
        Node m = write(MATHS_5A, "x");
        write(MATHS_5A, "yy");
        assertTrue(files.versions(MATHS_5A, m.id()).isEmpty());
        assertEquals(2, files.usage(MATHS_5A, "perso:" + MATHS_5A.id().value()).used());
    }
}
