package fr.preau.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.auth.AuthSession;
import fr.preau.auth.Authenticator;
import fr.preau.web.CsrfExempt;
import fr.preau.web.PreauApi;
import fr.preau.web.PreauPrincipal;
import fr.preau.web.Public;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Cookie;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class RequestGuardTest {

    static class Resource {
        public void privateRead() {
        }

        @Public
        public void publicRead() {
        }

        @Public
        @CsrfExempt
        public void login() {
        }
    }

    static final Person PUPIL = new Person(new PersonId("p1"), "eleve", "Léa Martin", new Uai("0999999Z"), Set.of(Profile.ELEVE));
    static final AuthSession SESSION = new AuthSession("session-id-0123456789", PUPIL, "csrf-token-0123456789",
            Instant.parse("2030-01-01T00:00:00Z"));

    Authenticator authenticator;
    RequestGuard guard;
    ContainerRequestContext request;
    Map<String, Cookie> cookies;

    @BeforeEach
    void setUp() {
        authenticator = mock(Authenticator.class);
        when(authenticator.session(SESSION.id())).thenReturn(Optional.of(SESSION));
        when(authenticator.session("unknown")).thenReturn(Optional.empty());
        guard = new RequestGuard(authenticator, 1024, false);
        guard.http = mock(HttpServletRequest.class);
        request = mock(ContainerRequestContext.class);
        cookies = new HashMap<>();
        when(request.getCookies()).thenReturn(cookies);
    }

    void route(String method, String resourceMethod) throws Exception {
        ResourceInfo info = mock(ResourceInfo.class);
        when(info.getResourceMethod()).thenReturn(Resource.class.getMethod(resourceMethod));
        when(info.getResourceClass()).thenAnswer(i -> Resource.class);
        guard.resourceInfo = info;
        when(request.getMethod()).thenReturn(method);
    }

    void signedIn() {
        cookies.put(PreauApi.SESSION_COOKIE, new Cookie(PreauApi.SESSION_COOKIE, SESSION.id()));
    }

    Response aborted() {
        ArgumentCaptor<Response> captor = ArgumentCaptor.forClass(Response.class);
        verify(request).abortWith(captor.capture());
        return captor.getValue();
    }

    static String code(Response r) {
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) r.getEntity();
        return (String) body.get("type");
    }

    @Test
    void anonymousCallersAreRefusedUnlessTheMethodIsPublic() throws Exception {
        route("GET", "privateRead");
        guard.filter(request);
        Response r = aborted();
        assertEquals(401, r.getStatus());
        assertEquals("urn:preau:problem:not-authenticated", code(r));

        setUp();
        route("GET", "publicRead");
        guard.filter(request);
        verify(request, never()).abortWith(any());
    }

    @Test
    void anExpiredSessionCountsAsAnonymous() throws Exception {
        cookies.put(PreauApi.SESSION_COOKIE, new Cookie(PreauApi.SESSION_COOKIE, "unknown"));
        route("GET", "privateRead");
        guard.filter(request);
        assertEquals(401, aborted().getStatus());
    }

    @Test
    void theSessionPutsThePersonOnTheSecurityContext() throws Exception {
        signedIn();
        route("GET", "privateRead");
        guard.filter(request);
        ArgumentCaptor<SecurityContext> captor = ArgumentCaptor.forClass(SecurityContext.class);
        verify(request).setSecurityContext(captor.capture());
        PreauPrincipal principal = (PreauPrincipal) captor.getValue().getUserPrincipal();
        assertEquals(PUPIL, principal.person());
        assertTrue(captor.getValue().isUserInRole("ELEVE"));
        assertFalse(captor.getValue().isSecure());
        verify(request, never()).abortWith(any());
    }

    @Test
    void writesNeedTheSessionsCsrfToken() throws Exception {
        for (String token : new String[] {null, "", "wrong", SESSION.csrfToken() + "x"}) {
            setUp();
            signedIn();
            route("POST", "privateRead");
            when(request.getHeaderString(PreauApi.CSRF_HEADER)).thenReturn(token);
            guard.filter(request);
            Response r = aborted();
            assertEquals(403, r.getStatus());
            assertEquals("urn:preau:problem:csrf-token-invalid", code(r));
        }
        for (String method : new String[] {"POST", "PUT", "PATCH", "DELETE"}) {
            setUp();
            signedIn();
            route(method, "privateRead");
            when(request.getHeaderString(PreauApi.CSRF_HEADER)).thenReturn(SESSION.csrfToken());
            guard.filter(request);
            verify(request, never()).abortWith(any());
        }
    }

    @Test
    void loginIsExemptFromCsrfBecauseNoSessionExistsYet() throws Exception {
        route("POST", "login");
        guard.filter(request);
        verify(request, never()).abortWith(any());
    }

    @Test
    void declaredOversizedBodiesAreRefusedAtOnce() throws Exception {
        route("POST", "login");
        when(request.hasEntity()).thenReturn(true);
        when(request.getLength()).thenReturn(2048);
        guard.filter(request);
        Response r = aborted();
        assertEquals(413, r.getStatus());
        assertEquals("urn:preau:problem:body-too-large", code(r));
    }

    @Test
    void undeclaredBodiesAreBoundedWhileRead() throws Exception {
        route("POST", "login");
        when(request.hasEntity()).thenReturn(true);
        when(request.getLength()).thenReturn(-1);
        when(request.getEntityStream()).thenReturn(new ByteArrayInputStream(new byte[4096]));
        guard.filter(request);
        ArgumentCaptor<InputStream> captor = ArgumentCaptor.forClass(InputStream.class);
        verify(request).setEntityStream(captor.capture());
        InputStream bounded = captor.getValue();
        WebApplicationException e = assertThrows(WebApplicationException.class, () -> bounded.readAllBytes());
        assertEquals(413, e.getResponse().getStatus());
    }

    @Test
    void aReadWithoutADeclaredBodyIsNotCopiedToLookForOne() throws Exception {
        route("GET", "privateRead");
        signedIn();
        when(request.getLength()).thenReturn(-1);
        guard.filter(request);
        verify(request, never()).hasEntity();
        verify(request, never()).setEntityStream(any());
        verify(request, never()).abortWith(any());
    }

    @Test
    void aReadThatDeclaresABodyIsStillBounded() throws Exception {
        route("GET", "privateRead");
        signedIn();
        when(request.getLength()).thenReturn(-1);
        when(request.getHeaderString(RequestGuard.TRANSFER_ENCODING)).thenReturn("chunked");
        when(request.hasEntity()).thenReturn(true);
        when(request.getEntityStream()).thenReturn(new ByteArrayInputStream(new byte[4096]));
        guard.filter(request);
        ArgumentCaptor<InputStream> captor = ArgumentCaptor.forClass(InputStream.class);
        verify(request).setEntityStream(captor.capture());
        assertEquals(413, assertThrows(WebApplicationException.class, () -> captor.getValue().readAllBytes()).getResponse().getStatus());
    }

    @Test
    void tokensAreComparedExactly() {
        assertTrue(RequestGuard.sameToken("abc", "abc"));
        assertFalse(RequestGuard.sameToken("abc", "abd"));
        assertFalse(RequestGuard.sameToken("abc", null));
        assertFalse(RequestGuard.sameToken("abc", "ab"));
    }

    @Test
    void theSizeIsSaidInFrench() {
        assertEquals("Le contenu envoyé est trop volumineux : 1 Ko au maximum.", guard.tooLargeTitle());
        assertEquals("Le contenu envoyé est trop volumineux : 1 Mo au maximum.",
                new RequestGuard(authenticator, 1_048_576, false).tooLargeTitle());
    }

    @Test
    void sessionCookieFlags() {
        assertEquals("PREAU_SESSION=abc; Path=/; HttpOnly; SameSite=Lax", Cookies.session("abc", false));
        assertEquals("PREAU_SESSION=abc; Path=/; HttpOnly; SameSite=Lax; Secure", Cookies.session("abc", true));
        assertTrue(Cookies.cleared(false).contains("Max-Age=0"));
    }
}
