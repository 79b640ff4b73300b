package fr.preau.portal.internal;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import fr.preau.api.Person;
import fr.preau.web.PreauPrincipal;
import javax.ws.rs.core.SecurityContext;

final class SignedInAs {

    private SignedInAs() {
    }

    static SecurityContext of(Person who, String session) {
        SecurityContext sc = mock(SecurityContext.class);
        when(sc.getUserPrincipal()).thenReturn(new PreauPrincipal(who, session, "csrf"));
        return sc;
    }
}
