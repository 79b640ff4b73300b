package fr.preau.web;

import fr.preau.api.Person;
import java.security.Principal;
import java.util.Objects;

/** The principal the web layer puts on the request's {@code SecurityContext} for a signed-in person. */
public final class PreauPrincipal implements Principal {
    private final Person person;
    private final String sessionId;
    private final String csrfToken;

    public PreauPrincipal(Person person, String sessionId, String csrfToken) {
        this.person = Objects.requireNonNull(person, "person");
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.csrfToken = Objects.requireNonNull(csrfToken, "csrfToken");
    }

    public Person person() {
        return person;
    }

    /** The session id: a secret, never log it. */
    public String sessionId() {
        return sessionId;
    }

    /** The session's CSRF token: a secret, never log it. */
    public String csrfToken() {
        return csrfToken;
    }

    @Override
    public String getName() {
        return person.id().value();
    }

    @Override
    public String toString() {
        return "PreauPrincipal[" + person.id() + "]";
    }
}
