package fr.preau.web;

import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * While the box replaces modules in place (an académie update, a rollback), a request to a module
 * whose new version is not answering yet waits for it, instead of failing: the caller opens a
 * window around the change and closes it when done. Outside a window, an absent module answers
 * 404 at once, as before.
 */
@ProviderType
public interface ModuleSwaps {

    /** An open window; closing it ends the waits (idempotent). */
    interface Window extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Opens a window that closes by itself after {@code max} at the latest.
     */
    Window begin(Duration max);
}
