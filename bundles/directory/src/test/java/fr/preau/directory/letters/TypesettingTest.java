package fr.preau.directory.letters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.directory.letters.Canvas.Run;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.fontbox.ttf.model.GsubData;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;

class TypesettingTest {

    @Test
    void whatTheFontLacksBecomesAQuestionMark() throws IOException {
        try (PDDocument doc = new PDDocument()) {
            Fonts fonts = Fonts.load(doc);
            for (Face face : new Face[] {fonts.sans(), fonts.bold(), fonts.mono(), fonts.monoBold()}) {
                boolean[] replaced = {false};
                assertEquals("Léa Ça œ ß Ł ğ ñ", face.printable("Léa Ça œ ß Ł ğ ñ", replaced));
                assertFalse(replaced[0]);
                assertEquals("? ?", face.printable("李 \u0905", replaced)); // CJK, Devanagari: not in DejaVu
                assertTrue(replaced[0]);
            }
            boolean[] replaced = {false};
            assertEquals("é", fonts.sans().printable("e\u0301", replaced), "composed first (NFC)");
            assertEquals("a b", fonts.sans().printable("a\tb", replaced), "control characters are spaces");
            assertEquals("ab", fonts.sans().printable("a\u200Bb\u00AD", replaced), "format characters are dropped");
            assertEquals("?", fonts.sans().printable("\uD840\uDC00", replaced), "one ? per character, not per char");
            assertTrue(fonts.sans().width("Léa", 10) > fonts.sans().width("Lé", 10));
        }
    }

    @Test
    void paragraphsWrapAtSpacesAndLongAddressesAfterASlashOrDot() throws IOException {
        try (PDDocument doc = new PDDocument()) {
            Fonts fonts = Fonts.load(doc);
            Canvas.Layouts layouts = new Canvas.Layouts();
            Canvas c = Canvas.measuring(layouts);

            String url = "https://ent.lycee-polyvalent-regional-moliere.example.fr/portail/";
            List<String> lines = lines(c, layouts, List.of(new Run(fonts.bold(), Color.BLACK, url)), 200);
            assertEquals(url, String.join("", lines));
            assertTrue(lines.size() > 1, lines.toString());
            for (String line : lines.subList(0, lines.size() - 1)) {
                assertTrue(line.matches(".*[/.\\-_]"), "breaks after / . - _: " + lines);
                assertTrue(fonts.bold().width(line, 12) <= 200, line);
            }

            List<Run> sentence = List.of(new Run(fonts.sans(), Color.BLACK, "Ouvrez l'adresse "),
                    new Run(fonts.bold(), Color.BLUE, "https://ent.example.fr/"),
                    new Run(fonts.sans(), Color.BLACK, " dans un navigateur : ordinateur, tablette ou téléphone."));
            List<String> wrapped = lines(c, layouts, sentence, 200);
            assertEquals("Ouvrez l'adresse https://ent.example.fr/ dans un navigateur\u00A0: ordinateur, tablette ou "
                    + "téléphone.", String.join(" ", wrapped));
            assertTrue(wrapped.stream().noneMatch(l -> l.startsWith(":") || l.startsWith("\u00A0")), wrapped.toString());
            assertFalse(c.replaced());
        }
    }

    /** The lines of a paragraph as laid out: pieces joined, with a space where there is a gap between them. */
    private static List<String> lines(Canvas c, Canvas.Layouts layouts, List<Run> runs, float width) throws IOException {
        c.paragraph(runs, 12, 15, 0, 700, width);
        List<String> lines = new ArrayList<>();
        for (List<Canvas.Piece> pieces : layouts.get(new Canvas.Layouts.Key(runs, 12, width)).lines()) {
            StringBuilder line = new StringBuilder();
            float end = 0;
            for (Canvas.Piece p : pieces) {
                line.append(p.x() > end + 0.5f ? " " : "").append(p.text());
                end = p.x() + p.face().width(p.text(), 12);
            }
            lines.add(line.toString());
        }
        return lines;
    }

    @Test
    void frenchPunctuationNeverStartsALine() {
        String bound = Canvas.bindPunctuation("Code expiré ? Demandez-le : « Première connexion » ; merci !");
        assertEquals("Code expiré\u00A0? Demandez-le\u00A0: «\u00A0Première connexion\u00A0»\u00A0; merci\u00A0!", bound);
        assertFalse(Canvas.bindPunctuation("https://ent.example.fr/").contains("\u00A0"));
    }

    @Test
    void theGlyphSubstitutionTableIsHiddenFromTheParser() throws Exception {
        byte[] ttf;
        try (var in = Fonts.class.getResourceAsStream("/fonts/DejaVuSans.ttf")) {
            ttf = in.readAllBytes();
        }
        assertTrue(new TTFParser().parse(new RandomAccessReadBuffer(ttf.clone())).getTableMap().containsKey("GSUB"));
        assertTrue(Fonts.hideTable(ttf, "GSUB"));
        assertFalse(Fonts.hideTable(ttf, "GSUB"), "renamed once");
        TrueTypeFont font = new TTFParser().parse(new RandomAccessReadBuffer(ttf));
        assertFalse(font.getTableMap().containsKey("GSUB"));
        assertEquals(GsubData.NO_DATA_FOUND, font.getGsubData());
        assertTrue(font.getUnicodeCmapLookup().getGlyphId('é') > 0, "the rest of the font is intact");
    }
}
