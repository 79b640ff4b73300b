package fr.preau.directory;

import fr.preau.api.Uai;
import java.time.Instant;
import java.util.List;

/**
 * One import of annuaire files, as the referent follows it.
 *
 * @param id          opaque id
 * @param status      where it stands
 * @param source      {@code AAF}, {@code ONDE}, {@code LDAP} or {@code DEMO}
 * @param uai         the school named at import (ONDE files name none), or null
 * @param actor       login of who asked (or {@code cli}, {@code ldap-sync})
 * @param files       names of the files received
 * @param createdAt   when it was asked
 * @param finishedAt  when it ended, or null
 * @param counts      counts so far (live while running)
 * @param message     French summary or the reason it stopped, or null (while running: the step under way)
 * @param recordsTotal while running, the records of its files, known once they have been read (0 before,
 *                    and once it has ended): with the counts, how far it is
 */
public record ImportRun(String id, Status status, String source, Uai uai, String actor, List<String> files,
        Instant createdAt, Instant finishedAt, Counts counts, String message, long recordsTotal) {

    public ImportRun {
        files = List.copyOf(files);
    }

    /** An import whose total is not known (not running). */
    public ImportRun(String id, Status status, String source, Uai uai, String actor, List<String> files,
            Instant createdAt, Instant finishedAt, Counts counts, String message) {
        this(id, status, source, uai, actor, files, createdAt, finishedAt, counts, message, 0);
    }

    /** Life of an import. */
    public enum Status {
        /** Created; files are being sent. */
        RECEIVING,
        /** Waiting for its turn (one import runs at a time). */
        QUEUED,
        RUNNING,
        /** A complete export would deactivate too many accounts: nothing was written, the referent must confirm. */
        CONFIRMATION_REQUIRED,
        /** Ended; some files or records may have been rejected (see the report). */
        DONE,
        /** Ended without writing anything (unusable files, or an error). */
        FAILED,
        /** Declined by the referent before it wrote anything (while receiving, or at the confirmation step). */
        CANCELLED;

        public boolean finished() {
            return this == DONE || this == FAILED || this == CONFIRMATION_REQUIRED || this == CANCELLED;
        }
    }

    /** Record counts; {@code ignoredAttributes} counts attributes Préau does not know. */
    public record Counts(long created, long updated, long unchanged, long deactivated, long rejected, long ignoredAttributes) {
        public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0);

        /** Records done so far: created, updated, unchanged or rejected (deactivations are not records of the files). */
        public long records() {
            return created + updated + unchanged + rejected;
        }

        /** The last line {@code ./preau import} prints. */
        public String summary() {
            return created + " created, " + updated + " updated, " + unchanged + " unchanged, " + deactivated
                    + " deactivated, " + rejected + " rejected";
        }
    }
}
