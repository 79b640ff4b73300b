package fr.preau.access;

import fr.preau.api.PersonId;
import fr.preau.api.Uai;
import java.util.Objects;

/**
 * What an action is done to, when the answer depends on how the caller is related to it by the
 * annuaire (see {@link fr.preau.api.spi.PermissionSet#relatedOnly()}): a class or groupe, or a
 * person (a pupil whose devoirs are read, say).
 *
 * @param school   the school the target belongs to (never null)
 * @param division a division id ({@code <uai>:<kind>:<code>}) or null
 * @param person   a person or null; exactly one of {@code division} and {@code person} is set
 */
public record Target(Uai school, String division, PersonId person) {

    public Target {
        Objects.requireNonNull(school, "school");
        if ((division == null) == (person == null)) {
            throw new IllegalArgumentException("a target is a division or a person");
        }
    }

    /** A class or groupe of {@code school}. */
    public static Target division(Uai school, String divisionId) {
        return new Target(school, Objects.requireNonNull(divisionId, "divisionId"), null);
    }

    /** A person of {@code school}. */
    public static Target person(Uai school, PersonId person) {
        return new Target(school, null, Objects.requireNonNull(person, "person"));
    }
}
