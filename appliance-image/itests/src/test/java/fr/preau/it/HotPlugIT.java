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
 * A module installed while the box runs appears (resources, catalogue entry, schema, search,
 * notifications), disappears when uninstalled, and finds its data again when reinstalled —
 * while other requests keep succeeding.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <features name="preau-probe-it" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
                %s
                </features>
                """.formatted(probeFeature("0.1.0", Path.of(Box.required("preau.probe.bundle"))));
    }

    /** The probe's feature in one version, made of the given bundle. */
    static String probeFeature(String version, Path bundle) {
        return """
                  <feature name="preau-probe" description="Sonde de test" version="%s" install="auto">
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
                """.formatted(version, bundle.toUri());
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
        deployCatalogue(box, repository, "1.0.0");
    }

    /** The académie's catalogue (deployed): names the repository of the modules it offers. */
    static void deployCatalogue(Box box, Path repository, String version) {
        box.deploy("catalogue.xml", catalogue(repository, version));
    }

    static String catalogue(Path repository, String version) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <features name="catalogue-it" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
                  <repository>%s</repository>
                  <feature name="catalogue-it" version="%s" install="auto"/>
                </features>
                """.formatted(repository.toUri(), version);
    }

    /**
     * The académie's next catalogue, not deployed yet: its repository offers the probe in 0.1.0 and
     * 0.2.0 (see {@link #probeVersion2}).
     *
     * @return the catalogue's text, to drop into deploy/ as {@code catalogue.xml}
     */
    static String upgradeCatalogue(Box box) throws IOException {
        Path v2 = probeVersion2(box.home().resolve("fr.preau.probe-0.2.0.jar"));
        Path repository = box.home().resolve("probe-repository-2.xml");
        Files.writeString(repository, """
                <?xml version="1.0" encoding="UTF-8"?>
                <features name="preau-probe-it-2" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
                %s
                %s
                </features>
                """.formatted(probeFeature("0.1.0", Path.of(Box.required("preau.probe.bundle"))), probeFeature("0.2.0", v2))
                .replace("install=\"auto\"", "install=\"manual\""));
        return catalogue(repository, "1.0.1");
    }

    static long awaitStatus(Client c, String path, int status, Duration timeout) {
        return awaitStatusOn(box, c, path, status, timeout);
    }

    /** Waits until {@code path} answers {@code status}; the time it took, in milliseconds. */
    static long awaitStatusOn(Box box, Client c, String path, int status, Duration timeout) {
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

    /** Whether an answer's list holds a matching entry: "items" (most lists) or "hits" (the search module's). */
    static boolean anyItem(Client.Response r, Predicate<JsonNode> test) {
        for (String list : new String[] {"items", "hits"}) {
            for (JsonNode item : r.json().path(list)) {
                if (test.test(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    @Order(1)
    void installUninstallReinstallWhileRequestsAreInFlight() throws Exception {
        Client referent = box.client();
        assertEquals(200, referent.login("referent", Box.DEMO_PASSWORD).status());

        Load load = new Load(box, 4);
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
            load.stop();
        }
        System.out.println("requests served during hot-plug: " + load.served.get() + ", failures: " + load.failures.size());
        assertTrue(load.served.get() > 100, "load ran: " + load.served.get());
        assertTrue(load.failures.isEmpty(), "requests failed during hot-plug: " + load.failures.stream().limit(10).toList());
    }

    /**
     * The académie offers a new version of an installed module: the console shows it, the referent
     * upgrades, the module's schema is migrated and its data is kept.
     */
    @Test
    @Order(2)
    void theReferentUpgradesAModuleFromTheConsoleAndItsDataIsKept() throws Exception {
        Client referent = box.client();
        assertEquals(200, referent.login("referent", Box.DEMO_PASSWORD).status());
        box.undeploy("preau-probe.xml"); // left installed by the hot-plug test
        awaitStatus(referent, "/api/v1/probe/notes", 404, Duration.ofSeconds(60));

        offerProbe(box);
        JsonNode offered = awaitModule(referent, m -> "AVAILABLE".equals(m.path("state").asText()));
        assertEquals("0.1.0", offered.path("version").asText());
        assertEquals(202, referent.post("/api/v1/admin/modules/preau-probe/install", "{}").status());
        awaitModule(referent, m -> "INSTALLED".equals(m.path("state").asText()) && noUpgrade(m));
        awaitStatus(referent, "/api/v1/probe/notes", 200, Duration.ofSeconds(60));
        assertEquals(201, referent.post("/api/v1/probe/notes", Client.json(Map.of("text", "Écrite avant la mise à jour"))).status());
        PlatformIT.assertProblem(referent.post("/api/v1/admin/modules/preau-probe/upgrade", "{}"), 409, "module-up-to-date");

        // the académie's repository now also holds 0.2.0, whose schema adds a column
        box.deploy("catalogue.xml", upgradeCatalogue(box));
        JsonNode upgradable = awaitModule(referent, m -> "0.2.0".equals(m.path("upgrade").asText()));
        assertEquals("0.1.0", upgradable.path("version").asText());

        Client pupil = box.client();
        assertEquals(200, pupil.login("leo.marchand", Box.DEMO_PASSWORD).status());
        PlatformIT.assertProblem(pupil.post("/api/v1/admin/modules/preau-probe/upgrade", "{}"), 403, "forbidden");

        int migrations = box.logCount("Schema fr/preau/probe/db/changelog.xml is up to date (");
        Client.Response upgrade = referent.post("/api/v1/admin/modules/preau-probe/upgrade", "{}");
        assertEquals(202, upgrade.status(), upgrade.toString());
        JsonNode upgraded = awaitModule(referent, m -> "INSTALLED".equals(m.path("state").asText())
                && "0.2.0".equals(m.path("version").asText()));
        assertTrue(noUpgrade(upgraded), upgraded.toString());
        awaitStatus(referent, "/api/v1/probe/notes", 200, Duration.ofSeconds(60));
        Client.Response notes = referent.get("/api/v1/probe/notes");
        assertTrue(anyItem(notes, n -> n.path("text").asText().equals("Écrite avant la mise à jour")), notes.body());
        assertTrue(box.logCount("Schema fr/preau/probe/db/changelog.xml is up to date (") > migrations,
                "the new changelog ran (not the unchanged-schema fast path)\n" + box.diagnostics());
        assertTrue(catalogueHas(referent, "probe"));
        Client.Response audit = referent.get("/api/v1/admin/audit?action=admin.module.upgrade");
        assertTrue(anyItem(audit, e -> e.path("subject").asText().equals("preau-probe/0.2.0") && e.path("success").asBoolean()),
                audit.body());
    }

    /** No newer version offered (the field is left out). */
    static boolean noUpgrade(JsonNode module) {
        return module.path("upgrade").isMissingNode() || module.path("upgrade").isNull();
    }

    /** Waits until the console's module list shows the probe in the expected state. */
    static JsonNode awaitModule(Client c, Predicate<JsonNode> expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            Client.Response r = c.get("/api/v1/admin/modules");
            assertEquals(200, r.status(), r.toString());
            for (JsonNode m : r.json().path("items")) {
                if ("preau-probe".equals(m.path("id").asText())) {
                    last = m;
                    assertFalse("FAILED".equals(m.path("state").asText()), m + "\n" + box.diagnostics());
                    if (expected.test(m)) {
                        return m;
                    }
                }
            }
            Box.sleep(200);
        }
        throw new AssertionError("module list never reached the expected state; last: " + last + "\n" + box.diagnostics());
    }

    /**
     * Version 0.2.0 of the probe: the built bundle with Bundle-Version 0.2.0 and a changelog that adds a
     * column to its table, as a module's next release would.
     */
    static Path probeVersion2(Path target) throws IOException {
        Path v1 = Path.of(Box.required("preau.probe.bundle"));
        try (JarInputStream in = new JarInputStream(Files.newInputStream(v1))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), "0.2.0");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), manifest)) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    byte[] content = in.readAllBytes();
                    if (e.getName().equals("fr/preau/probe/db/changelog.xml")) {
                        content = new String(content, java.nio.charset.StandardCharsets.UTF_8)
                                .replace("</databaseChangeLog>", "  <include file=\"changelog-1.1.0.xml\" relativeToChangelogFile=\"true\"/>\n</databaseChangeLog>")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    }
                    out.putNextEntry(new JarEntry(e.getName()));
                    out.write(content);
                    out.closeEntry();
                }
                out.putNextEntry(new JarEntry("fr/preau/probe/db/changelog-1.1.0.xml"));
                out.write("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
                                           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                                           xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.29.xsd">
                          <changeSet id="probe-1.1.0-pinned" author="preau">
                            <addColumn tableName="probe_note">
                              <column name="pinned" type="BOOLEAN" defaultValueBoolean="false"><constraints nullable="false"/></column>
                            </addColumn>
                          </changeSet>
                        </databaseChangeLog>
                        """.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return target;
    }
}
