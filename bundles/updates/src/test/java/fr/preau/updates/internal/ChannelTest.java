package fr.preau.updates.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publishing tool and the box's side of a channel, over a loopback HTTP server. */
class ChannelTest {

    @TempDir
    Path tmp;
    HttpServer server;
    Path served;
    Path key;
    PublicKey pub;

    static final String FEATURES = """
            <?xml version="1.0" encoding="UTF-8"?>
            <features name="demo" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
              <repository>mvn:org.apache.karaf.features/standard/4.4.10/xml/features</repository>
              <feature name="preau-demo" version="1.1.0" description="Démo">
                <bundle>mvn:fr.preau/fr.preau.demo/1.1.0</bundle>
                <bundle>mvn:org.example/lib/2.0</bundle>
              </feature>
            </features>
            """;

    @BeforeEach
    void setUp() throws Exception {
        served = tmp.resolve("www");
        Files.createDirectories(served);
        server = LocalChannel.serve(served);
        key = tmp.resolve("academie.key");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        assertEquals(0, Publish.run(new String[] {"--new-key", key.toString()}, new PrintStream(printed, true, StandardCharsets.UTF_8)));
        pub = Keys.readPublic(Files.readString(Path.of(key + ".pub")));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains(Keys.publicText(pub)), "the public key is printed to be pinned");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    /** Publishes the demo features with its bundle built into a Maven repository. */
    Path publish(String version) throws Exception {
        Path repo = tmp.resolve("m2");
        Path jar = repo.resolve("fr/preau/fr.preau.demo/1.1.0/fr.preau.demo-1.1.0.jar");
        Files.createDirectories(jar.getParent());
        Files.write(jar, ("a bundle " + version).getBytes(StandardCharsets.UTF_8));
        Path features = tmp.resolve("features.xml");
        Files.writeString(features, FEATURES);
        Path out = served.resolve("stable");
        assertEquals(0, Publish.run(new String[] {"--key", key.toString(), "--out", out.toString(), "--features", features.toString(),
                "--repo", repo.toString(), "--version", version, "--percent", "30", "--uai", "0999999z", "--module", "preau-demo",
                "--note", "Le module de démonstration."}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        return out;
    }

    /** The box's system folder: has the third-party artifacts the features name but the update does not carry. */
    Path system() throws IOException {
        Path system = tmp.resolve("system");
        for (String location : new String[] {"mvn:org.example/lib/2.0", "mvn:org.apache.karaf.features/standard/4.4.10/xml/features"}) {
            Path p = system.resolve(FeaturesXml.mavenPath(location));
            Files.createDirectories(p.getParent());
            Files.writeString(p, "x");
        }
        return system;
    }

    URI channel() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/stable/");
    }

    @Test
    void thePublishedRepositoryIsVerifiedAndStagedWithLocalLocations() throws Exception {
        Path out = publish("2026.12.1");
        assertTrue(Files.isRegularFile(out.resolve("repository/fr/preau/fr.preau.demo/1.1.0/fr.preau.demo-1.1.0.jar")));
        assertFalse(Files.exists(out.resolve("repository/org/example")), "only the académie's group is published");
        Channel c = new Channel(channel(), pub);
        UpdateManifest m = c.manifest();
        assertEquals("2026.12.1", m.version());
        assertEquals("stable", m.channel());
        assertEquals(30, m.rolloutPercent());
        assertEquals(java.util.Set.of("0999999Z"), m.rolloutUais());
        assertEquals(java.util.List.of("preau-demo"), m.modules());
        assertEquals(1, m.artifacts().size());
        Path staging = tmp.resolve("data/staging");
        Path release = tmp.resolve("data/releases/2026.12.1");
        c.download(m, staging, release, system());
        String local = Files.readString(staging.resolve("features-local.xml"));
        assertTrue(local.contains(release.resolve("repository/fr/preau/fr.preau.demo/1.1.0/fr.preau.demo-1.1.0.jar").toUri().toString()), local);
        assertTrue(local.contains("<bundle>mvn:org.example/lib/2.0</bundle>"), "what the box already has keeps its location");
        assertEquals("a bundle 2026.12.1", Files.readString(staging.resolve("repository/fr/preau/fr.preau.demo/1.1.0/fr.preau.demo-1.1.0.jar")));
    }

    @Test
    void aTamperedArtifactRefusesTheWholeUpdate() throws Exception {
        Path out = publish("2026.12.1");
        Files.writeString(out.resolve("repository/fr/preau/fr.preau.demo/1.1.0/fr.preau.demo-1.1.0.jar"), "a bundle 2026.12.X");
        Channel c = new Channel(channel(), pub);
        UpdateManifest m = c.manifest();
        UpdateRefused e = assertThrows(UpdateRefused.class, () -> c.download(m, tmp.resolve("staging"), tmp.resolve("release"), system()));
        assertEquals("hash-mismatch", e.code());
        assertTrue(e.getMessage().contains("altéré"), e.getMessage());
        // longer than signed: refused while downloading
        Files.writeString(out.resolve("repository/fr/preau/fr.preau.demo/1.1.0/fr.preau.demo-1.1.0.jar"), "a bundle 2026.12.1 and more");
        assertEquals("hash-mismatch", assertThrows(UpdateRefused.class,
                () -> c.download(m, tmp.resolve("staging"), tmp.resolve("release"), system())).code());
        // a features file changed after signing
        publish("2026.12.1");
        Files.writeString(out.resolve("features.xml"), FEATURES.replace("1.1.0\" description", "9.9.9\" description"));
        assertEquals("hash-mismatch", assertThrows(UpdateRefused.class,
                () -> c.download(c.manifest(), tmp.resolve("staging"), tmp.resolve("release"), system())).code());
    }

    @Test
    void aRepositoryNeedingWhatTheBoxLacksIsRefused() throws Exception {
        publish("2026.12.1");
        Channel c = new Channel(channel(), pub);
        Path emptySystem = tmp.resolve("empty");
        Files.createDirectories(emptySystem);
        assertEquals("incomplete", assertThrows(UpdateRefused.class,
                () -> c.download(c.manifest(), tmp.resolve("staging"), tmp.resolve("release"), emptySystem)).code());
    }

    @Test
    void anotherKeyOrAMissingChannelIsRefused() throws Exception {
        publish("2026.12.1");
        PublicKey other = Keys.generate().getPublic();
        assertEquals("unknown-key", assertThrows(UpdateRefused.class, () -> new Channel(channel(), other).manifest()).code());
        URI missing = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/pilote/");
        assertEquals("channel-unreachable", assertThrows(UpdateRefused.class, () -> new Channel(missing, pub).manifest()).code());
    }

    @Test
    void onlyHttpsOrLoopbackChannelAddressesAreAccepted() {
        assertNull(Channel.refusal("https://maj.ac-exemple.fr/preau/stable/"));
        assertNull(Channel.refusal("http://127.0.0.1:8000/stable/"));
        assertNull(Channel.refusal("http://localhost/stable/"));
        assertNotNull(Channel.refusal("http://maj.ac-exemple.fr/preau/stable/"));
        assertNotNull(Channel.refusal("ftp://maj.ac-exemple.fr/"));
        assertNotNull(Channel.refusal("file:///etc/"));
        assertNotNull(Channel.refusal("https://user:pw@maj.ac-exemple.fr/"));
        assertNotNull(Channel.refusal("pas une adresse"));
    }

    @Test
    void publishingRefusesMistakesInFrench() throws Exception {
        Path features = tmp.resolve("features.xml");
        Files.writeString(features, FEATURES);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        for (String[] args : new String[][] {
                {"--out", tmp.resolve("o").toString()},
                {"--key", key.toString(), "--out", tmp.resolve("o").toString(), "--features", features.toString(), "--channel", "beta"},
                {"--key", key.toString(), "--out", tmp.resolve("o").toString(), "--features", features.toString(), "--percent", "120"},
                {"--key", key.toString(), "--out", tmp.resolve("o").toString(), "--features", features.toString(), "--uai", "123"},
                {"--key", key.toString(), "--out", tmp.resolve("o").toString(), "--features", features.toString(), "--module", "preau-nope"},
                {"--key", key.toString(), "--out", tmp.resolve("o").toString(), "--features", features.toString(), "--repo", tmp.resolve("none").toString()},
                {"--new-key", key.toString()}}) {
            assertThrows(Publish.UsageError.class, () -> Publish.run(args, quiet), String.join(" ", args));
        }
        assertFalse(Files.exists(tmp.resolve("o")), "nothing half-written");
    }
}
