package fr.preau.web.internal;

import fr.preau.web.PreauApi;

/** The session cookie: HttpOnly, SameSite=Lax, Secure under TLS, for the whole box. */
final class Cookies {

    private Cookies() {
    }

    static String session(String sessionId, boolean secure) {
        return PreauApi.SESSION_COOKIE + "=" + sessionId + "; Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    static String cleared(boolean secure) {
        return PreauApi.SESSION_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }
}
