package fr.preau.cahier.internal;

import fr.preau.api.ProblemException;
import fr.preau.cahier.internal.Rows.Amendment;
import fr.preau.cahier.internal.Rows.Devoir;
import fr.preau.cahier.internal.Rows.Kind;
import fr.preau.cahier.internal.Rows.Link;
import fr.preau.cahier.internal.Rows.Piece;
import fr.preau.cahier.internal.Rows.Seance;
import fr.preau.cahier.internal.Rows.Visa;
import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.fontbox.FontBoxFont;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.CIDFontMapping;
import org.apache.pdfbox.pdmodel.font.FontMapper;
import org.apache.pdfbox.pdmodel.font.FontMapping;
import org.apache.pdfbox.pdmodel.font.FontMappers;
import org.apache.pdfbox.pdmodel.font.PDCIDSystemInfo;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDFontDescriptor;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * A class's cahier de textes over a period as a PDF (A4, page numbers): per day, the published séances with
 * their content, links, attachments' names, the devoirs given, the amendments; the visas at the top. Built with
 * PDFBox's standard Helvetica (WinAnsi: every French letter, « », ’, …, œ); a character it cannot show is
 * replaced by its closest Latin form, else « ? ».
 */
final class PdfExport {

    /** Most séances and devoirs one export renders (a 62-day period of a busy class is a few hundred). */
    static final int MAX_ENTRIES = 3000;

    /** What one export shows, read from the store. */
    record Content(String school, String classe, LocalDate from, LocalDate to, List<Seance> seances, Map<Long, List<Devoir>> devoirs,
            List<Devoir> alone, Map<Long, List<Link>> links, Map<Long, List<Piece>> pieces, List<Visa> visas,
            List<Amendment> amendments, Instant at, String divisionId, List<Part> groupes) {
    }

    /** A division of the export: its id and its label. */
    record Part(String id, String label) {
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.FRENCH);
    private static final float MARGIN = 50;
    private static final float FOOTER = 30;
    private static final Color GREY = new Color(90, 90, 90);
    private static final Color ACCENT = new Color(30, 70, 140);

    static {
        FontMappers.set(new StandardFontsOnly());
    }

    private PdfExport() {
    }

    /**
     * PDFBox's font mapper for this bundle's private copy of PDFBox: the export shows the standard Helvetica, which a
     * PDF reader always has, and PDFBox only needs some glyph outlines behind it. Its default mapper would look for
     * a system font called Helvetica (scanning the box's font folders into an on-disk cache at the first export) and
     * log a warning for each font of each document when it falls back to the LiberationSans it carries: here that
     * LiberationSans is the answer, at once and quietly.
     */
    static final class StandardFontsOnly implements FontMapper {
        private volatile TrueTypeFont font;

        private TrueTypeFont font() {
            TrueTypeFont f = font;
            if (f == null) {
                synchronized (this) {
                    if (font == null) {
                        try (InputStream in = PDFont.class.getResourceAsStream("/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf")) {
                            if (in == null) {
                                throw new IllegalStateException("LiberationSans missing from PDFBox");
                            }
                            font = new TTFParser().parse(new RandomAccessReadBuffer(in.readAllBytes()));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    f = font;
                }
            }
            return f;
        }

        @Override
        public FontMapping<TrueTypeFont> getTrueTypeFont(String baseFont, PDFontDescriptor descriptor) {
            return new FontMapping<>(font(), false);
        }

        @Override
        public FontMapping<FontBoxFont> getFontBoxFont(String baseFont, PDFontDescriptor descriptor) {
            return new FontMapping<>(font(), false);
        }

        @Override
        public CIDFontMapping getCIDFont(String baseFont, PDFontDescriptor descriptor, PDCIDSystemInfo info) {
            return new CIDFontMapping(null, font(), false);
        }
    }

    /**
     * The published entries of a division between two dates (the séances of those days and the devoirs given
     * alone due those days), checked against {@link #MAX_ENTRIES}.
     *
     * @throws ProblemException 400 {@code export-too-large}
     */
    static Content load(CahierStore store, String school, String divisionId, String divisionLabel, LocalDate from, LocalDate to,
            Instant now) throws SQLException {
        return load(store, school, new Part(divisionId, divisionLabel), List.of(), from, to, now);
    }

    /**
     * The same for a class with groupes of its pupils (groupes de langue, options…): their entries are interleaved
     * with the class's, each naming its groupe; the visas are the class's and the groupes'.
     */
    static Content load(CahierStore store, String school, Part division, List<Part> groupes, LocalDate from, LocalDate to,
            Instant now) throws SQLException {
        List<String> all = new ArrayList<>();
        all.add(division.id());
        groupes.forEach(g -> all.add(g.id()));
        List<Seance> seances = store.seances(all, from, to).stream().filter(s -> s.publishedAt(now))
                .sorted(Comparator.comparing(Seance::date).thenComparing(Seance::start).thenComparing(Seance::id)).toList();
        List<Devoir> alone = store.devoirsDue(all, from, to).stream()
                .filter(d -> d.seanceId() == null && d.publishedAt(now)).toList();
        if (seances.size() + alone.size() > MAX_ENTRIES) {
            throw tooLarge();
        }
        List<Long> ids = seances.stream().map(Seance::id).toList();
        Map<Long, List<Devoir>> devoirs = new HashMap<>();
        int count = seances.size() + alone.size();
        for (Map.Entry<Long, List<Devoir>> e : store.devoirsOf(ids).entrySet()) {
            List<Devoir> published = e.getValue().stream().filter(d -> d.publishedAt(now)).toList();
            count += published.size();
            devoirs.put(e.getKey(), published);
        }
        if (count > MAX_ENTRIES) {
            throw tooLarge();
        }
        List<Long> devoirIds = new ArrayList<>(alone.stream().map(Devoir::id).toList());
        devoirs.values().forEach(l -> l.forEach(d -> devoirIds.add(d.id())));
        List<Visa> visas = new ArrayList<>();
        for (String id : all) {
            store.visas(id).stream().filter(v -> !v.until().isBefore(from)).forEach(visas::add);
        }
        return new Content(school, division.label(), from, to, seances, devoirs, alone, store.links(ids), store.pieces(ids), visas,
                store.amendments(ids, devoirIds), now, division.id(), List.copyOf(groupes));
    }

    private static String label(Content c, String divisionId) {
        return c.groupes().stream().filter(g -> g.id().equals(divisionId)).map(Part::label).findFirst().orElse(c.classe());
    }

    private static ProblemException tooLarge() {
        return new ProblemException(400, "export-too-large", "Cette période compte plus de " + MAX_ENTRIES
                + " séances et devoirs : choisissez une période plus courte.");
    }

    /** « cahier-de-textes-5A-2026-12-01-2026-12-20.pdf » (the class's name in ASCII letters, digits and dashes). */
    static String fileName(String classe, LocalDate from, LocalDate to) {
        String ascii = Normalizer.normalize(classe == null ? "" : classe, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return "cahier-de-textes-" + (ascii.isEmpty() ? "classe" : ascii) + "-" + from + "-" + to + ".pdf";
    }

    /** Writes the PDF of {@code content} to {@code out}. */
    static void write(Content content, OutputStream out) throws IOException {
        try (PDDocument doc = new PDDocument(IOUtils.createMemoryOnlyStreamCache())) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle("Cahier de textes – " + content.classe());
            info.setCreator("Préau – cahier de textes");
            Pen pen = new Pen(doc);
            try {
                render(content, pen);
            } finally {
                pen.close();
            }
            pen.footers("Cahier de textes – " + content.classe() + " – " + content.school());
            doc.save(out);
        }
    }

    private static void render(Content c, Pen pen) throws IOException {
        pen.text(pen.bold, 18, Color.BLACK, 0, "Cahier de textes – " + c.classe());
        pen.gap(4);
        if (c.school() != null && !c.school().isBlank()) {
            pen.text(pen.regular, 12, Color.BLACK, 0, c.school());
        }
        pen.text(pen.regular, 12, Color.BLACK, 0, "Du " + day(c.from()) + " au " + day(c.to()));
        if (!c.groupes().isEmpty()) {
            pen.text(pen.regular, 10, Color.BLACK, 0, (c.groupes().size() == 1 ? "Avec le groupe de ses élèves : " : "Avec les groupes de ses élèves : ")
                    + String.join(", ", c.groupes().stream().map(Part::label).toList()) + ".");
        }
        LocalDateTime at = LocalDateTime.ofInstant(c.at(), Cahier.PARIS);
        pen.text(pen.italic, 9, GREY, 0, "Document édité le " + day(at.toLocalDate()) + " à " + TIME.format(at)
                + " : séances et devoirs publiés.");
        pen.gap(6);
        for (Visa v : c.visas()) {
            String of = c.groupes().isEmpty() ? "" : (v.divisionId().equals(c.divisionId()) ? c.classe() : label(c, v.divisionId())) + " : ";
            pen.text(pen.regular, 10, ACCENT, 0, of + (of.isEmpty() ? "Visé" : "visé") + " par " + v.byName() + " le " + day(LocalDate.ofInstant(v.at(), Cahier.PARIS))
                    + " jusqu'au " + day(v.until()) + ".");
        }
        Map<String, List<Amendment>> amendments = new HashMap<>();
        for (Amendment a : c.amendments()) {
            amendments.computeIfAbsent(a.seanceId() != null ? "s" + a.seanceId() : "d" + a.devoirId(), k -> new ArrayList<>()).add(a);
        }
        TreeMap<LocalDate, List<Seance>> byDay = new TreeMap<>();
        c.seances().forEach(s -> byDay.computeIfAbsent(s.date(), k -> new ArrayList<>()).add(s));
        TreeMap<LocalDate, List<Devoir>> aloneByDay = new TreeMap<>();
        c.alone().forEach(d -> aloneByDay.computeIfAbsent(d.due(), k -> new ArrayList<>()).add(d));
        TreeSet<LocalDate> days = new TreeSet<>(byDay.keySet());
        days.addAll(aloneByDay.keySet());
        if (days.isEmpty()) {
            pen.gap(12);
            pen.text(pen.italic, 11, GREY, 0, "Aucune séance ni aucun devoir publié sur cette période.");
            return;
        }
        for (LocalDate day : days) {
            pen.gap(14);
            pen.need(60);
            pen.text(pen.bold, 13, ACCENT, 0, capitalized(day(day)));
            pen.rule();
            for (Seance s : byDay.getOrDefault(day, List.of())) {
                seance(pen, s, c, amendments);
            }
            List<Devoir> alone = aloneByDay.getOrDefault(day, List.of());
            if (!alone.isEmpty()) {
                pen.gap(6);
                pen.need(40);
                pen.text(pen.bold, 10.5f, Color.BLACK, 0, "Travail donné hors séance, pour ce jour :");
                for (Devoir d : alone) {
                    devoir(pen, d, amendments, d.scope().divisionId().equals(c.divisionId()) ? "" : d.scope().divisionLabel());
                }
            }
        }
    }

    private static void seance(Pen pen, Seance s, Content c, Map<String, List<Amendment>> amendments) throws IOException {
        pen.gap(8);
        pen.need(50);
        String slot = s.start() == null || s.start().isBlank() ? "" : s.start() + (s.end() == null || s.end().isBlank() ? "" : " – " + s.end())
                + " · ";
        String what = s.kind() == Kind.JOURNAL ? "Cahier journal" : s.scope().subjectLabel();
        String groupe = s.scope().divisionId().equals(c.divisionId()) ? "" : " · groupe " + s.scope().divisionLabel();
        pen.text(pen.bold, 10.5f, Color.BLACK, 0, slot + what + groupe + " · " + s.scope().authorName());
        if (s.title() != null && !s.title().isBlank()) {
            pen.text(pen.bold, 10.5f, Color.BLACK, 12, s.title());
        }
        html(pen, s.content(), 12);
        List<Link> links = c.links().getOrDefault(s.id(), List.of());
        if (!links.isEmpty()) {
            pen.text(pen.italic, 9.5f, GREY, 12, "Liens :");
            for (Link l : links) {
                pen.text(pen.regular, 9.5f, Color.BLACK, 24, l.label().equals(l.url()) ? l.url() : l.label() + " – " + l.url());
            }
        }
        List<Piece> pieces = c.pieces().getOrDefault(s.id(), List.of());
        if (!pieces.isEmpty()) {
            pen.text(pen.italic, 9.5f, GREY, 12, "Pièces jointes : " + String.join(", ", pieces.stream().map(Piece::fileName).toList()));
        }
        List<Devoir> devoirs = c.devoirs().getOrDefault(s.id(), List.of());
        if (!devoirs.isEmpty()) {
            pen.text(pen.italic, 9.5f, GREY, 12, devoirs.size() == 1 ? "Travail donné :" : "Travail donné (" + devoirs.size() + ") :");
            for (Devoir d : devoirs) {
                devoir(pen, d, amendments, null);
            }
        }
        amendments(pen, amendments.get("s" + s.id()), 12);
    }

    /** A devoir; {@code groupe} null under its séance, "" alone in the class, a groupe's label alone in that groupe. */
    private static void devoir(Pen pen, Devoir d, Map<String, List<Amendment>> amendments, String groupe) throws IOException {
        StringBuilder head = new StringBuilder("Pour le ").append(day(d.due())).append(" – ").append(d.kind().label());
        if (groupe != null) {
            head.append(" – ").append(d.scope().subjectLabel());
            if (!groupe.isEmpty()) {
                head.append(", groupe ").append(groupe);
            }
            head.append(" (").append(d.scope().authorName()).append(')');
        }
        List<String> notes = new ArrayList<>();
        if (d.minutes() != null) {
            notes.add("environ " + minutes(d.minutes()));
        }
        if (d.handIn()) {
            notes.add("à rendre");
        }
        if (!notes.isEmpty()) {
            head.append(" (").append(String.join(", ", notes)).append(')');
        }
        pen.need(30);
        pen.text(pen.bold, 10, Color.BLACK, 24, "• " + head);
        html(pen, d.instructions(), 36);
        amendments(pen, amendments.get("d" + d.id()), 36);
    }

    private static void amendments(Pen pen, List<Amendment> list, float indent) throws IOException {
        if (list == null) {
            return;
        }
        for (Amendment a : list) {
            pen.text(pen.italic, 9.5f, ACCENT, indent, "Rectificatif du " + day(LocalDate.ofInstant(a.at(), Cahier.PARIS)) + " ("
                    + a.authorName() + ") : " + a.text());
        }
    }

    private static void html(Pen pen, String html, float indent) throws IOException {
        for (HtmlLines.Line l : HtmlLines.of(html)) {
            float x = indent + 14 * Math.max(0, l.depth() - 1);
            if (l.marker().isEmpty()) {
                pen.text(pen.regular, 10, Color.BLACK, x, l.text());
            } else {
                pen.marked(pen.regular, 10, x, l.marker(), l.text());
            }
        }
    }

    static String minutes(int m) {
        if (m < 60) {
            return m + " min";
        }
        return m / 60 + " h" + (m % 60 == 0 ? "" : String.format(Locale.ROOT, " %02d", m % 60));
    }

    /** « lundi 1er décembre 2026 ». */
    static String day(LocalDate d) {
        String s = French.day(d, true);
        return d.getDayOfMonth() == 1 ? s.replaceFirst(" 1 ", " 1er ") : s;
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Lays text out on A4 pages, top to bottom, a new page when one is full. */
    static final class Pen {
        final PDFont regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        final PDFont bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        final PDFont italic = new PDType1Font(Standard14Fonts.FontName.HELVETICA_OBLIQUE);
        private final PDDocument doc;
        private final Map<PDFont, Map<Integer, Boolean>> encodable = new HashMap<>();
        private PDPageContentStream out;
        private float y;

        Pen(PDDocument doc) {
            this.doc = doc;
        }

        private float width() {
            return PDRectangle.A4.getWidth() - 2 * MARGIN;
        }

        private void page() throws IOException {
            close();
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            out = new PDPageContentStream(doc, page);
            y = PDRectangle.A4.getHeight() - MARGIN;
        }

        void close() throws IOException {
            if (out != null) {
                out.close();
                out = null;
            }
        }

        /** Starts a new page unless {@code height} points are left on this one. */
        void need(float height) throws IOException {
            if (out == null || y - height < MARGIN + FOOTER) {
                page();
            }
        }

        void gap(float height) throws IOException {
            if (out == null) {
                page();
            }
            y -= height;
        }

        void rule() throws IOException {
            need(6);
            y -= 3;
            out.setStrokingColor(ACCENT);
            out.setLineWidth(0.6f);
            out.moveTo(MARGIN, y);
            out.lineTo(MARGIN + width(), y);
            out.stroke();
            y -= 3;
        }

        /** A paragraph, wrapped within the margins from {@code indent}. */
        void text(PDFont font, float size, Color colour, float indent, String text) throws IOException {
            for (String line : wrap(font, size, printable(font, text), width() - indent)) {
                show(font, size, colour, MARGIN + indent, line);
            }
        }

        /** A list item: its marker, then the text wrapped beside it. */
        void marked(PDFont font, float size, float indent, String marker, String text) throws IOException {
            float markerWidth = 14;
            List<String> lines = wrap(font, size, printable(font, text), width() - indent - markerWidth);
            for (int i = 0; i < lines.size(); i++) {
                if (i == 0) {
                    show(font, size, Color.BLACK, MARGIN + indent, printable(font, marker), MARGIN + indent + markerWidth, lines.get(0));
                } else {
                    show(font, size, Color.BLACK, MARGIN + indent + markerWidth, lines.get(i));
                }
            }
        }

        private void show(PDFont font, float size, Color colour, float x, String line) throws IOException {
            show(font, size, colour, x, line, 0, null);
        }

        private void show(PDFont font, float size, Color colour, float x, String first, float x2, String second) throws IOException {
            float leading = size * 1.35f;
            need(leading);
            y -= leading;
            out.setNonStrokingColor(colour);
            out.beginText();
            out.setFont(font, size);
            out.newLineAtOffset(x, y);
            out.showText(first);
            out.endText();
            if (second != null) {
                out.beginText();
                out.newLineAtOffset(x2, y);
                out.showText(second);
                out.endText();
            }
        }

        /** « Page 2 / 5 » and a reminder of the document at the foot of every page. */
        void footers(String label) throws IOException {
            int n = doc.getNumberOfPages();
            for (int i = 0; i < n; i++) {
                PDPage page = doc.getPage(i);
                try (PDPageContentStream s = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND, true, true)) {
                    s.setNonStrokingColor(GREY);
                    String left = printable(regular, label);
                    List<String> cut = wrap(regular, 8, left, width() - 80);
                    s.beginText();
                    s.setFont(regular, 8);
                    s.newLineAtOffset(MARGIN, MARGIN - 10);
                    s.showText(cut.isEmpty() ? "" : cut.get(0));
                    s.endText();
                    String right = "Page " + (i + 1) + " / " + n;
                    s.beginText();
                    s.newLineAtOffset(MARGIN + width() - regular.getStringWidth(right) / 1000 * 8, MARGIN - 10);
                    s.showText(right);
                    s.endText();
                }
            }
        }

        /** The text with what the font cannot show replaced, and white space (tabs, new lines) as single spaces. */
        String printable(PDFont font, String text) {
            if (text == null) {
                return "";
            }
            Map<Integer, Boolean> known = encodable.computeIfAbsent(font, f -> new HashMap<>());
            StringBuilder b = new StringBuilder(text.length());
            text.codePoints().forEach(cp -> {
                if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp < 0x20) {
                    if (b.isEmpty() || b.charAt(b.length() - 1) != ' ') {
                        b.append(' ');
                    }
                    return;
                }
                if (can(font, known, cp)) {
                    b.appendCodePoint(cp);
                    return;
                }
                String fallback = switch (cp) {
                    case '\u2018', '\u2019', '\u201a', '\u2032', '\u02bc' -> "'";
                    case '\u201c', '\u201d', '\u201e', '\u2033' -> "\"";
                    case '\u2010', '\u2011', '\u2012', '\u2212' -> "-";
                    case '\u2013', '\u2014', '\u2015' -> "-";
                    case '\u2026' -> "...";
                    case '\u2022', '\u25cf', '\u25e6' -> "-";
                    default -> Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
                };
                boolean ok = !fallback.isEmpty() && fallback.codePoints().allMatch(c -> c >= 0x20 && can(font, known, c));
                b.append(ok ? fallback : "?");
            });
            return b.toString().strip();
        }

        private static boolean can(PDFont font, Map<Integer, Boolean> known, int cp) {
            return known.computeIfAbsent(cp, c -> {
                try {
                    font.encode(Character.toString(c));
                    return true;
                } catch (IllegalArgumentException | IOException e) {
                    return false;
                }
            });
        }

        private static float width(PDFont font, float size, String s) throws IOException {
            return font.getStringWidth(s) / 1000 * size;
        }

        /** Words filled into lines of at most {@code max} points; a word longer than a line is cut. */
        static List<String> wrap(PDFont font, float size, String text, float max) throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String word : text.split(" ")) {
                if (word.isEmpty()) {
                    continue;
                }
                String candidate = line.isEmpty() ? word : line + " " + word;
                if (width(font, size, candidate) <= max) {
                    line.setLength(0);
                    line.append(candidate);
                    continue;
                }
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                // a word wider than a line (a long address): cut where the line is full
                StringBuilder part = new StringBuilder();
                float w = 0;
                for (int i = 0; i < word.length(); ) {
                    int cp = word.codePointAt(i);
                    String ch = Character.toString(cp);
                    float cw = width(font, size, ch);
                    if (w + cw > max && !part.isEmpty()) {
                        lines.add(part.toString());
                        part.setLength(0);
                        w = 0;
                    }
                    part.append(ch);
                    w += cw;
                    i += Character.charCount(cp);
                }
                line.append(part);
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
            }
            return lines;
        }
    }
}
