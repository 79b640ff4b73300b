package fr.preau.directory.letters;

import fr.preau.api.PersonId;
import fr.preau.api.Profile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One person's "lettre de première connexion": one page.
 * <p>
 * The activation code is here in clear text because it is printed, and only printed: {@link #toString()}
 * masks it (and leaves names out), and nothing in this package logs a letter.
 *
 * @param person         the person's opaque id (what error messages and reports name)
 * @param name           the recipient
 * @param profile        the profile the letter speaks to: {@link Profile#ELEVE}, {@link Profile#PARENT}, or
 *                       a staff profile
 * @param login          the login to type
 * @param activationCode the one-time code, {@code XXXX-XXXX-XX} in Crockford's base 32 (as {@code auth} makes
 *                       them); case, spaces and dashes are normalised
 * @param codeExpiresAt  when the code stops working
 * @param division       the class the letter is filed under: required for an élève; for a responsable légal,
 *                       one of the children's classes, by default the first child's (see {@link #children});
 *                       optional for staff
 * @param children       for a responsable légal, every child this account follows (at least one): one letter per
 *                       parent, whatever the number of children; sorted here by class (school order), then
 *                       name. Empty for anyone else.
 */
public record Letter(PersonId person, PersonName name, Profile profile, String login, String activationCode,
        Instant codeExpiresAt, String division, List<Child> children) {

    /** auth's alphabet: digits and capitals without I, L, O, U. */
    private static final Pattern CODE = Pattern.compile("[0-9A-HJKMNP-TV-Z]{10}");

    public Letter {
        if (person == null) {
            throw new IllegalArgumentException("a letter needs the person's id");
        }
        String who = "letter for person " + person + ": ";
        if (name == null) {
            throw new IllegalArgumentException(who + "the name is required");
        }
        if (profile == null) {
            throw new IllegalArgumentException(who + "the profile is required");
        }
        if (login == null || login.isBlank()) {
            throw new IllegalArgumentException(who + "the login is required");
        }
        login = login.strip();
        if (login.codePoints().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(who + "the login must not contain spaces");
        }
        activationCode = normaliseCode(activationCode, who);
        if (codeExpiresAt == null) {
            throw new IllegalArgumentException(who + "the activation code's expiry is required");
        }
        children = children == null ? List.of() : children;
        if (children.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException(who + "a child is missing (null)");
        }
        children = List.copyOf(children);
        division = division == null || division.isBlank() ? null : division.strip().replaceAll("\\s+", " ");
        switch (profile) {
            case ELEVE -> {
                if (division == null) {
                    throw new IllegalArgumentException(who + "an élève's class (division) is required");
                }
                if (!children.isEmpty()) {
                    throw new IllegalArgumentException(who + "only a responsable légal's letter lists children");
                }
            }
            case PARENT -> {
                if (children.isEmpty()) {
                    throw new IllegalArgumentException(who + "a responsable légal's letter names at least one child");
                }
                List<Child> sorted = new ArrayList<>(children);
                sorted.sort(childOrder());
                if (new HashSet<>(sorted).size() != sorted.size()) {
                    throw new IllegalArgumentException(who + "a child is listed twice");
                }
                children = List.copyOf(sorted);
                if (division == null) {
                    division = children.get(0).division();
                } else {
                    String d = division;
                    if (children.stream().noneMatch(c -> c.division().equals(d))) {
                        throw new IllegalArgumentException(who + "a responsable légal's letter is filed under one of the children's classes");
                    }
                }
            }
            default -> {
                if (!children.isEmpty()) {
                    throw new IllegalArgumentException(who + "only a responsable légal's letter lists children");
                }
            }
        }
    }

    /** An élève's letter. */
    public static Letter forPupil(PersonId person, PersonName name, String login, String activationCode,
            Instant codeExpiresAt, String division) {
        return new Letter(person, name, Profile.ELEVE, login, activationCode, codeExpiresAt, division, List.of());
    }

    /** A responsable légal's letter: one per parent, naming every child; filed under the first child's class. */
    public static Letter forParent(PersonId person, PersonName name, String login, String activationCode,
            Instant codeExpiresAt, List<Child> children) {
        return new Letter(person, name, Profile.PARENT, login, activationCode, codeExpiresAt, null, children);
    }

    /** A staff member's letter (enseignant, direction, personnel, …), filed in the "Personnels" section. */
    public static Letter forStaff(PersonId person, PersonName name, Profile profile, String login,
            String activationCode, Instant codeExpiresAt) {
        return new Letter(person, name, profile, login, activationCode, codeExpiresAt, null, List.of());
    }

    /** Neither the code nor the name: a letter may end up in a log line by mistake. */
    @Override
    public String toString() {
        return "Letter[person=" + person + ", profile=" + profile + ", division=" + division + ", children="
                + children.size() + ", activationCode=(hidden)]";
    }

    /** Classes in school order, then names. */
    static Comparator<Child> childOrder() {
        Comparator<PersonName> names = LetterOrder.names();
        Divisions divisions = new Divisions();
        return Comparator.comparing(Child::division, divisions).thenComparing(Child::name, names);
    }

    static String division(String division, String message) {
        if (division == null || division.isBlank()) {
            throw new IllegalArgumentException(message);
        }
        return division.strip().replaceAll("\\s+", " ");
    }

    private static String normaliseCode(String code, String who) {
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException(who + "the activation code is required");
        }
        String plain = code.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
        if (!CODE.matcher(plain).matches()) {
            // never echo the code itself
            throw new IllegalArgumentException(who + "the activation code is not of the form XXXX-XXXX-XX "
                    + "(10 characters among digits and capitals without I, L, O, U)");
        }
        return plain.substring(0, 4) + "-" + plain.substring(4, 8) + "-" + plain.substring(8);
    }
}
