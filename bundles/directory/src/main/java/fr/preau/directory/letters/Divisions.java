package fr.preau.directory.letters;

import java.text.Normalizer;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Classes (divisions) in the order a school lists them: by level as pupils go through school — maternelle
 * (TPS, PS, MS, GS), élémentaire (CP … CM2), collège (6e, 5e, 4e, 3e), lycée (2de, 1re, Tle) — then, within a
 * level, in natural order ({@code 6A2 < 6A10}, {@code 601 < 602 < 610}). So a collège prints 6A, 6B, …, 5A,
 * …, 3A, as its class lists do, rather than the 3A-first of a plain alphanumeric sort. Names that give no level
 * ("ULIS", "Atelier théâtre") come last, in natural order.
 * <p>
 * Not thread-safe (it remembers the names it has seen): one instance per sort.
 */
final class Divisions implements Comparator<String> {

    private static final int UNKNOWN_LEVEL = 100;

    /** Level prefixes on the upper-case, accent-free name; the first match gives the rank. */
    private static final List<Pattern> LEVELS = List.of(
            Pattern.compile("^TPS"), Pattern.compile("^PS"), Pattern.compile("^MS"), Pattern.compile("^GS"),
            Pattern.compile("^CP"), Pattern.compile("^CE1"), Pattern.compile("^CE2"), Pattern.compile("^CM1"),
            Pattern.compile("^CM2"),
            Pattern.compile("^6"), Pattern.compile("^5"), Pattern.compile("^4"), Pattern.compile("^3"),
            Pattern.compile("^2"), Pattern.compile("^1"),
            // terminale: TLE1, TERM S, TG2, TSTMG, T1, T-3 (not "TORTUES", a maternelle class name)
            Pattern.compile("^(TLE|TERM|T(?=[\\s._-]?\\d|G|S))"));

    /** A class name ready to compare; computed once per name (sorting compares each name many times). */
    private record Sortable(int level, String normalised) {
    }

    private final Map<String, Sortable> sortables = new HashMap<>();

    @Override
    public int compare(String a, String b) {
        Sortable sa = sortable(a);
        Sortable sb = sortable(b);
        int c = Integer.compare(sa.level, sb.level);
        if (c == 0) {
            c = natural(sa.normalised, sb.normalised);
        }
        return c != 0 ? c : a.compareTo(b);
    }

    private Sortable sortable(String division) {
        return sortables.computeIfAbsent(division, d -> {
            String n = normalise(d);
            return new Sortable(level(n), n);
        });
    }

    static int level(String normalised) {
        for (int i = 0; i < LEVELS.size(); i++) {
            if (LEVELS.get(i).matcher(normalised).lookingAt()) {
                return i;
            }
        }
        return UNKNOWN_LEVEL;
    }

    /** Digit runs compare as numbers, the rest as text; digits before letters. */
    static int natural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            boolean da = Character.isDigit(a.charAt(i));
            boolean db = Character.isDigit(b.charAt(j));
            if (da != db) {
                return da ? -1 : 1;
            }
            int ei = run(a, i, da);
            int ej = run(b, j, db);
            int c = da ? numeric(a.substring(i, ei), b.substring(j, ej)) : a.substring(i, ei).compareTo(b.substring(j, ej));
            if (c != 0) {
                return c;
            }
            i = ei;
            j = ej;
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static int run(String s, int from, boolean digits) {
        int k = from;
        while (k < s.length() && Character.isDigit(s.charAt(k)) == digits) {
            k++;
        }
        return k;
    }

    private static int numeric(String x, String y) {
        String sx = x.replaceFirst("^0+(?=.)", "");
        String sy = y.replaceFirst("^0+(?=.)", "");
        int c = Integer.compare(sx.length(), sy.length());
        if (c == 0) {
            c = sx.compareTo(sy);
        }
        return c != 0 ? c : Integer.compare(x.length(), y.length());
    }

    static String normalise(String s) {
        return Normalizer.normalize(s.strip(), Normalizer.Form.NFD).replaceAll("\\p{M}", "").toUpperCase(Locale.ROOT);
    }
}
