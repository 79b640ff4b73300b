package fr.preau.directory.letters;

import static fr.preau.directory.letters.Fixtures.EXPIRY;
import static fr.preau.directory.letters.Fixtures.ISSUED;
import static fr.preau.directory.letters.Fixtures.SCHOOL;
import static fr.preau.directory.letters.Fixtures.batch;
import static fr.preau.directory.letters.Fixtures.child;
import static fr.preau.directory.letters.Fixtures.code;
import static fr.preau.directory.letters.Fixtures.id;
import static fr.preau.directory.letters.Fixtures.pages;
import static fr.preau.directory.letters.Fixtures.parent;
import static fr.preau.directory.letters.Fixtures.pdf;
import static fr.preau.directory.letters.Fixtures.pupil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.Profile;
import fr.preau.directory.letters.RenderReport.SectionPages;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class CredentialLettersTest {

    @Test
    void aPupilsLetterShowsTheAddressLoginCodeAndExpiryInFrench() {
        Letter lea = pupil("Léa", "Martin", "4A");
        List<String> pages = pages(pdf(batch(lea)));

        assertEquals(1, pages.size());
        String page = pages.get(0);
        assertTrue(page.contains("Collège Jean Rostand"), page);
        assertTrue(page.contains("UAI 0999999Z"), page);
        assertTrue(page.contains("Éditée le vendredi 28 août 2026"), page);
        assertTrue(page.contains("Léa MARTIN"), page);
        assertTrue(page.contains("Élève · classe 4A"), page);
        assertTrue(page.contains("Votre accès à l'espace numérique de travail"), page);
        assertTrue(page.contains("Bonjour Léa,"), page);
        assertTrue(page.contains("https://ent.college-rostand.fr/"), page);
        assertTrue(page.contains("Identifiant " + lea.login()), page);
        assertTrue(page.contains("Code d'activation " + lea.activationCode()), page);
        assertTrue(page.contains("Ce code est valable jusqu'au lundi 7 septembre 2026 à 18 h 00."), page);
        assertTrue(page.contains("« Première connexion ? J'ai un code d'activation »"), page);
        assertTrue(page.contains("« Activer mon compte »"), page);
        assertTrue(page.contains("au moins 12 caractères"), page);
        assertTrue(page.contains("d'au moins 16 caractères"), page);
        assertTrue(page.contains("à la vie scolaire ou au référent numérique"), page);
        assertTrue(page.contains("Ce courrier est personnel : gardez-le pour vous"), page);
        assertTrue(page.contains("Élèves – 4A"), page);
        assertTrue(page.contains("Page 1 sur 1"), page);
    }

    @Test
    void aParentWithTwoChildrenGetsOnePageNamingBoth() {
        Letter zoe = pupil("Zoé", "Martin", "6B");
        Letter leo = pupil("Léo", "Martin", "4A");
        Letter claire = parent("Claire", "Martin", child("Léo", "Martin", "4A"), child("Zoé", "Martin", "6B"));
        byte[] pdf = pdf(batch(leo, claire, zoe));
        List<String> pages = pages(pdf);

        assertEquals(3, pages.size(), "one page per person");
        List<String> parentPages = pages.stream().filter(p -> p.contains("Claire MARTIN")).toList();
        assertEquals(1, parentPages.size());
        String page = parentPages.get(0);
        assertTrue(page.contains("Responsable légal"), page);
        assertTrue(page.contains("Ce compte concerne vos enfants :"), page);
        // children in school order: 6B before 4A; the letter is filed under the first one
        assertTrue(page.indexOf("Zoé Martin, classe 6B") < page.indexOf("Léo Martin, classe 4A"), page);
        assertTrue(page.contains("Responsables légaux – 6B"), page);
        assertTrue(page.contains("pas même à votre enfant"), page);
        assertTrue(page.contains("Identifiant " + claire.login()), page);
        assertTrue(page.contains(claire.activationCode()), page);
    }

    @Test
    void lettersAreFiledByClassInSchoolOrderThenByName() throws IOException {
        Letter durand = pupil("Émile", "Durand", "6A");
        Letter hugo = pupil("Hugo", "Martin", "6A");
        Letter ana = pupil("Ana", "Martin", "6A");
        Letter abadie = pupil("Zoé", "Abadie", "3A");
        Letter eluard = pupil("Éric", "Eluard", "6B");
        Letter petit = pupil("Noa", "Petit", "5A");
        Letter lina = pupil("Lina", "Martin", "4A");
        Letter paul = parent("Paul", "Martin", child("Lina", "Martin", "4A"), child("Hugo", "Martin", "6A"));
        Letter nadia = parent("Nadia", "Durand", child("Émile", "Durand", "6A"));
        Letter prof = Letter.forStaff(id(), new PersonName("Anne", "Bernard"), Profile.ENSEIGNANT, "anne.bernard",
                code(99), EXPIRY);
        LetterBatch batch = batch(prof, paul, abadie, lina, petit, hugo, eluard, nadia, ana, durand);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RenderReport report = new CredentialLetters().render(batch, out);
        List<String> pages = pages(out.toByteArray());

        assertEquals(10, report.pages());
        assertEquals(10, pages.size(), "one page per person");
        List<String> expected = List.of("Émile DURAND", "Ana MARTIN", "Hugo MARTIN", // Élèves – 6A
                "Nadia DURAND", "Paul MARTIN", // Responsables légaux – 6A, in their children's order
                "Éric ELUARD", // 6B
                "Noa PETIT", // 5A
                "Lina MARTIN", // 4A
                "Zoé ABADIE", // 3A
                "Anne BERNARD"); // Personnels
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(pages.get(i).contains(expected.get(i)), "page " + (i + 1) + " should be " + expected.get(i)
                    + ":\n" + pages.get(i));
        }
        assertEquals(List.of(new SectionPages("Élèves – 6A", 1, 3), new SectionPages("Responsables légaux – 6A", 4, 2),
                new SectionPages("Élèves – 6B", 6, 1), new SectionPages("Élèves – 5A", 7, 1),
                new SectionPages("Élèves – 4A", 8, 1), new SectionPages("Élèves – 3A", 9, 1),
                new SectionPages("Personnels", 10, 1)), report.sections());
        assertTrue(pages.get(1).contains("Élèves – 6A") && pages.get(1).contains("Page 2 sur 3"), pages.get(1));
        assertTrue(pages.get(4).contains("Responsables légaux – 6A") && pages.get(4).contains("Page 2 sur 2"));
        assertTrue(pages.get(9).contains("Enseignant") && pages.get(9).contains("au référent numérique de l'établissement")
                && !pages.get(9).contains("vie scolaire"), pages.get(9));
        assertEquals(List.of(), report.withReplacedCharacters());

        try (PDDocument doc = Loader.loadPDF(out.toByteArray())) {
            List<String> bookmarks = new ArrayList<>();
            doc.getDocumentCatalog().getDocumentOutline().children().forEach(b -> bookmarks.add(b.getTitle()));
            assertEquals(List.of("Élèves – 6A (3)", "Responsables légaux – 6A (2)", "Élèves – 6B (1)", "Élèves – 5A (1)",
                    "Élèves – 4A (1)", "Élèves – 3A (1)", "Personnels (1)"), bookmarks);
            assertEquals("fr-FR", doc.getDocumentCatalog().getLanguage());
            assertEquals("Lettres de première connexion – Collège Jean Rostand", doc.getDocumentInformation().getTitle());
        }
    }

    @Test
    void unusualNamesRenderAsTheyAre() throws IOException {
        List<Letter> letters = List.of(
                pupil("Łukasz", "Żółkiewski-Ğüneş", "4A"),
                pupil("Françoise", "Œdipe-Núñez", "4A"),
                pupil("Jürgen", "Straße", "4A"),
                pupil("Siobhán", "Ó Briain", "4A"),
                pupil("Ngọc Ánh", "Nguyễn", "4A"),
                pupil("Αλέξανδρος", "Παπαδόπουλος", "4A"),
                pupil("Дмитрий", "Иванов", "4A"),
                pupil("Zoe\u0308", "d'Aubigné", "4A")); // decomposed ë
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RenderReport report = new CredentialLetters().render(new LetterBatch(SCHOOL, ISSUED, letters), out);
        String all = String.join("\n", pages(out.toByteArray()));

        for (String expected : List.of("Bonjour Łukasz,", "Łukasz ŻÓŁKIEWSKI-ĞÜNEŞ", "Françoise ŒDIPE-NÚÑEZ",
                "Jürgen STRASSE", "Siobhán Ó BRIAIN", "Ngọc Ánh NGUYỄN", "Αλέξανδρος ΠΑΠΑΔΌΠΟΥΛΟΣ", "Дмитрий ИВАНОВ",
                "Bonjour Zoë,", "Zoë D'AUBIGNÉ")) {
            assertTrue(all.contains(expected), expected + " in\n" + all);
        }
        assertEquals(List.of(), report.withReplacedCharacters());
    }

    @Test
    void charactersTheFontLacksBecomeQuestionMarksAndRenderingGoesOn() throws IOException {
        Letter li = pupil("李小龍", "Lee", "4A");
        Letter devanagari = pupil("अनिता", "Sharma\u200B", "4A"); // and a zero-width space, dropped
        Letter fine = pupil("Léa", "Martin", "4A");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RenderReport report = new CredentialLetters().render(batch(li, devanagari, fine), out);
        List<String> pages = pages(out.toByteArray());

        assertEquals(3, pages.size());
        String all = String.join("\n", pages);
        assertTrue(all.contains("??? LEE"), all);
        assertTrue(all.contains("????? SHARMA Élève"), all);
        assertTrue(all.contains(li.activationCode()) && all.contains(devanagari.activationCode()));
        assertEquals(List.of(li.person(), devanagari.person()), report.withReplacedCharacters()); // page order
    }

    @Test
    void thePageRendersWithTheCodeInDarkInk() throws IOException {
        Letter lea = pupil("Léa", "Martin", "4A");
        byte[] pdf = pdf(batch(lea, parent("Claire", "Martin", child("Léa", "Martin", "4A"))));
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            float dpi = 100;
            BufferedImage image = new PDFRenderer(doc).renderImageWithDPI(0, dpi);
            Path png = Path.of("target", "letter-page-1.png");
            Files.createDirectories(png.getParent());
            ImageIO.write(image, "png", png.toFile());

            assertEquals(827, image.getWidth(), 1);
            assertEquals(1169, image.getHeight(), 1);
            double inked = darkShare(image, 0, 0, image.getWidth(), image.getHeight(), 160);
            assertTrue(inked > 0.02 && inked < 0.25, "page ink share " + inked);

            // where the code is, from the text positions; it must be printed there, dark and large
            float[] box = textBox(doc, lea.activationCode());
            float scale = dpi / 72f;
            int x0 = (int) (box[0] * scale);
            int y0 = (int) (box[1] * scale);
            int x1 = (int) Math.ceil(box[2] * scale);
            int y1 = (int) Math.ceil(box[3] * scale);
            assertTrue(y1 - y0 >= 20, "the code is large: " + (y1 - y0) + " px high at 100 dpi");
            double codeInk = darkShare(image, x0, y0, x1, y1, 80);
            assertTrue(codeInk > 0.15, "the code area is dark: " + codeInk);
            // and the margin beside it is not
            assertTrue(darkShare(image, 0, y0, 40, y1, 160) == 0);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // a safety net, not a benchmark: the time is printed
    void fifteenHundredLettersRenderWithBoundedMemoryAndNoScratchFileLeft(@TempDir Path scratch) throws IOException {
        List<Letter> letters = new ArrayList<>();
        String[] levels = {"6", "5", "4", "3"};
        String[] sections = {"A", "B", "C", "D", "E", "F", "G", "H", "J", "K"};
        int n = 0;
        for (String level : levels) {
            for (String s : sections) {
                for (int i = 0; i < 25; i++) {
                    letters.add(pupil("Prénom" + n, "Nom" + (n * 7919 % 1000), level + s));
                    n++;
                }
            }
        }
        for (int i = 0; i < 500; i++) {
            Letter a = letters.get(i * 2);
            letters.add(parent("Parent" + i, a.name().last(), child(a.name().first(), a.name().last(), a.division()),
                    child("Cadet" + i, a.name().last(), "3K")));
        }
        assertEquals(1500, letters.size());
        LetterBatch batch = new LetterBatch(SCHOOL, ISSUED, letters);

        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        CountingStream out = new CountingStream();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        RenderReport report = new CredentialLetters(CredentialLetters.PARIS, scratch).render(batch, out);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long cpuMs = (threads.getCurrentThreadCpuTime() - cpu0) / 1_000_000;
        long after = rt.totalMemory() - rt.freeMemory();
        // wall time depends on what else the machine runs; the CPU time of this thread is the steadier figure
        System.out.printf(Locale.ROOT, "1500 letters: %d ms (%d ms CPU), %d KiB of PDF, heap used %d MiB before, "
                + "%d MiB after (max %d MiB)%n", ms, cpuMs, out.count / 1024, before >> 20, after >> 20, rt.maxMemory() >> 20);

        assertEquals(1500, report.pages());
        assertEquals(80, report.sections().size()); // 40 classes × (élèves, responsables légaux)
        assertFalse(out.closed, "the caller's stream stays open");
        assertTrue(out.count > 100_000);
        try (Stream<Path> left = Files.list(scratch)) {
            assertEquals(List.of(), left.toList(), "the scratch file (it holds codes) is deleted");
        }
    }

    @Test
    void aCodeThatExpiredBeforeTheLettersDateIsRefused() {
        Letter old = Letter.forPupil(id(), new PersonName("Léa", "Martin"), "lea.martin", code(1),
                ZonedDateTime.of(2026, 8, 27, 23, 0, 0, 0, CredentialLetters.PARIS).toInstant(), "4A");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CredentialLetters().render(batch(old), OutputStream.nullOutputStream()));
        assertTrue(e.getMessage().contains("expired before the letters' date"), e.getMessage());
        assertFalse(e.getMessage().contains(old.activationCode()));
    }

    @Test
    void aLongNameOrManyChildrenStillFitOnePage() throws IOException {
        List<Child> children = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            children.add(child("Enfant" + i, "Montmorency-Laval de Saint-Exupéry", (6 - i % 4) + "A"));
        }
        Letter big = Letter.forParent(id(), new PersonName("Marie-Bernadette Anne-Sophie",
                "de Montmorency-Laval de Saint-Exupéry de La Tour d'Auvergne"), "mb.montmorency-laval-de-saint-exupery",
                code(5), EXPIRY, children);
        LetterBatch batch = new LetterBatch(new Letterhead("Lycée polyvalent régional Jean-Baptiste Poquelin dit "
                + "Molière et Section d'enseignement professionnel", SCHOOL.uai(),
                java.net.URI.create("https://ent.lycee-polyvalent-regional-moliere.example.fr/portail/")), ISSUED,
                List.of(big));
        byte[] pdf = pdf(batch);
        List<String> pages = pages(pdf);
        assertEquals(1, pages.size());
        String page = pages.get(0);
        assertTrue(page.contains("Enfant0 Montmorency-Laval de Saint-Exupéry (6A)"), page);
        assertTrue(page.contains("https://ent.lycee-polyvalent-regional-moliere.example.fr/portail/"), page);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            float lastLine = textBox(doc, "détruire ce courrier.")[3];
            float footer = textBox(doc, "Page 1 sur 1")[1];
            assertTrue(lastLine < footer - 12, "the body ends above the footer: " + lastLine + " / " + footer);
        }
    }

    @Test
    void fontsAreEmbeddedAsSubsets() throws IOException {
        byte[] pdf = pdf(batch(pupil("Léa", "Martin", "4A")));
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            List<String> names = new ArrayList<>();
            for (var name : doc.getPage(0).getResources().getFontNames()) {
                PDFont font = doc.getPage(0).getResources().getFont(name);
                assertTrue(font.isEmbedded(), font.getName());
                names.add(font.getName());
            }
            assertTrue(names.stream().allMatch(n -> n.matches("[A-Z]{6}\\+DejaVuSans.*")), names.toString());
        }
        assertTrue(pdf.length < 120_000, "subset fonts keep one letter small: " + pdf.length);
    }

    @Test
    void anotherZoneShowsItsOwnTime() throws IOException {
        Letter lea = pupil("Léa", "Martin", "4A");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CredentialLetters(java.time.ZoneId.of("Indian/Reunion"), null)
                .render(new LetterBatch(SCHOOL, LocalDate.of(2026, 8, 28), List.of(lea)), out);
        assertTrue(pages(out.toByteArray()).get(0).contains("jusqu'au lundi 7 septembre 2026 à 20 h 00"));
    }

    /** Share of pixels darker than {@code threshold} (0–255 luminance) in [x0, x1) × [y0, y1). */
    private static double darkShare(BufferedImage img, int x0, int y0, int x1, int y1, int threshold) {
        long dark = 0;
        long all = 0;
        for (int y = Math.max(0, y0); y < Math.min(img.getHeight(), y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(img.getWidth(), x1); x++) {
                int rgb = img.getRGB(x, y);
                int lum = (299 * (rgb >> 16 & 0xff) + 587 * (rgb >> 8 & 0xff) + 114 * (rgb & 0xff)) / 1000;
                dark += lum < threshold ? 1 : 0;
                all++;
            }
        }
        return all == 0 ? 0 : (double) dark / all;
    }

    /** The box (x0, top, x1, bottom, in points from the top left) of the first occurrence of {@code text} on page 1. */
    private static float[] textBox(PDDocument doc, String text) throws IOException {
        float[] box = new float[4];
        PDFTextStripper stripper = new PDFTextStripper() {
            @Override
            protected void writeString(String s, List<TextPosition> positions) throws IOException {
                int at = s.indexOf(text);
                if (at >= 0 && box[2] == 0) {
                    TextPosition first = positions.get(at);
                    TextPosition last = positions.get(at + text.length() - 1);
                    box[0] = first.getXDirAdj();
                    box[2] = last.getXDirAdj() + last.getWidthDirAdj();
                    box[3] = first.getYDirAdj();
                    box[1] = first.getYDirAdj() - first.getFontSizeInPt() * 0.75f;
                }
                super.writeString(s, positions);
            }
        };
        stripper.setStartPage(1);
        stripper.setEndPage(1);
        stripper.getText(doc);
        assertTrue(box[2] > 0, "found " + text);
        return box;
    }

    private static final class CountingStream extends OutputStream {
        long count;
        boolean closed;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
