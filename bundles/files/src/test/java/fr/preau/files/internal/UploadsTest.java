package fr.preau.files.internal;

import static fr.preau.files.internal.World.HELENE;
import static fr.preau.files.internal.World.LEO;
import static fr.preau.files.internal.World.MATHS_5A;
import static fr.preau.files.internal.World.A5;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class UploadsTest {

    static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");
    @RegisterExtension
    static final FilesDb DB = new FilesDb("uploads");

    @TempDir
    Path dir;
    World world;
    Files files;
    Uploads uploads;


    @BeforeEach
    void setUp() throws Exception {
        world = new World(NOW);
        // 1 MiB for pupils, 4 MiB for teachers, 2 MiB per file (FilesTest.small)
        files = world.files(DB.db(), dir, e -> { });
        uploads = new Uploads(files, world.clock, dir.resolve("envois"), false);
    }

    static String perso(Person p) {
        return "perso:" + p.id().value();
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    static InputStream piece(byte[] all, int from, int to) {
        return new ByteArrayInputStream(Arrays.copyOfRange(all, from, to));
    }

    /** A body that gives {@code n} bytes, then breaks as a dropped connection does. */
    static InputStream cutAfter(byte[] bytes, int n) {
        return new InputStream() {
            int at;

            @Override
            public int read() throws IOException {
                if (at >= n) {
                    throw new IOException("connection reset");
                }
                return bytes[at++] & 0xff;
            }
        };
    }

    long sessionDirs() throws IOException {
        if (!java.nio.file.Files.isDirectory(dir.resolve("envois"))) {
            return 0;
        }
        try (Stream<Path> all = java.nio.file.Files.list(dir.resolve("envois"))) {
            return all.count();
        }
    }

    byte[] content(Node n) throws IOException {
        return java.nio.file.Files.readAllBytes(files.content(n));
    }

    @Test
    void threePiecesACutAResumeAndTheFileIsWhole() throws Exception {
        byte[] bytes = random(900_000);
        Uploads.Session s = uploads.create(LEO, perso(LEO), null, "Exposé volcans.mp4", bytes.length, "video/mp4", false);
        assertEquals(0, s.received());
        assertEquals(NOW.plus(Duration.ofHours(24)), s.expires());
        assertEquals(300_000, uploads.append(LEO, s.id(), 0, 300_000, piece(bytes, 0, 300_000)).received());
        // the second piece is cut after 100,000 bytes: they are kept, and the box says where to start again
        assertThrows(IOException.class, () -> uploads.append(LEO, s.id(), 300_000, 300_000, cutAfter(Arrays.copyOfRange(bytes, 300_000, 600_000), 100_000)));
        assertEquals(400_000, uploads.status(LEO, s.id()).received());
        // sending from the old offset again is refused with the offset to resume from
        ProblemException stale = assertThrows(ProblemException.class, () -> uploads.append(LEO, s.id(), 300_000, 300_000, piece(bytes, 300_000, 600_000)));
        assertEquals(409, stale.status());
        assertEquals("upload-offset-mismatch", stale.code());
        assertTrue(stale.title().contains("400000"), stale.title());
        // not complete yet: finishing is refused
        assertEquals("upload-incomplete", assertThrows(ProblemException.class, () -> uploads.finish(LEO, s.id())).code());
        assertEquals(700_000, uploads.append(LEO, s.id(), 400_000, -1, piece(bytes, 400_000, 700_000)).received());
        assertEquals(900_000, uploads.append(LEO, s.id(), 700_000, 200_000, piece(bytes, 700_000, 900_000)).received());
        assertTrue(files.list(LEO, perso(LEO), null).isEmpty(), "nothing visible before the end");
        Files.Upload done = uploads.finish(LEO, s.id());
        assertTrue(done.created());
        assertEquals("Exposé volcans.mp4", done.node().name());
        assertEquals(900_000, done.node().size());
        assertArrayEquals(bytes, content(done.node()));
        assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes)), done.node().sha256());
        assertEquals(0, sessionDirs(), "the session and its bytes are gone");
        assertEquals(404, assertThrows(ProblemException.class, () -> uploads.status(LEO, s.id())).status());
    }

    @Test
    void theQuotaIsCheckedAtOpeningOnEachPieceAndOnTheBytes() throws Exception {
        // Léo has 1 MiB: a declared size over it is refused before any byte
        ProblemException full = assertThrows(ProblemException.class,
                () -> uploads.create(LEO, perso(LEO), null, "film.mp4", 1_100_000, null, false));
        assertEquals(507, full.status());
        assertEquals("quota-exceeded", full.code());
        assertEquals(0, sessionDirs());
        // over the largest file (2 MiB): 413
        assertEquals(413, assertThrows(ProblemException.class,
                () -> uploads.create(MATHS_5A, perso(MATHS_5A), null, "film.mp4", 3 * Quotas.MIB, null, false)).status());
        // an open session holds its room: a second one that would not fit with it is refused
        Uploads.Session a = uploads.create(LEO, perso(LEO), null, "a.bin", 600_000, null, false);
        assertEquals(507, assertThrows(ProblemException.class, () -> uploads.create(LEO, perso(LEO), null, "b.bin", 600_000, null, false))
                .status());
        // bytes beyond the declared size are refused, and the offset does not move
        byte[] more = random(600_001);
        ProblemException tooLong = assertThrows(ProblemException.class, () -> uploads.append(LEO, a.id(), 0, -1, new ByteArrayInputStream(more)));
        assertEquals(413, tooLong.status());
        assertEquals("upload-too-long", tooLong.code());
        assertEquals(0, uploads.status(LEO, a.id()).received());
        assertEquals(413, assertThrows(ProblemException.class, () -> uploads.append(LEO, a.id(), 0, 600_001, new ByteArrayInputStream(more)))
                .status());
        // the space fills meanwhile (a direct upload): the next piece is refused
        uploads.append(LEO, a.id(), 0, 100_000, piece(more, 0, 100_000));
        files.upload(LEO, perso(LEO), null, "autre.bin", null, 500_000, new ByteArrayInputStream(random(500_000)), false);
        assertEquals(507, assertThrows(ProblemException.class, () -> uploads.append(LEO, a.id(), 100_000, 100_000, piece(more, 100_000, 200_000)))
                .status());
        // the session is kept: room made, it goes on
        files.delete(LEO, files.list(LEO, perso(LEO), null).get(0).id());
        files.purge(LEO, files.trash(LEO, perso(LEO)).get(0).id());
        assertEquals(200_000, uploads.append(LEO, a.id(), 100_000, 100_000, piece(more, 100_000, 200_000)).received());
    }

    @Test
    void onlyTheWritersOfAPlaceOpenOneAndOnlyTheOwnerSeesIt() throws Exception {
        String classe = "classe:" + A5.id();
        assertEquals(403, assertThrows(ProblemException.class, () -> uploads.create(LEO, classe, null, "x.bin", 10, null, false)).status());
        assertEquals(404, assertThrows(ProblemException.class, () -> uploads.create(HELENE, perso(LEO), null, "x.bin", 10, null, false)).status());
        assertEquals(400, assertThrows(ProblemException.class, () -> uploads.create(LEO, perso(LEO), null, "a/b", 10, null, false)).status());
        Uploads.Session s = uploads.create(MATHS_5A, classe, null, "cours.pdf", 10, null, false);
        assertEquals(404, assertThrows(ProblemException.class, () -> uploads.status(LEO, s.id())).status());
        assertEquals(404, assertThrows(ProblemException.class, () -> uploads.append(LEO, s.id(), 0, 1, piece(new byte[1], 0, 1))).status());
        assertEquals(404, assertThrows(ProblemException.class, () -> uploads.finish(LEO, s.id())).status());
        assertEquals(404, assertThrows(ProblemException.class, () -> uploads.cancel(LEO, s.id())).status());
        assertEquals(404, assertThrows(ProblemException.class, () -> uploads.status(MATHS_5A, "../../blobs")).status());
        uploads.cancel(MATHS_5A, s.id());
        assertEquals(0, sessionDirs());
    }

    @Test
    void aPersonKeepsAFewSessionsOpenAndTheyExpireAfterADayWithoutNews() throws Exception {
        List<Uploads.Session> open = new java.util.ArrayList<>();
        for (int i = 0; i < Uploads.MAX_OPEN; i++) {
            open.add(uploads.create(MATHS_5A, perso(MATHS_5A), null, "f" + i + ".bin", 1000, null, false));
        }
        ProblemException many = assertThrows(ProblemException.class, () -> uploads.create(MATHS_5A, perso(MATHS_5A), null, "g.bin", 10, null, false));
        assertEquals(429, many.status());
        assertEquals("too-many-uploads", many.code());
        // someone else is not concerned
        uploads.create(LEO, perso(LEO), null, "g.bin", 10, null, false);
        // a piece keeps a session alive: 20 h later, the one that received bytes lives on, the others expire at 24 h
        world.clock.advance(Duration.ofHours(20));
        uploads.append(MATHS_5A, open.get(0).id(), 0, 500, piece(random(500), 0, 500));
        world.clock.advance(Duration.ofHours(5));
        assertEquals(Uploads.MAX_OPEN, uploads.sweep(), "four of his and Léo's");
        assertEquals(1, sessionDirs());
        assertEquals(500, uploads.status(MATHS_5A, open.get(0).id()).received());
        assertEquals(404, assertThrows(ProblemException.class, () -> uploads.status(MATHS_5A, open.get(1).id())).status());
        world.clock.advance(Duration.ofHours(24));
        assertEquals(404, assertThrows(ProblemException.class, () -> uploads.status(MATHS_5A, open.get(0).id())).status());
        assertEquals(0, sessionDirs());
    }

    @Test
    void finishingReplacesWithAVersionAndAnInfectedFileIsRefusedAndForgotten(@TempDir Path sockets) throws Exception {
        files.upload(LEO, perso(LEO), null, "devoir.txt", null, -1, new ByteArrayInputStream("v1".getBytes(StandardCharsets.UTF_8)), false);
        byte[] v2 = "version 2".getBytes(StandardCharsets.UTF_8);
        Uploads.Session s = uploads.create(LEO, perso(LEO), null, "devoir.txt", v2.length, null, true);
        assertEquals(409, assertThrows(ProblemException.class, () -> uploads.create(LEO, perso(LEO), null, "devoir.txt", 2, null, false)).status());
        uploads.append(LEO, s.id(), 0, v2.length, new ByteArrayInputStream(v2));
        Files.Upload replaced = uploads.finish(LEO, s.id());
        assertFalse(replaced.created());
        assertEquals("text/plain", replaced.node().mediaType());
        assertEquals(1, files.versions(LEO, replaced.node().id()).size());
        try (FakeClamd clamd = FakeClamd.unix(sockets, Quotas.MIB, FakeClamd.EICAR_FINDER)) {
            files.antivirus(Antivirus.of(clamd.address(), 5, 1));
            byte[] eicar = ("x " + FakeClamd.EICAR).getBytes(StandardCharsets.ISO_8859_1);
            Uploads.Session bad = uploads.create(LEO, perso(LEO), null, "virus.txt", eicar.length, null, false);
            uploads.append(LEO, bad.id(), 0, eicar.length, new ByteArrayInputStream(eicar));
            assertEquals("file-infected", assertThrows(ProblemException.class, () -> uploads.finish(LEO, bad.id())).code());
            assertEquals(0, sessionDirs());
            assertEquals(List.of("devoir.txt"), files.list(LEO, perso(LEO), null).stream().map(Node::name).toList());
            // more than clamd takes (1 MiB here) is refused at the opening, before a piece is sent
            ProblemException unscannable = assertThrows(ProblemException.class,
                    () -> uploads.create(MATHS_5A, perso(MATHS_5A), null, "film.mp4", Quotas.MIB + 1, null, false));
            assertEquals(413, unscannable.status());
            assertEquals("file-too-large-to-scan", unscannable.code());
            assertEquals(0, sessionDirs());
        }
    }

    @Test
    void aPieceSaysWhereItGoesByPositionOrContentRange() {
        assertEquals(0, Uploads.offset(null, "0", 10, 100));
        assertEquals(40, Uploads.offset("bytes 40-49/100", null, 10, 100));
        assertEquals(40, Uploads.offset("bytes 40-49/*", "7", -1, 100));
        for (String[] bad : new String[][] {{"bytes 40-49/99", null}, {"bytes 40-48/100", null}, {"octets 1-2/3", null}, {null, null},
            {null, "-4"}, {null, "douze"}}) {
            ProblemException e = assertThrows(ProblemException.class, () -> Uploads.offset(bad[0], bad[1], 10, 100));
            assertEquals("upload-range-invalid", e.code());
        }
    }
}
