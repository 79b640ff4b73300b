package fr.preau.api.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a {@link SearchSource} tells the search module what changed, so that search shows it within
 * two seconds. The search module hands one to each source it binds ({@link SearchSource#watch}); the
 * calls are cheap and never block (the search module queues them and reads the document back from the
 * source on its own thread), so a module may call them right after committing a write.
 */
@ProviderType
public interface SearchChanges {

    /** The document was created or changed (the search module reads it again with {@link SearchSource#document}). */
    void changed(String id);

    /** The document no longer exists. */
    void removed(String id);

    /** Many documents changed at once (an import, a copied progression): the module is listed again. */
    void changedAll();
}
