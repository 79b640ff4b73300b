package fr.preau.directory;

import fr.preau.api.Person;
import java.util.List;

/**
 * A person as the referent's console lists them.
 *
 * @param person  the person (for a deactivated one too)
 * @param active  false once deactivated
 * @param classes codes of the classes concerned, sorted: attended (élève), taught (enseignant), or
 *                attended by their children (responsable légal)
 */
public record DirectoryEntry(Person person, boolean active, List<String> classes) {

    public DirectoryEntry {
        classes = List.copyOf(classes);
    }
}
