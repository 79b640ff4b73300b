package fr.preau.api.spi;

import fr.preau.api.Person;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A module's documents for the box-wide search module ({@code preau-search}), registered as an OSGi
 * service while the module is installed. The search module indexes them (Lucene), filters hits on the
 * person's principals in the query, and asks {@link #visible(Person, List)} again before showing a page of them.
 * <ul>
 * <li><b>Listing</b> ({@link #documents}): every document, streamed to the sink (page through the
 * database; never build the whole list in memory). The search module lists a source when it appears
 * (module installed, search started) and when its index is rebuilt.</li>
 * <li><b>Changes</b> ({@link #watch}): the search module hands the source a {@link SearchChanges} while it
 * holds it, and {@code null} when it lets it go. The source keeps the latest in a volatile field and calls
 * it after each committed write. Why not OSGi EventAdmin: the box does not run it (adding it to the
 * platform's boot needs its own boot stage, see the stack notes), and with a callback neither side holds
 * the other's service: the module never references the search module, so it installs, runs and leaves
 * alike with or without it, and the search module withdraws its callback when it stops, so no stale class
 * loader stays pinned.</li>
 * <li><b>Uninstall</b>: when the service goes away, its hits vanish at once and its documents are dropped
 * from the index; they come back from the listing when it returns.</li>
 * </ul>
 * When the search module is absent, the portal's simple search falls back on {@link SearchContributor}s.
 */
@ConsumerType
public interface SearchSource {

    /** The module id, as in its {@link CatalogueEntry}; every document it lists carries it. */
    String module();

    /** Streams every document of the module to {@code sink}, one at a time. */
    void documents(Consumer<? super SearchDocument> sink);

    /** The document with this id as it is now, or empty when it no longer exists. */
    Optional<SearchDocument> document(String id);

    /**
     * The second check before a hit is shown: may {@code who} open this document now? Ask {@code access}
     * and the module's own rules (publication, authorship) exactly as opening it would.
     */
    boolean visible(Person who, String id);

    /**
     * The second check for a page of hits at once (since 1.4): the ids among {@code ids} that {@code who} may open now,
     * each decided exactly as {@link #visible(Person, String)} decides it. The search module calls this once per page
     * of this module's hits; a source answers with one question to its store or the annuaire for the whole list rather
     * than one per id. The default asks {@link #visible(Person, String)} for each id.
     *
     * @return the visible ids (a subset of {@code ids}; order does not matter)
     */
    default Set<String> visible(Person who, List<String> ids) {
        Set<String> out = new LinkedHashSet<>();
        for (String id : ids) {
            if (visible(who, id)) {
                out.add(id);
            }
        }
        return out;
    }

    /** Starts ({@code changes} not null) or stops ({@code null}) telling the search module what changes. */
    default void watch(SearchChanges changes) {
    }
}
