package fr.preau.directory.letters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.Map;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * One embedded font, and what it can print. A character the font has no glyph for becomes {@code ?} (a name in
 * a script DejaVu lacks must not stop 1,500 letters); control characters become spaces, invisible format
 * characters (zero-width space, bidi marks, soft hyphen) are dropped. Widths are cached per character.
 */
final class Face {

    static final char REPLACEMENT = '?';

    /** Characters below this are cached in arrays; the rest (rare) in maps. */
    private static final int CACHED = 0x3000;

    final PDType0Font font;
    private final CmapLookup cmap;
    private final byte[] glyphs = new byte[CACHED]; // 0 unknown, 1 present, 2 missing
    private final float[] advances = new float[CACHED];
    private final Map<Integer, Boolean> otherGlyphs = new HashMap<>();
    private final Map<Integer, Float> otherAdvances = new HashMap<>();

    Face(PDType0Font font) {
        this.font = font;
        this.cmap = font.getCmapLookup();
    }

    boolean has(int codePoint) {
        if (codePoint < CACHED) {
            if (glyphs[codePoint] == 0) {
                glyphs[codePoint] = (byte) (cmap.getGlyphId(codePoint) > 0 ? 1 : 2);
            }
            return glyphs[codePoint] == 1;
        }
        return otherGlyphs.computeIfAbsent(codePoint, cp -> cmap.getGlyphId(cp) > 0);
    }

    /**
     * The text as this font can print it (NFC first, so "e" + combining acute is the one glyph "é").
     *
     * @param replaced set to true when a character had to be replaced
     */
    String printable(String text, boolean[] replaced) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFC);
        StringBuilder b = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int next = i + Character.charCount(cp);
            int type = Character.getType(cp);
            String instead = null;
            if (type == Character.CONTROL) {
                instead = " ";
            } else if (type == Character.FORMAT) {
                instead = "";
            } else if (!has(cp)) {
                instead = String.valueOf(REPLACEMENT);
                replaced[0] = true;
            }
            if (instead != null && b == null) {
                b = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (b != null) {
                if (instead != null) {
                    b.append(instead);
                } else {
                    b.appendCodePoint(cp);
                }
            }
            i = next;
        }
        return b == null ? s : b.toString();
    }

    /** Width in points of printable text at {@code size}. */
    float width(String printable, float size) {
        float units = 0;
        for (int i = 0; i < printable.length(); ) {
            int cp = printable.codePointAt(i);
            i += Character.charCount(cp);
            units += advance(cp);
        }
        return units * size / 1000f;
    }

    private float advance(int codePoint) {
        if (codePoint < CACHED) {
            float w = advances[codePoint];
            if (w == 0) {
                w = measure(codePoint);
                advances[codePoint] = w == 0 ? Float.MIN_VALUE : w; // zero-width marks: not 0, which means unknown
            }
            return w;
        }
        return otherAdvances.computeIfAbsent(codePoint, this::measure);
    }

    private float measure(int codePoint) {
        try {
            return font.getStringWidth(new String(Character.toChars(codePoint)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
