package fr.preau.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FoldingTest {

    @Test
    void accentsAndCaseAreFolded() {
        assertEquals("elodie lefevre", Folding.fold("Élodie LEFÈVRE"));
        assertEquals("francois-noel", Folding.fold("François-Noël"));
        assertEquals("", Folding.fold(""));
    }

    @Test
    void aQueryIsCutIntoFoldedWords() {
        assertEquals(List.of("eleve", "5e", "a"), Folding.words("  Élève, 5e;A "));
        assertEquals(List.of(), Folding.words(null));
        assertEquals(List.of(), Folding.words(" \t "));
    }
}
