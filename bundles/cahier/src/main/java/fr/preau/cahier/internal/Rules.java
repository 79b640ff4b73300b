package fr.preau.cahier.internal;

import fr.preau.api.ProblemException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The rules of the cahier that need no database: the school year, dates and times, workload warnings. */
final class Rules {

    /** Most days one request may span (a school year and a bit). */
    static final int MAX_RANGE_DAYS = 400;
    static final int TITLE_MAX = 200;
    static final int CONTENT_MAX = 20_000;
    static final int AMENDMENT_MAX = 2_000;
    static final int LINKS_MAX = 20;
    static final int DEVOIRS_MAX = 10;
    static final int MINUTES_MAX = 600;
    static final int DEFAULT_MAX_DEVOIRS_PER_DAY = 3;

    private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");

    private Rules() {
    }

    /** A school year: 1 September to 31 August. */
    record SchoolYear(LocalDate start, LocalDate end) {
        boolean contains(LocalDate d) {
            return !d.isBefore(start) && !d.isAfter(end);
        }

        String label() {
            return start.getYear() + "-" + end.getYear();
        }
    }

    /** The school year holding {@code day}. */
    static SchoolYear schoolYear(LocalDate day) {
        int first = day.getMonth().compareTo(Month.SEPTEMBER) >= 0 ? day.getYear() : day.getYear() - 1;
        return new SchoolYear(LocalDate.of(first, 9, 1), LocalDate.of(first + 1, 8, 31));
    }

    /**
     * The dates an entry may bear when written on {@code today}: the current school year, and from
     * 1 June on the next one too (teachers prepare the rentrée).
     */
    static SchoolYear writable(LocalDate today) {
        SchoolYear current = schoolYear(today);
        if (today.getMonth().compareTo(Month.JUNE) >= 0 && today.getMonth().compareTo(Month.AUGUST) <= 0) {
            return new SchoolYear(current.start(), current.end().plusYears(1));
        }
        return current;
    }

    /** Parses a {@code YYYY-MM-DD} field, or a 400 naming it in French. */
    static LocalDate date(String value, String code, String field) {
        if (value == null || value.isBlank()) {
            throw new ProblemException(400, code, "Indiquez " + field + ".");
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new ProblemException(400, code, "La date « " + shorten(value) + " » (" + field + ") n'est pas une date valide (AAAA-MM-JJ).");
        }
    }

    /** An optional date parameter; {@code fallback} when absent. */
    static LocalDate dateOr(String value, LocalDate fallback, String field) {
        return value == null || value.isBlank() ? fallback : date(value, "invalid-date", field);
    }

    /** A range of dates of a query, checked: from ≤ to, and not longer than {@link #MAX_RANGE_DAYS}. */
    static void range(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new ProblemException(400, "invalid-range", "La date de fin est avant la date de début.");
        }
        if (from.plusDays(MAX_RANGE_DAYS).isBefore(to)) {
            throw new ProblemException(400, "invalid-range", "Choisissez une période d'au plus " + MAX_RANGE_DAYS + " jours.");
        }
    }

    /** Checks that an entry's date is one that may be written today. */
    static void inSchoolYear(LocalDate date, LocalDate today, String what) {
        SchoolYear year = writable(today);
        if (!year.contains(date)) {
            throw new ProblemException(400, "outside-school-year", "La date " + French.day(date, true) + " (" + what
                    + ") est en dehors de l'année scolaire " + year.label() + " (du " + French.day(year.start(), true) + " au "
                    + French.day(year.end(), true) + ").");
        }
    }

    /** Parses {@code HH:MM}. */
    static LocalTime time(String value, String code, String field) {
        if (value == null || !TIME.matcher(value.trim()).matches()) {
            throw new ProblemException(400, code, "Indiquez " + field + " au format HH:MM (par exemple 08:30).");
        }
        return LocalTime.parse(value.trim());
    }

    /** The French warnings of a day of a class already holding {@code count} devoirs, {@code surTable} of them sur table. */
    static List<String> workloadWarnings(int count, int surTable, int max) {
        List<String> warnings = new ArrayList<>();
        if (surTable > 0) {
            warnings.add(surTable == 1 ? "Un devoir sur table est déjà prévu ce jour-là."
                    : surTable + " devoirs sur table sont déjà prévus ce jour-là.");
        }
        if (count >= max) {
            warnings.add("Ce jour-là compte déjà " + count + " devoir" + (count > 1 ? "s" : "") + " (maximum conseillé : " + max + ").");
        }
        return warnings;
    }

    static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
