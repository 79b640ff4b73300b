package fr.preau.search.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.util.automaton.CharacterRunAutomaton;
import org.apache.lucene.util.automaton.LevenshteinAutomata;

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

    /** The query's words, with their typo automata built once for every hit of a page. */
    static final class Matcher {
        final List<String> words;
        final boolean lastIsPrefix;
        final List<CharacterRunAutomaton> fuzzy = new ArrayList<>();

        Matcher(List<String> words, boolean lastIsPrefix) {
            this.words = words;
            this.lastIsPrefix = lastIsPrefix;
            for (String w : words) {
                int edits = Queries.edits(w);
                fuzzy.add(edits == 0 ? null : new CharacterRunAutomaton(new LevenshteinAutomata(w, true).toAutomaton(edits)));
            }
        }

        boolean test(String t) {
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                if (t.equals(w) || (fuzzy.get(i) != null && t.length() > 1 && t.charAt(0) == w.charAt(0) && fuzzy.get(i).run(t))
                        || (lastIsPrefix && i == words.size() - 1 && w.length() >= 2 && t.startsWith(w))) {
                    return true;
                }
            }
            return false;
        }
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
