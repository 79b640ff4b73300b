package fr.preau.audit;

import fr.preau.api.PersonId;
import java.util.Map;
import java.util.Objects;

/**
 * Something to record.
 *
 * @param action  stable dotted name, see {@link AuditActions}
 * @param actor   who did it, or null when nobody is signed in (a failed login)
 * @param subject what the action was about: a login typed, a person id, a module id — never a secret
 * @param address client IP address as seen by the box, or null for internal actions
 * @param success whether it succeeded
 * @param details extra non-secret facts (e.g. {@code reason=locked})
 */
public record AuditEvent(String action, PersonId actor, String subject, String address, boolean success,
        Map<String, String> details) {
    public AuditEvent {
        Objects.requireNonNull(action, "action");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static AuditEvent of(String action, PersonId actor, String subject, String address, boolean success) {
        return new AuditEvent(action, actor, subject, address, success, Map.of());
    }
}
