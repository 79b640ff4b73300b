package fr.preau.cahier.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.cahier.DevoirKind;
import fr.preau.cahier.internal.Rows.Amendment;
import fr.preau.cahier.internal.Rows.Devoir;
import fr.preau.cahier.internal.Rows.Kind;
import fr.preau.cahier.internal.Rows.Link;
import fr.preau.cahier.internal.Rows.Piece;
import fr.preau.cahier.internal.Rows.Scope;
import fr.preau.cahier.internal.Rows.Seance;
import fr.preau.cahier.internal.Rows.Visa;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

class PdfExportTest {

    static final Scope MATHS = new Scope("0999999Z", "0999999Z:CLASSE:5A", "5A", "061300", "Mathématiques", "t1", "Julien Dumas");
    static final Instant AT = Instant.parse("2026-12-21T10:00:00Z");

    static Seance seance(long id, String date, String start, String title, String content) {
        return new Seance(id, MATHS, Kind.SEANCE, LocalDate.parse(date), start, "09:25", title, content, AT.minusSeconds(864_000),
                AT.minusSeconds(864_000), AT.minusSeconds(864_000));
    }

    static Devoir devoir(long id, Long seance, String due, DevoirKind kind, String instructions, Integer minutes) {
        return new Devoir(id, seance, MATHS, LocalDate.parse(due), kind, instructions, minutes, true, AT.minusSeconds(864_000), true,
                AT.minusSeconds(864_000), AT.minusSeconds(864_000));
    }

    static String text(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    @Test
    void theTextOfEveryDayIsThereWithItsAccentsListsDevoirsVisasAndAmendments() throws IOException {
        Seance s1 = seance(1, "2026-12-01", "08:30", "Fractions : l’essentiel…",
                "<p>Révision des fractions — « œuvre » à Noël, ça va ?</p><ul><li>addition</li><li>soustraction</li></ul>"
                        + "<ol><li>premier</li><li>second</li></ol><p>Fin<br />ligne &amp; suite</p>");
        Seance s2 = seance(2, "2026-12-03", "10:30", "Géométrie", "<p>Le triangle équilatéral. Emoji 🙂 et grec α.</p>");
        Devoir d1 = devoir(10, 1L, "2026-12-04", DevoirKind.SUR_TABLE, "<p>Réviser le chapitre 3</p>", 60);
        Devoir alone = devoir(11, null, "2026-12-08", DevoirKind.LECTURE, "<p>Lire « Le Petit Prince »</p>", null);
        PdfExport.Content c = new PdfExport.Content("Collège Jean Rostand", "5A", LocalDate.parse("2026-12-01"),
                LocalDate.parse("2026-12-20"), List.of(s1, s2), Map.of(1L, List.of(d1)), List.of(alone),
                Map.of(1L, List.of(new Link("https://exemple.fr/fractions", "Vidéo"))),
                Map.of(1L, List.of(new Piece(5, 1, "exercices-fractions.pdf", "application/pdf", 1234, "b", AT))),
                List.of(new Visa(1, "0999999Z", MATHS.divisionId(), LocalDate.parse("2026-12-18"), "d1", "Anne Verger",
                        Instant.parse("2026-12-19T09:00:00Z"))),
                List.of(new Amendment(1, 1L, null, "t1", "Julien Dumas", "Exercice 4 et non 5.", Instant.parse("2026-12-05T09:00:00Z"))),
                AT, MATHS.divisionId(), List.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PdfExport.write(c, out);
        String text = text(out.toByteArray());
        for (String expected : List.of("Cahier de textes – 5A", "Collège Jean Rostand", "Du mardi 1er décembre 2026 au dimanche 20 décembre 2026",
                "Mardi 1er décembre 2026", "Jeudi 3 décembre 2026", "Mardi 8 décembre 2026", "08:30 – 09:25 · Mathématiques · Julien Dumas",
                "Fractions : l’essentiel…", "Révision des fractions — « œuvre » à Noël, ça va ?", "• addition", "• soustraction",
                "1. premier", "2. second", "ligne & suite", "Le triangle équilatéral. Emoji ? et grec ?.",
                "Vidéo – https://exemple.fr/fractions", "Pièces jointes : exercices-fractions.pdf",
                "Pour le vendredi 4 décembre 2026 – Devoir sur table / contrôle (environ 1 h, à rendre)", "Réviser le chapitre 3",
                "Travail donné hors séance, pour ce jour :", "Lire « Le Petit Prince »",
                "Visé par Anne Verger le samedi 19 décembre 2026 jusqu'au vendredi 18 décembre 2026.",
                "Rectificatif du samedi 5 décembre 2026 (Julien Dumas) : Exercice 4 et non 5.", "Page 1 / 1")) {
            assertTrue(text.contains(expected), () -> "missing « " + expected + " » in:\n" + text);
        }
    }

    @Test
    void longPeriodsBreakIntoNumberedPagesAndLongWordsWrap() throws IOException {
        List<Seance> many = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            many.add(seance(i + 1, LocalDate.parse("2026-11-02").plusDays(i).toString(), "08:30", "Séance " + (i + 1),
                    "<p>" + "Un paragraphe assez long pour devoir être coupé sur plusieurs lignes dans la page. ".repeat(4) + "</p>"
                            + "<p>https://exemple.fr/" + "x".repeat(300) + "</p>"));
        }
        PdfExport.Content c = new PdfExport.Content("Collège", "5A", LocalDate.parse("2026-11-02"), LocalDate.parse("2026-12-31"), many,
                Map.of(), List.of(), Map.of(), Map.of(), List.of(), List.of(), AT, MATHS.divisionId(), List.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PdfExport.write(c, out);
        try (PDDocument doc = Loader.loadPDF(out.toByteArray())) {
            int pages = doc.getNumberOfPages();
            assertTrue(pages > 5, "pages: " + pages);
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains("Page " + pages + " / " + pages));
            assertTrue(text.contains("Séance 60"));
        }
    }

    @Test
    void aClassWithTheGroupesOfItsPupilsNamesEachGroupeEntryAndVisa() throws IOException {
        Scope espagnol = new Scope("0999999Z", "0999999Z:GROUPE:5-ESP", "5 ESP", "030600", "Espagnol LV2", "t2", "Lucía Moreno");
        Seance classe = seance(1, "2026-12-01", "08:30", "Fractions", "<p>…</p>");
        Seance groupe = new Seance(2, espagnol, Kind.SEANCE, LocalDate.parse("2026-12-01"), "10:30", "11:25", "Los colores", "<p>¡Hola!</p>",
                AT.minusSeconds(864_000), AT.minusSeconds(864_000), AT.minusSeconds(864_000));
        Devoir alone = new Devoir(3, null, espagnol, LocalDate.parse("2026-12-03"), DevoirKind.MAISON, "<p>Vocabulaire</p>", null, false,
                AT.minusSeconds(864_000), true, AT.minusSeconds(864_000), AT.minusSeconds(864_000));
        PdfExport.Content c = new PdfExport.Content("Collège", "5A", LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-04"),
                List.of(classe, groupe), Map.of(), List.of(alone), Map.of(), Map.of(),
                List.of(new Visa(1, "0999999Z", espagnol.divisionId(), LocalDate.parse("2026-12-02"), "d1", "Anne Verger", AT)),
                List.of(), AT, MATHS.divisionId(), List.of(new PdfExport.Part(espagnol.divisionId(), "5 ESP")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PdfExport.write(c, out);
        String text = text(out.toByteArray());
        for (String expected : List.of("Avec le groupe de ses élèves : 5 ESP.", "08:30 – 09:25 · Mathématiques · Julien Dumas",
                "10:30 – 11:25 · Espagnol LV2 · groupe 5 ESP · Lucía Moreno", "Espagnol LV2, groupe 5 ESP (Lucía",
                "5 ESP : visé par Anne Verger")) {
            assertTrue(text.contains(expected), () -> "missing « " + expected + " » in:\n" + text);
        }
    }

    @Test
    void anEmptyPeriodSaysSo() throws IOException {
        PdfExport.Content c = new PdfExport.Content("Collège", "5A", LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-02"),
                List.of(), Map.of(), List.of(), Map.of(), Map.of(), List.of(), List.of(), AT, MATHS.divisionId(), List.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PdfExport.write(c, out);
        assertTrue(text(out.toByteArray()).contains("Aucune séance ni aucun devoir publié sur cette période."));
    }

    @Test
    void theFileNameIsAscii() {
        assertEquals("cahier-de-textes-5A-2026-12-01-2026-12-20.pdf",
                PdfExport.fileName("5A", LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-20")));
        assertEquals("cahier-de-textes-4e-Europeen-2026-12-01-2026-12-20.pdf",
                PdfExport.fileName("4e « Européen »", LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-20")));
    }

    @Test
    void htmlBecomesLines() {
        assertEquals("a\n• b\n  1. c\nd", HtmlLines.text("<p>a</p><ul><li>b<ol><li>c</li></ol></li></ul><p><strong>d</strong></p>"));
        assertEquals("l'école", HtmlLines.text("<p>l&#39;école</p>"));
        assertFalse(HtmlLines.text("").contains("\n"));
    }
}
