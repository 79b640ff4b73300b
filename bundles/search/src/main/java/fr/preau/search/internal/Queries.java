package fr.preau.search.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Builds Lucene queries from what a person typed. Their text is never parsed as Lucene syntax: it is
 * analysed into words (the same French analysis as the index), each word must match — as itself in the
 * title (boosted) or the text, or within one or two typos (fuzzy, from 4 letters) — and the last word
 * may be the start of a word (as-you-type). Wildcards and operators are plain characters the tokenizer drops.
 */
final class Queries {

    /** Longest query text accepted. */
    static final int MAX_QUERY = 200;
    /** Words of a query beyond this are ignored. */
    static final int MAX_WORDS = 12;

    private Queries() {
    }

    /** The analysed words of {@code text} (at most {@link #MAX_WORDS}). */
    static List<String> words(Analyzer analyzer, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(SearchIndex.TEXT, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken() && out.size() < MAX_WORDS) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Typos tolerated in a word of this length. */
    static int edits(String word) {
        int n = word.codePointCount(0, word.length());
        return n < 4 ? 0 : n < 7 ? 1 : 2;
    }

    /** The text part of a search: every word must match (exact, fuzzy, or as a prefix for the last one). */
    static Query text(List<String> words, boolean lastIsPrefix) {
        if (words.isEmpty()) {
            return new MatchNoDocsQuery();
        }
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            BooleanQuery.Builder one = new BooleanQuery.Builder();
            one.add(new BoostQuery(new TermQuery(new Term(SearchIndex.TITLE, w)), 4f), Occur.SHOULD);
            one.add(new TermQuery(new Term(SearchIndex.TEXT, w)), Occur.SHOULD);
            int edits = edits(w);
            if (edits > 0) {
                one.add(new BoostQuery(new FuzzyQuery(new Term(SearchIndex.TITLE, w), edits, 1, 50, true), 1.5f), Occur.SHOULD);
                one.add(new BoostQuery(new FuzzyQuery(new Term(SearchIndex.TEXT, w), edits, 1, 50, true), 0.5f), Occur.SHOULD);
            }
            if (lastIsPrefix && i == words.size() - 1 && w.length() >= 2) {
                one.add(new BoostQuery(new PrefixQuery(new Term(SearchIndex.TITLE, w)), 2f), Occur.SHOULD);
                one.add(new BoostQuery(new PrefixQuery(new Term(SearchIndex.TEXT, w)), 0.5f), Occur.SHOULD);
            }
            all.add(one.build(), Occur.MUST);
        }
        return all.build();
    }

    /**
     * Who may see what, in the query: a document whose owners hold one of the person's principals, or
     * whose readers do once its publication time has passed; and only of the modules installed now.
     */
    static Query permitted(Collection<String> principals, Collection<String> liveModules, Instant now) {
        if (principals.isEmpty() || liveModules.isEmpty()) {
            return new MatchNoDocsQuery();
        }
        List<BytesRef> p = principals.stream().map(BytesRef::new).collect(Collectors.toList());
        Query readers = new BooleanQuery.Builder()
                .add(new TermInSetQuery(SearchIndex.READER, p), Occur.FILTER)
                .add(LongPoint.newRangeQuery(SearchIndex.FROM, Long.MIN_VALUE, now.toEpochMilli()), Occur.FILTER)
                .build();
        Query owners = new TermInSetQuery(SearchIndex.OWNER, p);
        Query who = new BooleanQuery.Builder().add(readers, Occur.SHOULD).add(owners, Occur.SHOULD)
                .setMinimumNumberShouldMatch(1).build();
        return new BooleanQuery.Builder()
                .add(who, Occur.FILTER)
                .add(in(SearchIndex.MODULE, liveModules), Occur.FILTER)
                .build();
    }

    static Query in(String field, Collection<String> values) {
        return new TermInSetQuery(field, values.stream().map(BytesRef::new).collect(Collectors.toList()));
    }

    /** Documents dated between the two instants (either may be null). */
    static Query dated(Instant from, Instant toExclusive) {
        long lo = from == null ? Long.MIN_VALUE : from.toEpochMilli();
        long hi = toExclusive == null ? Long.MAX_VALUE : toExclusive.toEpochMilli() - 1;
        return LongPoint.newRangeQuery(SearchIndex.DATE, lo, hi);
    }
}
