package fr.preau.api;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How the box compares names and what people type to find them: accents off, lower case (« Élodie » and « elodie »
 * match), and a query cut into words at spaces, commas and semicolons. One rule for every module's address book and
 * look-up, so that a name found in one is found the same way in the others.
 */
public final class Folding {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s,;]+");

    private Folding() {
    }

    /** {@code text} without its accents (combining marks), in lower case. */
    public static String fold(String text) {
        return MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
    }

    /** The folded words of a query, empty for none (null or blank). */
    public static List<String> words(String query) {
        if (query == null || query.isBlank()) {
            return List.of();
        }
        return SEPARATORS.splitAsStream(fold(query)).filter(w -> !w.isEmpty()).toList();
    }
}
