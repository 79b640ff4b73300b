package fr.preau.directory.internal.sync;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Logins {@code prenom.nom}: accents folded, lower case, letters and digits kept, other runs
 * (spaces, apostrophes, hyphens) become one hyphen; collisions numbered {@code jean.martin2},
 * {@code jean.martin3}… A login is chosen once, at creation, and never changes afterwards
 * (a rename keeps it).
 */
public final class Logins {

    static final int MAX = 64;

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private Logins() {
    }

    /** The base login for a first and last name (without collision number). */
    public static String base(String firstName, String lastName) {
        String first = part(firstName);
        String last = part(lastName);
        if (first.isEmpty()) {
            first = "x";
        }
        if (last.isEmpty()) {
            last = "x";
        }
        String login = first + "." + last;
        return login.length() > MAX - 4 ? login.substring(0, MAX - 4).replaceAll("[-.]+$", "") : login;
    }

    /** The first free login for these names, given the logins taken (lower case); adds it to {@code taken}. */
    public static String next(String firstName, String lastName, Set<String> taken) {
        return next(firstName, lastName, taken, null);
    }

    /**
     * As {@link #next(String, String, Set)}, for many logins chosen in a row while {@code taken}
     * only grows: {@code numbered} remembers, for bases already numbered, the number to try next,
     * so that the hundredth homonym does not try the 99 numbers before it again.
     */
    static String next(String firstName, String lastName, Set<String> taken, Map<String, Integer> numbered) {
        String base = base(firstName, lastName);
        String login = base;
        if (taken.contains(base)) {
            int n = numbered == null ? 2 : numbered.getOrDefault(base, 2);
            login = base + n;
            while (taken.contains(login)) {
                login = base + ++n;
            }
            if (numbered != null) {
                numbered.put(base, n + 1);
            }
        }
        taken.add(login);
        return login;
    }

    /** Accents off, and the letters that decomposition leaves whole written as two or one. */
    static String fold(String name) {
        return MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD)).replaceAll("")
                .replace("ß", "ss").replace("æ", "ae").replace("Æ", "ae").replace("œ", "oe").replace("Œ", "oe")
                .replace("ø", "o").replace("Ø", "o").replace("ł", "l").replace("Ł", "l").replace("đ", "d").replace("Đ", "d");
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    static String part(String name) {
        if (name == null) {
            return "";
        }
        String stripped = name.strip();
        // most names are plain ASCII: nothing to fold (an import chooses thousands of logins in a row)
        return letters(ascii(stripped) ? stripped : fold(stripped));
    }

    /** Lower-case letters and digits; every other run between them becomes one hyphen. */
    static String letters(String folded) {
        String lower = folded.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder();
        boolean dash = false;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (dash && out.length() > 0) {
                    out.append('-');
                }
                out.append(c);
                dash = false;
            } else {
                dash = true;
            }
        }
        return out.toString();
    }
}
