package fr.preau.cahier.internal;

import fr.preau.cahier.DevoirKind;
import java.time.Instant;
import java.time.LocalDate;

/** The cahier's rows, as stored. */
final class Rows {

    private Rows() {
    }

    /** SEANCE or JOURNAL (the 1D cahier journal). */
    enum Kind {
        SEANCE, JOURNAL
    }

    /** Who writes, and for which class/groupe and matière. */
    record Scope(String school, String divisionId, String divisionLabel, String subjectCode, String subjectLabel, String authorId,
            String authorName) {
    }

    record Seance(long id, Scope scope, Kind kind, LocalDate date, String start, String end, String title, String content,
            Instant publishAt, Instant createdAt, Instant updatedAt) {

        boolean publishedAt(Instant now) {
            return !publishAt.isAfter(now);
        }
    }

    record Devoir(long id, Long seanceId, Scope scope, LocalDate due, DevoirKind kind, String instructions, Integer minutes, boolean handIn,
            Instant publishAt, boolean notified, Instant createdAt, Instant updatedAt) {

        boolean publishedAt(Instant now) {
            return !publishAt.isAfter(now);
        }
    }

    record Link(String url, String label) {
    }

    record Piece(long id, long seanceId, String fileName, String mediaType, long size, String blob, Instant createdAt) {
    }

    record Visa(long id, String school, String divisionId, LocalDate until, String byId, String byName, Instant at) {
    }

    record Amendment(long id, Long seanceId, Long devoirId, String authorId, String authorName, String text, Instant at) {
    }
}
