package fr.preau.directory.letters;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Dates as a French letter writes them: "lundi 7 septembre 2026", "mardi 1er septembre 2026 à 8 h 00". */
final class FrenchDates {

    /** No-break space: "18 h 00" never splits across lines. */
    static final char NBSP = '\u00A0';

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE", Locale.FRENCH);
    private static final DateTimeFormatter MONTH_YEAR = DateTimeFormatter.ofPattern("MMMM uuuu", Locale.FRENCH);

    private FrenchDates() {
    }

    /** "lundi 7 septembre 2026", "mardi 1er septembre 2026". */
    static String date(LocalDate d) {
        int day = d.getDayOfMonth();
        return DAY.format(d) + " " + (day == 1 ? "1er" : Integer.toString(day)) + " " + MONTH_YEAR.format(d);
    }

    /**
     * "jusqu'au lundi 7 septembre 2026 à 18 h 00". The minute is rounded down (never announce a time at
     * which the code no longer works); midnight is the end of the day before ("lundi … à minuit"), which is
     * how people read a deadline.
     */
    static String until(Instant expiry, ZoneId zone) {
        ZonedDateTime at = expiry.atZone(zone);
        LocalTime time = at.toLocalTime();
        if (time.getHour() == 0 && time.getMinute() == 0) {
            return "jusqu'au " + date(at.toLocalDate().minusDays(1)) + " à minuit";
        }
        return "jusqu'au " + date(at.toLocalDate()) + " à " + time.getHour() + NBSP + "h" + NBSP
                + String.format(Locale.ROOT, "%02d", time.getMinute());
    }
}
