package fr.preau.directory;

import fr.preau.api.PersonId;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import java.util.List;
import java.util.Set;

/**
 * What is needed to create a person.
 *
 * @param id        stable id (from the annuaire, or {@link PersonId#random()})
 * @param login     unique on the box, compared case-insensitively
 * @param firstName prénom
 * @param lastName  nom
 * @param uai       their school (must exist)
 * @param profiles  at least one
 * @param classes   class codes they belong to (élève) or teach (enseignant), e.g. {@code 4A}
 */
public record NewPerson(PersonId id, String login, String firstName, String lastName, Uai uai, Set<Profile> profiles,
        List<String> classes) {
    public NewPerson {
        profiles = Set.copyOf(profiles);
        classes = List.copyOf(classes);
    }
}
