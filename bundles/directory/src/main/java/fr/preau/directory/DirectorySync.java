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

    /**
     * How the last sync ended (or how far the running one is), if any: the last one since the box
     * started, else the newest import whose source is {@code LDAP} (so the console still says it
     * after a restart).
     */
    Optional<LastSync> last();

    /** The settings in force, as the console edits them: never the password, only whether one is set. */
    Settings settings();

    /**
     * Checks the settings with the rules of the sync, stores them where they survive a restart and a
     * new version of the box, and applies them at once. An empty {@code url} turns the sync off (the
     * other fields are then kept unchecked).
     *
     * @param settings the values ({@link Settings#passwordSet()} is ignored)
     * @param password null to keep the stored bind password, "" to remove it, else the new one
     * @return the settings now in force
     * @throws fr.preau.api.ProblemException 400 {@code ldap-settings-invalid} (the French title says what to fix;
     *         nothing is stored), 400 {@code ldap-password-required} (the server address changed: the stored
     *         password is only sent to the server it was given for), 500 {@code ldap-settings-not-saved}
     */
    Settings saveSettings(Settings settings, String password);

    /**
     * Like {@link #test()}, with these values instead of the stored ones (a form not yet saved); nothing is
     * stored. An invalid value is a failed diagnosis saying what to fix.
     *
     * @param password the bind password to try; null or blank to use the stored one (only when the server
     *                 address is the stored one)
     */
    Diagnosis test(Settings settings, String password);

    /**
     * The editable settings of the sync (see the README for each one's meaning). Strings are never
     * null (null is read as empty).
     *
     * @param url                 {@code ldap://host:389} or {@code ldaps://host:636}; empty = no sync
     * @param attributeMapping    pairs {@code aafAttribute=ldapAttribute} separated by commas
     * @param passwordSet         whether a bind password is stored (it is never given back)
     */
    record Settings(String url, boolean startTls, String bindDn, String baseDn, String structureBase, String structureFilter,
            String subjectBase, String subjectFilter, String mefBase, String mefFilter, String personnelBase, String personnelFilter,
            String responsableBase, String responsableFilter, String eleveBase, String eleveFilter, String attributeMapping,
            int pageSize, int intervalMinutes, int connectTimeoutSeconds, int readTimeoutSeconds, boolean passwordSet) {

        public Settings {
            url = text(url);
            bindDn = text(bindDn);
            baseDn = text(baseDn);
            structureBase = text(structureBase);
            structureFilter = text(structureFilter);
            subjectBase = text(subjectBase);
            subjectFilter = text(subjectFilter);
            mefBase = text(mefBase);
            mefFilter = text(mefFilter);
            personnelBase = text(personnelBase);
            personnelFilter = text(personnelFilter);
            responsableBase = text(responsableBase);
            responsableFilter = text(responsableFilter);
            eleveBase = text(eleveBase);
            eleveFilter = text(eleveFilter);
            attributeMapping = text(attributeMapping);
        }

        private static String text(String s) {
            return s == null ? "" : s.strip();
        }
    }

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
