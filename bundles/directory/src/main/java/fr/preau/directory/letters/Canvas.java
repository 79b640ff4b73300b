package fr.preau.directory.letters;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.pdfbox.pdmodel.PDPageContentStream;

/**
 * Draws text on one page, or only measures it (no content stream): the page is laid out once to measure, then
 * drawn. Paragraphs wrap at spaces (never at a no-break space); a word longer than the line (a long address) breaks
 * after a / . - or _, or else where it no longer fits.
 * Every string goes through {@link Face#printable}, so a missing glyph never reaches PDFBox.
 */
final class Canvas {

    /** A piece of a paragraph in one face and colour. */
    record Run(Face face, Color colour, String text) {
    }

    /** Wrapped paragraphs, by content, size and width: most paragraphs are the same on every letter. */
    static final class Layouts extends LinkedHashMap<Layouts.Key, Layouts.Wrapped> {
        private static final long serialVersionUID = 1L;
        private static final int SIZE = 256;

        record Key(List<Run> runs, float size, float width) {
        }

        record Wrapped(List<List<Piece>> lines, boolean replaced) {
        }

        Layouts() {
            super(SIZE * 2, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Wrapped> eldest) {
            return size() > SIZE; // names differ on every letter: keep the cache small
        }
    }

    /** A piece of a wrapped line: text in one face and colour, at x from the paragraph's left edge. */
    record Piece(Face face, Color colour, float x, String text) {
    }

    private final PDPageContentStream out;
    private final Layouts layouts;
    private boolean replaced;

    private Canvas(PDPageContentStream out, Layouts layouts) {
        this.out = out;
        this.layouts = layouts;
    }

    static Canvas measuring(Layouts layouts) {
        return new Canvas(null, layouts);
    }

    static Canvas drawing(PDPageContentStream out, Layouts layouts) {
        return new Canvas(out, layouts);
    }

    boolean drawing() {
        return out != null;
    }

    /** Whether some character could not be printed (and was replaced by {@code ?}). */
    boolean replaced() {
        return replaced;
    }

    PDPageContentStream out() {
        return out;
    }

    String printable(Face face, String text) {
        boolean[] flag = {false};
        String s = face.printable(text, flag);
        replaced |= flag[0];
        return s;
    }

    float width(Face face, float size, String text) {
        return face.width(printable(face, text), size);
    }

    /** One line, left-aligned at {@code x}, no wrapping. */
    void text(Face face, float size, Color colour, float x, float baseline, String text) throws IOException {
        show(face, size, colour, x, baseline, printable(face, text), 0);
    }

    /** One line, right-aligned at {@code right}. */
    void textRight(Face face, float size, Color colour, float right, float baseline, String text) throws IOException {
        String s = printable(face, text);
        show(face, size, colour, right - face.width(s, size), baseline, s, 0);
    }

    /** One line with extra space between characters (the activation code). */
    void spaced(Face face, float size, Color colour, float x, float baseline, String text, float spacing)
            throws IOException {
        show(face, size, colour, x, baseline, printable(face, text), spacing);
    }

    /**
     * Wraps {@code runs} into lines of at most {@code width} points, the first baseline at {@code baseline}.
     *
     * @return the baseline of the last line
     */
    float paragraph(List<Run> runs, float size, float leading, float x, float baseline, float width)
            throws IOException {
        Layouts.Key key = new Layouts.Key(runs, size, width);
        Layouts.Wrapped wrapped = layouts.get(key);
        if (wrapped == null) {
            boolean before = replaced;
            replaced = false;
            wrapped = new Layouts.Wrapped(wrap(runs, size, width), replaced);
            replaced |= before;
            layouts.put(key, wrapped);
        } else {
            replaced |= wrapped.replaced();
        }
        float y = baseline;
        List<List<Piece>> lines = wrapped.lines();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                y -= leading;
            }
            for (Piece p : lines.get(i)) {
                show(p.face(), size, p.colour(), x + p.x(), y, p.text(), 0);
            }
        }
        return y;
    }

    private void show(Face face, float size, Color colour, float x, float baseline, String printable, float spacing)
            throws IOException {
        if (out == null || printable.isEmpty()) {
            return;
        }
        out.setNonStrokingColor(colour);
        out.beginText();
        out.setFont(face.font, size);
        if (spacing != 0) {
            out.setCharacterSpacing(spacing);
        }
        out.newLineAtOffset(x, baseline);
        // a no-break space only binds words while wrapping; it prints (and extracts) as a space
        out.showText(printable.replace(FrenchDates.NBSP, ' '));
        if (spacing != 0) {
            out.setCharacterSpacing(0);
        }
        out.endText();
    }

    // ---- wrapping

    private static final class Segment {
        final Face face;
        final Color colour;
        final float x;
        final StringBuilder text = new StringBuilder();
        float width;

        Segment(Face face, Color colour, float x) {
            this.face = face;
            this.colour = colour;
            this.x = x;
        }
    }

    /** A run of non-space characters; {@code spaceBefore}: a line may break before it. */
    private record Atom(Face face, Color colour, String text, boolean spaceBefore, boolean newLine) {
    }

    private List<List<Piece>> wrap(List<Run> runs, float size, float width) {
        List<List<Piece>> lines = new ArrayList<>();
        for (List<Segment> line : segments(runs, size, width)) {
            List<Piece> pieces = new ArrayList<>(line.size());
            for (Segment s : line) {
                pieces.add(new Piece(s.face, s.colour, s.x, s.text.toString()));
            }
            lines.add(List.copyOf(pieces));
        }
        return List.copyOf(lines);
    }

    private List<List<Segment>> segments(List<Run> runs, float size, float width) {
        Deque<List<Atom>> words = new ArrayDeque<>(words(runs));
        List<List<Segment>> lines = new ArrayList<>();
        List<Segment> line = new ArrayList<>();
        float used = 0;
        while (!words.isEmpty()) {
            List<Atom> word = words.poll();
            Atom first = word.get(0);
            if (first.newLine && !line.isEmpty()) {
                lines.add(line);
                line = new ArrayList<>();
                used = 0;
            }
            float w = 0;
            for (Atom a : word) {
                w += a.face.width(a.text, size);
            }
            float space = line.isEmpty() || !first.spaceBefore ? 0 : first.face.width(" ", size);
            if (!line.isEmpty() && used + space + w > width) {
                lines.add(line);
                line = new ArrayList<>();
                used = 0;
                space = 0;
            }
            if (line.isEmpty() && w > width) {
                // longer than a line (a long address or name): break after a / . - _ if it has one ...
                List<List<Atom>> pieces = softPieces(word);
                if (pieces.size() > 1) {
                    for (int i = pieces.size() - 1; i >= 0; i--) {
                        words.push(pieces.get(i));
                    }
                    continue;
                }
                // ... else cut it where it no longer fits
                for (Atom a : word) {
                    for (int i = 0; i < a.text.length(); ) {
                        int cp = a.text.codePointAt(i);
                        String ch = new String(Character.toChars(cp));
                        float cw = a.face.width(ch, size);
                        if (used + cw > width && used > 0) {
                            lines.add(line);
                            line = new ArrayList<>();
                            used = 0;
                        }
                        used = append(line, a, ch, cw, used, 0);
                        i += Character.charCount(cp);
                    }
                }
                continue;
            }
            boolean firstAtom = true;
            for (Atom a : word) {
                used = append(line, a, a.text, a.face.width(a.text, size), used, firstAtom ? space : 0);
                firstAtom = false;
            }
        }
        if (!line.isEmpty()) {
            lines.add(line);
        }
        return lines;
    }

    /** A word cut after each / . - _ into pieces that may start a line without a space before them. */
    private static List<List<Atom>> softPieces(List<Atom> word) {
        List<List<Atom>> pieces = new ArrayList<>();
        List<Atom> piece = new ArrayList<>();
        for (Atom a : word) {
            int from = 0;
            for (int i = 0; i < a.text.length(); i++) {
                boolean soft = "/.-_".indexOf(a.text.charAt(i)) >= 0 && i + 1 < a.text.length();
                if (soft) {
                    piece.add(piece(a, a.text.substring(from, i + 1), pieces.isEmpty() && piece.isEmpty()));
                    pieces.add(piece);
                    piece = new ArrayList<>();
                    from = i + 1;
                }
            }
            if (from < a.text.length()) {
                piece.add(piece(a, a.text.substring(from), pieces.isEmpty() && piece.isEmpty()));
            }
        }
        if (!piece.isEmpty()) {
            pieces.add(piece);
        }
        return pieces;
    }

    private static Atom piece(Atom a, String text, boolean first) {
        return new Atom(a.face, a.colour, text, first && a.spaceBefore, first && a.newLine);
    }

    private static float append(List<Segment> line, Atom a, String text, float w, float used, float space) {
        Segment last = line.isEmpty() ? null : line.get(line.size() - 1);
        if (last != null && last.face == a.face && last.colour.equals(a.colour)
                && Math.abs(last.x + last.width - used) < 0.01f) {
            if (space > 0) {
                last.text.append(' ');
            }
            last.text.append(text);
            last.width += space + w;
        } else {
            Segment s = new Segment(a.face, a.colour, used + space);
            s.text.append(text);
            s.width = w;
            line.add(s);
        }
        return used + space + w;
    }

    /** French spacing: a space before : ; ? ! » and after « never breaks (no colon at the start of a line). */
    private static final Pattern BEFORE_PUNCTUATION = Pattern.compile(" (?=[:;?!»])");
    private static final Pattern AFTER_GUILLEMET = Pattern.compile("(?<=«) ");

    static String bindPunctuation(String text) {
        String nb = String.valueOf(FrenchDates.NBSP);
        return AFTER_GUILLEMET.matcher(BEFORE_PUNCTUATION.matcher(text).replaceAll(nb)).replaceAll(nb);
    }

    /** Words: atoms glued together (no space between, e.g. "(" bold-URL ")."), in order. */
    private List<List<Atom>> words(List<Run> runs) {
        List<List<Atom>> words = new ArrayList<>();
        boolean space = false;
        boolean newLine = false;
        for (Run r : runs) {
            String s = bindPunctuation(printable(r.face, r.text));
            StringBuilder b = new StringBuilder();
            for (int i = 0; i <= s.length(); i++) {
                char c = i < s.length() ? s.charAt(i) : ' ';
                boolean end = i == s.length();
                if (c == ' ' || c == '\n') {
                    if (b.length() > 0) {
                        Atom a = new Atom(r.face, r.colour, b.toString(), space || words.isEmpty(), newLine);
                        if (a.spaceBefore || a.newLine || words.isEmpty()) {
                            words.add(new ArrayList<>());
                        }
                        words.get(words.size() - 1).add(a);
                        b.setLength(0);
                        space = false;
                        newLine = false;
                    }
                    if (!end) {
                        space = true;
                        newLine |= c == '\n';
                    }
                } else {
                    b.append(c);
                }
            }
        }
        return words;
    }
}
