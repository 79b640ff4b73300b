package fr.preau.api.spi;

import fr.preau.api.PersonId;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who a published {@link Notification} is for, within one school: named people, the members of
 * classes or groupes, and holders of profiles. A person is in the audience when any part names
 * them. With {@code responsables}, the responsables légaux of the pupils named (directly or through
 * their class or groupe) are in it too.
 *
 * @param school      the school the audience belongs to
 * @param persons     people named one by one
 * @param divisions   ids of classes or groupes of that school, as the annuaire gives them
 *                    ({@code <uai>:<kind>:<code>}): their pupils and teachers
 * @param profiles    everyone of that school holding one of these profiles
 * @param responsables whether the responsables légaux of the pupils named are in the audience too
 */
public record Audience(Uai school, Set<PersonId> persons, Set<String> divisions, Set<Profile> profiles,
        boolean responsables) {

    /** Most targets one audience may name (people plus divisions). */
    public static final int MAX_TARGETS = 2000;
    private static final Pattern DIVISION = Pattern.compile("[^\\s]{1,200}");

    public Audience {
        Objects.requireNonNull(school, "school");
        persons = persons == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(persons));
        divisions = divisions == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(divisions));
        profiles = profiles == null || profiles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(profiles));
        for (PersonId p : persons) {
            Objects.requireNonNull(p, "person");
        }
        for (String d : divisions) {
            if (d == null || !DIVISION.matcher(d).matches()) {
                throw new IllegalArgumentException("not a division id: " + d);
            }
        }
        if (persons.isEmpty() && divisions.isEmpty() && profiles.isEmpty()) {
            throw new IllegalArgumentException("an audience names at least one person, division or profile");
        }
        if (persons.size() + divisions.size() > MAX_TARGETS) {
            throw new IllegalArgumentException("an audience names at most " + MAX_TARGETS + " people and divisions");
        }
    }

    /** These people of {@code school}. */
    public static Audience persons(Uai school, Set<PersonId> persons) {
        return new Audience(school, persons, Set.of(), Set.of(), false);
    }

    /** The pupils and teachers of these classes or groupes of {@code school}. */
    public static Audience divisions(Uai school, Set<String> divisions) {
        return new Audience(school, Set.of(), divisions, Set.of(), false);
    }

    /** Everyone of {@code school} holding one of these profiles. */
    public static Audience profiles(Uai school, Set<Profile> profiles) {
        return new Audience(school, Set.of(), Set.of(), profiles, false);
    }

    /** The same audience, with the responsables légaux of the pupils it names. */
    public Audience withResponsables() {
        return new Audience(school, persons, divisions, profiles, true);
    }
}
