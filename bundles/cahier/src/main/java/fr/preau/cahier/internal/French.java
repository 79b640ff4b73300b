package fr.preau.cahier.internal;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** French wording of dates for titles and messages. */
final class French {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.FRENCH);
    private static final DateTimeFormatter DAY_YEAR = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.FRENCH);

    private French() {
    }

    /** « de Mathématiques », « d'Anglais », « d'Éducation musicale », « d'histoire ». */
    static String de(String word) {
        if (word == null || word.isEmpty()) {
            return "de " + word;
        }
        char c = Character.toLowerCase(java.text.Normalizer.normalize(word.substring(0, 1), java.text.Normalizer.Form.NFD).charAt(0));
        return ("aeiouyh".indexOf(c) >= 0 ? "d'" : "de ") + word;
    }

    /** « jeudi 10 décembre » (with the year when asked). */
    static String day(LocalDate d, boolean year) {
        return (year ? DAY_YEAR : DAY).format(d);
    }
}
