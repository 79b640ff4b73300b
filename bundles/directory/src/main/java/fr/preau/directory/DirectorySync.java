package fr.preau.directory;

import java.time.Instant;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Synchronisation of the annuaire from the académie's LDAP directory. A sync reads the whole
 * directory (paged), writes it as a complete AAF export and imports that like files sent by the
 * referent: same 20 % guard, same "unchanged records write nothing", same report, visible in
 * {@link ImportService#list}. A sync whose reading fails imports nothing. One sync at a time.
 * Permission checks are the caller's (the REST layer asks {@code access}).
 */
@ProviderType
public interface DirectorySync {

    /** True when the settings name a directory and are usable (otherwise {@link #test()} says what is wrong). */
    boolean configured();

    /**
     * Connects, binds and counts what the configured searches find, without importing. Never throws
     * for a directory problem: the diagnosis says it.
     */
    Diagnosis test();

    /**
     * Reads the directory, imports it and waits for the import to end.
     *
     * @return the finished import ({@link ImportRun.Status#DONE}, or
     *         {@link ImportRun.Status#CONFIRMATION_REQUIRED} when the guard stopped it: the referent
     *         confirms it like any import)
     * @throws fr.preau.api.ProblemException 503 {@code ldap-not-configured} or {@code ldap-settings-invalid} (the title
     *         says what to fix), 409 {@code ldap-sync-running},
     *         502 {@code ldap-sync-failed} (the directory could not be read entirely: nothing was imported;
     *         the title says why, in French)
     */
    ImportRun syncNow();

    /**
     * Like {@link #syncNow()}, but returns as soon as the directory has been read and its import queued;
     * follow it with {@link ImportService#find}.
     */
    ImportRun startSync();

    /** How the last sync since the box started ended (or how far the running one is), if any. */
    Optional<LastSync> last();

    /**
     * The answer of a connection test.
     *
     * @param ok         connected, bound and the searches worked
     * @param message    French diagnosis, e.g. « Connexion réussie : 2 établissements, 18 personnes trouvées »
     * @param structures établissements found (0 when not ok)
     * @param people     people found, all categories (0 when not ok)
     */
    record Diagnosis(boolean ok, String message, long structures, long people) {
    }

    /**
     * A sync, as the console shows it.
     *
     * @param startedAt  when it started
     * @param finishedAt when it ended, or null while running
     * @param ok         false when the directory could not be read (nothing imported) or the import failed
     * @param importId   the import it made, or null when it made none
     * @param message    French summary or reason
     */
    record LastSync(Instant startedAt, Instant finishedAt, boolean ok, String importId, String message) {
    }
}
