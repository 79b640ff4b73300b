package fr.preau.updates.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.sun.net.httpserver.HttpServer;
import fr.preau.api.PersonId;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.features.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;

/** The box's update life-cycle against a fake features service: check, refusals, apply, automatic and manual rollback. */
class UpdateServiceTest {

    @TempDir
    Path tmp;
    HttpServer server;
    Path key;
    String publicKey;
    FeaturesService features;
    AuditLog audit;
    List<AuditEvent> audited = new ArrayList<>();
    AtomicReference<List<String>> problems = new AtomicReference<>(List.of());
    List<String> installed = new ArrayList<>(List.of("preau-demo/1.0.0"));
    UpdateService service;
    static final UpdateService.Actor REFERENT = new UpdateService.Actor(new PersonId("p-1"), "referent", "127.0.0.1");

    static UpdateService.Config config(int healthSeconds) {
        return config(healthSeconds, -1, 0);
    }

    static UpdateService.Config config(int healthSeconds, int maintenanceHour, int checkMinutes) {
        return new UpdateService.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return UpdateService.Config.class;
            }

            @Override
            public int check_interval_minutes() {
                return checkMinutes;
            }

            @Override
            public int maintenance_hour() {
                return maintenanceHour;
            }

            @Override
            public int health_timeout_seconds() {
                return healthSeconds;
            }

            @Override
            public String channel_url() {
                return "";
            }

            @Override
            public String public_key() {
                return "";
            }
        };
    }

    @BeforeEach
    void setUp() throws Exception {
        Path www = Files.createDirectories(tmp.resolve("www"));
        server = LocalChannel.serve(www);
        key = tmp.resolve("academie.key");
        Publish.run(new String[] {"--new-key", key.toString()}, quiet());
        publicKey = Files.readString(Path.of(key + ".pub")).strip();

        features = mock(FeaturesService.class);
        java.util.Map<String, Feature> known = new java.util.HashMap<>();
        for (String id : List.of("preau-demo/1.0.0", "preau-demo/1.1.0", "preau-new/1.0.0", "preau-web/1.0.0", "preau-web/1.1.0")) {
            known.put(id, feature(id));
        }
        installed.add("preau-web/1.0.0");
        Feature appliance = feature("preau-appliance/1.0.0");
        org.apache.karaf.features.Dependency web = mock(org.apache.karaf.features.Dependency.class);
        when(web.getName()).thenReturn("preau-web");
        org.mockito.Mockito.doReturn(List.of(web)).when(appliance).getDependencies();
        when(features.getFeature("preau-appliance")).thenReturn(appliance);
        when(features.getFeature("preau-web")).thenReturn(known.get("preau-web/1.0.0"));
        when(features.listInstalledFeatures()).thenAnswer(i -> installed.stream().map(known::get).toArray(Feature[]::new));
        Repository repository = mock(Repository.class);
        when(repository.getFeatures()).thenReturn(new Feature[] {known.get("preau-demo/1.1.0"), known.get("preau-new/1.0.0"),
                known.get("preau-web/1.1.0")});
        when(features.getRepository(any(URI.class))).thenReturn(repository);
        audit = mock(AuditLog.class);
        org.mockito.Mockito.doAnswer(i -> audited.add(i.getArgument(0))).when(audit).record(any());
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    static Feature feature(String id) {
        Feature f = mock(Feature.class);
        when(f.getName()).thenReturn(id.split("/")[0]);
        when(f.getVersion()).thenReturn(id.split("/")[1]);
        return f;
    }

    UpdateService service(int healthSeconds) throws Exception {
        return service(config(healthSeconds), "2026-12-07T10:00:00Z");
    }

    UpdateService service(UpdateService.Config config, String now) throws Exception {
        return new UpdateService(features, audit, Clock.fixed(Instant.parse(now), ZoneOffset.UTC),
                () -> List.of("0999999Z"), ids -> problems.get(), max -> () -> { }, tmp.resolve("data/preau/updates"), tmp.resolve("system"),
                config, false);
    }

    @Test
    void theScheduleChecksWhenDueAndAppliesOnlyAtTheMaintenanceHour() throws Exception {
        publish("2026.12.1", "stable", 100);
        UpdateService night = service(config(5, 3, 360), "2026-12-07T10:00:00Z");
        follow(night, "stable");
        night.tick();
        assertEquals("2026.12.1", night.view().available().version(), "checked: never checked before");
        assertNull(night.view().current(), "10 h is not the maintenance hour");
        verify(features, never()).addRepository(any(URI.class), eq(false));
        assertNull(night.view().history().get(0).actor(), "the box did it");

        UpdateService later = service(config(5, 3, 360), "2026-12-07T12:00:00Z");
        later.tick();
        assertEquals(1, later.view().history().stream().filter(h -> h.kind().equals("check")).count(), "checked 2 h ago: not again");

        UpdateService at3 = service(config(5, 3, 360), "2026-12-08T03:10:00Z");
        at3.tick();
        assertEquals("2026.12.1", at3.view().current().version(), "applied at the maintenance hour");
    }

    void publish(String version, String channel, int percent) throws Exception {
        Path repo = tmp.resolve("m2");
        Path jar = repo.resolve("fr/preau/fr.preau.demo/1.1.0/fr.preau.demo-1.1.0.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "bundle " + version);
        Path f = tmp.resolve("features.xml");
        Files.writeString(f, """
                <features name="demo-%s" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
                  <feature name="preau-demo" version="1.1.0"><bundle>mvn:fr.preau/fr.preau.demo/1.1.0</bundle></feature>
                  <feature name="preau-new" version="1.0.0"><bundle>mvn:fr.preau/fr.preau.demo/1.1.0</bundle></feature>
                </features>
                """.formatted(version));
        Publish.run(new String[] {"--key", key.toString(), "--out", tmp.resolve("www/" + channel).toString(), "--features", f.toString(),
                "--repo", repo.toString(), "--version", version, "--channel", channel, "--percent", Integer.toString(percent),
                "--module", "preau-new", "--note", "Démo " + version}, quiet());
    }

    void follow(UpdateService s, String channel) throws Exception {
        s.settings("http://127.0.0.1:" + server.getAddress().getPort() + "/" + channel + "/", publicKey, channel, REFERENT);
    }

    @Test
    void aVerifiedUpdateIsAppliedInPlaceThenTheReferentGoesBack() throws Exception {
        publish("2026.12.1", "stable", 100);
        UpdateService s = service(5);
        follow(s, "stable");
        s.check(REFERENT);
        UpdateService.View v = s.view();
        assertEquals("available", v.lastCheckCode());
        assertEquals("2026.12.1", v.available().version());
        assertEquals(List.of("Démo 2026.12.1"), v.available().notes());
        verify(features, never()).addRepository(any(URI.class), eq(false));

        s.apply(REFERENT);
        URI repo = tmp.resolve("data/preau/updates/releases/2026.12.1/features-local.xml").toUri();
        verify(features).addRepository(repo, false);
        verify(features).installFeatures(Set.of("preau-demo/1.1.0"), EnumSet.of(FeaturesService.Option.Upgrade));
        v = s.view();
        assertEquals("2026.12.1", v.current().version());
        // preau-web 1.1.0 is in the repository too, but it is the platform's: left to the Debian package
        assertEquals(List.of(new UpdateState.Change("preau-demo", "1.0.0", "1.1.0")), v.current().changes());
        assertNull(v.available());
        assertTrue(Files.readString(Path.of(repo)).contains(tmp.resolve("data/preau/updates/releases/2026.12.1/repository").toUri().toString()));
        assertTrue(audited.stream().anyMatch(e -> e.action().equals("updates.apply") && e.success()));

        // the state survives a restart of the bundle
        UpdateService again = service(5);
        assertEquals("2026.12.1", again.view().current().version());

        // a second release; then back to the first
        installed.set(0, "preau-demo/1.1.0");
        publish("2026.12.2", "stable", 100);
        again.check(REFERENT);
        again.apply(REFERENT);
        assertEquals("2026.12.2", again.view().current().version());
        assertEquals("2026.12.1", again.view().previous().version());
        assertTrue(again.hasPrevious());
        again.rollback(REFERENT);
        v = again.view();
        assertEquals("2026.12.1", v.current().version());
        assertNull(v.previous());
        assertEquals("rollback", v.history().get(0).kind());
        assertTrue(audited.stream().anyMatch(e -> e.action().equals("updates.rollback") && e.success()));
    }

    @Test
    void anUpdateThatLeavesTheBoxUnhealthyIsRolledBackByItself() throws Exception {
        publish("2026.12.1", "stable", 100);
        UpdateService s = service(1);
        follow(s, "stable");
        s.check(REFERENT);
        problems.set(List.of("bundle fr.preau.demo not started"));
        s.apply(REFERENT);
        ArgumentCaptor<Set<String>> ids = ArgumentCaptor.captor();
        verify(features, org.mockito.Mockito.times(2)).installFeatures(ids.capture(), eq(EnumSet.of(FeaturesService.Option.Upgrade)));
        assertEquals(List.of(Set.of("preau-demo/1.1.0"), Set.of("preau-demo/1.0.0")), ids.getAllValues(), "forward, then back");
        URI repo = tmp.resolve("data/preau/updates/releases/2026.12.1/features-local.xml").toUri();
        verify(features).removeRepository(repo, false);
        UpdateService.View v = s.view();
        assertNull(v.current());
        assertTrue(v.notice().contains("revenue d'elle-même"), v.notice());
        assertFalse(v.history().get(0).ok());
        assertTrue(audited.stream().anyMatch(e -> e.action().equals("updates.apply") && !e.success()
                && "rolled-back".equals(e.details().get("reason"))));
        assertEquals(v.notice(), service(1).view().notice(), "the referent reads it even after a restart of the box");
    }

    @Test
    void aFailingInstallIsRolledBackToo() throws Exception {
        publish("2026.12.1", "stable", 100);
        UpdateService s = service(1);
        follow(s, "stable");
        s.check(REFERENT);
        org.mockito.Mockito.doThrow(new IllegalStateException("resolution failed")).doNothing().when(features)
                .installFeatures(any(), any(EnumSet.class));
        s.apply(REFERENT);
        verify(features).installFeatures(Set.of("preau-demo/1.0.0"), EnumSet.of(FeaturesService.Option.Upgrade));
        assertNull(s.view().current());
        assertTrue(s.view().notice().contains("revenue d'elle-même"));
    }

    @Test
    void aStagedFileChangedAfterTheCheckIsRefusedBeforeAnythingChanges() throws Exception {
        publish("2026.12.1", "stable", 100);
        UpdateService s = service(5);
        follow(s, "stable");
        s.check(REFERENT);
        Files.writeString(tmp.resolve("data/preau/updates/releases/2026.12.1/repository/fr/preau/fr.preau.demo/1.1.0/fr.preau.demo-1.1.0.jar"), "evil");
        s.apply(REFERENT);
        verify(features, never()).addRepository(any(URI.class), eq(false));
        verify(features, never()).installFeatures(any(), any(EnumSet.class));
        assertNull(s.view().current());
        assertTrue(s.view().notice().contains("refusée"));
    }

    @Test
    void theChannelTheRolloutAndTheVersionOrderAreChecked() throws Exception {
        UpdateService s = service(5);
        s.check(REFERENT);
        assertEquals("not-configured", s.view().lastCheckCode());

        publish("2026.12.1", "pilote", 100);
        Files.createDirectories(tmp.resolve("www/stable"));
        Files.copy(tmp.resolve("www/pilote/manifest"), tmp.resolve("www/stable/manifest"));
        Files.copy(tmp.resolve("www/pilote/manifest.sig"), tmp.resolve("www/stable/manifest.sig"));
        follow(s, "stable");
        s.check(REFERENT);
        assertEquals("wrong-channel", s.view().lastCheckCode());

        publish("2026.12.1", "stable", 0);
        s.check(REFERENT);
        assertEquals("not-yet", s.view().lastCheckCode(), "0 % and not listed: this box waits");
        assertTrue(s.view().lastCheckOk());
        assertNull(s.view().available());

        publish("2026.12.1", "stable", 100);
        s.check(REFERENT);
        s.apply(REFERENT);
        publish("2026.11.30", "stable", 100);
        s.check(REFERENT);
        assertEquals("older-version", s.view().lastCheckCode(), "a box never goes back because a channel says so");
        publish("2026.12.1", "stable", 100);
        s.check(REFERENT);
        assertEquals("up-to-date", s.view().lastCheckCode());
    }

    @Test
    void settingsAreCheckedBeforeAnythingIsKept() throws Exception {
        UpdateService s = service(5);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.settings("http://maj.ac-exemple.fr/", publicKey, "stable", REFERENT))
                .getMessage().startsWith("url:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.settings("https://maj.ac-exemple.fr/", "MCowBQ", "stable", REFERENT))
                .getMessage().startsWith("publicKey:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.settings("https://maj.ac-exemple.fr/", publicKey, "beta", REFERENT))
                .getMessage().startsWith("channel:"));
        assertEquals("", s.view().url());
        s.settings("https://maj.ac-exemple.fr/preau/stable/", publicKey, "pilote", REFERENT);
        UpdateService.View v = service(5).view();
        assertEquals("https://maj.ac-exemple.fr/preau/stable/", v.url());
        assertEquals("pilote", v.channel());
        assertEquals(Keys.fingerprint(Keys.readPublic(publicKey)), v.fingerprint());
    }
}
