package fr.preau.web;

import fr.preau.api.Person;
import java.security.Principal;
import java.util.Objects;

/** The principal the web layer puts on the request's {@code SecurityContext} for a signed-in person. */
public final class PreauPrincipal implements Principal {
    private final Person person;
    private final String sessionId;

    public PreauPrincipal(Person person, String sessionId) {
        this.person = Objects.requireNonNull(person, "person");
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
    }

    public Person person() {
        return person;
    }

    /** The session id: a secret, never log it. */
    public String sessionId() {
        return sessionId;
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
