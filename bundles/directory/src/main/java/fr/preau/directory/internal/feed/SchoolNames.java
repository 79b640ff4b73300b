package fr.preau.directory.internal.feed;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name people write for a school, from the parts of AAF's {@code ENTStructureNomCourant}
 * ({@code type$NAME$TOWN}): {@code CLG} + {@code JEAN ROSTAND} → « Collège Jean Rostand »,
 * {@code E.E.PU} + {@code DES LILAS} → « École élémentaire des Lilas ». Names the académie already
 * writes in mixed case are kept as they are; an unknown type abbreviation is kept in front.
 */
public final class SchoolNames {

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("CLG", "Collège"), Map.entry("CLG PR", "Collège privé"),
            Map.entry("LYC", "Lycée"), Map.entry("LG", "Lycée"), Map.entry("LGT", "Lycée"), Map.entry("LT", "Lycée technologique"),
            Map.entry("LP", "Lycée professionnel"), Map.entry("LPO", "Lycée polyvalent"), Map.entry("LYC PR", "Lycée privé"),
            Map.entry("E.E.PU", "École élémentaire"), Map.entry("E.E.PR", "École élémentaire privée"),
            Map.entry("E.M.PU", "École maternelle"), Map.entry("E.M.PR", "École maternelle privée"),
            Map.entry("E.P.PU", "École primaire"), Map.entry("E.P.PR", "École primaire privée"),
            Map.entry("ECOLE", "École"));
    /** Words written in lower case inside a name (articles, prepositions). */
    private static final Set<String> SMALL = Set.of("de", "des", "du", "la", "le", "les", "et", "en", "sur", "sous", "aux",
            "au", "d", "l");
    private static final Pattern WORD = Pattern.compile("\\p{L}+");
    private static final Pattern ROMAN = Pattern.compile("[IVX]{1,5}");

    private SchoolNames() {
    }

    /**
     * The readable name.
     *
     * @param type the first part ({@code CLG}, {@code E.E.PU}…), may be empty
     * @param name the second part, as the feed writes it
     */
    public static String of(String type, String name) {
        String t = type == null ? "" : type.strip();
        String readableType = TYPES.getOrDefault(t.toUpperCase(Locale.ROOT), t);
        String readableName = name.equals(name.toUpperCase(Locale.ROOT)) ? titleCase(name.strip(), !readableType.isEmpty())
                : name.strip();
        if (readableType.isEmpty()) {
            return readableName;
        }
        return readableName.isEmpty() ? readableType : readableType + " " + readableName;
    }

    /** « JEAN ROSTAND » → « Jean Rostand », « DE LA FONTAINE » → « de la Fontaine » (after a type), « HENRI IV » keeps IV. */
    static String titleCase(String upper, boolean afterType) {
        Matcher m = WORD.matcher(upper);
        StringBuilder out = new StringBuilder();
        boolean first = true;
        while (m.find()) {
            String w = m.group();
            String lower = w.toLowerCase(Locale.FRENCH);
            String readable;
            if (ROMAN.matcher(w).matches() && !first) {
                readable = w;
            } else if (SMALL.contains(lower) && (!first || afterType)) {
                readable = lower;
            } else {
                readable = Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(readable));
            first = false;
        }
        m.appendTail(out);
        return out.toString();
    }
}
