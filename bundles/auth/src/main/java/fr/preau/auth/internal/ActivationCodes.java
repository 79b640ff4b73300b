package fr.preau.auth.internal;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * One-time activation codes printed on a credential letter: 10 characters from Crockford's base-32
 * alphabet (digits and capitals without I, L, O, U), shown as {@code K7QX-M2PD-9H}: exactly 50 bits
 * from {@link SecureRandom}.
 * <p>
 * Typing is forgiving: case, spaces and dashes are ignored, and O, I and L are read as 0, 1 and 1
 * (Crockford's decoding), so a code copied by a child or read over the phone still works.
 */
final class ActivationCodes {

    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    static final int LENGTH = 10;
    /** log2(32) × 10. */
    static final int ENTROPY_BITS = 50;

    private ActivationCodes() {
    }

    /** A fresh code, grouped for reading: {@code XXXX-XXXX-XX}. */
    static String generate(SecureRandom random) {
        StringBuilder b = new StringBuilder(LENGTH + 2);
        for (int i = 0; i < LENGTH; i++) {
            if (i == 4 || i == 8) {
                b.append('-');
            }
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /** The canonical form that is hashed: 10 alphabet characters, or whatever was typed if it cannot be one. */
    static String normalise(String typed) {
        if (typed == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(LENGTH);
        for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case ' ', '-', '\t', '.' -> { }
                case 'O' -> b.append('0');
                case 'I', 'L' -> b.append('1');
                default -> b.append(c);
            }
            if (b.length() > 64) {
                break;
            }
        }
        return b.toString();
    }

    /** Whether a normalised code has the shape of a code (it may still be wrong). */
    static boolean wellFormed(String normalised) {
        if (normalised.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < normalised.length(); i++) {
            if (ALPHABET.indexOf(normalised.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
