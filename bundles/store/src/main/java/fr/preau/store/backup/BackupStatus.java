package fr.preau.store.backup;

import java.time.Instant;

/**
 * What the backups are doing.
 *
 * @param running        a backup is under way
 * @param phase          its step: {@code snapshot}, {@code databases}, {@code archive}, {@code retention}
 * @param startedAt      when it started (null when none runs)
 * @param last           how the last backup ended (null when there has been none)
 * @param lastScheduled  when the last scheduled backup started (null when none)
 */
public record BackupStatus(boolean running, String phase, Instant startedAt, BackupResult last, Instant lastScheduled) {
}
