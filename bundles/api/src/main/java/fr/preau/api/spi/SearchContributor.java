package fr.preau.api.spi;

import fr.preau.api.Person;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A module's part of the portal's simple search (SQL, per request). It must only return what {@code who} may see.
 * This is the fallback used while the search module ({@code preau-search}) is not installed; a module also
 * registers a {@link SearchSource} for the search module's index.
 */
@ConsumerType
public interface SearchContributor {

    /** The module id, as in its {@link CatalogueEntry}. */
    String module();

    /** At most {@code limit} hits for {@code query}, best first, all visible to {@code who}. */
    List<SearchHit> search(Person who, String query, int limit);
}
