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

    /** « jeudi 10 décembre » (with the year when asked). */
    static String day(LocalDate d, boolean year) {
        return (year ? DAY_YEAR : DAY).format(d);
    }
}
