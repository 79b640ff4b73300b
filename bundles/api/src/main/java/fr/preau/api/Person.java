package fr.preau.api;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A person as the platform knows them: who they are and at which school. Everything else
 * (classes, groups, children) is an annuaire fact asked of the directory when needed.
 *
 * @param id          opaque stable id
 * @param login       the login they type
 * @param displayName "Prénom Nom" as shown on screen
 * @param uai         their school
 * @param profiles    never empty
 */
public record Person(PersonId id, String login, String displayName, Uai uai, Set<Profile> profiles) {

    public Person {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(uai, "uai");
        if (profiles == null || profiles.isEmpty()) {
            throw new IllegalArgumentException("a person holds at least one profile");
        }
        profiles = Collections.unmodifiableSet(EnumSet.copyOf(profiles));
    }

    public boolean has(Profile profile) {
        return profiles.contains(profile);
    }
}
