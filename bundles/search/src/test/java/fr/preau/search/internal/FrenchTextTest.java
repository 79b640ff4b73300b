package fr.preau.search.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.junit.jupiter.api.Test;

class FrenchTextTest {

    private final Analyzer analyzer = FrenchText.analyzer();

    private List<String> words(String text) {
        return Queries.words(analyzer, text);
    }

    @Test
    void accentsAreFolded() {
        assertEquals(words("élève"), words("eleve"));
        assertEquals(words("Élèves"), words("eleve"));
        assertEquals(words("Hélène"), words("helene"));
        assertEquals(words("Léo MARCHAND"), words("leo marchand"));
    }

    @Test
    void elisionAndPluralsAreRemoved() {
        assertEquals(words("l'exercice"), words("exercices"));
        assertEquals(words("d'histoire"), words("histoire"));
        assertEquals(words("qu’il"), words("il"));
        assertEquals(words("L’Exercice"), words("exercice"));
    }

    @Test
    void luceneSyntaxIsPlainText() {
        // operators, wildcards and fields are dropped by the tokenizer, never parsed
        assertEquals(List.of("fraction"), words("*fraction?"));
        assertEquals(1, words("title:fraction").size(), "a colon is a letter joiner (UAX#29), never a field");
        assertTrue(words("\"((( ~~ ^^ -- ++ ***").isEmpty());
        assertEquals(Queries.MAX_WORDS, words("a b c d e f g h i j k l m n o p q").size());
    }

    @Test
    void typosAreToleratedByLength() {
        assertEquals(0, Queries.edits("sol"));
        assertEquals(1, Queries.edits("fraktion".substring(0, 5)));
        assertEquals(2, Queries.edits("fraktion"));
    }

    @Test
    void snippetsAreEscapedAndMarked() {
        List<String> q = words("fraction");
        String s = Snippets.of(analyzer, SearchIndex.TEXT, "Revoir <b>les</b> fractions & les décimaux", q, false);
        assertEquals("Revoir &lt;b&gt;les&lt;/b&gt; <mark>fractions</mark> &amp; les décimaux", s);
        String typo = Snippets.of(analyzer, SearchIndex.TEXT, "Exercices sur les fractions", words("fraktion"), false);
        assertTrue(typo.contains("<mark>fractions</mark>"), typo);
        String accent = Snippets.of(analyzer, SearchIndex.TEXT, "Réunion des élèves", words("eleve"), false);
        assertTrue(accent.contains("<mark>élèves</mark>"), accent);
    }
}
