package fr.preau.directory.letters;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The four DejaVu faces the letters use, embedded as subsets (only the glyphs used end up in the PDF). They
 * live in the bundle ({@code /fonts}, with their licence): a box has no fonts of its own to rely on.
 * <p>
 * The fonts' glyph substitution table (GSUB) is hidden from PDFBox, which otherwise runs its Latin substitution
 * (ligatures) on every string it shows: that took ten times longer than everything else together (15 s for
 * 1,500 letters instead of ~1.5 s), and a ligature turns "fi" into one glyph that a PDF reader copies as "ﬁ" —
 * not what a login or an address should become. Latin, Greek and Cyrillic names need no substitution.
 */
record Fonts(Face sans, Face bold, Face mono, Face monoBold) {

    static Fonts load(PDDocument doc) throws IOException {
        return new Fonts(face(doc, "DejaVuSans.ttf"), face(doc, "DejaVuSans-Bold.ttf"),
                face(doc, "DejaVuSansMono.ttf"), face(doc, "DejaVuSansMono-Bold.ttf"));
    }

    private static Face face(PDDocument doc, String file) throws IOException {
        byte[] ttf;
        try (InputStream in = Fonts.class.getResourceAsStream("/fonts/" + file)) {
            if (in == null) {
                throw new IOException("font missing from the bundle: /fonts/" + file);
            }
            ttf = in.readAllBytes();
        }
        hideTable(ttf, "GSUB");
        return new Face(PDType0Font.load(doc, new ByteArrayInputStream(ttf), true));
    }

    /**
     * Renames a table in the font's table directory (offset table: numTables at byte 4; 16-byte records from byte
     * 12, each starting with its tag) so that the parser no longer knows it. The table's bytes stay as they are.
     */
    static boolean hideTable(byte[] ttf, String tag) {
        ByteBuffer b = ByteBuffer.wrap(ttf);
        int tables = Short.toUnsignedInt(b.getShort(4));
        byte[] wanted = tag.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < tables; i++) {
            int at = 12 + 16 * i;
            if (at + 4 > ttf.length) {
                break;
            }
            if (ttf[at] == wanted[0] && ttf[at + 1] == wanted[1] && ttf[at + 2] == wanted[2] && ttf[at + 3] == wanted[3]) {
                ttf[at] = 'x';
                return true;
            }
        }
        return false;
    }
}
