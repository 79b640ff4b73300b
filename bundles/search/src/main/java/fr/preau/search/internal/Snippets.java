package fr.preau.search.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * A short excerpt of a document's text around the words that matched, HTML-escaped, the matches wrapped
 * in {@code <mark>}. A word of the text matches a query word when their analysed forms are equal, within
 * the typos the query tolerated, or (the last query word, as-you-type) when it starts with it.
 */
final class Snippets {

    static final int LENGTH = 180;

    private Snippets() {
    }

    record Span(int start, int end) {
    }

    static String of(Analyzer analyzer, String field, String text, List<String> words, boolean lastIsPrefix) {
        return of(analyzer, field, text, new Matcher(words, lastIsPrefix));
    }

    /**
     * The query's words and the typos each tolerates. A word of the text is compared with each by a bounded edit
     * distance (insertions, deletions, substitutions and transpositions of adjacent letters, as the query's fuzzy
     * matching counts them) rather than through Levenshtein automata: a page's few hundred words cost less than
     * building the automata for every query.
     */
    static final class Matcher {
        final List<String> words;
        final boolean lastIsPrefix;
        private final int[][] points;
        private final int[] edits;

        Matcher(List<String> words, boolean lastIsPrefix) {
            this.words = words;
            this.lastIsPrefix = lastIsPrefix;
            this.points = new int[words.size()][];
            this.edits = new int[words.size()];
            for (int i = 0; i < words.size(); i++) {
                points[i] = words.get(i).codePoints().toArray();
                edits[i] = Queries.edits(words.get(i));
            }
        }

        boolean test(String t) {
            int[] tp = null;
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                if (t.equals(w) || (lastIsPrefix && i == words.size() - 1 && w.length() >= 2 && t.startsWith(w))) {
                    return true;
                }
                if (edits[i] > 0 && t.length() > 1 && t.charAt(0) == w.charAt(0)) {
                    if (tp == null) {
                        tp = t.codePoints().toArray();
                    }
                    if (within(points[i], tp, edits[i])) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /**
     * Whether {@code a} and {@code b} are at most {@code k} edits apart, counting a transposition of two adjacent code
     * points as one edit (the restricted Damerau–Levenshtein distance of Lucene's fuzzy queries with transpositions).
     */
    static boolean within(int[] a, int[] b, int k) {
        if (Math.abs(a.length - b.length) > k) {
            return false;
        }
        int[] before = new int[b.length + 1];
        int[] prev = new int[b.length + 1];
        int[] row = new int[b.length + 1];
        for (int j = 0; j <= b.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length; i++) {
            row[0] = i;
            int best = row[0];
            for (int j = 1; j <= b.length; j++) {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int d = Math.min(Math.min(prev[j] + 1, row[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                    d = Math.min(d, before[j - 2] + 1);
                }
                row[j] = d;
                best = Math.min(best, d);
            }
            if (best > k) {
                return false;
            }
            int[] t = before;
            before = prev;
            prev = row;
            row = t;
        }
        return prev[b.length] <= k;
    }

    /** Characters of a document's text looked through for a snippet (a long file's beginning). */
    static final int SCAN = 20_000;

    static String of(Analyzer analyzer, String field, String fullText, Matcher matcher) {
        if (fullText == null || fullText.isEmpty()) {
            return "";
        }
        String text = fullText.length() > SCAN ? fullText.substring(0, SCAN) : fullText;
        List<Span> marks = matches(analyzer, field, text, matcher);
        int from = 0;
        if (!marks.isEmpty()) {
            from = Math.max(0, marks.get(0).start() - LENGTH / 3);
            // start on a word boundary
            while (from > 0 && !Character.isWhitespace(text.charAt(from - 1))) {
                from--;
            }
        }
        int to = Math.min(text.length(), from + LENGTH);
        while (to < text.length() && to - from < LENGTH + 20 && !Character.isWhitespace(text.charAt(to))) {
            to++;
        }
        StringBuilder out = new StringBuilder();
        if (from > 0) {
            out.append("… ");
        }
        int at = from;
        for (Span m : marks) {
            if (m.start() < at || m.end() > to) {
                continue;
            }
            escape(out, text, at, m.start());
            out.append("<mark>");
            escape(out, text, m.start(), m.end());
            out.append("</mark>");
            at = m.end();
        }
        escape(out, text, at, to);
        if (to < text.length()) {
            out.append(" …");
        }
        return out.toString();
    }

    /** Highlights a whole short text (a title) the same way. */
    static String mark(Analyzer analyzer, String field, String text, List<String> words, boolean lastIsPrefix) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Span m : matches(analyzer, field, text, new Matcher(words, lastIsPrefix))) {
            escape(out, text, at, m.start());
            out.append("<mark>");
            escape(out, text, m.start(), m.end());
            out.append("</mark>");
            at = m.end();
        }
        escape(out, text, at, text.length());
        return out.toString();
    }

    static List<Span> matches(Analyzer analyzer, String field, String text, Matcher matcher) {
        List<Span> out = new ArrayList<>();
        if (matcher.words.isEmpty()) {
            return out;
        }
        try (TokenStream ts = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                if (matcher.test(term.toString())) {
                    out.add(new Span(offset.startOffset(), offset.endOffset()));
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static void escape(StringBuilder out, String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }
}
