package fr.preau.auth.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PasswordPolicyTest {

    private final PasswordPolicy policy = new PasswordPolicy();

    @ParameterizedTest(name = "accepted: {0}")
    @CsvSource(delimiter = '|', value = {
        "Cheval-Batterie7        | 12+ chars, 4 classes",
        "chevalbatterie7!        | 16 chars, 3 classes",
        "Trombone2Agrafe         | 15 chars, upper+lower+digit",
        "trombone-agrafe7        | lower+special+digit",
        "le chat de léa dort     | passphrase of 16+ chars, any characters",
        "correcthorsebatterystap | 23 lower-case letters: long enough",
        "Été_À-la-mer-2024       | accented letters count as letters",
    })
    void accepts(String password, String why) {
        assertDoesNotThrow(() -> policy.check(password, "jean.dupont"), why);
    }

    @ParameterizedTest(name = "refused: {0} ({1})")
    @CsvSource(delimiter = '|', value = {
        "Court1!                    | too short",
        "Abcdefghijk                | 11 characters",
        "abcdefghijkl1              | 12+ but only two classes and under 16",
        "ABCDEFGHIJ12               | two classes",
        "Jean.Dupont-2024!          | contains the login",
        "JEANDUPONT*99aa            | contains the login letters",
        "Dupont&Compagnie9          | contains a part of the login (the name)",
        "Motdepasse2024!            | common password",
        "Azerty123456!              | keyboard pattern",
        "P@ssword!!!!1234           | common password under symbols",
        "aaaaaaaaaaaaaaaaaa         | too few distinct characters",
        "1234567890123456           | a sequence",
        "abcdefghijklmnopqr         | a sequence of letters",
    })
    void refuses(String password, String why) {
        ProblemException e = assertThrows(ProblemException.class, () -> policy.check(password, "jean.dupont"), why);
        assertEquals(400, e.status());
        assertEquals("weak-password", e.code());
        assertTrue(e.title().contains("12 caractères"), "the title explains the rule: " + e.title());
    }

    @Test
    void refusesEmptyNullAndOverlong() {
        assertEquals("weak-password", assertThrows(ProblemException.class, () -> policy.check(null, "x")).code());
        assertEquals("weak-password", assertThrows(ProblemException.class, () -> policy.check("", "x")).code());
        ProblemException tooLong = assertThrows(ProblemException.class, () -> policy.check("Ab1!".repeat(33), "x"));
        assertTrue(tooLong.title().contains("128"));
    }

    @Test
    void classesAreCounted() {
        assertEquals(1, PasswordPolicy.classes("abc"));
        assertEquals(2, PasswordPolicy.classes("abC"));
        assertEquals(3, PasswordPolicy.classes("abC1"));
        assertEquals(4, PasswordPolicy.classes("abC1 "));
        assertEquals(2, PasswordPolicy.classes("éÉ"));
    }

    @Test
    void theRuleIsAFrenchSentence() {
        String rule = policy.describe();
        assertTrue(rule.startsWith("Le mot de passe doit compter au moins 12 caractères"));
        assertTrue(rule.contains("16 caractères"));
        assertTrue(rule.endsWith("."));
    }
}
