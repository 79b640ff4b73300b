package fr.preau.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.auth.AuthSession;
import fr.preau.auth.Authenticator;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.School;

/**
 * The whole server outside Karaf: real James SMTP and IMAP servers on free loopback ports, the JPA
 * store on an embedded Derby database in a temporary directory, the annuaire and the accounts mocked.
 */
class MailServerTest {

    private static final Uai UAI = new Uai("0999999Z");
    private static final String DOMAIN = "0999999z.preau.invalid";
    private static final Person LEO = new Person(new PersonId("p-leo"), "leo.marchand", "Léo Marchand", UAI, Set.of(Profile.ELEVE));

    @TempDir
    Path dir;
    private DirectoryService directory;
    private Authenticator authenticator;
    private MailServer.Config config;
    private int smtpPort;
    private int imapPort;

    @BeforeEach
    void setUp() throws Exception {
        directory = mock(DirectoryService.class);
        when(directory.schools()).thenReturn(List.of(new School(UAI, "Collège", true)));
        when(directory.mailDomain(UAI)).thenReturn(DOMAIN);
        when(directory.findByLogin(anyString())).thenReturn(Optional.empty());
        when(directory.findByLogin("leo.marchand")).thenReturn(Optional.of(LEO));
        when(directory.mailAddress(LEO.id())).thenReturn(Optional.of("leo.marchand@" + DOMAIN));
        authenticator = mock(Authenticator.class);
        when(authenticator.login(anyString(), anyString(), anyString()))
            .thenThrow(new ProblemException(401, "bad-credentials", "Identifiant ou mot de passe incorrect"));
        when(authenticator.login(eq("leo.marchand"), eq("secret"), any()))
            .thenReturn(new AuthSession("s1", LEO, "csrf", Instant.now().plusSeconds(60)));
        smtpPort = freePort();
        imapPort = freePort();
        config = mock(MailServer.Config.class);
        when(config.bind()).thenReturn("127.0.0.1");
        when(config.smtp_port()).thenReturn(smtpPort);
        when(config.submission_port()).thenReturn(0);
        when(config.imap_port()).thenReturn(imapPort);
        when(config.max_message_size()).thenReturn(4096L);
        when(config.smarthost()).thenReturn("");
        when(config.hello_name()).thenReturn("preau.test");
        System.setProperty("karaf.data", dir.toString());
    }

    private MailServer start() throws Exception {
        EmbeddedDataSource db = new EmbeddedDataSource();
        db.setDatabaseName(dir.resolve("db").toString());
        db.setCreateDatabase("create");
        return new MailServer(db, directory, authenticator, fr.preau.access.testing.SmallSchool.rules(directory), config);
    }

    /** An ASCII message of exactly {@code size} bytes (CRLF line ends, as stored). */
    static String messageOfSize(String subject, int size) {
        String head = "Subject: " + subject + "\r\nFrom: prof@example.org\r\n\r\n";
        StringBuilder body = new StringBuilder();
        while (head.length() + body.length() + 72 <= size) {
            body.append("x".repeat(70)).append("\r\n");
        }
        body.append("y".repeat(size - head.length() - body.length()));
        return head + body;
    }

    @Test
    void aFullMailboxRefusesSmtpAndImapForItsOwnerOnlyAndItsUseSurvivesDeletesAndARestart() throws Exception {
        Person julien = new Person(new PersonId("p-julien"), "julien.dumas", "Julien Dumas", UAI, Set.of(Profile.ENSEIGNANT));
        when(directory.findByLogin("julien.dumas")).thenReturn(Optional.of(julien));
        when(directory.mailAddress(julien.id())).thenReturn(Optional.of("julien.dumas@" + DOMAIN));
        when(config.quota_eleve_mb()).thenReturn(1L);
        when(config.quota_enseignant_mb()).thenReturn(1024L);
        when(config.max_message_size()).thenReturn(2L * Quotas.MO);
        MailServer server = start();
        long first;
        try {
            Smtp smtp = new Smtp(smtpPort);
            smtp.expect("220");
            smtp.send("EHLO client.test").expect("250");
            smtp.send("MAIL FROM:<prof@example.org>").expect("250");
            smtp.send("RCPT TO:<leo.marchand@" + DOMAIN + ">").expect("250");
            smtp.send("DATA").expect("354");
            smtp.send("Subject: Bonjour\r\n\r\nCorps\r\n.").expect("250");
            first = server.mailboxes().usage("leo.marchand").used();
            assertTrue(first > 0, "counted on delivery");
            assertEquals(Quotas.MO, server.mailboxes().usage("leo.marchand").limit());

            Imap imap = new Imap(imapPort);
            assertTrue(imap.command("a1 LOGIN leo.marchand secret").startsWith("a1 OK"));
            // one byte too many is refused, the exact rest fits
            String tooBig = imap.append("a2", "INBOX", messageOfSize("Trop", (int) (Quotas.MO - first + 1)));
            assertTrue(tooBig.startsWith("a2 NO [OVERQUOTA]"), tooBig);
            String filler = imap.append("a3", "INBOX", messageOfSize("Remplissage", (int) (Quotas.MO - first)));
            assertTrue(filler.startsWith("a3 OK"), filler);
            assertEquals(Quotas.MO, server.mailboxes().usage("leo.marchand").used());
            String root = imap.command("a4 GETQUOTAROOT INBOX");
            assertTrue(root.contains("* QUOTAROOT \"INBOX\" #private&leo.marchand") && root.contains("(STORAGE 1024 1024)"), root);
            assertTrue(imap.append("a5", "INBOX", messageOfSize("Encore", 100)).startsWith("a5 NO [OVERQUOTA]"));

            // SMTP: 552 5.2.2 at RCPT for the full mailbox only, the other recipient gets the message
            smtp.send("MAIL FROM:<prof@example.org>").expect("250");
            assertTrue(smtp.send("RCPT TO:<leo.marchand@" + DOMAIN + ">").expect("552").contains("5.2.2"));
            smtp.send("RCPT TO:<julien.dumas@" + DOMAIN + ">").expect("250");
            smtp.send("DATA").expect("354");
            smtp.send("Subject: Pour Julien\r\n\r\nCorps\r\n.").expect("250");
            assertTrue(server.mailboxes().usage("julien.dumas").used() > 0);
            assertEquals(Quotas.MO, server.mailboxes().usage("leo.marchand").used());

            // moving within the mailbox changes nothing; deleting for good gives the room back
            assertTrue(imap.command("a6 CREATE Archives").startsWith("a6 OK"));
            imap.command("a7 SELECT INBOX");
            assertTrue(imap.command("a8 MOVE 2 Archives").contains("a8 OK"));
            assertEquals(Quotas.MO, server.mailboxes().usage("leo.marchand").used());
            imap.command("a9 SELECT Archives");
            assertTrue(imap.command("b1 STORE 1 +FLAGS (\\Deleted)").startsWith("b1 OK"));
            assertTrue(imap.command("b2 EXPUNGE").startsWith("b2 OK"));
            assertEquals(first, server.mailboxes().usage("leo.marchand").used());
            imap.close();

            // room left, but less than this message: refused at DATA (552 5.2.2) when it is the only recipient
            smtp.send("MAIL FROM:<prof@example.org>").expect("250");
            smtp.send("RCPT TO:<leo.marchand@" + DOMAIN + ">").expect("250");
            smtp.send("DATA").expect("354");
            assertTrue(smtp.send(messageOfSize("Gros", (int) Quotas.MO) + "\r\n.").expect("552").contains("5.2.2"));
            smtp.send("QUIT");
            smtp.close();
            assertEquals(first, server.mailboxes().usage("leo.marchand").used());
        } finally {
            server.stop();
        }
        MailServer again = start();
        try {
            assertEquals(first, again.mailboxes().usage("leo.marchand").used(), "the use is kept in the store");
        } finally {
            again.stop();
        }
        // a store from before quotas (mail, no counted use): counted once at start
        EmbeddedDataSource db = new EmbeddedDataSource();
        db.setDatabaseName(dir.resolve("db").toString());
        try (java.sql.Connection c = db.getConnection(); java.sql.Statement st = c.createStatement()) {
            assertEquals(2, st.executeUpdate("DELETE FROM JAMES_QUOTA_CURRENTQUOTA"), "Léo's and Julien's");
        }
        MailServer upgraded = start();
        try {
            assertEquals(first, upgraded.mailboxes().usage("leo.marchand").used(), "counted from the messages");
            assertTrue(upgraded.mailboxes().usage("julien.dumas").used() > 0);
        } finally {
            upgraded.stop();
        }
    }

    @Test
    void deliversLocallyRefusesRelayUnknownAndOversizeAndKeepsMailAcrossARestart() throws Exception {
        MailServer server = start();
        try {
            Smtp smtp = Smtp.mailFrom(smtpPort, "prof@example.org");
            assertTrue(smtp.send("RCPT TO:<someone@example.org>").expect("550").contains("Relais refuse"));
            assertTrue(smtp.send("RCPT TO:<parti@" + DOMAIN + ">").expect("550").contains("5.1.1"));
            smtp.send("RCPT TO:<leo.marchand@" + DOMAIN + ">").expect("250");
            smtp.send("DATA").expect("354");
            smtp.send("Subject: Bonjour\r\nFrom: prof@example.org\r\n\r\nCorps du message\r\n.").expect("250");
            smtp.send("MAIL FROM:<prof@example.org> SIZE=100000").expect("552");
            smtp.send("RSET").expect("250");
            smtp.send("MAIL FROM:<prof@example.org>").expect("250");
            smtp.send("RCPT TO:<leo.marchand@" + DOMAIN + ">").expect("250");
            smtp.send("DATA").expect("354");
            smtp.send("Subject: Trop gros\r\n\r\n" + ("x".repeat(70) + "\r\n").repeat(100) + ".").expect("552");
            smtp.send("QUIT");
            smtp.close();

            Smtp secure = new Smtp(smtpPort);
            secure.expect("220");
            assertTrue(secure.send("EHLO client.test").expect("250").contains("STARTTLS"), "STARTTLS announced");
            secure.send("STARTTLS").expect("220");
            secure.startTls();
            secure.send("EHLO client.test").expect("250");
            secure.send("QUIT");
            secure.close();

            Imap tlsImap = new Imap(imapPort);
            assertTrue(tlsImap.command("a0 CAPABILITY").contains("STARTTLS"), "IMAP STARTTLS announced");
            assertTrue(tlsImap.command("a1 STARTTLS").startsWith("a1 OK"));
            tlsImap.startTls();
            assertTrue(tlsImap.command("a2 LOGIN leo.marchand secret").startsWith("a2 OK"), "login over TLS");
            tlsImap.close();

            Imap wrong = new Imap(imapPort);
            assertTrue(wrong.command("a1 LOGIN leo.marchand nope").startsWith("a1 NO"));
            wrong.close();
        } finally {
            server.stop();
        }
        MailServer again = start();
        try {
            Imap imap = new Imap(imapPort);
            assertTrue(imap.command("a1 LOGIN leo.marchand secret").startsWith("a1 OK"), "login");
            String select = imap.command("a2 SELECT INBOX");
            assertTrue(select.contains("1 EXISTS"), select);
            String fetch = imap.command("a3 FETCH 1 BODY[]");
            assertTrue(fetch.contains("Subject: Bonjour") && fetch.contains("Corps du message"), fetch);
            imap.close();
        } finally {
            again.stop();
        }
    }

    /**
     * LOGOUT is answered (BYE, then the tagged OK) before the connection closes, even when it follows the previous
     * command's answer at once (James 3.8.1 alone closed first about once in 40 rounds: {@link ByeBeforeLogout}).
     */
    @Test
    void logoutAlwaysAnswersByeAndOkBeforeClosing() throws Exception {
        MailServer server = start();
        try {
            for (int round = 0; round < 30; round++) {
                Imap imap = new Imap(imapPort);
                assertTrue(imap.command("a1 LOGIN leo.marchand secret").startsWith("a1 OK"));
                // LOGOUT sent as soon as APPEND's answer is read, while APPEND's completion may still be under way
                assertTrue(imap.append("a2", "INBOX", messageOfSize("Encore", 200)).startsWith("a2 OK"));
                imap.out.write("a3 LOGOUT\r\n");
                imap.out.flush();
                List<String> lines = new java.util.ArrayList<>();
                for (String line; (line = imap.in.readLine()) != null; ) {
                    lines.add(line);
                }
                imap.close();
                assertTrue(lines.stream().anyMatch(l -> l.startsWith("* BYE")), "round " + round + ": " + lines);
                assertTrue(lines.stream().anyMatch(l -> l.startsWith("a3 OK")), "round " + round + ": " + lines);
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void recipientsHeadersLinesAndImapLiteralsAreBoundedAndTheSessionsGoOn() throws Exception {
        when(config.max_recipients()).thenReturn(3);
        when(config.max_header_size()).thenReturn(300L);
        MailServer server = start();
        try {
            Smtp smtp = Smtp.mailFrom(smtpPort, "prof@example.org");
            for (int i = 0; i < 3; i++) {
                smtp.send("RCPT TO:<leo.marchand@" + DOMAIN + ">").expect("250");
            }
            assertTrue(smtp.send("RCPT TO:<leo.marchand@" + DOMAIN + ">").expect("452").contains("4.5.3 Trop de destinataires"));
            smtp.send("DATA").expect("354");
            // a line beyond the decoder's 8,192 bytes: no answer in the middle of the data, the message refused at its end
            smtp.send("Subject: Longue\r\nX-Long: " + "a".repeat(20_000) + "\r\n\r\nCorps\r\n.");
            assertTrue(smtp.expect("552").contains("5.3.4 Message refuse : une ligne depasse"));
            smtp.send("NOOP").expect("250");
            smtp.send("MAIL FROM:<prof@example.org>").expect("250");
            smtp.send("RCPT TO:<leo.marchand@" + DOMAIN + ">").expect("250");
            smtp.send("DATA").expect("354");
            smtp.send("Subject: Nombreux\r\n" + "X-H: v\r\n".repeat(50) + "\r\nCorps\r\n.");
            assertTrue(smtp.expect("552").contains("5.3.4 Message refuse : en-tetes trop volumineux (300 octets au plus)"));
            smtp.send("MAIL FROM:<prof@example.org>").expect("250");
            smtp.send("RCPT TO:<leo.marchand@" + DOMAIN + ">").expect("250");
            smtp.send("DATA").expect("354");
            smtp.send("Subject: Ordinaire\r\n\r\nCorps\r\n.").expect("250");
            smtp.send("QUIT").expect("221");
            smtp.close();

            Imap imap = new Imap(imapPort);
            assertTrue(imap.command("a1 LOGIN leo.marchand secret").startsWith("a1 OK"));
            // the login throttle gets the IMAP client's address, as for SMTP and the web
            org.mockito.Mockito.verify(authenticator).login("leo.marchand", "secret", "127.0.0.1");
            // a literal over the size: refused when announced (no continuation), the connection closed
            for (String bomb : List.of("p1 APPEND INBOX {4097}", "p2 APPEND INBOX {2000000000}", "p3 APPEND INBOX {4097+}",
                    "p4 APPEND INBOX {99999999999999999999}", "p5 LOGIN {2000000000}")) {
                Imap one = new Imap(imapPort);
                if (!bomb.contains("LOGIN")) {
                    assertTrue(one.command("q1 LOGIN leo.marchand secret").startsWith("q1 OK"));
                }
                one.out.write(bomb + "\r\n");
                one.out.flush();
                String tag = bomb.substring(0, 2);
                assertEquals(tag + " NO [TOOBIG] Message trop gros : 4096 octets au plus", one.in.readLine(), bomb);
                assertEquals(null, one.in.readLine(), "closed: " + bomb);
                one.close();
            }
            // a literal within the size passes
            assertTrue(imap.append("a2", "INBOX", "Subject: petit\r\n\r\n" + "x".repeat(3_000) + "\r\n").startsWith("a2 OK"));
            assertTrue(imap.command("a3 NOOP").startsWith("a3 OK"), "the session goes on");
            String select = imap.command("a4 SELECT INBOX");
            assertTrue(select.contains("2 EXISTS"), "only the ordinary message and the small APPEND: " + select);
            imap.close();
        } finally {
            server.stop();
        }
    }

    @Test
    void theServersTakeTheBoxsNewCertificateWithoutARestartOfTheModule() throws Exception {
        MailServer server = start();
        try {
            assertTrue(peerSubject().contains("CN=preau.test"), "the certificate made at the first start");
            // the referent installs the school's certificate from the console (BoxTls.install)
            java.nio.file.Path p12 = dir.resolve("school.p12");
            Process keytool = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "ent", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=ent.college.test",
                "-validity", "10", "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", "school-pass")
                .redirectErrorStream(true).start();
            keytool.getInputStream().readAllBytes();
            assertEquals(0, keytool.waitFor());
            java.nio.file.Path tls = fr.preau.web.BoxTls.directory();
            fr.preau.web.BoxTls.install(tls, fr.preau.web.BoxTls.fromPkcs12(java.nio.file.Files.readAllBytes(p12),
                "school-pass".toCharArray(), Instant.now()));
            java.nio.file.Files.setLastModifiedTime(tls.resolve("keystore.p12"),
                java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(2)));
            server.checkCertificate();
            assertTrue(peerSubject().contains("CN=ent.college.test"), "the school's certificate after the check");
            server.checkCertificate();
            assertTrue(peerSubject().contains("CN=ent.college.test"), "an unchanged certificate restarts nothing");
        } finally {
            server.stop();
        }
    }

    /** The subject of the certificate SMTP presents after STARTTLS. */
    private String peerSubject() throws Exception {
        Smtp smtp = new Smtp(smtpPort);
        smtp.expect("220");
        smtp.send("EHLO client.test").expect("250");
        smtp.send("STARTTLS").expect("220");
        smtp.startTls();
        String subject = ((java.security.cert.X509Certificate) ((javax.net.ssl.SSLSocket) smtp.socket).getSession()
            .getPeerCertificates()[0]).getSubjectX500Principal().getName();
        smtp.send("QUIT");
        smtp.close();
        return subject;
    }

    @Test
    void mailForAnotherDomainGoesThroughTheRelayAndARefusalComesBackAsANotice() throws Exception {
        int submissionPort = freePort();
        try (FakeRelay relay = new FakeRelay(null, null, null)) {
            relay.rcpt = a -> a.startsWith("nobody") ? "550 5.1.1 no such user" : "250 2.1.5 ok";
            when(config.submission_port()).thenReturn(submissionPort);
            when(config.smarthost()).thenReturn("127.0.0.1:" + relay.port());
            when(config.smarthost_user()).thenReturn("");
            when(config.smarthost_password()).thenReturn("");
            when(config.smarthost_security()).thenReturn("none");
            MailServer server = start();
            try {
                String plain = java.util.Base64.getEncoder().encodeToString("\0leo.marchand\0secret".getBytes(StandardCharsets.UTF_8));
                Smtp smtp = new Smtp(submissionPort);
                smtp.expect("220");
                smtp.send("EHLO client.test").expect("250");
                smtp.send("AUTH PLAIN " + plain).expect("235");
                smtp.send("MAIL FROM:<leo.marchand@" + DOMAIN + ">").expect("250");
                smtp.send("RCPT TO:<inspecteur@example.org>").expect("250");
                smtp.send("RCPT TO:<nobody@example.org>").expect("250");
                smtp.send("DATA").expect("354");
                smtp.send("Subject: =?UTF-8?Q?Expos=C3=A9?=\r\nFrom: leo.marchand@" + DOMAIN + "\r\n\r\nMon expose\r\n.").expect("250");
                smtp.send("QUIT");
                smtp.close();

                long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
                while (relay.received.isEmpty() && System.nanoTime() < until) {
                    Thread.sleep(100);
                }
                assertEquals(1, relay.received.size(), "relayed at once, not at the next round");
                assertEquals(List.of("inspecteur@example.org"), relay.received.get(0).to());
                assertEquals("leo.marchand@" + DOMAIN, relay.received.get(0).from());

                Imap imap = new Imap(imapPort);
                assertTrue(imap.command("a1 LOGIN leo.marchand secret").startsWith("a1 OK"));
                String notice = "";
                while (!notice.contains("Auto-Submitted: auto-replied") && System.nanoTime() < until) {
                    imap.command("a2 SELECT INBOX");
                    notice = imap.command("a3 FETCH 1:* BODY[]");
                    Thread.sleep(100);
                }
                String text = new String(javax.mail.internet.MimeUtility.decode(new java.io.ByteArrayInputStream(
                    notice.getBytes(StandardCharsets.UTF_8)), "quoted-printable").readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(text.contains("Votre message « Exposé » n'a pas pu être remis à :") && text.contains("- nobody@example.org")
                    && text.contains("550 5.1.1 no such user") && notice.contains("message/rfc822"), text);
                imap.close();
                try (var files = java.nio.file.Files.list(dir.resolve("preau/mail/outbound"))) {
                    assertEquals(0, files.count(), "the spool is empty");
                }
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void onTheNetworkPasswordsAreAcceptedOnlyUnderTls() throws Exception {
        int submissionPort = freePort();
        int imapsPort = freePort();
        when(config.imaps_port()).thenReturn(imapsPort);
        when(config.bind()).thenReturn("0.0.0.0");
        when(config.submission_port()).thenReturn(submissionPort);
        assertTrue(MailServer.loopbackOnly("127.0.0.1") && MailServer.loopbackOnly("::1"));
        assertFalse(MailServer.loopbackOnly("0.0.0.0"));
        MailServer server = start();
        try {
            String plain = java.util.Base64.getEncoder().encodeToString("\0leo.marchand\0secret".getBytes(StandardCharsets.UTF_8));
            Smtp clear = new Smtp(submissionPort);
            clear.expect("220");
            assertFalse(clear.send("EHLO client.test").expect("250").contains("AUTH"), "no AUTH offered before STARTTLS");
            String refused = clear.send("AUTH PLAIN " + plain).expect("5");
            assertFalse(refused.startsWith("235"), refused);
            clear.send("QUIT");
            clear.close();

            Smtp secure = new Smtp(submissionPort);
            secure.expect("220");
            secure.send("EHLO client.test").expect("250");
            secure.send("STARTTLS").expect("220");
            secure.startTls();
            assertTrue(secure.send("EHLO client.test").expect("250").contains("AUTH"), "AUTH offered under TLS");
            secure.send("AUTH PLAIN " + plain).expect("235");
            secure.send("QUIT");
            secure.close();

            Imap clearImap = new Imap(imapPort);
            assertTrue(clearImap.command("a0 CAPABILITY").contains("LOGINDISABLED"), "LOGIN disabled before STARTTLS");
            assertFalse(clearImap.command("a1 LOGIN leo.marchand secret").startsWith("a1 OK"), "no clear-text login");
            clearImap.close();
            Imap tlsImap = new Imap(imapPort);
            assertTrue(tlsImap.command("a1 STARTTLS").startsWith("a1 OK"));
            tlsImap.startTls();
            assertTrue(tlsImap.command("a2 LOGIN leo.marchand secret").startsWith("a2 OK"), "login over TLS");
            tlsImap.close();

            Imap imaps = new Imap(imapsPort, true);
            assertFalse(imaps.command("a0 CAPABILITY").contains("LOGINDISABLED"), "IMAPS: encrypted from the start");
            assertTrue(imaps.command("a1 LOGIN leo.marchand secret").startsWith("a1 OK"), "login over IMAPS");
            assertTrue(((javax.net.ssl.SSLSocket) imaps.socket).getSession().getProtocol().startsWith("TLSv1."));
            imaps.close();
        } finally {
            server.stop();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A line-based client of one of the servers on 127.0.0.1, which may switch to TLS (trusting any certificate). */
    static class LineClient {
        Socket socket;
        BufferedReader in;
        Writer out;

        LineClient(int port) throws Exception {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(20_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
        }

        void startTls() throws Exception {
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
                @Override public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String type) { }
                @Override public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String type) { }
                @Override public java.security.cert.X509Certificate[] getAcceptedIssuers() { return new java.security.cert.X509Certificate[0]; }
            }}, null);
            javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) context.getSocketFactory()
                .createSocket(socket, "127.0.0.1", socket.getPort(), true);
            tls.startHandshake();
            socket = tls;
            in = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.UTF_8));
            out = new OutputStreamWriter(tls.getOutputStream(), StandardCharsets.UTF_8);
        }

        void close() throws Exception {
            socket.close();
        }
    }

    static class Smtp extends LineClient {

        Smtp(int port) throws Exception {
            super(port);
        }

        /** A session greeted, after EHLO and {@code MAIL FROM}. */
        static Smtp mailFrom(int port, String sender) throws Exception {
            Smtp smtp = new Smtp(port);
            smtp.expect("220");
            smtp.send("EHLO client.test").expect("250");
            smtp.send("MAIL FROM:<" + sender + ">").expect("250");
            return smtp;
        }

        Smtp send(String line) throws Exception {
            out.write(line + "\r\n");
            out.flush();
            return this;
        }

        /** Reads a (multi-line) reply and checks its code. */
        String expect(String code) throws Exception {
            StringBuilder reply = new StringBuilder();
            String line;
            do {
                line = in.readLine();
                reply.append(line).append('\n');
            } while (line != null && line.length() > 3 && line.charAt(3) == '-');
            assertTrue(reply.toString().startsWith(code), "expected " + code + ", got " + reply);
            return reply.toString();
        }
    }

    private static class Imap extends LineClient {

        Imap(int port) throws Exception {
            this(port, false);
        }

        /** {@code implicitTls}: IMAPS, TLS from the first byte. */
        Imap(int port, boolean implicitTls) throws Exception {
            super(port);
            if (implicitTls) {
                startTls();
            }
            in.readLine();
        }

        /** APPEND of an ASCII message to {@code folder} (a synchronising literal); the tagged reply first. */
        String append(String tag, String folder, String message) throws Exception {
            out.write(tag + " APPEND " + folder + " {" + message.length() + "}\r\n");
            out.flush();
            String go = in.readLine();
            if (!go.startsWith("+")) {
                return go;
            }
            out.write(message);
            return command(tag, "");
        }

        /** Sends a tagged command and returns every line up to the tagged reply, that one last. */
        String command(String line) throws Exception {
            return command(line.substring(0, line.indexOf(' ')), line);
        }

        private String command(String tag, String line) throws Exception {
            out.write(line + "\r\n");
            out.flush();
            List<String> lines = new java.util.ArrayList<>();
            String reply;
            while ((reply = in.readLine()) != null) {
                lines.add(reply);
                if (reply.startsWith(tag + " ")) {
                    break;
                }
            }
            String last = lines.remove(lines.size() - 1);
            return last + "\n" + lines.stream().collect(Collectors.joining("\n"));
        }
    }
}
