package fr.preau.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A module installed while the box runs appears (resources, catalogue entry, schema, search,
 * notifications), disappears when uninstalled, and finds its data again when reinstalled —
 * while other requests keep succeeding.
 */
class HotPlugIT {

    static Box box;

    @BeforeAll
    static void boot() {
        box = Box.demo("hotplug").startAndAwaitUp();
    }

    @AfterAll
    static void shutdown() {
        if (box != null) {
            box.close();
        }
    }

    static String probeFeatures() {
        String bundle = Path.of(Box.required("preau.probe.bundle")).toUri().toString();
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <features name="preau-probe-it" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
                  <feature name="preau-probe" description="Sonde de test" version="0.1.0" install="auto">
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
                      jdbc.factory.poolStatements = true
                      jdbc.factory.maxOpenPreparedStatements = 50
                    </config>
                    <bundle>%s</bundle>
                  </feature>
                </features>
                """.formatted(bundle);
    }

    /**
     * The académie offers the probe module without installing it: a catalogue (deployed) names the
     * probe's features repository, whose feature is {@code install="manual"}.
     */
    static void offerProbe(Box box) {
        Path repository = box.home().resolve("probe-repository.xml");
        try {
            Files.writeString(repository, probeFeatures().replace("install=\"auto\"", "install=\"manual\""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        box.deploy("catalogue.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <features name="catalogue-it" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
                  <repository>%s</repository>
                  <feature name="catalogue-it" version="1.0.0" install="auto"/>
                </features>
                """.formatted(repository.toUri()));
    }

    static long awaitStatus(Client c, String path, int status, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Client.Response last = null;
        while (System.nanoTime() < deadline) {
            last = c.get(path);
            if (last.status() == status) {
                return Duration.ofNanos(System.nanoTime() - start).toMillis();
            }
            Box.sleep(100);
        }
        throw new AssertionError(path + " did not answer " + status + " within " + timeout + ", last: " + last + "\n"
                + box.diagnostics());
    }

    static boolean catalogueHas(Client c, String id) {
        Client.Response r = c.get("/api/v1/catalogue");
        assertEquals(200, r.status(), r.toString());
        for (JsonNode item : r.json().path("items")) {
            if (id.equals(item.path("id").asText())) {
                return true;
            }
        }
        return false;
    }

    static boolean anyItem(Client.Response r, Predicate<JsonNode> test) {
        for (JsonNode item : r.json().path("items")) {
            if (test.test(item)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void installUninstallReinstallWhileRequestsAreInFlight() throws Exception {
        Client referent = box.client();
        assertEquals(200, referent.login("referent", Box.DEMO_PASSWORD).status());

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService load = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            String login = i % 2 == 0 ? "leo.marchand" : "helene.marchand";
            load.execute(() -> {
                Client c = box.client();
                if (c.login(login, Box.DEMO_PASSWORD).status() != 200) {
                    failures.add("login of " + login + " failed");
                    return;
                }
                while (running.get()) {
                    // (health is not part of the load: it rightly says 503 while a module is being installed)
                    for (String path : List.of("/api/v1/me", "/api/v1/catalogue", "/api/v1/notifications")) {
                        try {
                            Client.Response r = c.get(path);
                            if (r.status() != 200) {
                                failures.add(path + " -> " + r);
                            } else {
                                served.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            failures.add(path + " -> " + e);
                        }
                    }
                }
            });
        }
        try {
            assertEquals(404, referent.get("/api/v1/probe/notes").status());
            assertFalse(catalogueHas(referent, "probe"));

            box.deploy("preau-probe.xml", probeFeatures());
            long appearedMs = awaitStatus(referent, "/api/v1/probe/notes", 200, Duration.ofSeconds(60));
            System.out.println("probe module answered " + appearedMs + " ms after install");
            assertTrue(catalogueHas(referent, "probe"), "catalogue entry appears with the module");

            Client.Response added = referent.post("/api/v1/probe/notes", Client.json(Map.of("text", "Première note à chaud")));
            assertEquals(201, added.status(), added.toString());
            Client.Response hits = referent.get("/api/v1/search?q=premi%C3%A8re");
            assertEquals(200, hits.status(), hits.toString());
            assertTrue(anyItem(hits, h -> "probe".equals(h.path("module").asText())), hits.body());
            Client.Response news = referent.get("/api/v1/notifications");
            assertEquals(200, news.status(), news.toString());
            assertTrue(anyItem(news, n -> "probe".equals(n.path("module").asText())), news.body());

            // a resource that fails unexpectedly answers 500 as a problem, without a stack trace
            Client.Response boom = referent.get("/api/v1/probe/boom");
            PlatformIT.assertProblem(boom, 500, "internal-error");
            assertFalse(boom.body().contains("probe failure on purpose"), boom.body());
            assertFalse(boom.json().path("incident").asText().isEmpty());

            // a pupil may read but not write the probe's notes: access decides, with the module's permission set
            Client pupil = box.client();
            assertEquals(200, pupil.login("leo.marchand", Box.DEMO_PASSWORD).status());
            assertEquals(200, pupil.get("/api/v1/probe/notes").status());
            PlatformIT.assertProblem(pupil.post("/api/v1/probe/notes", Client.json(Map.of("text", "x"))), 403, "forbidden");

            box.undeploy("preau-probe.xml");
            long goneMs = awaitStatus(referent, "/api/v1/probe/notes", 404, Duration.ofSeconds(60));
            System.out.println("probe module gone " + goneMs + " ms after uninstall");
            assertFalse(catalogueHas(referent, "probe"), "catalogue entry disappears with the module");
            Client.Response noHits = referent.get("/api/v1/search?q=premi%C3%A8re");
            assertFalse(anyItem(noHits, h -> "probe".equals(h.path("module").asText())), noHits.body());

            box.deploy("preau-probe.xml", probeFeatures());
            awaitStatus(referent, "/api/v1/probe/notes", 200, Duration.ofSeconds(60));
            Client.Response notes = referent.get("/api/v1/probe/notes");
            assertTrue(anyItem(notes, n -> n.path("text").asText().equals("Première note à chaud")),
                    "the module finds its data again: " + notes.body());
            assertTrue(catalogueHas(referent, "probe"));
        } finally {
            running.set(false);
            load.shutdown();
            assertTrue(load.awaitTermination(60, TimeUnit.SECONDS));
        }
        System.out.println("requests served during hot-plug: " + served.get() + ", failures: " + failures.size());
        assertTrue(served.get() > 100, "load ran: " + served.get());
        assertTrue(failures.isEmpty(), "requests failed during hot-plug: " + failures.stream().limit(10).toList());
    }
}
