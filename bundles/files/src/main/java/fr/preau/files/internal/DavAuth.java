package fr.preau.files.internal;

import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.auth.AuthSession;
import fr.preau.auth.Authenticator;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who a WebDAV request comes from: HTTP Basic with the box's password (checked by {@code fr.preau.auth},
 * with its throttling and lockout) or with an application password of the person (revocable, see the
 * REST contract). A box-password login opens one session; while it lives, the same credentials are
 * recognised by a keyed digest without hashing the password again (a WebDAV client sends them with
 * every request). Nothing secret is kept in clear or logged.
 */
final class DavAuth {

    private static final int MAX_CACHED = 10_000;

    private final Authenticator authenticator;
    private final Files files;
    private final byte[] key = new byte[32];
    /** digest of login and password → session id */
    private final Map<String, String> sessions = new ConcurrentHashMap<>();

    DavAuth(Authenticator authenticator, Files files) {
        this.authenticator = authenticator;
        this.files = files;
        new SecureRandom().nextBytes(key);
    }

    /**
     * The person of an {@code Authorization} header, or empty when there is none (or it is not Basic).
     *
     * @throws ProblemException 401 for wrong credentials, 429 while throttled
     */
    Optional<Person> authenticate(String header, String client) throws SQLException {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String login = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        String digest = digest(login, password);
        String sid = sessions.get(digest);
        if (sid != null) {
            Optional<AuthSession> live = authenticator.session(sid);
            if (live.isPresent()) {
                return Optional.of(live.get().person());
            }
            sessions.remove(digest);
        }
        Optional<Person> app = files.appPasswordPerson(login, password);
        if (app.isPresent()) {
            return app;
        }
        AuthSession session = authenticator.login(login, password, client);
        if (sessions.size() >= MAX_CACHED) {
            sessions.clear();
        }
        sessions.put(digest, session.id());
        return Optional.of(session.person());
    }

    private String digest(String login, String password) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((login + "\u0000" + password).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
