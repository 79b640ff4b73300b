package fr.preau.cahier.internal;

import java.util.Locale;
import java.util.Map;

/**
 * The matières as people read them. The annuaire (AAF) gives their labels in capitals without
 * accents (« SCIENCES DE LA VIE ET DE LA TERRE »): the usual ones get their French spelling, the
 * others a capital letter only; options such as LV1 keep their capitals.
 */
final class Subjects {

    /** The matière of a 1D teacher (the annuaire gives none): the class's polyvalent teacher. */
    static final String NONE = "-";

    private static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("MATHEMATIQUES", "Mathématiques"),
            Map.entry("FRANCAIS", "Français"),
            Map.entry("HISTOIRE ET GEOGRAPHIE", "Histoire-géographie"),
            Map.entry("HISTOIRE-GEOGRAPHIE", "Histoire-géographie"),
            Map.entry("HISTOIRE-GEOGRAPHIE-EMC", "Histoire-géographie, EMC"),
            Map.entry("ANGLAIS LV1", "Anglais LV1"),
            Map.entry("ANGLAIS LV2", "Anglais LV2"),
            Map.entry("ALLEMAND LV1", "Allemand LV1"),
            Map.entry("ALLEMAND LV2", "Allemand LV2"),
            Map.entry("ESPAGNOL LV1", "Espagnol LV1"),
            Map.entry("ESPAGNOL LV2", "Espagnol LV2"),
            Map.entry("ITALIEN LV2", "Italien LV2"),
            Map.entry("SCIENCES DE LA VIE ET DE LA TERRE", "Sciences de la vie et de la Terre"),
            Map.entry("SCIENCES VIE & TERRE", "Sciences de la vie et de la Terre"),
            Map.entry("PHYSIQUE-CHIMIE", "Physique-chimie"),
            Map.entry("TECHNOLOGIE", "Technologie"),
            Map.entry("EDUCATION PHYSIQUE ET SPORTIVE", "Éducation physique et sportive"),
            Map.entry("ED.PHYSIQUE & SPORT.", "Éducation physique et sportive"),
            Map.entry("EDUCATION MUSICALE", "Éducation musicale"),
            Map.entry("ARTS PLASTIQUES", "Arts plastiques"),
            Map.entry("LATIN", "Latin"),
            Map.entry("GREC", "Grec"),
            Map.entry("ENSEIGNEMENT MORAL ET CIVIQUE", "Enseignement moral et civique"),
            Map.entry("VIE DE CLASSE", "Vie de classe"),
            Map.entry("ACCOMPAGNEMENT PERSONNALISE", "Accompagnement personnalisé"),
            Map.entry("SCIENCES ECONOMIQUES ET SOCIALES", "Sciences économiques et sociales"),
            Map.entry("PHILOSOPHIE", "Philosophie"),
            Map.entry("DOCUMENTATION", "Documentation"));

    private Subjects() {
    }

    /** The label to show for an annuaire matière (code {@code -}: polyvalent). */
    static String label(String code, String annuaireLabel) {
        if (annuaireLabel == null || annuaireLabel.isBlank()) {
            return NONE.equals(code) || code == null ? "Enseignement polyvalent" : code;
        }
        String l = annuaireLabel.strip();
        String known = KNOWN.get(l.toUpperCase(Locale.ROOT));
        if (known != null) {
            return known;
        }
        if (!l.equals(l.toUpperCase(Locale.ROOT))) {
            return l; // already written by a person
        }
        StringBuilder out = new StringBuilder();
        for (String word : l.toLowerCase(Locale.ROOT).split(" ")) {
            if (out.length() > 0) {
                out.append(' ');
            }
            if (word.matches("lv\\d|lca|emc|ap|ulis|segpa|dnl|[a-z]\\d")) {
                out.append(word.toUpperCase(Locale.ROOT));
            } else {
                out.append(out.length() == 0 && !word.isEmpty() ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
            }
        }
        return out.toString();
    }
}
