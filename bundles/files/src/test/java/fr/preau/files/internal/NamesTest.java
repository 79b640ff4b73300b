package fr.preau.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fr.preau.api.ProblemException;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"Cours.pdf", "été 2026", "a", ".bashrc", "rapport (final).docx", "CONSOLE.txt", "con-cours.txt", "Ωmega", "…"})
    void acceptsOrdinaryNames(String name) {
        assertEquals(name, Names.check(name));
    }

    @Test
    void normalisesToNfc() {
        String decomposed = "e\u0301te\u0301.txt";
        assertEquals("\u00e9t\u00e9.txt", Names.check(decomposed));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|name-empty", "'   '|name-empty", ".|name-reserved", "..|name-reserved",
        "a/b|name-forbidden-character", "a\\b|name-forbidden-character", "../etc/passwd|name-forbidden-character",
        "..\\..\\x|name-forbidden-character", "/etc/passwd|name-forbidden-character", "C:|name-forbidden-character",
        "what?|name-forbidden-character", "a*b|name-forbidden-character", "x<y>|name-forbidden-character",
        "CON|name-reserved", "nul.txt|name-reserved", "Com1.tar.gz|name-reserved", "lpt9|name-reserved",
        "fin.|name-edge", "'fin '|name-edge", "' début'|name-edge"})
    void refusesWithAStableCode(String name, String code) {
        ProblemException e = assertThrows(ProblemException.class, () -> Names.check(name));
        assertEquals(400, e.status());
        assertEquals(code, e.code());
    }

    @Test
    void refusesControlCharactersAndOverlongNames() {
        assertEquals("name-forbidden-character", assertThrows(ProblemException.class, () -> Names.check("a\u0000b")).code());
        assertEquals("name-forbidden-character", assertThrows(ProblemException.class, () -> Names.check("a\nb")).code());
        assertEquals("name-forbidden-character", assertThrows(ProblemException.class, () -> Names.check("p|q")).code());
        assertEquals("a".repeat(255), Names.check("a".repeat(255)));
        assertEquals("name-too-long", assertThrows(ProblemException.class, () -> Names.check("a".repeat(256))).code());
        // 128 × "é" is 256 bytes in UTF-8
        assertEquals("name-too-long", assertThrows(ProblemException.class, () -> Names.check("é".repeat(128))).code());
    }

    @Test
    void freeNameNumbersBeforeTheExtension() {
        Set<String> taken = Set.of("cours.pdf", "cours (2).pdf", "notes");
        assertEquals("cours (3).pdf", Names.free("cours.pdf", taken::contains));
        assertEquals("notes (2)", Names.free("notes", taken::contains));
        assertEquals("autre.pdf", Names.free("autre.pdf", taken::contains));
    }
}
