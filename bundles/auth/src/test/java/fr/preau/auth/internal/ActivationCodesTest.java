package fr.preau.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ActivationCodesTest {

    private static final Pattern SHAPE = Pattern.compile("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}");

    @Test
    void codesAreGroupedAndUnambiguous() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String code = ActivationCodes.generate(random);
            assertTrue(SHAPE.matcher(code).matches(), code);
            assertTrue(seen.add(code));
            assertTrue(ActivationCodes.wellFormed(ActivationCodes.normalise(code)));
        }
    }

    @Test
    void atLeastFiftyBits() {
        assertEquals(32, ActivationCodes.ALPHABET.length());
        assertEquals(32, ActivationCodes.ALPHABET.chars().distinct().count());
        double bits = ActivationCodes.LENGTH * (Math.log(ActivationCodes.ALPHABET.length()) / Math.log(2));
        assertTrue(bits >= 50, "entropy " + bits);
        for (char ambiguous : "ILOU".toCharArray()) {
            assertEquals(-1, ActivationCodes.ALPHABET.indexOf(ambiguous));
        }
    }

    @Test
    void typingIsForgiving() {
        assertEquals("K7QXM2PD9H", ActivationCodes.normalise("k7qx-m2pd-9h"));
        assertEquals("K7QXM2PD9H", ActivationCodes.normalise(" K7QX M2PD 9H "));
        assertEquals("0110", ActivationCodes.normalise("OIlo"));
        assertEquals("", ActivationCodes.normalise(null));
        assertFalse(ActivationCodes.wellFormed("K7QXM2PD9"));
        assertFalse(ActivationCodes.wellFormed("K7QXM2PD9U"));
    }
}
