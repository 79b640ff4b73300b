package fr.preau.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.store.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboundTest {

    static Tls tls;
    static SSLSocketFactory trusting;

    @TempDir
    Path spool;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));
    private final List<String> notices = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void certificate(@TempDir Path dir) throws Exception {
        tls = Tls.load(dir, "localhost");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls.keystore)) {
            store.load(in, tls.secret.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("relay", store.getCertificate(store.aliases().nextElement()));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        trusting = client.getSocketFactory();
    }

    private Outbound outbound(FakeRelay relay, String user, String password, Outbound.Security security) throws Exception {
        return outbound(relay.port(), user, password, security);
    }

    private Outbound outbound(int port, String user, String password, Outbound.Security security) throws Exception {
        return new Outbound(spool, new Outbound.Smarthost("localhost", port, user, password, security, trusting), clock,
            (envelope, reason, original) -> notices.add(envelope.from() + " " + envelope.to() + " | " + reason + " | "
                + new String(original, StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("Subject:")).findFirst().orElse("")));
    }

    private static InputStream message(String subject) {
        return new ByteArrayInputStream(("From: julien.dumas@rostand.preau.test\r\nTo: inspecteur@ac-test.fr\r\n"
            + "Subject: " + subject + "\r\nMessage-ID: <1@preau>\r\n\r\nBonjour,\r\n.point en tete de ligne\r\n")
            .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMessageGoesThroughTheRelayUnderStartTlsWithTheBoxsLoginAndLeavesTheSpool() throws Exception {
        try (FakeRelay relay = new FakeRelay(tls.context, "preau-0999999z", "relay-secret")) {
            Outbound out = outbound(relay, "preau-0999999z", "relay-secret", Outbound.Security.STARTTLS);
            out.enqueue("julien.dumas@rostand.preau.test", List.of("inspecteur@ac-test.fr", "parent@example.org"), message("Sortie"));
            assertEquals(1, out.queued().size());
            assertEquals(1, out.deliverDue());
            assertEquals(1, relay.received.size());
            FakeRelay.Received r = relay.received.get(0);
            assertTrue(r.tls(), "STARTTLS before anything");
            assertEquals("preau-0999999z", r.user());
            assertEquals("julien.dumas@rostand.preau.test", r.from());
            assertEquals(List.of("inspecteur@ac-test.fr", "parent@example.org"), r.to());
            assertTrue(r.data().contains("Subject: Sortie") && r.data().contains("\r\n.point en tete de ligne\r\n"), r.data());
            assertTrue(out.queued().isEmpty());
            try (var files = Files.list(spool)) {
                assertEquals(0, files.count(), "nothing left in the spool");
            }
            assertTrue(notices.isEmpty());
        }
    }

    @Test
    void aRelayWithoutStartTlsNeverGetsTheMessageInClearText() throws Exception {
        try (FakeRelay relay = new FakeRelay(null, null, null)) {
            Outbound out = outbound(relay, "", "", Outbound.Security.STARTTLS);
            out.enqueue("a@rostand.preau.test", List.of("b@example.org"), message("Secret"));
            assertEquals(0, out.deliverDue());
            assertTrue(relay.received.isEmpty());
            Outbound.Envelope e = out.queued().get(0);
            assertEquals(1, e.attempts(), "deferred, not dropped: the referent may fix the settings");
            assertEquals(clock.instant().plus(Duration.ofMinutes(1)), e.next());
        }
    }

    @Test
    void aPermanentRefusalSendsTheSenderANoticeAndATemporaryOneWaits() throws Exception {
        try (FakeRelay relay = new FakeRelay(tls.context, null, null)) {
            Outbound out = outbound(relay, "", "", Outbound.Security.STARTTLS);
            relay.rcpt = a -> a.startsWith("nobody") ? "550 5.1.1 no such user" : "450 4.2.0 try later";
            out.enqueue("a@rostand.preau.test", List.of("nobody@example.org"), message("Perdu"));
            out.enqueue("a@rostand.preau.test", List.of("busy@example.org"), message("Plus tard"));
            assertEquals(1, out.deliverDue());
            assertEquals(1, notices.size());
            assertTrue(notices.get(0).startsWith("a@rostand.preau.test [nobody@example.org] | ") && notices.get(0).contains("550")
                && notices.get(0).endsWith("Subject: Perdu"), notices.get(0));
            Outbound.Envelope waiting = out.queued().get(0);
            assertEquals(List.of("busy@example.org"), waiting.to());
            assertTrue(waiting.lastError().contains("450"), waiting.lastError());

            assertEquals(0, out.deliverDue(), "not due yet");
            relay.rcpt = a -> "250 2.1.5 ok";
            clock.advance(Duration.ofMinutes(1));
            assertEquals(1, out.deliverDue());
            assertEquals(1, relay.received.size());
            assertEquals(1, notices.size());
        }
    }

    @Test
    void oneMessageToSeveralRecipientsIsSplitByTheRelaysAnswers() throws Exception {
        try (FakeRelay relay = new FakeRelay(tls.context, null, null)) {
            Outbound out = outbound(relay, "", "", Outbound.Security.STARTTLS);
            relay.rcpt = a -> a.startsWith("nobody") ? "550 5.1.1 no such user" : a.startsWith("busy") ? "452 4.2.2 mailbox full" : "250 ok";
            out.enqueue("a@rostand.preau.test", List.of("ok@example.org", "nobody@example.org", "busy@example.org"), message("Trois"));
            assertEquals(0, out.deliverDue(), "one recipient still waits");
            assertEquals(1, relay.received.size());
            assertEquals(List.of("ok@example.org"), relay.received.get(0).to());
            assertEquals(1, notices.size());
            assertTrue(notices.get(0).startsWith("a@rostand.preau.test [nobody@example.org] | 550"), notices.get(0));
            Outbound.Envelope waiting = out.queued().get(0);
            assertEquals(List.of("busy@example.org"), waiting.to(), "only the one to try again");
            assertEquals(1, waiting.attempts());

            relay.rcpt = a -> "250 ok";
            clock.advance(Duration.ofMinutes(1));
            assertEquals(1, out.deliverDue());
            assertEquals(List.of("busy@example.org"), relay.received.get(1).to(), "the others do not get it twice");
        }
    }

    @Test
    void anUnreachableRelayIsTriedAgainForTwoDaysThenTheSenderIsTold() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Outbound out = outbound(closed, "", "", Outbound.Security.STARTTLS);
        out.enqueue("a@rostand.preau.test", List.of("b@example.org"), message("Attente"));
        int tries = 0;
        while (!out.queued().isEmpty() && tries < 100) {
            out.deliverDue();
            tries++;
            clock.advance(Duration.ofHours(1));
        }
        assertTrue(out.queued().isEmpty());
        assertEquals(1, notices.size());
        assertTrue(notices.get(0).contains("deux jours"), notices.get(0));
        assertTrue(tries >= 48 && tries <= 50, "about one try an hour for two days: " + tries);
    }

    @Test
    void aWrongRelayPasswordKeepsTheMailWaiting() throws Exception {
        try (FakeRelay relay = new FakeRelay(tls.context, "preau", "right")) {
            Outbound out = outbound(relay, "preau", "wrong", Outbound.Security.STARTTLS);
            out.enqueue("a@rostand.preau.test", List.of("b@example.org"), message("Mot de passe"));
            assertEquals(0, out.deliverDue());
            assertEquals(1, out.queued().size());
            assertTrue(notices.isEmpty());
        }
    }

    @Test
    void theSpoolSurvivesARestartAndForgetsHalfWrittenContent() throws Exception {
        Outbound first = outbound(1, "", "", Outbound.Security.STARTTLS);
        first.enqueue("a@rostand.preau.test", List.of("b@example.org"), message("Persistant"));
        Files.writeString(spool.resolve("123-crash.eml"), "half a message");
        Files.setLastModifiedTime(spool.resolve("123-crash.eml"), FileTime.from(clock.instant().minus(Duration.ofMinutes(5))));
        try (FakeRelay relay = new FakeRelay(tls.context, null, null)) {
            Outbound again = outbound(relay, "", "", Outbound.Security.STARTTLS);
            assertEquals(1, again.queued().size());
            assertEquals(1, again.deliverDue());
            assertTrue(relay.received.get(0).data().contains("Subject: Persistant"));
            assertFalse(Files.exists(spool.resolve("123-crash.eml")));
        }
    }

    @Test
    void theRelaySettingIsReadStrictlyAndItsPasswordNeverPrinted() {
        Outbound.Smarthost s = Outbound.Smarthost.parse("smtp.ac-test.fr:587", "preau", "secret", "starttls");
        assertEquals("smtp.ac-test.fr", s.host());
        assertEquals(587, s.port());
        assertFalse(s.toString().contains("secret"), s.toString());
        assertEquals(465, Outbound.Smarthost.parse("smtp.ac-test.fr", "", "", "TLS").port());
        assertEquals(587, Outbound.Smarthost.parse("smtp.ac-test.fr", "", "", "starttls").port());
        assertThrows(IllegalArgumentException.class, () -> Outbound.Smarthost.parse("smtp.ac-test.fr:99999", "", "", "starttls"));
        assertThrows(IllegalArgumentException.class, () -> Outbound.Smarthost.parse("smtp.ac-test.fr:x", "", "", "starttls"));
        assertThrows(IllegalArgumentException.class, () -> Outbound.Smarthost.parse("smtp.ac-test.fr", "", "", "ssl3"));
    }
}
