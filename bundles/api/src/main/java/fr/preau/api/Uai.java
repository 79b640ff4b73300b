package fr.preau.api;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A school's national identifier (Unité Administrative Immatriculée, ex-RNE): seven digits
 * (or the Corsican "2A"/"2B" département prefix) followed by one check letter, e.g. {@code 0999999Z}.
 * <p>
 * The check letter is not verified: the académie's synthetic test schools do not carry a valid
 * one, and the annuaire is the authority on which UAIs exist.
 */
public record Uai(String value) implements Comparable<Uai> {

    private static final Pattern FORMAT = Pattern.compile("(\\d{7}|\\d2[AB]\\d{4}|2[AB]\\d{5})[A-Z]");

    public Uai {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) {
            throw new ProblemException(400, "invalid-uai",
                    "Le code UAI « " + abbreviate(value) + " » n'est pas valable : il compte 7 chiffres suivis d'une lettre, par exemple 0999999Z.");
        }
    }

    /** Parses user input: trims and upper-cases before validating. */
    public static Uai parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ProblemException(400, "invalid-uai", "Indiquez le code UAI de l'établissement, par exemple 0999999Z.");
        }
        return new Uai(text.trim().toUpperCase(Locale.ROOT));
    }

    private static String abbreviate(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "…" : s;
    }

    @Override
    public int compareTo(Uai other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
