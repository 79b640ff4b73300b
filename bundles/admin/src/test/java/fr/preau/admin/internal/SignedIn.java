package fr.preau.admin.internal;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import fr.preau.api.Person;
import fr.preau.web.PreauPrincipal;
import javax.ws.rs.core.SecurityContext;

/** A request's security context signed in as someone, for the resources' tests. */
final class SignedIn {

    private SignedIn() {
    }

    static SecurityContext as(Person who) {
        SecurityContext sc = mock(SecurityContext.class);
        when(sc.getUserPrincipal()).thenReturn(new PreauPrincipal(who, "session", "csrf"));
        return sc;
    }
}
