package fr.preau.directory.letters;

import fr.preau.api.PersonId;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one print run holds: the school, the date printed on the letters, and the letters (any order: the
 * renderer files them by class).
 *
 * @param school   the letterhead
 * @param issuedOn the date the letters are printed ("Éditée le …")
 * @param letters  at least one; one per person (a login appears once: a second letter would carry a second code,
 *                 and the newer code cancels the older one)
 */
public record LetterBatch(Letterhead school, LocalDate issuedOn, List<Letter> letters) {

    public LetterBatch {
        if (school == null) {
            throw new IllegalArgumentException("the batch needs its letterhead (school)");
        }
        if (issuedOn == null) {
            throw new IllegalArgumentException("the batch needs its date (issuedOn)");
        }
        if (letters == null || letters.isEmpty()) {
            throw new IllegalArgumentException("the batch needs at least one letter");
        }
        if (letters.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("the batch contains a missing (null) letter");
        }
        letters = List.copyOf(letters);
        Set<String> logins = new HashSet<>();
        Set<PersonId> people = new HashSet<>();
        for (Letter l : letters) {
            if (!people.add(l.person())) {
                throw new IllegalArgumentException("person " + l.person() + " has two letters: one letter per person "
                        + "(a responsable légal's letter lists all their children)");
            }
            if (!logins.add(l.login().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("the login of person " + l.person() + " is on another letter too");
            }
        }
    }

    /** Rejects a letter whose code had already expired on the day the batch is printed. */
    void requireCodesValidOn(ZoneId zone) {
        for (Letter l : letters) {
            if (l.codeExpiresAt().isBefore(issuedOn.atStartOfDay(zone).toInstant())) {
                throw new IllegalArgumentException("letter for person " + l.person()
                        + ": the activation code expired before the letters' date");
            }
        }
    }
}
