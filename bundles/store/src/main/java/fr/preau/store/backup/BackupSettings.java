package fr.preau.store.backup;

/**
 * Where and when the box saves itself.
 *
 * @param folder     absolute path of the folder the archives go to (USB disk, NAS mount); empty: not configured
 * @param hour       local hour (0–23) of the daily backup; -1: no scheduled backup
 * @param keepDaily  the newest archive of each of the last {@code keepDaily} days is kept
 * @param keepWeekly the newest archive of each of the last {@code keepWeekly} weeks is kept
 * @param encrypted  whether a passphrase is set (archives then encrypted)
 */
public record BackupSettings(String folder, int hour, int keepDaily, int keepWeekly, boolean encrypted) {
}
