package fr.preau.files.internal;

import static fr.preau.files.internal.SharingTest.assertProblem;
import static fr.preau.files.internal.World.A5;
import static fr.preau.files.internal.World.B4;
import static fr.preau.files.internal.World.FRENCH_4B;
import static fr.preau.files.internal.World.HELENE;
import static fr.preau.files.internal.World.INES;
import static fr.preau.files.internal.World.LEO;
import static fr.preau.files.internal.World.MATHS_5A;
import static fr.preau.files.internal.World.SCHOOL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.Person;
import fr.preau.api.Profile;
import fr.preau.audit.AuditEvent;
import fr.preau.files.internal.FilesStore.DropBox;
import fr.preau.files.internal.FilesStore.HandIn;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Drop boxes: who opens and sees them, hand-ins kept apart, lateness on the box's clock, the zip, corrected files, quotas. */
class DropBoxesTest {

    static final Instant NOW = SharingTest.NOW;
    static final Person EMMA = World.person("emma.petit", "Emma Petit", SCHOOL, Profile.ELEVE);
    /** Another pupil of 5A whose name needs cleaning for a folder (and sorts first). */
    static final Person ODD = World.person("zoe.ambre", "Zoé: Ambre/Line", SCHOOL, Profile.ELEVE);

    @TempDir
    Path dir;
    @RegisterExtension
    static final FilesDb DB = new FilesDb("dropboxes");
    World world;
    Files files;
    DropBoxes boxes;
    final List<AuditEvent> audit = new ArrayList<>();


    @BeforeEach
    void setUp() throws Exception {
        world = new World(NOW);
        world.people.add(EMMA);
        world.people.add(ODD);
        world.divisions.put(EMMA.id(), List.of(A5));
        world.divisions.put(ODD.id(), List.of(A5));
        files = world.files(DB.db(), dir, audit::add);
        boxes = files.dropBoxes();
    }

    DropBox open(Duration in) {
        return boxes.open(MATHS_5A, A5.id(), "Rédaction : mon quartier", "Une page, en PDF.", NOW.plus(in), null, "192.0.2.1");
    }

    HandIn handIn(Person pupil, DropBox b, String name, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return boxes.handIn(pupil, b.id(), name, "text/plain", bytes.length, new ByteArrayInputStream(bytes));
    }

    @Test
    void aTeacherOpensABoxForAClassTheyTeachOnly() throws Exception {
        DropBox b = open(Duration.ofDays(3));
        assertEquals("files.dropbox.open", audit.get(0).action());
        assertProblem(403, "forbidden", () -> boxes.open(MATHS_5A, B4.id(), "X", null, NOW.plusSeconds(60), null, null));
        assertProblem(403, "forbidden", () -> boxes.open(LEO, A5.id(), "X", null, NOW.plusSeconds(60), null, null));
        assertProblem(400, "dropbox-deadline-past", () -> boxes.open(MATHS_5A, A5.id(), "X", null, NOW.minusSeconds(1), null, null));
        assertProblem(400, "dropbox-title", () -> boxes.open(MATHS_5A, A5.id(), "  ", null, NOW.plusSeconds(60), null, null));
        assertProblem(400, "dropbox-unknown-class", () -> boxes.open(MATHS_5A, "0999999Z:CLASSE:9Z", "X", null, NOW.plusSeconds(60), null, null));
        assertEquals(List.of(A5.id(), World.LATIN.id()), boxes.divisionsToOpen(MATHS_5A).stream().map(d -> d.id()).toList());
        // who sees it: its teacher and the pupils of the class
        assertEquals(List.of(b.id()), boxes.visible(MATHS_5A).stream().map(DropBox::id).toList());
        assertEquals(List.of(b.id()), boxes.visible(LEO).stream().map(DropBox::id).toList());
        assertEquals(List.of(), boxes.visible(INES));
        assertEquals(List.of(), boxes.visible(FRENCH_4B));
        assertProblem(404, "dropbox-not-found", () -> boxes.box(INES, b.id()));
        assertProblem(404, "dropbox-not-found", () -> boxes.box(HELENE, b.id()));
        assertProblem(404, "dropbox-not-found", () -> boxes.box(FRENCH_4B, b.id()));
    }

    @Test
    void infectedHandInsAndCorrectedFilesAreRefused(@TempDir Path sockets) throws Exception {
        DropBox b = open(Duration.ofDays(3));
        try (FakeClamd clamd = FakeClamd.unix(sockets, Quotas.MIB, FakeClamd.EICAR_FINDER)) {
            files.antivirus(Antivirus.of(clamd.address(), 5, 1));
            audit.clear();
            assertProblem(422, "file-infected", () -> handIn(LEO, b, "rédaction.txt", FakeClamd.EICAR));
            assertEquals(List.of(), boxes.filesOf(LEO, b));
            assertEquals(0, files.usage(LEO, "perso:" + LEO.id().value()).used());
            byte[] eicar = FakeClamd.EICAR.getBytes(StandardCharsets.ISO_8859_1);
            assertProblem(422, "file-infected", () -> boxes.returnCorrected(MATHS_5A, b.id(), LEO.id().value(), "corrigé.txt", "text/plain",
                    eicar.length, new ByteArrayInputStream(eicar), null));
            assertEquals(List.of("files.infected", "files.infected"), audit.stream().map(e -> e.action()).toList());
            assertEquals("depot:" + b.id(), audit.get(0).subject());
            HandIn ok = handIn(LEO, b, "rédaction.txt", "Mon quartier");
            assertEquals("text/plain", ok.mediaType());
        }
    }

    @Test
    void aPupilNeverSeesAnotherPupilsHandIn() throws Exception {
        DropBox b = open(Duration.ofDays(3));
        HandIn leos = handIn(LEO, b, "rédaction.txt", "Léo");
        HandIn emmas = handIn(EMMA, b, "rédaction.txt", "Emma");
        assertEquals(List.of(leos.id()), boxes.filesOf(LEO, b).stream().map(HandIn::id).toList());
        assertEquals(List.of(emmas.id()), boxes.filesOf(EMMA, b).stream().map(HandIn::id).toList());
        assertProblem(404, "file-not-found", () -> boxes.file(LEO, b.id(), emmas.id()));
        assertProblem(404, "dropbox-not-found", () -> boxes.file(INES, b.id(), emmas.id()));
        assertEquals(emmas.id(), boxes.file(MATHS_5A, b.id(), emmas.id()).id());
        assertEquals(2, boxes.filesOf(MATHS_5A, b).size());
        // the teacher collects, they do not hand in
        assertProblem(403, "dropbox-pupils-only", () -> handIn(MATHS_5A, b, "moi.txt", "x"));
        // handing in the same name again replaces
        HandIn again = handIn(LEO, b, "rédaction.txt", "Léo, version 2");
        assertEquals(List.of(again.id()), boxes.filesOf(LEO, b).stream().map(HandIn::id).toList());
        assertEquals("Léo, version 2", java.nio.file.Files.readString(boxes.content(again)));
    }

    @Test
    void aHandInAfterTheDeadlineIsLateAndCannotBeWithdrawn() throws Exception {
        DropBox b = open(Duration.ofHours(1));
        HandIn onTime = handIn(LEO, b, "a.txt", "à l'heure");
        assertFalse(onTime.late());
        world.clock.advance(Duration.ofHours(1));
        assertFalse(handIn(ODD, b, "b.txt", "pile à l'heure").late(), "at the deadline itself is not late");
        world.clock.advance(Duration.ofSeconds(1));
        HandIn late = handIn(EMMA, b, "b.txt", "en retard");
        assertTrue(late.late());
        assertProblem(409, "dropbox-closed", () -> boxes.withdraw(LEO, b.id(), onTime.id()));
    }

    @Test
    void aPupilWithdrawsTheirHandInBeforeTheDeadline() throws Exception {
        DropBox b = open(Duration.ofHours(1));
        HandIn h = handIn(LEO, b, "a.txt", "brouillon");
        assertProblem(404, "file-not-found", () -> boxes.withdraw(EMMA, b.id(), h.id()));
        boxes.withdraw(LEO, b.id(), h.id());
        assertEquals(List.of(), boxes.filesOf(LEO, b));
    }

    @Test
    void theZipHasAFolderPerPupilNamedNomPrenom() throws Exception {
        DropBox b = open(Duration.ofDays(1));
        handIn(LEO, b, "rédaction.txt", "Léo");
        handIn(LEO, b, "annexe.txt", "Léo 2");
        handIn(EMMA, b, "rédaction.txt", "Emma");
        handIn(ODD, b, "texte.txt", "Zoé");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boxes.writeZip(boxes.zipEntries(MATHS_5A, b.id()), out);
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(out.toByteArray()), StandardCharsets.UTF_8)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
                entries.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(Map.of("Ambre_Line Zoé_/texte.txt", "Zoé", "Marchand Léo/annexe.txt", "Léo 2", "Marchand Léo/rédaction.txt", "Léo",
                "Petit Emma/rédaction.txt", "Emma"), entries);
        assertEquals(List.of("Ambre_Line Zoé_/texte.txt", "Marchand Léo/annexe.txt", "Marchand Léo/rédaction.txt", "Petit Emma/rédaction.txt"),
                List.copyOf(entries.keySet()), "by pupil name, then file name");
        assertEquals("Rédaction _ mon quartier – 5A.zip", boxes.zipName(MATHS_5A, b.id()));
        assertProblem(404, "dropbox-not-found", () -> boxes.zipEntries(LEO, b.id()));
    }

    @Test
    void folderNamesAreCleanedAndMadeUnique() {
        assertEquals("Dupont Jean_Paul", ZipWriter.folderName("Dupont  Jean/Paul"));
        assertEquals("Élève", ZipWriter.folderName(" .. "));
        assertEquals("Ça va", ZipWriter.folderName("C\u0327a va."));
        assertEquals("A_B_C_D_E", ZipWriter.folderName("A<B>C|D?E"));
        java.util.Set<String> taken = new java.util.HashSet<>();
        assertEquals("Martin Léa/devoir.pdf", ZipWriter.unique("Martin Léa/devoir.pdf", taken));
        assertEquals("Martin Léa/Devoir (2).pdf", ZipWriter.unique("Martin Léa/Devoir.pdf", taken), "Windows sees one name");
    }

    @Test
    void theTeacherReturnsACorrectedFileThatOnlyThatPupilSees() throws Exception {
        DropBox b = open(Duration.ofDays(1));
        handIn(LEO, b, "rédaction.txt", "Léo");
        long teacherBefore = files.usage(MATHS_5A, "perso:" + MATHS_5A.id().value()).used();
        byte[] bytes = "Très bien".getBytes(StandardCharsets.UTF_8);
        HandIn back = boxes.returnCorrected(MATHS_5A, b.id(), LEO.id().value(), "corrigé.txt", "text/plain", bytes.length,
                new ByteArrayInputStream(bytes), null);
        assertEquals(HandIn.CORRIGE, back.kind());
        assertEquals(List.of("corrigé.txt"), boxes.filesOf(LEO, b).stream().filter(h -> h.kind().equals(HandIn.CORRIGE)).map(HandIn::name).toList());
        assertEquals(List.of(), boxes.filesOf(EMMA, b));
        assertEquals(back.id(), boxes.file(LEO, b.id(), back.id()).id());
        assertProblem(404, "file-not-found", () -> boxes.file(EMMA, b.id(), back.id()));
        assertProblem(404, "dropbox-not-found", () -> boxes.returnCorrected(FRENCH_4B, b.id(), LEO.id().value(), "x.txt", null, 1,
                new ByteArrayInputStream(new byte[1]), null));
        assertProblem(404, "pupil-not-found", () -> boxes.returnCorrected(MATHS_5A, b.id(), INES.id().value(), "x.txt", null, 1,
                new ByteArrayInputStream(new byte[1]), null));
        assertEquals(teacherBefore + bytes.length, files.usage(MATHS_5A, "perso:" + MATHS_5A.id().value()).used(),
                "a corrected file counts against the teacher's quota");
        assertEquals("files.dropbox.return", audit.get(audit.size() - 1).action());
    }

    @Test
    void aHandInCountsAgainstThePupilsQuota() throws Exception {
        DropBox b = open(Duration.ofDays(1));
        String leos = "perso:" + LEO.id().value();
        handIn(LEO, b, "a.txt", "12345");
        assertEquals(5, files.usage(LEO, leos).used());
        // 1 MiB for pupils in these tests: a hand-in beyond what is left is refused before it is kept
        byte[] big = new byte[(int) Quotas.MIB];
        assertProblem(507, "quota-exceeded", () -> boxes.handIn(LEO, b.id(), "gros.bin", null, big.length, new ByteArrayInputStream(big)));
        assertProblem(507, "quota-exceeded", () -> boxes.handIn(LEO, b.id(), "gros.bin", null, -1, new ByteArrayInputStream(big)));
        assertEquals(1, boxes.filesOf(LEO, b).size());
    }

    @Test
    void aBoxLinksToADevoirOfTheCahierWhenItIsInstalled() throws Exception {
        assertProblem(400, "devoir-unavailable", () -> boxes.open(MATHS_5A, A5.id(), "X", null, NOW.plusSeconds(60), 7L, null));
        DevoirLookup cahier = new DevoirLookup() {
            @Override
            public Optional<LinkedDevoir> devoir(long id) {
                return id == 7 ? Optional.of(new LinkedDevoir(7, A5.id(), "Français", LocalDate.of(2026, 11, 20), "Rédaction")) : Optional.empty();
            }

            @Override
            public List<LinkedDevoir> handIns(String divisionId, LocalDate from, LocalDate to) {
                return List.of();
            }
        };
        files.bindCahier(cahier);
        assertEquals(7L, boxes.open(MATHS_5A, A5.id(), "X", null, NOW.plusSeconds(60), 7L, null).devoirId());
        assertProblem(400, "devoir-not-found", () -> boxes.open(MATHS_5A, A5.id(), "X", null, NOW.plusSeconds(60), 8L, null));
        assertProblem(400, "devoir-not-found", () -> boxes.open(MATHS_5A, World.LATIN.id(), "X", null, NOW.plusSeconds(60), 7L, null));
        files.unbindCahier(cahier);
        assertProblem(400, "devoir-unavailable", () -> boxes.open(MATHS_5A, A5.id(), "X", null, NOW.plusSeconds(60), 7L, null));
    }
}
