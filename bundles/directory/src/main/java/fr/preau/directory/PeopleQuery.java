package fr.preau.directory;

import fr.preau.api.Profile;
import fr.preau.api.Uai;
import java.util.Locale;

/**
 * Which people of a school the referent's console lists.
 *
 * @param school   the school (its people: attached to it as main or additional school)
 * @param profile  only people with this profile, or null for all
 * @param division only the people of this class or groupe (its pupils, its teachers, and the
 *                 responsables légaux of its pupils), by division id, or null
 * @param text     words to find in the login, first or last name (case and accents ignored), or null
 * @param active   true for active accounts only, false for deactivated ones only, null for both
 */
public record PeopleQuery(Uai school, Profile profile, String division, String text, Boolean active) {

    public PeopleQuery {
        if (school == null) {
            throw new IllegalArgumentException("a school is required");
        }
        text = text == null || text.isBlank() ? null : text.strip().toLowerCase(Locale.ROOT);
        division = division == null || division.isBlank() ? null : division.strip();
    }

    /** Every active person of a school. */
    public static PeopleQuery of(Uai school) {
        return new PeopleQuery(school, null, null, null, Boolean.TRUE);
    }
}
