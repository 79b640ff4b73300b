package fr.preau.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The académie's signed updates, end to end: repositories built by the publishing tool (run as
 * {@code ./preau publish} runs it) and served by a loopback HTTP server; the box checks, verifies,
 * refuses what is altered, applies hot, goes back on demand, and rolls back by itself an update
 * whose bundle does not start. One boot.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpdatesIT {

    static Box box;
    static HttpServer server;
    static Path work;
    static Path www;
    static Path m2;
    static Path key;
    static Path otherKey;
    static String publicKey;
    static Client referent;

    @BeforeAll
    static void boot() throws Exception {
        Path base = Files.createDirectories(Path.of(System.getProperty("preau.it.work", "target/it")).toAbsolutePath());
        work = Files.createTempDirectory(base, "updates-");
        www = Files.createDirectories(work.resolve("www"));
        m2 = Files.createDirectories(work.resolve("m2"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = www.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(www) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                byte[] body = Files.readAllBytes(file);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        key = work.resolve("academie.key");
        otherKey = work.resolve("autre.key");
        assertTrue(publish("--new-key", key.toString()).contains("Clé publique"));
        publish("--new-key", otherKey.toString());
        publicKey = Files.readString(Path.of(key + ".pub")).strip();
        assertEquals(publicKey, publish("--public-key", key.toString()).strip());

        // the probe module in three versions, built into the académie's Maven repository
        Path v1 = Path.of(Box.required("preau.probe.bundle"));
        Files.copy(v1, artifact("0.1.0"));
        Files.move(HotPlugIT.probeVersion2(work.resolve("probe-0.2.0.jar")), artifact("0.2.0"));
        brokenProbe(v1, artifact("0.3.0"));

        box = Box.demo("updates").config("fr.preau.updates", Map.of(
                "health.timeout.seconds", "25", "maintenance.hour", "-1", "check.interval.minutes", "0")).startAndAwaitUp();
        referent = box.client();
        assertEquals(200, referent.login("referent", Box.DEMO_PASSWORD).status());
    }

    @AfterAll
    static void shutdown() {
        if (box != null) {
            box.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    static Path artifact(String version) throws IOException {
        Path p = m2.resolve("fr/preau/fr.preau.probe/" + version + "/fr.preau.probe-" + version + ".jar");
        Files.createDirectories(p.getParent());
        return p;
    }

    /** Runs the académie's tool as {@code ./preau publish} does; its output. */
    static String publish(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                Box.required("preau.updates.bundle"), "fr.preau.updates.internal.Publish"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** The académie publishes the probe in {@code probeVersion} as release {@code release} of the stable channel. */
    static Path release(String release, String probeVersion, Path signingKey) throws Exception {
        Path features = work.resolve("features-" + release + ".xml");
        Files.writeString(features, """
                <?xml version="1.0" encoding="UTF-8"?>
                <features name="preau-probe-%1$s" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
                  <feature name="preau-probe" description="Sonde de test" version="%2$s">
                    <config name="org.ops4j.datasource-preau-probe">
                      osgi.jdbc.driver.name = derby
                      dataSourceName = jdbc/preau-probe
                      url = jdbc:derby:${karaf.data}/preau/probe;create=true
                      ops4j.preHook = preau-probe
                      pool = dbcp2
                      xa = false
                      jdbc.pool.maxTotal = 16
                      jdbc.pool.maxIdle = 16
                      jdbc.pool.minIdle = 1
                    </config>
                    <bundle>mvn:fr.preau/fr.preau.probe/%2$s</bundle>
                  </feature>
                </features>
                """.formatted(release, probeVersion));
        Path out = www.resolve("stable");
        publish("--key", signingKey.toString(), "--out", out.toString(), "--features", features.toString(), "--repo", m2.toString(),
                "--version", release, "--channel", "stable", "--percent", "100", "--module", "preau-probe",
                "--note", "Sonde " + probeVersion + " : notes épinglées.");
        return out;
    }

    static String channelUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/stable/";
    }

    static JsonNode updates() {
        Client.Response r = referent.get("/api/v1/admin/updates");
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    /** Waits until the update worker is idle again; the console's view then. */
    static JsonNode awaitIdle() {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = updates();
            if ("IDLE".equals(last.path("activity").asText())) {
                return last;
            }
            Box.sleep(300);
        }
        throw new AssertionError("the update worker never became idle: " + last + "\n" + box.diagnostics());
    }

    static JsonNode checkNow() {
        Client.Response r = referent.post("/api/v1/admin/updates/check", "{}");
        assertEquals(202, r.status(), r.toString());
        return awaitIdle();
    }

    static JsonNode applyNow() {
        Client.Response r = referent.post("/api/v1/admin/updates/apply", "{}");
        assertEquals(202, r.status(), r.toString());
        return awaitIdle();
    }

    /** Waits until the console's module list shows the probe as expected (never FAILED). */
    static JsonNode awaitProbe(Predicate<JsonNode> expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            Client.Response r = referent.get("/api/v1/admin/modules");
            assertEquals(200, r.status(), r.toString());
            for (JsonNode m : r.json().path("items")) {
                if ("preau-probe".equals(m.path("id").asText())) {
                    last = m;
                    if ("FAILED".equals(m.path("state").asText())) {
                        throw new AssertionError(m + "\n" + box.diagnostics());
                    }
                    if (expected.test(m)) {
                        return m;
                    }
                }
            }
            Box.sleep(200);
        }
        throw new AssertionError("module list never reached the expected state; last: " + last + "\n" + box.diagnostics());
    }

    static String probeVersion() {
        JsonNode m = awaitProbe(x -> !"INSTALLING".equals(x.path("state").asText()));
        return m.path("state").asText() + " " + m.path("version").asText();
    }

    static boolean notesHave(String text) {
        Client.Response notes = referent.get("/api/v1/probe/notes");
        assertEquals(200, notes.status(), notes.toString());
        return HotPlugIT.anyItem(notes, n -> n.path("text").asText().equals(text));
    }

    static void assertAudited(String action, Predicate<JsonNode> test) {
        Client.Response audit = referent.get("/api/v1/admin/audit?action=" + action);
        assertEquals(200, audit.status(), audit.toString());
        assertTrue(HotPlugIT.anyItem(audit, test), audit.body());
    }

    /** The probe with a Bundle-Activator that does not exist: installs, then cannot start. */
    static void brokenProbe(Path v1, Path target) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(v1))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), "0.3.0");
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-Activator"), "fr.preau.probe.internal.NoSuchActivator");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), manifest)) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    out.write(in.readAllBytes());
                    out.closeEntry();
                }
            }
        }
    }

    @Test
    @Order(1)
    void theReferentPinsTheChannelAndTheFirstReleaseOffersANewModule() throws Exception {
        JsonNode initial = updates();
        assertTrue(initial.path("current").isNull() || initial.path("current").isMissingNode(), initial.toString());

        // only the referent; only HTTPS or the loopback; only an Ed25519 key
        Client pupil = box.signedIn("leo.marchand");
        PlatformIT.assertProblem(pupil.get("/api/v1/admin/updates"), 403, "forbidden");
        PlatformIT.assertProblem(pupil.post("/api/v1/admin/updates/check", "{}"), 403, "forbidden");
        PlatformIT.assertProblem(referent.putJson("/api/v1/admin/updates/settings",
                Client.json(Map.of("url", "http://maj.ac-exemple.fr/stable/", "publicKey", publicKey, "channel", "stable"))),
                400, "invalid-channel-url");
        PlatformIT.assertProblem(referent.putJson("/api/v1/admin/updates/settings",
                Client.json(Map.of("url", channelUrl(), "publicKey", "MCowBQYDK2VwAyEAnotakey", "channel", "stable"))),
                400, "invalid-public-key");
        PlatformIT.assertProblem(referent.post("/api/v1/admin/updates/apply", "{}"), 409, "no-update-available");
        PlatformIT.assertProblem(referent.post("/api/v1/admin/updates/rollback", "{}"), 409, "no-previous-version");

        Client.Response set = referent.putJson("/api/v1/admin/updates/settings",
                Client.json(Map.of("url", channelUrl(), "publicKey", publicKey, "channel", "stable")));
        assertEquals(200, set.status(), set.toString());
        assertEquals(64, set.json().path("settings").path("fingerprint").asText().length());

        release("2026.12.1", "0.1.0", key);
        JsonNode checked = checkNow();
        assertEquals("available", checked.path("lastCheck").path("code").asText(), checked.toString());
        assertEquals("2026.12.1", checked.path("available").path("version").asText());
        assertEquals("Sonde 0.1.0 : notes épinglées.", checked.path("available").path("notes").path(0).asText());

        JsonNode applied = applyNow();
        assertEquals("2026.12.1", applied.path("current").path("version").asText(), applied.toString());
        assertTrue(applied.path("available").isNull() || applied.path("available").isMissingNode());
        // the new module is offered, not installed
        JsonNode offered = awaitProbe(m -> "AVAILABLE".equals(m.path("state").asText()));
        assertEquals("0.1.0", offered.path("version").asText());
        assertEquals(202, referent.post("/api/v1/admin/modules/preau-probe/install", "{}").status());
        awaitProbe(m -> "INSTALLED".equals(m.path("state").asText()));
        HotPlugIT.awaitStatusOn(box, referent, "/api/v1/probe/notes", 200, Duration.ofSeconds(60));
        assertEquals(201, referent.post("/api/v1/probe/notes", Client.json(Map.of("text", "Avant les mises à jour"))).status());
        assertAudited("updates.apply", e -> "2026.12.1".equals(e.path("subject").asText()) && e.path("success").asBoolean());
        assertAudited("updates.settings", e -> e.path("success").asBoolean());
    }

    @Test
    @Order(2)
    void aTamperedBundleABadSignatureAndAnUnknownKeyAreRefusedWithNothingChanged() throws Exception {
        // a bundle altered after signing
        Path out = release("2026.12.2", "0.2.0", key);
        Path jar = out.resolve("repository/fr/preau/fr.preau.probe/0.2.0/fr.preau.probe-0.2.0.jar");
        byte[] bytes = Files.readAllBytes(jar);
        bytes[bytes.length / 2] ^= 1;
        Files.write(jar, bytes);
        JsonNode v = checkNow();
        assertRefused(v, "hash-mismatch", "altéré");

        // a manifest altered after signing (its signature no longer matches)
        out = release("2026.12.2", "0.2.0", key);
        Files.writeString(out.resolve("manifest"), Files.readString(out.resolve("manifest")).replace("notes épinglées", "notes piégées"));
        v = checkNow();
        assertRefused(v, "bad-signature", "signature");

        // signed with a key the box does not know
        release("2026.12.2", "0.2.0", otherKey);
        v = checkNow();
        assertRefused(v, "unknown-key", "clé");

        assertEquals("INSTALLED 0.1.0", probeVersion());
        assertTrue(notesHave("Avant les mises à jour"));
        assertFalse(Files.exists(box.data().resolve("preau/updates/releases/2026.12.2")), "nothing kept of a refused update");
        assertFalse(Files.exists(box.data().resolve("preau/updates/staging/2026.12.2")), "nothing kept of a refused update");
        assertAudited("updates.check", e -> !e.path("success").asBoolean() && "bad-signature".equals(e.path("details").path("reason").asText()));
        assertAudited("updates.check", e -> !e.path("success").asBoolean() && "hash-mismatch".equals(e.path("details").path("reason").asText()));
        assertAudited("updates.check", e -> !e.path("success").asBoolean() && "unknown-key".equals(e.path("details").path("reason").asText()));
    }

    static void assertRefused(JsonNode v, String code, String word) {
        assertEquals(code, v.path("lastCheck").path("code").asText(), v.toString());
        assertFalse(v.path("lastCheck").path("ok").asBoolean());
        assertTrue(v.path("lastCheck").path("message").asText().contains(word), v.toString());
        assertTrue(v.path("notice").asText().contains("refusée"), v.toString());
        assertTrue(v.path("available").isNull() || v.path("available").isMissingNode(), v.toString());
        assertEquals("2026.12.1", v.path("current").path("version").asText());
    }

    @Test
    @Order(3)
    void theNextReleaseIsAppliedHotWithRequestsInFlightThenTheReferentGoesBack() throws Exception {
        release("2026.12.2", "0.2.0", key);
        JsonNode checked = checkNow();
        assertEquals("2026.12.2", checked.path("available").path("version").asText(), checked.toString());
        assertTrue(checked.path("notice").isNull() || checked.path("notice").isMissingNode(), "a good check clears the warning");

        Load load = new Load(box, 3);
        // the module being replaced is asked too: a request reaching it while the old version goes is served by it
        // to the end (web's ModuleRoutes drain, access keeping the leaving module's actions a moment), one arriving
        // in between waits for the new version (web's ModuleSwaps)
        AtomicInteger probeServed = new AtomicInteger();
        ConcurrentLinkedQueue<String> probeMissed = new ConcurrentLinkedQueue<>();
        ExecutorService probeLoad = Executors.newSingleThreadExecutor();
        probeLoad.execute(() -> {
            Client c = box.signedIn("leo.marchand");
            while (load.running()) {
                try {
                    Client.Response r = c.get("/api/v1/probe/notes");
                    if (r.status() == 200) {
                        probeServed.incrementAndGet();
                    } else {
                        probeMissed.add(r.status() + " " + r.body());
                    }
                } catch (RuntimeException e) {
                    probeMissed.add(e.toString());
                }
            }
        });
        JsonNode applied;
        try {
            applied = applyNow();
        } finally {
            load.stop();
            probeLoad.shutdown();
            assertTrue(probeLoad.awaitTermination(60, TimeUnit.SECONDS));
        }
        System.out.println("requests served during the update: " + load.served.get() + ", failures: " + load.failures.size()
                + "; to the module being replaced: " + probeServed.get() + " answered, " + probeMissed.size() + " not "
                + probeMissed.stream().limit(3).toList());
        assertTrue(load.failures.isEmpty(), "requests failed during the update: " + load.failures.stream().limit(10).toList());
        assertTrue(probeMissed.isEmpty(), "requests to the module being replaced failed: " + probeMissed.stream().limit(10).toList());
        assertTrue(probeServed.get() > 5, "the module was asked during the update: " + probeServed.get());
        assertTrue(load.served.get() > 20, "load ran: " + load.served.get());
        assertEquals("2026.12.2", applied.path("current").path("version").asText(), applied.toString());
        assertEquals("2026.12.1", applied.path("previous").path("version").asText());
        assertEquals("preau-probe 0.1.0 → 0.2.0", applied.path("current").path("changes").path(0).asText());
        assertEquals("INSTALLED 0.2.0", probeVersion());
        HotPlugIT.awaitStatusOn(box, referent, "/api/v1/probe/notes", 200, Duration.ofSeconds(60));
        assertTrue(notesHave("Avant les mises à jour"), "data kept through the upgrade");
        assertEquals(201, referent.post("/api/v1/probe/notes", Client.json(Map.of("text", "Écrite en 0.2.0"))).status());

        // « Revenir à la version précédente »
        assertEquals(202, referent.post("/api/v1/admin/updates/rollback", "{}").status());
        JsonNode back = awaitIdle();
        assertEquals("2026.12.1", back.path("current").path("version").asText(), back.toString());
        assertTrue(back.path("previous").isNull() || back.path("previous").isMissingNode());
        assertEquals("INSTALLED 0.1.0", probeVersion());
        HotPlugIT.awaitStatusOn(box, referent, "/api/v1/probe/notes", 200, Duration.ofSeconds(60));
        assertTrue(notesHave("Avant les mises à jour") && notesHave("Écrite en 0.2.0"),
                "the previous version reads what the next one wrote (backward compatible changesets)");
        assertEquals("rollback", back.path("history").path(0).path("kind").asText(), back.toString());
        assertAudited("updates.rollback", e -> e.path("success").asBoolean());
    }

    @Test
    @Order(4)
    void aReleaseWhoseBundleDoesNotStartIsRolledBackByItselfWithTheDataIntact() throws Exception {
        release("2026.12.3", "0.3.0", key);
        JsonNode checked = checkNow();
        assertEquals("2026.12.3", checked.path("available").path("version").asText(), checked.toString());
        JsonNode after = applyNow();
        assertEquals("2026.12.1", after.path("current").path("version").asText(), after.toString());
        String notice = after.path("notice").asText();
        assertTrue(notice.contains("revenue d'elle-même"), after.toString());
        JsonNode last = after.path("history").path(0);
        assertEquals("apply", last.path("kind").asText());
        assertFalse(last.path("ok").asBoolean());
        assertEquals("INSTALLED 0.1.0", probeVersion());
        HotPlugIT.awaitStatusOn(box, referent, "/api/v1/probe/notes", 200, Duration.ofSeconds(60));
        assertTrue(notesHave("Avant les mises à jour") && notesHave("Écrite en 0.2.0"), "data intact");
        assertEquals(200, box.client().get("/api/v1/health").status(), "the box is healthy again");
        assertAudited("updates.apply", e -> "2026.12.3".equals(e.path("subject").asText()) && !e.path("success").asBoolean());
        assertNotNull(box);
    }
}
