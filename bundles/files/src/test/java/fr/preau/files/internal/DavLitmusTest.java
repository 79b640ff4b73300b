package fr.preau.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.auth.AuthSession;
import fr.preau.auth.Authenticator;
import fr.preau.store.testing.Databases;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WebDAV servlet in an embedded Jetty (the container the box runs, without Karaf) over the real
 * {@link Files} on Derby, checked by {@code litmus} (installed by provisioning/host-deps.sh; skipped when
 * absent): suites basic, copymove, props, locks and http with 0 failures. The box-level run is in FilesIT.
 */
class DavLitmusTest {

    static final String PASSWORD = "Mot-de-passe-2026!";

    @TempDir
    Path dir;

    static Path litmus() {
        for (String p : List.of("/usr/bin/litmus", "/usr/local/bin/litmus")) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }

    /** An authenticator that knows the World's people with one password. */
    static Authenticator authenticator(List<Person> people) {
        Map<String, AuthSession> sessions = new ConcurrentHashMap<>();
        return (Authenticator) Proxy.newProxyInstance(DavLitmusTest.class.getClassLoader(), new Class<?>[] {Authenticator.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "login" -> {
                        Person p = people.stream().filter(x -> x.login().equals(args[0])).findFirst().orElse(null);
                        if (p == null || !PASSWORD.equals(args[1])) {
                            throw new ProblemException(401, "invalid-credentials", "Identifiant ou mot de passe incorrect.");
                        }
                        AuthSession s = new AuthSession(java.util.UUID.randomUUID().toString(), p, "csrf", Instant.now().plusSeconds(3600));
                        sessions.put(s.id(), s);
                        yield s;
                    }
                    case "session" -> Optional.ofNullable(sessions.get(args[0]));
                    case "toString" -> "authenticator";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** The files module of a new small school on {@code db}, with the default quotas. */
    fr.preau.files.internal.Files files(EmbeddedDataSource db) throws java.sql.SQLException {
        World world = new World(Instant.now());
        return new fr.preau.files.internal.Files(db, world.access, world.directory, java.time.Clock.systemUTC(), world.rules, e -> { },
                Quotas.defaults(), dir, false);
    }

    /** Serves {@code files} over WebDAV at {@code /dav/} on a free loopback port. */
    static ServerConnector serve(Server server, fr.preau.files.internal.Files files) throws Exception {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new DavServlet(files,
                authenticator(List.of(World.MATHS_5A, World.LEO)))), "/dav/*");
        server.setHandler(context);
        server.start();
        return connector;
    }

    static java.net.http.HttpResponse<String> send(int port, String method, String path, byte[] body) throws Exception {
        String auth = java.util.Base64.getEncoder().encodeToString((World.MATHS_5A.login() + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Basic " + auth)
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anInfectedPutIsRefusedWithASentenceAndMarkupIsServedAsBytes() throws Exception {
        EmbeddedDataSource db = Databases.derby("davav", FilesSchema.CHANGELOG, DavLitmusTest.class.getClassLoader());
        fr.preau.files.internal.Files files = files(db);
        Server server = new Server();
        try (FakeClamd clamd = FakeClamd.unix(Files.createDirectories(dir.resolve("clamd")), 1 << 20, FakeClamd.EICAR_FINDER)) {
            files.antivirus(Antivirus.of(clamd.address(), 5, 1));
            int port = serve(server, files).getLocalPort();
            var refused = send(port, "PUT", "/dav/Mes%20documents/virus.txt", FakeClamd.EICAR.getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(422, refused.statusCode());
            assertTrue(refused.body().contains("« Eicar-Signature »"), refused.body());
            assertEquals(404, send(port, "GET", "/dav/Mes%20documents/virus.txt", null).statusCode());
            byte[] page = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
            assertEquals(201, send(port, "PUT", "/dav/Mes%20documents/photo.png", page).statusCode());
            var got = send(port, "GET", "/dav/Mes%20documents/photo.png", null);
            assertEquals("application/octet-stream", got.headers().firstValue("Content-Type").orElse(null));
            assertEquals("nosniff", got.headers().firstValue("X-Content-Type-Options").orElse(null));
        } finally {
            server.stop();
            Databases.drop(db);
        }
    }

    @Test
    void davfs2sListingGetsAnAnswerOfTheShapeItReads() throws Exception {
        EmbeddedDataSource db = Databases.derby("davfs2", FilesSchema.CHANGELOG, DavLitmusTest.class.getClassLoader());
        fr.preau.files.internal.Files files = files(db);
        Server server = new Server();
        try {
            int port = serve(server, files).getLocalPort();
            assertEquals(201, send(port, "MKCOL", "/dav/Mes%20documents/Cours%20d%C3%A9j%C3%A0%20vus/", null).statusCode());
            assertEquals(201, send(port, "PUT", "/dav/Mes%20documents/r%C3%A9sum%C3%A9%20%231.txt", "Bonjour".getBytes(StandardCharsets.UTF_8))
                    .statusCode());
            Map<String, Long> listed = Davfs2.checkListing(Davfs2.list(port, "/dav/Mes%20documents/", World.MATHS_5A.login(), PASSWORD),
                    "/dav/Mes%20documents/");
            assertEquals(Map.of("Cours déjà vus", -1L, "résumé #1.txt", 7L), listed);
            Map<String, Long> spaces = Davfs2.checkListing(Davfs2.list(port, "/dav/", World.MATHS_5A.login(), PASSWORD), "/dav/");
            assertEquals(-1L, spaces.get("Mes documents"), spaces.toString());
            assertTrue(Davfs2.checkListing(Davfs2.list(port, "/dav/Mes%20documents/Cours%20d%C3%A9j%C3%A0%20vus/", World.MATHS_5A.login(),
                    PASSWORD), "/dav/Mes%20documents/Cours%20d%C3%A9j%C3%A0%20vus/").isEmpty());
        } finally {
            server.stop();
            Databases.drop(db);
        }
    }

    @Test
    void httpDatesAlwaysHaveTwoDigitDays() {
        assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", DavServlet.HTTP_DATE.format(Instant.EPOCH));
        assertEquals("Mon, 07 Dec 2026 21:05:09 GMT", DavServlet.HTTP_DATE.format(Instant.parse("2026-12-07T21:05:09Z")));
    }

    @Test
    void litmusPassesWithNoFailure() throws Exception {
        Path litmus = litmus();
        assumeTrue(litmus != null, "litmus is not installed (provisioning/host-deps.sh)");
        EmbeddedDataSource db = Databases.derby("dav", FilesSchema.CHANGELOG, DavLitmusTest.class.getClassLoader());
        fr.preau.files.internal.Files files = files(db);
        Server server = new Server();
        ServerConnector connector = serve(server, files);
        try {
            int port = connector.getLocalPort();
            Path work = Files.createDirectories(dir.resolve("litmus"));
            ProcessBuilder pb = new ProcessBuilder(litmus.toString(), "http://127.0.0.1:" + port + "/dav/Mes%20documents/",
                    World.MATHS_5A.login(), PASSWORD);
            pb.environment().put("TESTS", "basic copymove props locks http");
            pb.directory(work.toFile());
            pb.redirectErrorStream(true);
            Path out = work.resolve("out.txt");
            pb.redirectOutput(out.toFile());
            Process p = pb.start();
            assertTrue(p.waitFor(10, TimeUnit.MINUTES), "litmus did not finish");
            String report = Files.readString(out, StandardCharsets.UTF_8);
            System.out.println(report);
            assertTrue(report.contains("<- summary for `locks'"), report);
            for (String line : report.split("\n")) {
                if (line.startsWith("<- summary for")) {
                    assertTrue(line.contains(" 0 failed") || line.contains("failed: 0"), line + "\n" + report);
                }
            }
            assertEquals(0, p.exitValue(), report);
        } finally {
            server.stop();
            Databases.drop(db);
        }
    }
}
