package fr.preau.auth;

import fr.preau.api.Person;
import java.time.Instant;
import java.util.Objects;

/**
 * A signed-in person's session.
 *
 * @param id        the session id carried by the cookie; a secret, never logged
 * @param person    who is signed in
 * @param csrfToken the token every state-changing request must carry in {@code X-CSRF-Token}; a secret
 * @param expiresAt when it ends if unused
 */
public record AuthSession(String id, Person person, String csrfToken, Instant expiresAt) {
    public AuthSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(person, "person");
        Objects.requireNonNull(csrfToken, "csrfToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "AuthSession[person=" + person.id() + ", expiresAt=" + expiresAt + "]"; // no secrets
    }
}
