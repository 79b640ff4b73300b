package fr.preau.files.internal;

import static fr.preau.files.internal.World.A5;
import static fr.preau.files.internal.World.B4;
import static fr.preau.files.internal.World.FRENCH_4B;
import static fr.preau.files.internal.World.HEAD;
import static fr.preau.files.internal.World.HELENE;
import static fr.preau.files.internal.World.INES;
import static fr.preau.files.internal.World.LEO;
import static fr.preau.files.internal.World.MATHS_5A;
import static fr.preau.files.internal.World.OTHER_HEAD;
import static fr.preau.files.internal.World.REFERENT;
import static fr.preau.files.internal.World.SCHOOL;
import static fr.preau.files.internal.World.STAFF;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.store.testing.Databases;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FilesTest {

    static final Instant NOW = Instant.parse("2026-11-16T08:00:00Z");

    @TempDir
    Path dir;
    World world;
    /** One migrated database for the class (a migration takes about a second), emptied before each test. */
    @RegisterExtension
    static final FilesDb DB = new FilesDb("files");
    Files files;
    /** What the module wrote to the audit log. */
    final List<fr.preau.audit.AuditEvent> audit = new java.util.ArrayList<>();


    @BeforeEach
    void setUp() throws Exception {
        world = new World(NOW);
        files = world.files(DB.db(), dir, audit::add);
    }

    /** 1 MiB for everyone but 4 MiB for teachers, 3 MiB per shared space, 2 MiB per file. */
    static Quotas small() {
        Map<Profile, Long> p = new EnumMap<>(Profile.class);
        for (Profile each : Profile.values()) {
            p.put(each, Quotas.MIB);
        }
        p.put(Profile.ENSEIGNANT, 4 * Quotas.MIB);
        return new Quotas(p, 3 * Quotas.MIB, 2 * Quotas.MIB);
    }

    static String perso(Person p) {
        return "perso:" + p.id().value();
    }

    static final String CLASSE_5A = "classe:" + A5.id();
    static final String CLASSE_4B = "classe:" + B4.id();
    static final String PROFS = "profs:" + SCHOOL.value();
    static final String ETAB = "etab:" + SCHOOL.value();

    Node put(Person who, String space, Long folder, String name, byte[] bytes) throws Exception {
        return files.upload(who, space, folder, name, "application/octet-stream", bytes.length, new ByteArrayInputStream(bytes), false).node();
    }

    Node put(Person who, String space, String name, String text) throws Exception {
        return put(who, space, null, name, text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    // --- permissions: profile × space × read/write ---------------------------------------------------

    static Stream<Arguments> matrix() {
        // who, space, may read, may write
        return Stream.of(
                Arguments.of(LEO, perso(LEO), true, true),
                Arguments.of(INES, perso(LEO), false, false),
                Arguments.of(MATHS_5A, perso(LEO), false, false),
                Arguments.of(HEAD, perso(LEO), false, false),
                Arguments.of(REFERENT, perso(LEO), false, false),
                Arguments.of(HELENE, perso(LEO), false, false),
                Arguments.of(HELENE, perso(HELENE), true, true),
                Arguments.of(LEO, CLASSE_5A, true, false),
                Arguments.of(INES, CLASSE_5A, false, false),
                Arguments.of(MATHS_5A, CLASSE_5A, true, true),
                Arguments.of(FRENCH_4B, CLASSE_5A, false, false),
                Arguments.of(FRENCH_4B, CLASSE_4B, true, true),
                Arguments.of(HELENE, CLASSE_5A, false, false),
                Arguments.of(HEAD, CLASSE_5A, true, false),
                Arguments.of(STAFF, CLASSE_5A, false, false),
                Arguments.of(REFERENT, CLASSE_5A, false, false),
                Arguments.of(OTHER_HEAD, CLASSE_5A, false, false),
                Arguments.of(LEO, PROFS, false, false),
                Arguments.of(HELENE, PROFS, false, false),
                Arguments.of(MATHS_5A, PROFS, true, true),
                Arguments.of(STAFF, PROFS, true, true),
                Arguments.of(HEAD, PROFS, true, true),
                Arguments.of(REFERENT, PROFS, false, false),
                Arguments.of(OTHER_HEAD, PROFS, false, false),
                Arguments.of(LEO, ETAB, true, false),
                Arguments.of(HELENE, ETAB, true, false),
                Arguments.of(MATHS_5A, ETAB, true, false),
                Arguments.of(STAFF, ETAB, true, false),
                Arguments.of(HEAD, ETAB, true, true),
                Arguments.of(OTHER_HEAD, ETAB, false, false));
    }

    @ParameterizedTest(name = "{0} on {1}: read {2}, write {3}")
    @MethodSource("matrix")
    void permissions(Person who, String space, boolean read, boolean write) throws Exception {
        Space s = files.spaces().find(space).orElseThrow();
        assertEquals(read, files.spaces().mayRead(who, s), "read");
        assertEquals(write, files.spaces().mayWrite(who, s), "write");
        if (read) {
            assertEquals(List.of(), files.list(who, space, null));
        } else {
            assertEquals(404, assertThrows(ProblemException.class, () -> files.list(who, space, null)).status());
        }
        ProblemException refused = null;
        try {
            put(who, space, "essai.txt", "bonjour");
        } catch (ProblemException e) {
            refused = e;
        }
        if (write) {
            assertNull(refused);
        } else {
            assertEquals(read ? 403 : 404, refused.status());
            assertEquals(read ? "read-only-space" : "space-not-found", refused.code());
        }
    }

    @Test
    void eachPersonSeesTheSpacesTheyReach() {
        assertEquals(List.of(perso(LEO), CLASSE_5A, "classe:" + World.LATIN.id(), ETAB, shared(LEO)), ids(files.spaces(LEO)));
        assertEquals(List.of(perso(MATHS_5A), CLASSE_5A, "classe:" + World.LATIN.id(), PROFS, ETAB, shared(MATHS_5A)), ids(files.spaces(MATHS_5A)));
        assertEquals(List.of(perso(HELENE), ETAB, shared(HELENE)), ids(files.spaces(HELENE)));
        assertEquals(List.of(perso(STAFF), PROFS, ETAB, shared(STAFF)), ids(files.spaces(STAFF)));
        assertTrue(ids(files.spaces(HEAD)).containsAll(List.of(perso(HEAD), CLASSE_5A, CLASSE_4B, PROFS, ETAB)));
    }

    static String shared(Person p) {
        return "partage:" + p.id().value();
    }

    static List<String> ids(List<Space> spaces) {
        return spaces.stream().map(Space::id).toList();
    }

    @Test
    void unknownOrMalformedSpacesAreNotFound() {
        for (String id : List.of("perso:nobody", "classe:0999999Z:CLASSE:9Z", "etab:nonsense", "autre:x", "perso", "", "perso:../x")) {
            assertEquals(404, assertThrows(ProblemException.class, () -> files.list(LEO, id, null)).status(), id);
        }
    }

    // --- bytes ---------------------------------------------------------------------------------------

    @Test
    void uploadKeepsBytesAndSha256AndWritesNoTemporaryFileBehind() throws Exception {
        byte[] bytes = random(1_500_000);
        Node n = put(MATHS_5A, perso(MATHS_5A), null, "gros.bin", bytes);
        assertEquals(bytes.length, n.size());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), n.sha256());
        assertArrayEquals(bytes, java.nio.file.Files.readAllBytes(files.content(n)));
        try (Stream<Path> tmp = java.nio.file.Files.list(dir.resolve("blobs").resolve("tmp"))) {
            assertEquals(0, tmp.count());
        }
        assertEquals(List.of("gros.bin"), files.list(MATHS_5A, perso(MATHS_5A), null).stream().map(Node::name).toList());
    }

    @Test
    void sameNameIsRefusedUnlessReplacing() throws Exception {
        Node first = put(LEO, perso(LEO), "a.txt", "un");
        assertEquals("name-taken", assertThrows(ProblemException.class, () -> put(LEO, perso(LEO), "a.txt", "deux")).code());
        Files.Upload again = files.upload(LEO, perso(LEO), null, "a.txt", "text/plain", 4, new ByteArrayInputStream("deux".getBytes()), true);
        assertFalse(again.created());
        assertEquals(first.id(), again.node().id());
        assertEquals("deux", java.nio.file.Files.readString(files.content(again.node())));
        // the earlier content is kept as a version (VersionsTest), the same blob
        assertEquals(List.of(first.blob()), files.versions(LEO, first.id()).stream().map(FilesStore.Version::blob).toList());
        files.keepVersions(0);
        Node before = files.node(LEO, first.id());
        files.upload(LEO, perso(LEO), null, "a.txt", "text/plain", 5, new ByteArrayInputStream("trois".getBytes()), true);
        assertFalse(java.nio.file.Files.exists(dir.resolve("blobs").resolve(before.blob().substring(0, 2)).resolve(before.blob())),
                "without versions, the replaced bytes are erased");
    }

    // --- quotas --------------------------------------------------------------------------------------

    @Test
    void declaredLengthOverQuotaIsRefusedBeforeReading() throws Exception {
        InputStream never = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("read although the declared length is over quota");
            }
        };
        ProblemException e = assertThrows(ProblemException.class,
                () -> files.upload(LEO, perso(LEO), null, "x.bin", null, 2 * Quotas.MIB - 1, never, false));
        assertEquals(507, e.status());
        assertEquals("quota-exceeded", e.code());
        assertTrue(e.getMessage().contains("Espace plein") || e.title().contains("Espace plein"), e.title());
        assertEquals(413, assertThrows(ProblemException.class,
                () -> files.upload(MATHS_5A, perso(MATHS_5A), null, "x.bin", null, 3 * Quotas.MIB, never, false)).status());
    }

    @Test
    void undeclaredLengthIsBoundedWhileStreamingAndNothingIsKept() throws Exception {
        put(LEO, perso(LEO), null, "a.bin", random(700_000));
        ProblemException e = assertThrows(ProblemException.class,
                () -> files.upload(LEO, perso(LEO), null, "b.bin", null, -1, new ByteArrayInputStream(random(400_000)), false));
        assertEquals(507, e.status());
        assertEquals(1, files.list(LEO, perso(LEO), null).size());
        assertEquals(700_000, files.usage(LEO, perso(LEO)).used());
        assertEquals(Quotas.MIB, files.usage(LEO, perso(LEO)).limit());
        try (Stream<Path> blobs = java.nio.file.Files.walk(dir.resolve("blobs"))) {
            assertEquals(1, blobs.filter(java.nio.file.Files::isRegularFile).count());
        }
    }

    // --- antivirus and types -------------------------------------------------------------------------------

    long blobCount() throws IOException {
        try (Stream<Path> blobs = java.nio.file.Files.walk(dir.resolve("blobs"))) {
            return blobs.filter(java.nio.file.Files::isRegularFile).count();
        }
    }

    @Test
    void anInfectedUploadIsRefusedAuditedAndLeavesNothing(@TempDir Path sockets) throws Exception {
        try (FakeClamd clamd = FakeClamd.unix(sockets, Quotas.MIB, FakeClamd.EICAR_FINDER)) {
            files.antivirus(Antivirus.of(clamd.address(), 5, 1));
            Node kept = put(LEO, perso(LEO), null, "a.bin", random(1000));
            long used = files.usage(LEO, perso(LEO)).used();
            long blobs = blobCount();
            audit.clear();
            ProblemException e = assertThrows(ProblemException.class, () -> put(LEO, perso(LEO), "devoir.txt", "bonjour " + FakeClamd.EICAR));
            assertEquals(422, e.status());
            assertEquals("file-infected", e.code());
            assertTrue(e.title().contains("« Eicar-Signature »"), e.title());
            // replacing an existing file with infected bytes keeps the old bytes
            assertThrows(Antivirus.Infected.class, () -> files.upload(LEO, perso(LEO), null, "a.bin", null, -1,
                    new ByteArrayInputStream(FakeClamd.EICAR.getBytes(StandardCharsets.ISO_8859_1)), true));
            assertEquals(List.of("a.bin"), files.list(LEO, perso(LEO), null).stream().map(Node::name).toList());
            assertEquals(kept.sha256(), files.node(LEO, kept.id()).sha256());
            assertEquals(used, files.usage(LEO, perso(LEO)).used());
            assertEquals(blobs, blobCount());
            try (Stream<Path> tmp = java.nio.file.Files.list(dir.resolve("blobs").resolve("tmp"))) {
                assertEquals(0, tmp.count(), "no temporary file left");
            }
            assertEquals(2, audit.size());
            fr.preau.audit.AuditEvent event = audit.get(0);
            assertEquals("files.infected", event.action());
            assertEquals(LEO.id(), event.actor());
            assertEquals(perso(LEO), event.subject());
            assertFalse(event.success());
            assertEquals(Map.of("name", "devoir.txt", "virus", "Eicar-Signature"), event.details());
            // a clean file goes through the same clamd
            Node clean = put(LEO, perso(LEO), "propre.txt", "bonjour");
            assertEquals("text/plain", clean.mediaType());
            assertEquals("bonjour", new String(clamd.last.get(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void clamdUnreachableRefusesUploadsButNotCopies(@TempDir Path sockets) throws Exception {
        Node a = put(LEO, perso(LEO), "a.txt", "avant");
        files.antivirus(Antivirus.of(sockets.resolve("nobody.sock").toString(), 1, 1));
        ProblemException e = assertThrows(ProblemException.class, () -> put(LEO, perso(LEO), "b.txt", "après"));
        assertEquals(503, e.status());
        assertEquals("antivirus-unavailable", e.code());
        assertEquals(List.of("a.txt"), files.list(LEO, perso(LEO), null).stream().map(Node::name).toList());
        // bytes already on the box were scanned when they came in
        files.copy(LEO, a.id(), perso(LEO), null, "copie.txt", false);
        assertEquals(503, assertThrows(ProblemException.class, () -> files.testAntivirus(REFERENT)).status());
        assertEquals(403, assertThrows(ProblemException.class, () -> files.testAntivirus(LEO)).status());
        files.antivirus(Antivirus.OFF);
        assertFalse(files.testAntivirus(REFERENT).on());
        put(LEO, perso(LEO), "b.txt", "après");
    }

    @Test
    void aMistypedClamdAddressKeepsTheModuleButRefusesUploads() throws Exception {
        files.antivirus(Antivirus.of("clamd.ctl", 30, 25));
        ProblemException e = assertThrows(ProblemException.class, () -> put(LEO, perso(LEO), "a.txt", "x"));
        assertEquals("antivirus-unavailable", e.code());
        assertEquals(List.of(), files.list(LEO, perso(LEO), null));
        ProblemException test = assertThrows(ProblemException.class, () -> files.testAntivirus(REFERENT));
        assertEquals("antivirus-address-invalid", test.code());
        assertTrue(test.title().contains("« clamd.ctl »"), test.title());
        put(LEO, perso(LEO), "vide.txt", ""); // nothing to scan in an empty file (a WebDAV LOCK creates one)
    }

    @Test
    void largerThanClamdTakesIsRefusedBeforeSending(@TempDir Path sockets) throws Exception {
        try (FakeClamd clamd = FakeClamd.unix(sockets, 4 * Quotas.MIB, FakeClamd.EICAR_FINDER)) {
            files.antivirus(Antivirus.of(clamd.address(), 5, 1));
            ProblemException e = assertThrows(ProblemException.class, () -> put(MATHS_5A, perso(MATHS_5A), null, "gros.bin", random((int) Quotas.MIB + 1)));
            assertEquals(413, e.status());
            assertEquals("file-too-large-to-scan", e.code());
            assertEquals(0, clamd.streams.get());
            assertEquals(List.of(), files.list(MATHS_5A, perso(MATHS_5A), null));
            assertTrue(files.testAntivirus(REFERENT).version().startsWith("ClamAV"));
        }
    }

    @Test
    void theStoredTypeIsSniffedNotDeclared() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d};
        Node n = files.upload(LEO, perso(LEO), null, "photo.pdf", "application/pdf", png.length, new ByteArrayInputStream(png), false).node();
        assertEquals("image/png", n.mediaType());
        Node html = files.upload(LEO, perso(LEO), null, "image.png", "image/png", -1,
                new ByteArrayInputStream("<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8)), false).node();
        assertEquals("text/html", html.mediaType());
        assertEquals("application/octet-stream", Sniffer.served(html.mediaType()));
    }

    @Test
    void trashCountsUntilPurged() throws Exception {
        Node a = put(LEO, perso(LEO), null, "a.bin", random(700_000));
        files.delete(LEO, a.id());
        assertEquals(507, assertThrows(ProblemException.class,
                () -> put(LEO, perso(LEO), null, "b.bin", random(400_000))).status());
        files.purge(LEO, a.id());
        put(LEO, perso(LEO), null, "b.bin", random(400_000));
    }

    @Test
    void sharedSpaceQuotaAppliesToMovesAndCopies() throws Exception {
        Node big = put(MATHS_5A, perso(MATHS_5A), null, "big.bin", random(2 * 1024 * 1024));
        files.copy(MATHS_5A, big.id(), CLASSE_5A, null, null, false);
        assertEquals(507, assertThrows(ProblemException.class, () -> files.copy(MATHS_5A, big.id(), CLASSE_5A, null, "b2.bin", false)).status());
        assertEquals(507, assertThrows(ProblemException.class, () -> files.move(MATHS_5A, big.id(), CLASSE_5A, null, "b3.bin", false)).status());
        assertEquals(List.of("big.bin"), files.list(MATHS_5A, perso(MATHS_5A), null).stream().map(Node::name).toList());
    }

    // --- folders, move, copy, trash ------------------------------------------------------------------

    @Test
    void foldersMoveCopyAndRename() throws Exception {
        Node cours = files.mkdir(MATHS_5A, CLASSE_5A, null, "Cours");
        Node ch1 = files.mkdir(MATHS_5A, CLASSE_5A, cours.id(), "Chapitre 1");
        Node pdf = put(MATHS_5A, CLASSE_5A, ch1.id(), "fractions.pdf", "%PDF".getBytes());
        assertEquals(List.of("Chapitre 1"), files.list(LEO, CLASSE_5A, cours.id()).stream().map(Node::name).toList());
        assertEquals(409, assertThrows(ProblemException.class, () -> files.mkdir(MATHS_5A, CLASSE_5A, pdf.id(), "x")).status());
        assertEquals("into-itself", assertThrows(ProblemException.class,
                () -> files.move(MATHS_5A, cours.id(), CLASSE_5A, ch1.id(), null, false)).code());
        Node renamed = files.rename(MATHS_5A, pdf.id(), "Fractions.pdf");
        assertEquals("Fractions.pdf", renamed.name());
        Node copy = files.copy(MATHS_5A, cours.id(), perso(MATHS_5A), null, "Cours (copie)", false);
        Node copiedCh1 = files.list(MATHS_5A, perso(MATHS_5A), copy.id()).get(0);
        Node copiedPdf = files.list(MATHS_5A, perso(MATHS_5A), copiedCh1.id()).get(0);
        assertEquals("%PDF", java.nio.file.Files.readString(files.content(copiedPdf)));
        assertFalse(copiedPdf.blob().equals(pdf.blob()));
        // a move to another space carries the folder's contents along
        files.move(MATHS_5A, ch1.id(), perso(MATHS_5A), null, "Chap", false);
        assertEquals(List.of(), files.list(LEO, CLASSE_5A, cours.id()));
        Node chap = files.list(MATHS_5A, perso(MATHS_5A), null).stream().filter(n -> n.name().equals("Chap")).findFirst().orElseThrow();
        assertEquals(List.of("Fractions.pdf"), files.list(MATHS_5A, perso(MATHS_5A), chap.id()).stream().map(Node::name).toList());
        assertEquals(404, assertThrows(ProblemException.class, () -> files.node(LEO, pdf.id())).status());
    }

    @Test
    void pupilCannotChangeTheClassSpace() throws Exception {
        Node pdf = put(MATHS_5A, CLASSE_5A, "cours.pdf", "x");
        assertEquals(403, assertThrows(ProblemException.class, () -> files.rename(LEO, pdf.id(), "y.pdf")).status());
        assertEquals(403, assertThrows(ProblemException.class, () -> files.delete(LEO, pdf.id())).status());
        assertEquals(403, assertThrows(ProblemException.class, () -> files.move(LEO, pdf.id(), perso(LEO), null, null, false)).status());
        assertEquals(403, assertThrows(ProblemException.class, () -> files.mkdir(LEO, CLASSE_5A, null, "moi")).status());
        // but may copy it into their own space
        files.copy(LEO, pdf.id(), perso(LEO), null, null, false);
        assertEquals(404, assertThrows(ProblemException.class, () -> files.node(INES, pdf.id())).status());
    }

    @Test
    void trashRestoresAFolderWithWhatItHeld() throws Exception {
        Node f = files.mkdir(LEO, perso(LEO), null, "Exposé");
        Node a = put(LEO, perso(LEO), f.id(), "a.txt", "a".getBytes());
        Node b = put(LEO, perso(LEO), f.id(), "b.txt", "b".getBytes());
        files.delete(LEO, b.id());
        world.clock.advance(Duration.ofMinutes(1));
        files.delete(LEO, f.id());
        assertEquals(List.of(), files.list(LEO, perso(LEO), null));
        assertEquals(List.of("Exposé", "b.txt"), files.trash(LEO, perso(LEO)).stream().map(Node::name).toList());
        assertEquals(404, assertThrows(ProblemException.class, () -> files.node(LEO, a.id())).status());
        // meanwhile a new folder took the name
        files.mkdir(LEO, perso(LEO), null, "Exposé");
        Node back = files.restore(LEO, f.id());
        assertEquals("Exposé (2)", back.name());
        assertEquals(List.of("a.txt"), files.list(LEO, perso(LEO), back.id()).stream().map(Node::name).toList());
        // b was deleted on its own: still in the trash, restored into its folder
        assertEquals(List.of("b.txt"), files.trash(LEO, perso(LEO)).stream().map(Node::name).toList());
        assertEquals(back.id(), files.restore(LEO, b.id()).parentId());
    }

    @Test
    void restoreGoesToTheRootWhenTheFolderIsGone() throws Exception {
        Node f = files.mkdir(LEO, perso(LEO), null, "Dossier");
        Node a = put(LEO, perso(LEO), f.id(), "a.txt", "a".getBytes());
        files.delete(LEO, a.id());
        files.delete(LEO, f.id());
        files.purge(LEO, f.id());
        Node back = files.restore(LEO, a.id());
        assertNull(back.parentId());
        assertEquals(List.of("a.txt"), files.list(LEO, perso(LEO), null).stream().map(Node::name).toList());
    }

    @Test
    void sweepPurgesAfterThirtyDaysWithTheBlobs() throws Exception {
        Node f = files.mkdir(LEO, perso(LEO), null, "Vieux");
        Node a = put(LEO, perso(LEO), f.id(), "a.bin", random(10_000));
        Node keep = put(LEO, perso(LEO), null, "garde.txt", "x".getBytes());
        files.delete(LEO, f.id());
        world.clock.advance(Duration.ofDays(29));
        assertEquals(0, files.sweep());
        world.clock.advance(Duration.ofDays(1).plusSeconds(1));
        assertEquals(1, files.sweep());
        assertEquals(List.of(), files.trash(LEO, perso(LEO)));
        assertFalse(java.nio.file.Files.exists(files.content(a)));
        assertTrue(java.nio.file.Files.exists(files.content(keep)));
        assertEquals(1, files.usage(LEO, perso(LEO)).used());
        assertEquals(List.of(), Databases.query(DB.db(), "SELECT id FROM files_node WHERE id IN (?, ?)", f.id(), a.id()));
    }

    @Test
    void onlyWritersSeeAndTouchTheTrash() throws Exception {
        Node pdf = put(MATHS_5A, CLASSE_5A, "cours.pdf", "x");
        files.delete(MATHS_5A, pdf.id());
        assertEquals(403, assertThrows(ProblemException.class, () -> files.trash(LEO, CLASSE_5A)).status());
        assertEquals(403, assertThrows(ProblemException.class, () -> files.restore(LEO, pdf.id())).status());
        assertEquals(404, assertThrows(ProblemException.class, () -> files.restore(INES, pdf.id())).status());
        files.restore(MATHS_5A, pdf.id());
    }

    @Test
    void deadPropertiesAndPathsForWebDav() throws Exception {
        Node f = files.mkdir(LEO, perso(LEO), null, "A");
        Node t = put(LEO, perso(LEO), f.id(), "t.txt", "x".getBytes());
        assertEquals(t.id(), files.resolve(LEO, perso(LEO), List.of("A", "t.txt")).orElseThrow().id());
        assertTrue(files.resolve(LEO, perso(LEO), List.of("A", "t.txt", "z")).isEmpty());
        files.patchProperties(LEO, t, java.util.Collections.singletonList(new String[] {"urn:x", "p", "<p xmlns=\"urn:x\">v</p>"}));
        assertEquals(Map.of(List.of("urn:x", "p"), "<p xmlns=\"urn:x\">v</p>"), files.properties(t));
        Node c = files.copy(LEO, t.id(), perso(LEO), null, "u.txt", false);
        assertEquals(1, files.properties(c).size());
    }

    @Test
    void changelogRunsOnPostgresMode() throws Exception {
        DataSource h2 = Databases.h2PostgresMode(FilesSchema.CHANGELOG, FilesTest.class.getClassLoader());
        Files onH2 = new Files(h2, world.access, world.directory, world.clock, world.rules, audit::add, small(), dir.resolve("h2"), false);
        Node f = onH2.mkdir(LEO, perso(LEO), null, "Dossier");
        onH2.upload(LEO, perso(LEO), f.id(), "a.txt", null, -1, new ByteArrayInputStream("a".getBytes()), false);
        onH2.delete(LEO, f.id());
        world.clock.advance(Duration.ofDays(31));
        assertEquals(1, onH2.sweep());
    }

    @SuppressWarnings("unused")
    private static void unused() throws IOException {
    }
}
