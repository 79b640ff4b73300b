package fr.preau.store.backup;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/** The box's backups: settings, the archives in the folder, one backup at a time. */
@ProviderType
public interface BackupService {

    BackupSettings settings();

    /**
     * Saves the folder, hour and retention ({@link BackupSettings#encrypted()} is ignored: see
     * {@link #setPassphrase}); the folder must exist and be writable.
     *
     * @throws BackupException invalid settings (French message, stable code)
     */
    BackupSettings updateSettings(BackupSettings settings);

    /**
     * From now on, archives are encrypted with a key derived from {@code passphrase}; only the derived
     * key is kept on the box, never the passphrase. The array is cleared.
     *
     * @throws BackupException passphrase too short
     */
    void setPassphrase(char[] passphrase);

    /** From now on, archives are not encrypted (the derived key is deleted). */
    void clearPassphrase();

    BackupStatus status();

    /** The archives in the folder, newest first. */
    List<BackupArchive> archives();

    /**
     * Starts a backup in the background.
     *
     * @param label   the school's UAI in the archive name ({@code preau-<label>-<yyyyMMdd-HHmmss>.tar})
     * @param trigger who asked: {@code console}, {@code schedule}, {@code cli}… (kept in the status)
     * @return completes when the archive is written (or failed: {@link BackupResult#ok()} false)
     * @throws BackupException another backup is running, or no folder is configured
     */
    CompletionStage<BackupResult> start(String label, String trigger);
}
