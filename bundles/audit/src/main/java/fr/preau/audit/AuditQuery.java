package fr.preau.audit;

import fr.preau.api.PersonId;
import java.time.Instant;

/**
 * Which entries of the audit log to read (every criterion is optional: null means any).
 *
 * @param action  an action name ({@code auth.login}) or a family of them ending with a dot
 *                ({@code admin.} for every administration action)
 * @param actor   who did it
 * @param from    recorded at or after
 * @param to      recorded before
 * @param success true for successes only, false for failures only
 */
public record AuditQuery(String action, PersonId actor, Instant from, Instant to, Boolean success) {

    /** Every entry. */
    public static final AuditQuery ALL = new AuditQuery(null, null, null, null, null);

    public AuditQuery {
        if (action != null && action.isBlank()) {
            action = null;
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
    }
}
