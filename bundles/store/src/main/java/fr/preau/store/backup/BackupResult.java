package fr.preau.store.backup;

import java.time.Instant;

/**
 * How one backup ended.
 *
 * @param archive file name in the folder (null when it failed)
 * @param error   the French sentence for the referent (null when it succeeded)
 * @param code    a stable code for programs (null when it succeeded)
 * @param deleted archives removed by the retention policy
 */
public record BackupResult(boolean ok, String trigger, Instant startedAt, Instant endedAt, String archive, long bytes,
        int entries, String error, String code, int deleted) {
}
