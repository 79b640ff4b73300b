package fr.preau.web.internal;

import fr.preau.api.Person;
import fr.preau.api.Profile;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.School;
import java.util.List;

/** What login, first login and {@code GET /me} answer. */
public record SessionView(PersonView person, String csrfToken) {

    public record SchoolView(String uai, String name) {
    }

    public record PersonView(String id, String login, String displayName, List<String> profiles, SchoolView school) {
    }

    static SessionView of(Person person, String csrfToken, DirectoryService directory) {
        String schoolName = directory.school(person.uai()).map(School::name).orElse(person.uai().value());
        List<String> profiles = person.profiles().stream().map(Profile::name).sorted().toList();
        return new SessionView(new PersonView(person.id().value(), person.login(), person.displayName(), profiles,
                new SchoolView(person.uai().value(), schoolName)), csrfToken);
    }
}
