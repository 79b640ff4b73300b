package fr.preau.audit;

import java.time.Instant;

/**
 * A recorded event.
 *
 * @param sequence position in the log, strictly increasing
 * @param at       when it was recorded (box clock)
 * @param event    what was recorded
 * @param hash     hex SHA-256 chaining this entry to the previous one: altering or removing a past
 *                 entry breaks every hash after it
 */
public record AuditEntry(long sequence, Instant at, AuditEvent event, String hash) {
}
