package fr.preau.store.backup;

import java.time.Instant;

/**
 * One archive of the folder.
 *
 * @param status {@code COMPLETE} (written whole, then renamed into place) or {@code INCOMPLETE}
 *               (a temporary file left by an interrupted backup)
 */
public record BackupArchive(String name, long size, Instant createdAt, boolean encrypted, String status) {
}
