package fr.preau.files.internal;

import static fr.preau.files.internal.World.A5;
import static fr.preau.files.internal.World.B4;
import static fr.preau.files.internal.World.FRENCH_4B;
import static fr.preau.files.internal.World.HEAD;
import static fr.preau.files.internal.World.HELENE;
import static fr.preau.files.internal.World.INES;
import static fr.preau.files.internal.World.LATIN;
import static fr.preau.files.internal.World.LEO;
import static fr.preau.files.internal.World.MATHS_5A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.audit.AuditEvent;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Sharing: who may share with whom (the communication rules), what a share opens, its end, its revocation, « Partagés avec moi ». */
class SharingTest {

    /** Monday 16 November 2026, 9:00 in Paris. */
    static final Instant NOW = Instant.parse("2026-11-16T08:00:00Z");

    @TempDir
    Path dir;
    @RegisterExtension
    static final FilesDb DB = new FilesDb("sharing");
    World world;
    Files files;
    final List<AuditEvent> audit = new ArrayList<>();


    @BeforeEach
    void setUp() throws Exception {
        world = new World(NOW);
        files = world.files(DB.db(), dir, audit::add);
    }

    static String perso(Person p) {
        return "perso:" + p.id().value();
    }

    static String shared(Person p) {
        return "partage:" + p.id().value();
    }

    Node put(Person who, String space, Long folder, String name, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return files.upload(who, space, folder, name, "text/plain", b.length, new ByteArrayInputStream(b), false).node();
    }

    List<Shares.Granted> share(Person who, Node n, String kind, String id, boolean write, LocalDate until) throws Exception {
        return files.shares().share(who, n.id(), List.of(new Shares.Grantee(kind, id)), write, until, "192.0.2.1");
    }

    static void assertProblem(int status, String code, Executable e) {
        ProblemException p = assertThrows(ProblemException.class, e);
        assertEquals(status, p.status(), p.getMessage());
        assertEquals(code, p.code(), p.getMessage());
    }

    String text(Node n) throws Exception {
        return java.nio.file.Files.readString(files.content(n), StandardCharsets.UTF_8);
    }

    @Test
    void aPersonSharedWithReadsTheFileButNobodyElse() throws Exception {
        Node f = put(MATHS_5A, perso(MATHS_5A), null, "Fractions.txt", "1/2 + 1/4");
        assertProblem(404, "file-not-found", () -> files.node(LEO, f.id()));
        share(MATHS_5A, f, "PERSON", LEO.id().value(), false, null);

        assertEquals("1/2 + 1/4", text(files.node(LEO, f.id())));
        List<Node> mine = files.list(LEO, shared(LEO), null);
        assertEquals(List.of("Fractions.txt"), mine.stream().map(Node::name).toList());
        assertProblem(404, "file-not-found", () -> files.node(INES, f.id()));
        assertEquals(List.of(), files.list(INES, shared(INES), null));
        // read only: neither overwritten nor renamed nor deleted
        assertProblem(403, "read-only-share", () -> files.upload(LEO, shared(LEO), null, "Fractions.txt", "text/plain", 1,
                new ByteArrayInputStream(new byte[] {1}), true));
        assertProblem(403, "read-only-share", () -> files.rename(LEO, f.id(), "Mien.txt"));
        // a copy into one's own space is one's own
        Node copy = files.copy(LEO, f.id(), perso(LEO), null, null, false);
        assertEquals(perso(LEO), copy.space());

        AuditEvent e = audit.get(0);
        assertEquals("files.share", e.action());
        assertEquals(MATHS_5A.id(), e.actor());
        assertEquals("PERSON:" + LEO.id().value(), e.details().get("grantee"));
        assertEquals("read", e.details().get("rights"));
    }

    @Test
    void sharingObeysTheCommunicationRules() throws Exception {
        Node leos = put(LEO, perso(LEO), null, "exposé.txt", "Les volcans");
        assertProblem(403, "share-not-allowed", () -> share(LEO, leos, "PERSON", INES.id().value(), false, null));
        assertTrue(files.shares().sharesOf(LEO, leos.id()).isEmpty(), "nothing half-shared");
        share(LEO, leos, "PERSON", MATHS_5A.id().value(), false, null);
        assertEquals("Les volcans", text(files.node(MATHS_5A, leos.id())));
        Node helenes = put(HELENE, perso(HELENE), null, "mot.txt", "Absence jeudi");
        assertProblem(403, "share-not-allowed", () -> share(HELENE, helenes, "PERSON", INES.id().value(), false, null));
        share(HELENE, helenes, "PERSON", MATHS_5A.id().value(), false, null);
        // all or nothing: one refused grantee refuses the request
        assertProblem(403, "share-not-allowed", () -> files.shares().share(LEO, leos.id(),
                List.of(new Shares.Grantee("PERSON", HEAD.id().value()), new Shares.Grantee("PERSON", INES.id().value())), false, null, null));
        assertEquals(1, files.shares().sharesOf(LEO, leos.id()).size());
        assertProblem(400, "share-with-self", () -> share(LEO, leos, "PERSON", LEO.id().value(), false, null));
        assertProblem(400, "share-unknown-grantee", () -> share(LEO, leos, "PERSON", "id-nobody", false, null));
        // the picker offers only whom the rules allow
        Shares.Candidates c = files.shares().candidates(LEO, null, 20);
        assertTrue(c.people().stream().noneMatch(p -> p.id().equals(INES.id())));
        assertTrue(c.people().stream().anyMatch(p -> p.id().equals(MATHS_5A.id())));
        assertEquals(List.of(A5.id()), c.divisions().stream().map(d -> d.id()).toList(), "a pupil shares with their class, not a groupe");
    }

    @Test
    void sharingFollowsTheRulesTheReferentSet() throws Exception {
        Node leos = put(LEO, perso(LEO), null, "exposé.txt", "Les volcans");
        world.rules.setMatrix(LEO.uai(), fr.preau.access.CommunicationMatrix.defaults()
                .withWrite(fr.preau.api.Profile.ELEVE, fr.preau.api.Profile.ENSEIGNANT, fr.preau.access.Reach.NEVER)
                .withWrite(fr.preau.api.Profile.ELEVE, fr.preau.api.Profile.ELEVE, fr.preau.access.Reach.ALWAYS));
        assertProblem(403, "share-not-allowed", () -> share(LEO, leos, "PERSON", MATHS_5A.id().value(), false, null));
        assertTrue(files.shares().candidates(LEO, null, 20).people().stream().noneMatch(p -> p.id().equals(MATHS_5A.id())));
        share(LEO, leos, "PERSON", INES.id().value(), false, null);
        assertEquals("Les volcans", text(files.node(INES, leos.id())), "a pupil of another class, now allowed");
    }

    @Test
    void aClassSharedReadWriteOpensTheFolderToItsMembersOnly() throws Exception {
        Node folder = files.mkdir(MATHS_5A, perso(MATHS_5A), null, "Exercices");
        put(MATHS_5A, perso(MATHS_5A), folder.id(), "énoncé.txt", "Calculer");
        assertProblem(403, "share-not-allowed", () -> share(MATHS_5A, folder, "DIVISION", B4.id(), false, null));
        assertProblem(403, "share-not-allowed", () -> share(LEO, put(LEO, perso(LEO), null, "a.txt", "a"), "DIVISION", LATIN.id(), false, null));
        share(MATHS_5A, folder, "DIVISION", A5.id(), true, null);

        assertEquals(List.of("énoncé.txt"), files.list(LEO, shared(LEO), folder.id()).stream().map(Node::name).toList());
        Node mine = put(LEO, shared(LEO), folder.id(), "réponse.txt", "3/4");
        assertEquals(perso(MATHS_5A), mine.space(), "what a pupil drops in a shared folder is in the owner's space");
        assertEquals(List.of("Exercices"), files.resolve(LEO, shared(LEO), List.of("Exercices")).map(n -> List.of(n.name())).orElseThrow());
        assertEquals(mine.id(), files.resolve(LEO, shared(LEO), List.of("Exercices", "réponse.txt")).orElseThrow().id());
        assertEquals(mine.id(), files.list(LEO, perso(MATHS_5A), folder.id()).stream().filter(n -> n.name().equals("réponse.txt"))
                .findFirst().orElseThrow().id(), "the folder is also listed under its own space");
        files.rename(LEO, mine.id(), "réponse-léo.txt");
        assertProblem(403, "shared-root", () -> files.delete(LEO, folder.id()));
        files.delete(LEO, mine.id());
        assertProblem(404, "space-not-found", () -> files.list(LEO, perso(MATHS_5A), null));
        // other classes, and a parent of the class, are not members
        assertProblem(404, "file-not-found", () -> files.node(INES, folder.id()));
        assertProblem(404, "file-not-found", () -> files.node(FRENCH_4B, folder.id()));
        assertProblem(404, "file-not-found", () -> files.node(HELENE, folder.id()));
        // a member cannot share it further
        assertProblem(403, "share-not-owner", () -> share(LEO, folder, "PERSON", MATHS_5A.id().value(), false, null));
    }

    @Test
    void aShareEndsAtTheEndOfItsLastDayAtOnce() throws Exception {
        Node f = put(MATHS_5A, perso(MATHS_5A), null, "Corrigé.txt", "x = 2");
        assertProblem(400, "share-end-past", () -> share(MATHS_5A, f, "PERSON", LEO.id().value(), false, LocalDate.of(2026, 11, 15)));
        share(MATHS_5A, f, "PERSON", LEO.id().value(), false, LocalDate.of(2026, 11, 17));
        world.clock.set(Instant.parse("2026-11-17T22:59:59Z"));
        assertEquals("x = 2", text(files.node(LEO, f.id())));
        world.clock.advance(Duration.ofSeconds(1));
        assertProblem(404, "file-not-found", () -> files.node(LEO, f.id()));
        assertEquals(List.of(), files.list(LEO, shared(LEO), null));
        Shares.Granted g = files.shares().sharesOf(MATHS_5A, f.id()).get(0);
        assertTrue(g.expired(), "the owner still sees it, marked as ended");
    }

    @Test
    void theOwnerRevokesAShareAndItStopsAtOnce() throws Exception {
        Node f = put(MATHS_5A, perso(MATHS_5A), null, "Sujet.txt", "?");
        long id = share(MATHS_5A, f, "PERSON", LEO.id().value(), false, null).get(0).share().id();
        assertProblem(404, "share-not-found", () -> files.shares().revoke(LEO, id, null));
        assertProblem(404, "share-not-found", () -> files.shares().revoke(FRENCH_4B, id, null));
        files.shares().revoke(MATHS_5A, id, null);
        assertProblem(404, "file-not-found", () -> files.node(LEO, f.id()));
        assertEquals("files.unshare", audit.get(audit.size() - 1).action());
        // sharing again with other rights changes the one share
        share(MATHS_5A, f, "PERSON", LEO.id().value(), false, null);
        share(MATHS_5A, f, "PERSON", LEO.id().value(), true, null);
        assertEquals(1, files.shares().sharesOf(MATHS_5A, f.id()).size());
        assertTrue(files.shares().sharesOf(MATHS_5A, f.id()).get(0).share().canWrite());
    }

    @Test
    void sharedWithMeNamesAreUniqueAndTheTrashHidesWhatItHolds() throws Exception {
        Node a = put(MATHS_5A, perso(MATHS_5A), null, "Cours.txt", "maths");
        Node b = put(HEAD, perso(HEAD), null, "Cours.txt", "direction");
        share(MATHS_5A, a, "PERSON", LEO.id().value(), false, null);
        share(HEAD, b, "PERSON", LEO.id().value(), true, null);
        List<Node> listed = files.list(LEO, shared(LEO), null);
        assertEquals(List.of("Cours.txt", "Cours (2).txt"), listed.stream().map(Node::name).toList());
        // over WebDAV, « Cours (2).txt » is the direction's file, written through its read-write share
        files.upload(LEO, shared(LEO), null, "Cours (2).txt", "text/plain", 3, new ByteArrayInputStream("new".getBytes(StandardCharsets.UTF_8)), true);
        assertEquals("new", text(files.node(HEAD, b.id())));
        assertEquals("Cours.txt", files.node(HEAD, b.id()).name(), "its real name is kept");
        files.delete(MATHS_5A, a.id());
        assertEquals(List.of("Cours.txt"), files.list(LEO, shared(LEO), null).stream().map(Node::name).toList());
        files.restore(MATHS_5A, a.id());
        assertEquals(2, files.list(LEO, shared(LEO), null).size());
        assertProblem(403, "read-only-space", () -> put(LEO, shared(LEO), null, "nouveau.txt", "x"));
    }

    @Test
    void aFolderZipHoldsItsLiveFilesUnderTheirPathsForWhoeverReadsIt() throws Exception {
        Node cours = files.mkdir(MATHS_5A, perso(MATHS_5A), null, "Cours");
        put(MATHS_5A, perso(MATHS_5A), cours.id(), "a.txt", "A");
        Node exos = files.mkdir(MATHS_5A, perso(MATHS_5A), cours.id(), "Exos");
        put(MATHS_5A, perso(MATHS_5A), exos.id(), "b.txt", "B");
        files.delete(MATHS_5A, put(MATHS_5A, perso(MATHS_5A), exos.id(), "jeté.txt", "C").id());
        assertProblem(404, "file-not-found", () -> files.folderZip(LEO, cours.id()));
        share(MATHS_5A, cours, "PERSON", LEO.id().value(), false, null);
        List<ZipWriter.Entry> entries = files.folderZip(LEO, cours.id());
        assertEquals(List.of("Cours/a.txt", "Cours/Exos/b.txt"), entries.stream().map(ZipWriter.Entry::path).toList());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ZipWriter.write(out, entries);
        List<String> read = new ArrayList<>();
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new ByteArrayInputStream(out.toByteArray()), StandardCharsets.UTF_8)) {
            for (java.util.zip.ZipEntry e; (e = zip.getNextEntry()) != null;) {
                read.add(e.getName() + "=" + new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of("Cours/a.txt=A", "Cours/Exos/b.txt=B"), read);
        assertProblem(409, "not-a-folder", () -> files.folderZip(MATHS_5A, files.list(MATHS_5A, perso(MATHS_5A), cours.id()).stream()
                .filter(n -> !n.folder()).findFirst().orElseThrow().id()));
    }
}
