package fr.preau.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The words inside the documents pupils and teachers share, within bounds, never through a DTD. */
class TextExtractorTest {

    @TempDir
    Path dir;

    TextExtractor extractor = new TextExtractor(TextExtractor.Limits.DEFAULT);

    @AfterEach
    void close() {
        extractor.close();
    }

    private Path pdf(String name, int pages, boolean encrypted, String... lines) throws IOException {
        return pdf(dir, name, pages, encrypted, lines);
    }

    /** A PDF of {@code pages} pages showing {@code lines} ({@code #}: the page's number), made with PDFBox. */
    static Path pdf(Path dir, String name, int pages, boolean encrypted, String... lines) throws IOException {
        Path file = dir.resolve(name);
        try (PDDocument doc = new PDDocument()) {
            for (int p = 0; p < pages; p++) {
                PDPage page = new PDPage();
                doc.addPage(page);
                try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
                    s.beginText();
                    s.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    s.newLineAtOffset(72, 700);
                    for (String line : lines) {
                        s.showText(line.replace("#", Integer.toString(p + 1)));
                        s.newLineAtOffset(0, -16);
                    }
                    s.endText();
                }
            }
            if (encrypted) {
                StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission());
                policy.setEncryptionKeyLength(128);
                doc.protect(policy);
            }
            doc.save(file.toFile());
        }
        return file;
    }

    private Path zip(String name, Map<String, String> entries) throws IOException {
        Path file = dir.resolve(name);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return file;
    }

    private String text(Path file) {
        return extractor.extract(file, file.getFileName().toString(), null).orElse("");
    }

    @Test
    void aPdfGivesItsWordsWithAccents() throws IOException {
        Path file = pdf("cours.pdf", 2, false, "Construire un parallélogramme", "Page #");
        String text = text(file);
        assertTrue(text.contains("parallélogramme"), text);
        assertTrue(text.contains("Page 1") && text.contains("Page 2"), text);
    }

    @Test
    void openDocumentAndOfficeDocumentsGiveTheirText() throws IOException {
        String odt = "<?xml version=\"1.0\"?><office:document-content xmlns:office=\"urn:o\" xmlns:text=\"urn:t\"><office:body>"
                + "<text:h>Les fractions</text:h><text:p>Exercice n°3 : <text:span>simplifier</text:span></text:p></office:body>"
                + "</office:document-content>";
        assertEquals("Les fractions Exercice n°3 : simplifier", text(zip("devoir.odt", Map.of("content.xml", odt, "mimetype", "x"))));

        String docx = "<w:document xmlns:w=\"urn:w\"><w:body><w:p><w:r><w:t>Rédaction</w:t></w:r></w:p>"
                + "<w:p><w:r><w:t>sur l'hiver</w:t></w:r></w:p></w:body></w:document>";
        assertEquals("Rédaction sur l'hiver", text(zip("texte.docx", Map.of("word/document.xml", docx))));

        String strings = "<sst xmlns=\"urn:s\"><si><t>Élève</t></si><si><t>Moyenne</t></si></sst>";
        String sheet = "<worksheet xmlns=\"urn:s\"><sheetData><row><c t=\"inlineStr\"><is><t>Trimestre</t></is></c></row></sheetData></worksheet>";
        assertEquals("Élève Moyenne Trimestre", text(zip("notes.xlsx", Map.of("xl/sharedStrings.xml", strings, "xl/worksheets/sheet1.xml", sheet))));

        // slides in their order, 10 after 2
        Map<String, String> slides = new LinkedHashMap<>();
        slides.put("ppt/slides/slide10.xml", "<p:sld xmlns:p=\"urn:p\" xmlns:a=\"urn:a\"><a:t>Conclusion</a:t></p:sld>");
        slides.put("ppt/slides/slide2.xml", "<p:sld xmlns:p=\"urn:p\" xmlns:a=\"urn:a\"><a:t>Volcans</a:t></p:sld>");
        slides.put("ppt/slides/slide1.xml", "<p:sld xmlns:p=\"urn:p\" xmlns:a=\"urn:a\"><a:t>Exposé</a:t></p:sld>");
        assertEquals("Exposé Volcans Conclusion", text(zip("expose.pptx", slides)));
    }

    @Test
    void plainTextInUtf8OrWindows1252() throws IOException {
        Path utf8 = dir.resolve("liste.txt");
        Files.writeString(utf8, "\uFEFFCahier   de\n\ttextes : élève");
        assertEquals("Cahier de textes : élève", text(utf8));
        Path latin = dir.resolve("ancien.txt");
        Files.write(latin, "Récréation à l'école".getBytes(Charset.forName("windows-1252")));
        assertEquals("Récréation à l'école", text(latin));
    }

    @Test
    void whatTheBoxDoesNotReadGivesNothing() throws IOException {
        Path image = dir.resolve("photo.jpg");
        Files.write(image, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0});
        assertEquals(Optional.empty(), extractor.extract(image, "photo.jpg", "image/jpeg"));
        // damaged files: no exception, no text
        Path broken = dir.resolve("casse.pdf");
        Files.writeString(broken, "%PDF-1.7 this is not a PDF");
        assertEquals(Optional.empty(), extractor.extract(broken, "casse.pdf", "application/pdf"));
        Path notZip = dir.resolve("faux.docx");
        Files.writeString(notZip, "pas un zip");
        assertEquals(Optional.empty(), extractor.extract(notZip, "faux.docx", null));
        // an encrypted PDF is not opened
        assertEquals(Optional.empty(), extractor.extract(pdf("secret.pdf", 1, true, "confidentiel"), "secret.pdf", null));
        // the sniffed type decides for a name without extension
        assertTrue(extractor.extract(pdf("sans-extension", 1, false, "volcan"), "sans-extension", "application/pdf").orElse("")
                .contains("volcan"));
    }

    @Test
    void aDtdOrAnExternalEntityIsNeverRead() throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "MOT-DE-PASSE");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]><d><p>&x;</p><p>visible</p></d>";
        Optional<String> text = extractor.extract(zip("piege.odt", Map.of("content.xml", xxe)), "piege.odt", null);
        assertFalse(text.orElse("").contains("MOT-DE-PASSE"), text.toString());
        assertEquals(Optional.empty(), text, "a document with a DTD gives no text at all");
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                + "<d>&b;&b;&b;</d>";
        assertEquals(Optional.empty(), extractor.extract(zip("rires.docx", Map.of("word/document.xml", laughs)), "rires.docx", null));
    }

    @Test
    void boundsOnEntriesCharactersPagesSizeAndTime() throws IOException {
        TextExtractor.Limits small = new TextExtractor.Limits(1024 * 1024, 64 * 1024, 2, 50, Duration.ofSeconds(10));
        try (TextExtractor bounded = new TextExtractor(small)) {
            // a zip bomb: 30 MB of one word, compressed to little; reading stops at the entry's bound and the text at 50 characters
            Path bomb = dir.resolve("bombe.odt");
            try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(bomb))) {
                z.putNextEntry(new ZipEntry("content.xml"));
                z.write("<d><p>".getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = "bombe ".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 500; i++) {
                    z.write(chunk);
                }
                z.write("</p></d>".getBytes(StandardCharsets.US_ASCII));
                z.closeEntry();
            }
            assertTrue(Files.size(bomb) < 1024 * 1024, "compressed: " + Files.size(bomb));
            String text = bounded.extract(bomb, "bombe.odt", null).orElse("");
            assertEquals(50, text.length(), text);
            assertTrue(text.startsWith("bombe bombe"), text);

            // only the first 2 pages of a PDF
            String pages = bounded.extract(pdf("long.pdf", 4, false, "P#"), "long.pdf", null).orElse("");
            assertTrue(pages.contains("P1") && pages.contains("P2") && !pages.contains("P3"), pages);

            // a file over the size bound is not opened
            Path big = dir.resolve("gros.txt");
            try (OutputStream out = Files.newOutputStream(big)) {
                out.write(new byte[2 * 1024 * 1024]);
            }
            assertEquals(Optional.empty(), bounded.extract(big, "gros.txt", null));
        }
        // a document that takes longer than allowed is given up
        TextExtractor.Limits hurried = new TextExtractor.Limits(100L * 1024 * 1024, 100L * 1024 * 1024, 200, 50_000_000, Duration.ofMillis(1));
        try (TextExtractor quick = new TextExtractor(hurried)) {
            Path huge = dir.resolve("enorme.txt");
            Files.writeString(huge, "mot ".repeat(5_000_000));
            assertEquals(Optional.empty(), quick.extract(huge, "enorme.txt", null));
        }
    }

    /** A parser stuck in a loop (deaf to interruption) is given up on; the next file is read by a fresh worker. */
    @Test
    void aStuckParserNeverHoldsTheNextFileBack() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        TextExtractor.Reading stubborn = (file, kind) -> {
            if (file.getFileName().toString().startsWith("bloque")) {
                while (release.getCount() > 0) {
                    try {
                        release.await();
                    } catch (InterruptedException deaf) {
                        // a parser in a loop does not look at its interrupt flag
                    }
                }
            }
            return Files.readString(file);
        };
        TextExtractor.Limits quick = new TextExtractor.Limits(1024 * 1024, 1024 * 1024, 10, 1000, Duration.ofMillis(300));
        Path stuck = dir.resolve("bloque.txt");
        Path fine = dir.resolve("cours.txt");
        Files.writeString(stuck, "jamais lu");
        Files.writeString(fine, "la photosynthèse");
        try (TextExtractor extractor = new TextExtractor(quick, stubborn)) {
            assertEquals(Optional.empty(), extractor.extract(stuck, "bloque.txt", null));
            assertEquals(1, extractor.stuck());
            assertEquals(Optional.of("la photosynthèse"), extractor.extract(fine, "cours.txt", null), "a fresh worker reads the next file");
            assertEquals(Optional.empty(), extractor.extract(stuck, "bloque.txt", null));
            assertEquals(2, extractor.stuck());
            // two workers stuck: no third is started, nothing is read until they end
            assertEquals(Optional.empty(), extractor.extract(fine, "cours.txt", null));
            release.countDown();
            long until = System.nanoTime() + 5_000_000_000L;
            while (extractor.stuck() > 0 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertEquals(0, extractor.stuck());
            assertEquals(Optional.of("la photosynthèse"), extractor.extract(fine, "cours.txt", null));
        }
    }

    /** A font the PDF does not embed is drawn with PDFBox's own Liberation Sans: no scan of the system's fonts, no cache file written. */
    @Test
    void pdfBoxNeverScansTheSystemsFonts() throws Exception {
        Path file = pdf("helvetica.pdf", 1, false, "Police non incorporee");
        assertTrue(extractor.extract(file, "helvetica.pdf", null).orElse("").contains("Police non incorporee"));
        assertTrue(org.apache.pdfbox.pdmodel.font.FontMappers.instance() instanceof PdfFonts);
    }
}
