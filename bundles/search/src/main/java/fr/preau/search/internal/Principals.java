package fr.preau.search.internal;

import fr.preau.api.Person;
import fr.preau.directory.DirectoryService;
import java.util.Set;

/**
 * A person's principals (see {@link fr.preau.api.spi.SearchPrincipals}), computed from the annuaire on each request
 * ({@link fr.preau.directory.Principals}): never from anything the client sends.
 */
final class Principals {

    private final DirectoryService directory;

    Principals(DirectoryService directory) {
        this.directory = directory;
    }

    Set<String> of(Person who) {
        return fr.preau.directory.Principals.of(directory, who);
    }
}
