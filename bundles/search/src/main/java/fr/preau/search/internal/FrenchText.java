package fr.preau.search.internal;

import java.util.Arrays;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.util.ElisionFilter;

/**
 * The one analysis of indexed text and of queries: words (Unicode rules), elision removed
 * ({@code l'exercice} → {@code exercice}), lower case, accents folded ({@code élève} → {@code eleve},
 * so names match with or without accents), then French light stemming ({@code exercices} →
 * {@code exercice}). No stop words: a person's name may be « Le » or « Des ».
 */
final class FrenchText {

    /** Elided articles and pronouns, as Lucene's FrenchAnalyzer lists them. */
    static final CharArraySet ELISIONS = CharArraySet.unmodifiableSet(new CharArraySet(
            Arrays.asList("l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"), true));

    private FrenchText() {
    }

    /** A new analyzer (thread-safe; share one per index). */
    static Analyzer analyzer() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer source = new StandardTokenizer();
                TokenStream s = new ElisionFilter(source, ELISIONS);
                s = new LowerCaseFilter(s);
                s = new ASCIIFoldingFilter(s);
                s = new FrenchLightStemFilter(s);
                return new TokenStreamComponents(source, s);
            }

            @Override
            protected TokenStream normalize(String fieldName, TokenStream in) {
                return new ASCIIFoldingFilter(new LowerCaseFilter(new ElisionFilter(in, ELISIONS)));
            }
        };
    }
}
