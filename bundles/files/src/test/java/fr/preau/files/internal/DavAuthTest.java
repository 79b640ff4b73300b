package fr.preau.files.internal;

import static fr.preau.files.internal.World.MATHS_5A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.auth.AuthSession;
import fr.preau.auth.Authenticator;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebDAV's Basic credentials: the box password is verified (hashed) once, then recognised while its session lives;
 * a password change ends the other sessions (fr.preau.auth), after which the old password is refused.
 */
class DavAuthTest {

    @TempDir
    Path dir;
    @RegisterExtension
    static final FilesDb DB = new FilesDb("davauth");

    final Map<String, AuthSession> sessions = new ConcurrentHashMap<>();
    final AtomicInteger logins = new AtomicInteger();
    volatile String password = "Ancien-mot-de-passe-1";

    Authenticator authenticator() {
        return (Authenticator) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Authenticator.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "login" -> {
                        logins.incrementAndGet();
                        if (!args[0].equals(MATHS_5A.login()) || !args[1].equals(password)) {
                            throw new ProblemException(401, "invalid-credentials", "Identifiant ou mot de passe incorrect.");
                        }
                        AuthSession s = new AuthSession(UUID.randomUUID().toString(), MATHS_5A, "csrf", Instant.now().plusSeconds(3600));
                        sessions.put(s.id(), s);
                        yield s;
                    }
                    case "session" -> Optional.ofNullable(sessions.get(args[0]));
                    case "toString" -> "authenticator";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static String basic(String login, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void thePasswordIsVerifiedOnceThenRefusedOnceChanged() throws Exception {
        Files files = new World(SharingTest.NOW).files(DB.db(), dir, e -> { });
        DavAuth auth = new DavAuth(authenticator(), files);
        String old = basic(MATHS_5A.login(), password);
        for (int i = 0; i < 5; i++) {
            assertEquals(Optional.of(MATHS_5A), auth.authenticate(old, "127.0.0.1").map(Person.class::cast));
        }
        assertEquals(1, logins.get(), "one verification for five requests");
        assertThrows(ProblemException.class, () -> auth.authenticate(basic(MATHS_5A.login(), "autre"), "127.0.0.1"),
                "other credentials are verified, not taken from the cache");
        // a password change ends the other sessions
        password = "Nouveau-mot-de-passe-2";
        sessions.clear();
        ProblemException refused = assertThrows(ProblemException.class, () -> auth.authenticate(old, "127.0.0.1"));
        assertEquals(401, refused.status());
        assertEquals(Optional.of(MATHS_5A), auth.authenticate(basic(MATHS_5A.login(), password), "127.0.0.1"));
    }
}
