package fr.preau.search.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.apache.lucene.util.automaton.CharacterRunAutomaton;
import org.apache.lucene.util.automaton.LevenshteinAutomata;
import org.junit.jupiter.api.Test;

class SnippetsTest {

    /** The snippet's typo test agrees with Lucene's own Levenshtein automata (with transpositions) on random words. */
    @Test
    void theEditDistanceAgreesWithLucenesAutomata() {
        Random random = new Random(7);
        String letters = "aeéilnrst";
        int agreed = 0;
        for (int n = 0; n < 3_000; n++) {
            String w = word(random, letters, 2 + random.nextInt(7));
            String t = random.nextInt(3) == 0 ? mutate(random, w, letters) : word(random, letters, 1 + random.nextInt(9));
            for (int k = 1; k <= 2; k++) {
                boolean lucene = new CharacterRunAutomaton(new LevenshteinAutomata(w, true).toAutomaton(k)).run(t);
                assertEquals(lucene, Snippets.within(w.codePoints().toArray(), t.codePoints().toArray(), k), w + " / " + t + " / " + k);
                agreed += lucene ? 1 : 0;
            }
        }
        assertTrue(agreed > 500, "too few matching pairs to mean anything: " + agreed);
    }

    @Test
    void typosTranspositionsAndPrefixesAreMarked() {
        Snippets.Matcher m = new Snippets.Matcher(List.of("fraction", "exer"), true);
        assertTrue(m.test("fraktion"));
        assertTrue(m.test("farction"), "a transposition is one typo");
        assertTrue(m.test("exercice"), "the last word is a prefix");
        assertFalse(m.test("traction"), "the first letter must match");
        assertFalse(m.test("frac"));
    }

    private static String word(Random random, String letters, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(letters.charAt(random.nextInt(letters.length())));
        }
        return b.toString();
    }

    private static String mutate(Random random, String w, String letters) {
        StringBuilder b = new StringBuilder(w);
        for (int e = 1 + random.nextInt(3); e > 0 && b.length() > 1; e--) {
            int at = random.nextInt(b.length() - 1);
            switch (random.nextInt(4)) {
                case 0 -> b.insert(at, letters.charAt(random.nextInt(letters.length())));
                case 1 -> b.deleteCharAt(at);
                case 2 -> b.setCharAt(at, letters.charAt(random.nextInt(letters.length())));
                default -> {
                    char c = b.charAt(at);
                    b.setCharAt(at, b.charAt(at + 1));
                    b.setCharAt(at + 1, c);
                }
            }
        }
        return b.toString();
    }
}
