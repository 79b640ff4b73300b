/**
 * Backups of the box (DESIGN.md §4): an online, consistent copy of every embedded Derby database
 * (Derby's {@code SYSCS_UTIL.SYSCS_BACKUP_DATABASE} through each concern's DataSource), of the files
 * under {@code <data>/preau} (blobs, attachments, mail, settings, TLS key, first-boot state; not the
 * search index, which is rebuilt) and of Préau's {@code etc/fr.preau.*.cfg}, into one archive with a
 * SHA-256 manifest, optionally encrypted with the referent's passphrase, written atomically into a
 * configured folder, with a retention policy. The referent console's API (bundle admin) drives it
 * and schedules the daily run; restoring is done box stopped, by {@code ./preau restore}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package fr.preau.store.backup;
