package fr.preau.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The mail module with real clients on the demo school ({@code preau-mail}, a default module installed at
 * the first start); swaks delivers to a pupil, Python's imaplib reads it with the pupil's own password; relay,
 * oversize and wrong passwords are refused; the mail survives {@code kill -9} and an uninstall/reinstall.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MailIT {

    static final String PUPIL = "leo.marchand";
    static final String TEACHER = "julien.dumas";
    /** Léo's mother, whose mailbox is made 1 Mo (quota.parent.mb) to fill it. */
    static final String PARENT = "helene.marchand";
    static Box box;
    static Client referent;
    static int smtpPort;
    static int imapPort;
    static int submissionPort;
    static String domain;
    static final String SUBJECT = "MailIT-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void boot() throws IOException {
        smtpPort = Box.freePort();
        imapPort = Box.freePort();
        submissionPort = Box.freePort();
        box = Box.demo("mail").config("fr.preau.mail", Map.of(
                "bind", "127.0.0.1",
                "smtp.port", Integer.toString(smtpPort),
                "submission.port", Integer.toString(submissionPort),
                "imap.port", Integer.toString(imapPort),
                "max.message.size", "50000",
                "max.header.size", "20000",
                "quota.parent.mb", "1",
                "smarthost", "",
                "hello.name", "preau.test")).startAndAwaitUp();
        referent = box.signedIn("referent");
        for (JsonNode school : referent.get("/api/v1/admin/schools").json()) {
            if ("0999999Z".equals(school.path("uai").asText())) {
                domain = school.path("mailDomain").asText();
            }
        }
        assertTrue(domain != null && !domain.isBlank(), "the demo school's mail domain");
        // a default module: installed by the box's first start
        awaitPort(smtpPort, true, Duration.ofSeconds(120));
        awaitPort(imapPort, true, Duration.ofSeconds(30));
    }

    @AfterAll
    static void shutdown() {
        if (box != null) {
            box.close();
        }
    }

    @Test
    @Order(1)
    void swaksDeliversToAPupilWhoReadsItWithImaplib() {
        Run sent = swaks("--to", PUPIL + "@" + domain, "--header", "Subject: " + SUBJECT, "--body", "Bonjour Léo");
        assertEquals(0, sent.exit, sent.output);
        Run read = imap(PUPIL, Box.DEMO_PASSWORD);
        assertEquals(0, read.exit, read.output);
        assertTrue(read.output.contains(SUBJECT), read.output);
    }

    @Test
    @Order(1)
    void thunderbirdFindsTheServersByItself() {
        String path = "/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress=" + PUPIL + "@" + domain;
        // Pax Web registers the servlet on its own thread, a moment after the servers opened their ports
        awaitTrue(() -> referent.get(path).status() == 200, "the autoconfig document served");
        Client.Response doc = referent.get(path);
        assertEquals(200, doc.status(), doc.toString());
        assertTrue(doc.contentType().startsWith("application/xml"), doc.contentType());
        assertTrue(doc.body().contains("<incomingServer type=\"imap\"><hostname>127.0.0.1</hostname><port>" + imapPort
                + "</port><socketType>STARTTLS</socketType>"), doc.body());
        assertTrue(doc.body().contains("<port>" + submissionPort + "</port>"), doc.body());
        assertTrue(doc.body().contains("<username>%EMAILLOCALPART%</username>"), doc.body());
        assertEquals(404, referent.get("/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress=someone@example.org").status());
    }

    @Test
    @Order(2)
    void theRecipientFindsTheMessageInTheBoxSearchAndNobodyElseDoes() {
        Client pupil = box.signedIn(PUPIL);
        String q = "/api/v1/search?q=" + SUBJECT + "&module=mail";
        JsonNode[] found = new JsonNode[1];
        awaitTrue(() -> {
            Client.Response r = pupil.get(q);
            Box.sleep(750); // the search answers a few requests a second per person
            found[0] = r.status() == 200 ? r.json() : null;
            return found[0] != null && found[0].path("hits").size() >= 1;
        }, "the pupil's message in the search");
        JsonNode hit = found[0].path("hits").get(0);
        assertEquals("mail", hit.path("module").asText(), hit.toString());
        assertTrue(hit.path("title").asText().contains(SUBJECT), hit.toString());
        assertEquals(0, box.signedIn(TEACHER).get(q).json().path("total").asInt(), "nobody else finds it");
        assertEquals(0, referent.get(q).json().path("total").asInt(), "not even the referent");
        Client.Response news = pupil.get("/api/v1/notifications");
        assertTrue(news.body().contains(SUBJECT) && news.body().contains("\"module\":\"mail\""), "unread, hence in the nouveautés: " + news.body());
    }

    @Test
    @Order(2)
    void aWrongPasswordIsRefused() {
        Run read = imap(PUPIL, "not-the-password");
        assertNotEquals(0, read.exit, read.output);
        assertTrue(read.output.contains("LOGIN-REFUSED"), read.output);
    }

    @Test
    @Order(3)
    void theBoxIsNotAnOpenRelay() {
        Run relay = swaks("--to", "someone@example.org");
        assertNotEquals(0, relay.exit, relay.output);
        assertTrue(relay.output.contains("<** 550"), relay.output);
    }

    @Test
    @Order(4)
    void anUnknownLocalAddressIsRefused() {
        Run unknown = swaks("--to", "personne.inconnue@" + domain);
        assertNotEquals(0, unknown.exit, unknown.output);
        assertTrue(unknown.output.contains("<** 550 5.1.1"), unknown.output);
    }

    @Test
    @Order(5)
    void anOversizeMessageIsRefused() {
        Run big = swaks("--to", PUPIL + "@" + domain, "--body", ("x".repeat(70) + "\n").repeat(1_500));
        assertNotEquals(0, big.exit, big.output);
        assertTrue(big.output.contains("552"), big.output);
    }

    @Test
    @Order(60)
    void anAcknowledgedMessageSurvivesKill9() {
        String subject = SUBJECT + "-crash";
        Run sent = swaks("--to", PUPIL + "@" + domain, "--header", "Subject: " + subject);
        assertEquals(0, sent.exit, sent.output);
        box.kill9();
        box.startAndAwaitUp();
        awaitPort(imapPort, true, Duration.ofSeconds(120));
        Run read = imap(PUPIL, Box.DEMO_PASSWORD);
        assertTrue(read.output.contains(subject), read.output);
        referent = box.signedIn("referent");
        if (quotaUsedAfterEmptying >= 0) {
            assertEquals(quotaUsedAfterEmptying, quotaUsed(signedIn(PARENT)), "the mailbox use survives kill -9");
        }
    }

    @Test
    @Order(70)
    void uninstallClosesThePortsAndReinstallKeepsTheMail() {
        Client.Response removing = referent.post("/api/v1/admin/modules/preau-mail/uninstall", "{}");
        assertEquals(202, removing.status(), removing.toString());
        awaitPort(smtpPort, false, Duration.ofSeconds(90));
        awaitPort(imapPort, false, Duration.ofSeconds(30));
        Client.Response adding = Box.installModule(referent, "preau-mail");
        assertEquals(202, adding.status(), adding.toString());
        awaitPort(imapPort, true, Duration.ofSeconds(120));
        Run read = imap(PUPIL, Box.DEMO_PASSWORD);
        assertTrue(read.output.contains(SUBJECT), read.output);
        // the webmail is back too, with the mail sent from it before
        Client pupil = signedIn(PUPIL);
        awaitTrue(() -> HotPlugIT.catalogueHas(pupil, "mail"), "the Messagerie tile comes back with the module");
        assertTrue(inbox(pupil).toString().contains(SUBJECT + "-rest"));
    }

    // --- the webmail (REST) ------------------------------------------------------------------

    /**
     * A client signed in as {@code login}, waiting out the login throttle: the wrong IMAP password of an earlier test
     * makes the account's next logins wait a little (429 {@code throttled}, « Réessayez dans 1 seconde »).
     */
    static Client signedIn(String login) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Client c = box.client();
            Client.Response r = c.login(login, Box.DEMO_PASSWORD);
            if (r.status() == 200) {
                return c;
            }
            assertEquals(429, r.status(), r.toString());
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still throttled after 60 s: " + r);
            }
            Box.sleep(1_500);
        }
    }

    static JsonNode inbox(Client c) {
        Client.Response list = c.get("/api/v1/mail/folders/INBOX/messages?limit=100");
        assertEquals(200, list.status(), list.toString());
        return list.json();
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 60 s\n" + box.diagnostics());
            }
            Box.sleep(250);
        }
    }

    /** A pupil of the demo collège who is not in Léo's class (5A), from the console's list. */
    static String pupilOfAnotherClass() {
        Client.Response r = referent.get("/api/v1/admin/accounts?school=0999999Z&profile=ELEVE&class=3B&limit=1");
        assertEquals(200, r.status(), r.toString());
        String login = r.json().path("items").path(0).path("login").asText();
        assertTrue(!login.isBlank(), r.toString());
        return login;
    }

    @Test
    @Order(10)
    void aTeacherWritesFromTheWebmailAndThePupilReadsIt() {
        Client teacher = signedIn(TEACHER);
        Client pupil = signedIn(PUPIL);
        awaitTrue(() -> HotPlugIT.catalogueHas(pupil, "mail"), "the Messagerie tile");
        Client.Response folders = pupil.get("/api/v1/mail/folders");
        assertEquals(200, folders.status(), folders.toString());
        assertEquals(PUPIL + "@" + domain, folders.json().path("address").asText());
        assertEquals("Boîte de réception", folders.json().path("items").path(0).path("label").asText(), folders.toString());
        String subject = SUBJECT + "-rest";
        Client.Response sent = teacher.post("/api/v1/mail/messages", Client.json(Map.of(
                "to", List.of("Léo Marchand <" + PUPIL + "@" + domain + ">"), "cc", List.of(),
                "subject", subject, "html", "<p>Bonjour Léo,<script>alert(1)</script> le <b>contrôle</b> est jeudi.</p>",
                "attachments", List.of())));
        assertEquals(201, sent.status(), sent.toString());
        JsonNode mine = null;
        for (JsonNode item : inbox(pupil).path("items")) {
            if (subject.equals(item.path("subject").asText())) {
                mine = item;
            }
        }
        assertTrue(mine != null, "the pupil's list shows it: " + inbox(pupil));
        assertEquals("julien dumas", mine.path("from").path("name").asText().toLowerCase(java.util.Locale.ROOT), mine.toString());
        assertTrue(!mine.path("seen").asBoolean(), mine.toString());
        Client.Response read = pupil.get("/api/v1/mail/folders/INBOX/messages/" + mine.path("uid").asLong());
        assertEquals(200, read.status(), read.toString());
        assertTrue(read.json().path("html").asText().contains("<b>contrôle</b>"), read.toString());
        assertTrue(!read.json().path("html").asText().contains("script"), read.toString());
        assertTrue(read.json().path("text").asText().contains("contrôle"), read.toString());
        Client.Response copy = teacher.get("/api/v1/mail/folders/Sent/messages");
        assertTrue(copy.body().contains(subject), "a copy in « Envoyés »: " + copy);
        // the IMAP client sees the same mailbox
        assertTrue(imap(PUPIL, Box.DEMO_PASSWORD).output.contains(subject));
    }

    @Test
    @Order(11)
    void aPupilWritingToAPupilOfAnotherClassIsRefusedWithTheStableCode() {
        String other = pupilOfAnotherClass();
        Client pupil = signedIn(PUPIL);
        Client.Response refused = pupil.post("/api/v1/mail/messages", Client.json(Map.of(
                "to", List.of(other + "@" + domain), "cc", List.of(), "subject", "Salut", "text", "Coucou", "attachments", List.of())));
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("urn:preau:problem:recipient-forbidden", refused.json().path("type").asText(), refused.toString());
        assertTrue(refused.json().path("title").asText().contains(other + "@" + domain), refused.toString());
        // the address book offers the teacher, not that pupil
        Client.Response book = pupil.get("/api/v1/mail/contacts?q=dumas");
        assertEquals(200, book.status(), book.toString());
        assertTrue(book.body().contains(TEACHER + "@" + domain), book.toString());
        Client.Response none = pupil.get("/api/v1/mail/contacts?q=" + other.substring(0, other.indexOf('.')));
        assertTrue(!none.body().contains(other + "@"), none.toString());
        // the same rule at SMTP RCPT for a signed-in sender (submission)
        Run smtp = run(List.of("swaks", "--server", "127.0.0.1", "--port", Integer.toString(submissionPort), "--tls",
                "--auth", "LOGIN", "--auth-user", PUPIL, "--auth-password", Box.DEMO_PASSWORD, "--from", PUPIL + "@" + domain,
                "--to", other + "@" + domain, "--timeout", "60"));
        assertNotEquals(0, smtp.exit, smtp.output);
        assertTrue(smtp.output.contains("550 5.7.1 Regles de communication"), smtp.output);
        // without a session, nothing
        Client.Response anonymous = box.client().get("/api/v1/mail/folders");
        assertEquals(401, anonymous.status(), anonymous.toString());
    }

    @Test
    @Order(13)
    void theReferentForbidsPupilsToWriteToTeachersAndSmtpFollowsWithTheReason() {
        String rules = "/api/v1/admin/communication-rules/0999999Z";
        String forbid = Client.json(Map.of("write", List.of(Map.of("from", "ELEVE", "to", "ENSEIGNANT", "reach", "NEVER"))));
        Client pupil = signedIn(PUPIL);
        Client.Response notTheirs = pupil.putJson(rules, forbid);
        assertEquals(403, notTheirs.status(), "only the referent: " + notTheirs);
        Client.Response set = referent.putJson(rules, forbid);
        assertEquals(200, set.status(), set.toString());
        try {
            boolean changed = false;
            for (JsonNode cell : set.json().path("write")) {
                changed |= "ELEVE".equals(cell.path("from").asText()) && "ENSEIGNANT".equals(cell.path("to").asText())
                        && "NEVER".equals(cell.path("reach").asText()) && "RELATED".equals(cell.path("defaultReach").asText());
            }
            assertTrue(changed, set.toString());
            Run smtp = run(List.of("swaks", "--server", "127.0.0.1", "--port", Integer.toString(submissionPort), "--tls",
                    "--auth", "LOGIN", "--auth-user", PUPIL, "--auth-password", Box.DEMO_PASSWORD, "--from", PUPIL + "@" + domain,
                    "--to", TEACHER + "@" + domain, "--timeout", "60"));
            assertNotEquals(0, smtp.exit, smtp.output);
            assertTrue(smtp.output.contains("550 5.7.1 Regles de communication"), smtp.output);
            Client.Response book = pupil.get("/api/v1/mail/contacts?q=dumas");
            assertTrue(!book.body().contains(TEACHER + "@"), "the address book follows: " + book);
            Client.Response journal = referent.get("/api/v1/admin/audit?action=access.communication-rule");
            assertTrue(journal.body().contains("write ELEVE ENSEIGNANT"), journal.toString());
        } finally {
            Client.Response restored = referent.send("DELETE", rules, null, null, Map.of("X-CSRF-Token", referent.csrfToken()));
            assertEquals(200, restored.status(), restored.toString());
        }
        Run again = run(List.of("swaks", "--server", "127.0.0.1", "--port", Integer.toString(submissionPort), "--tls",
                "--auth", "LOGIN", "--auth-user", PUPIL, "--auth-password", Box.DEMO_PASSWORD, "--from", PUPIL + "@" + domain,
                "--to", TEACHER + "@" + domain, "--timeout", "60"));
        assertEquals(0, again.exit, "restored: " + again.output);
    }

    @Test
    @Order(14)
    void withModerationOnAPupilsSubmissionWaitsUntilTheTeacherApprovesIt() {
        Client.Response settings = referent.get("/api/v1/mail/moderation/settings");
        assertEquals(200, settings.status(), settings.toString());
        boolean ecole = false;
        for (JsonNode s : settings.json()) {
            ecole |= "0999997X".equals(s.path("uai").asText()) && "1D".equals(s.path("degree").asText()) && s.path("enabled").asBoolean();
        }
        assertTrue(ecole, "on by default for the demo école (1D): " + settings);
        String setting = "/api/v1/mail/moderation/settings/0999999Z";
        Client teacher = signedIn(TEACHER);
        assertEquals(403, teacher.putJson(setting, "{\"enabled\":true}").status(), "the referent's setting");
        Client.Response on = referent.putJson(setting, "{\"enabled\":true}");
        assertEquals(200, on.status(), on.toString());
        try {
            String subject = SUBJECT + "-moderation";
            Run sent = run(List.of("swaks", "--server", "127.0.0.1", "--port", Integer.toString(submissionPort), "--tls",
                    "--auth", "LOGIN", "--auth-user", PUPIL, "--auth-password", Box.DEMO_PASSWORD, "--from", PUPIL + "@" + domain,
                    "--to", TEACHER + "@" + domain, "--header", "Subject: " + subject, "--timeout", "60"));
            assertEquals(0, sent.exit, sent.output);
            assertTrue(sent.output.contains("250 2.0.0 Message accepte, en attente"), sent.output);
            assertTrue(!imap(TEACHER, Box.DEMO_PASSWORD).output.contains(subject), "not in the teacher's INBOX before approval");

            Client.Response queue = teacher.get("/api/v1/mail/moderation");
            assertEquals(200, queue.status(), queue.toString());
            String id = null;
            for (JsonNode held : queue.json().path("items")) {
                if (subject.equals(held.path("subject").asText())) {
                    id = held.path("id").asText();
                }
            }
            assertTrue(id != null, "in the teacher's « À valider »: " + queue);
            Client.Response pupilTries = signedIn(PUPIL).post("/api/v1/mail/moderation/" + id + "/approve", "{}");
            assertEquals(403, pupilTries.status(), "a pupil approves nothing: " + pupilTries);
            Client.Response approved = teacher.post("/api/v1/mail/moderation/" + id + "/approve", "{}");
            assertEquals(200, approved.status(), approved.toString());
            Run read = imap(TEACHER, Box.DEMO_PASSWORD);
            assertTrue(read.output.contains(subject), "delivered once approved: " + read.output);
            Client.Response journal = referent.get("/api/v1/admin/audit?action=mail.moderation.approve");
            assertTrue(journal.body().contains(id), journal.toString());
        } finally {
            Client.Response off = referent.putJson(setting, "{\"enabled\":false}");
            assertEquals(200, off.status(), off.toString());
        }
    }

    @Test
    @Order(12)
    void aMessageArrivingBySmtpShowsUpThroughTheWebmail() {
        String subject = SUBJECT + "-smtp";
        Run sent = swaks("--to", PUPIL + "@" + domain, "--header", "Subject: " + subject, "--body", "Arrivé par SMTP",
                "--attach-type", "application/pdf", "--attach-name", "fiche.pdf", "--attach", "@/etc/hostname");
        assertEquals(0, sent.exit, sent.output);
        Client pupil = signedIn(PUPIL);
        JsonNode found = null;
        for (JsonNode item : inbox(pupil).path("items")) {
            if (subject.equals(item.path("subject").asText())) {
                found = item;
            }
        }
        assertTrue(found != null, inbox(pupil).toString());
        assertEquals("prof@example.org", found.path("from").path("address").asText(), found.toString());
        assertTrue(found.path("attachments").asBoolean(), found.toString());
        Client.Response read = pupil.get("/api/v1/mail/folders/INBOX/messages/" + found.path("uid").asLong());
        assertEquals(200, read.status(), read.toString());
        assertEquals("fiche.pdf", read.json().path("attachments").path(0).path("name").asText(), read.toString());
        Client.Response file = pupil.get("/api/v1/mail/folders/INBOX/messages/" + found.path("uid").asLong() + "/attachments/0", "*/*");
        assertEquals(200, file.status(), file.toString());
        assertTrue(file.header("Content-Disposition").startsWith("attachment;"), file.toString());
        assertTrue(file.contentType().startsWith("application/pdf"), file.toString());
    }

    /** The parent's mailbox use once full and emptied again, for the restart's check (-1: not reached). */
    static long quotaUsedAfterEmptying = -1;

    static long quotaUsed(Client c) {
        Client.Response q = c.get("/api/v1/mail/quota");
        assertEquals(200, q.status(), q.toString());
        return q.json().path("used").asLong();
    }

    @Test
    @Order(20)
    void aFullMailboxRefusesSmtpImapAndTheWebmailForItsOwnerOnly() {
        Client parent = signedIn(PARENT);
        Client.Response q = parent.get("/api/v1/mail/quota");
        assertEquals(200, q.status(), q.toString());
        assertEquals(1024 * 1024, q.json().path("limit").asLong(), "quota.parent.mb = 1: " + q);
        long before = q.json().path("used").asLong();
        // imaplib fills the mailbox to the last byte, asks GETQUOTAROOT, then one more APPEND
        String script = String.join("\n",
                "import imaplib, sys",
                "m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))",
                "m.login(sys.argv[2], sys.argv[3])",
                "size = int(sys.argv[4])",
                "head = b'Subject: Remplissage\\r\\nFrom: prof@example.org\\r\\n\\r\\n'",
                // APPEND takes no more than max.message.size (50,000 here): the filler comes in parts
                "while size > 0:",
                "    n = size if size <= 40000 else min(40000, size - 1000)",
                "    body = (b'x' * 70 + b'\\r\\n') * ((n - len(head)) // 72)",
                "    filled = m.append('INBOX', None, None, head + body + b'y' * (n - len(head) - len(body)))",
                "    size -= n",
                "print('FILL', filled)",
                "print('ROOT', m.getquotaroot('INBOX'))",
                "print('MORE', m.append('INBOX', None, None, b'Subject: Encore\\r\\n\\r\\nCorps\\r\\n'))",
                "m.logout()");
        Run fill = run(List.of("python3", "-c", script, Integer.toString(imapPort), PARENT, Box.DEMO_PASSWORD,
                Long.toString(1024 * 1024 - before)));
        assertEquals(0, fill.exit, fill.output);
        assertTrue(fill.output.contains("FILL ('OK'"), fill.output);
        assertTrue(fill.output.contains("\"INBOX\" #private&" + PARENT) && fill.output.contains("(STORAGE 1024 1024)"),
                fill.output);
        assertTrue(fill.output.contains("MORE ('NO', [b'[OVERQUOTA]"), fill.output);
        assertEquals(1024 * 1024, quotaUsed(parent));

        // swaks: 552 5.2.2 at RCPT for the full mailbox, Léo still gets the message
        String subject = SUBJECT + "-quota";
        Run both = swaks("--to", PARENT + "@" + domain + "," + PUPIL + "@" + domain, "--header", "Subject: " + subject);
        assertTrue(both.output.contains("552 5.2.2"), both.output);
        assertTrue(imap(PUPIL, Box.DEMO_PASSWORD).output.contains(subject));
        assertEquals(1024 * 1024, quotaUsed(parent));

        // the webmail: a clear message, nothing sent
        Client.Response refused = parent.post("/api/v1/mail/messages", Client.json(Map.of(
                "to", List.of(TEACHER + "@" + domain), "cc", List.of(), "subject", "Question", "text", "Bonjour", "attachments", List.of())));
        assertEquals(409, refused.status(), refused.toString());
        assertEquals("urn:preau:problem:over-quota", refused.json().path("type").asText(), refused.toString());
        assertEquals("Votre boîte aux lettres est pleine : supprimez des messages ou videz la corbeille.",
                refused.json().path("title").asText(), refused.toString());

        // deleting the filler for good gives the room back, to the byte
        String empty = String.join("\n",
                "import imaplib, sys",
                "m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))",
                "m.login(sys.argv[2], sys.argv[3])",
                "m.select('INBOX')",
                "typ, data = m.search(None, 'SUBJECT', 'Remplissage')",
                "for n in data[0].split():",
                "    m.store(n, '+FLAGS', '\\\\Deleted')",
                "print('EXPUNGE', m.expunge())",
                "m.shutdown()");
        Run emptied = run(List.of("python3", "-c", empty, Integer.toString(imapPort), PARENT, Box.DEMO_PASSWORD));
        assertEquals(0, emptied.exit, emptied.output);
        assertEquals(before, quotaUsed(parent));
        quotaUsedAfterEmptying = before;
    }

    // --- bad input (issue 7): what a serious mail server must survive, on the same box -----------------

    /** The teacher receives the abusive mail of the cases below (the pupil's INBOX stays as the later cases expect it). */
    static final String ABUSED = TEACHER;
    /** The account the brute-force case locks (and the referent unlocks): no other case signs in with it. */
    static final String BRUTE_FORCED = "anne.verger";

    /** Python's helpers for raw SMTP and IMAP sessions (a socket, whole replies, a deadline on every read). */
    static final String PY_SOCKETS = """
            import socket, sys, time, os, threading, smtplib, imaplib
            def conn(port):
                s = socket.create_connection(('127.0.0.1', int(port)), timeout=30)
                return s, s.makefile('rb')
            def reply(f):
                lines = []
                while True:
                    l = f.readline()
                    if not l:
                        return (None, b''.join(lines).decode('latin-1'))
                    lines.append(l)
                    if len(l) < 4 or l[3:4] != b'-':
                        return (int(l[:3]) if l[:3].isdigit() else l[:3], b''.join(lines).decode('latin-1').strip())
            def cmd(s, f, line):
                s.sendall(line)
                return reply(f)
            def drain(s, seconds):
                s.settimeout(seconds)
                data = b''
                try:
                    while True:
                        chunk = s.recv(65536)
                        if not chunk:
                            return data, 'closed'
                        data += chunk
                except socket.timeout:
                    return data, 'open'
                except ConnectionResetError:
                    return data, 'closed'
            """;

    static Run python(String script, String... args) {
        List<String> command = new ArrayList<>(List.of("python3", "-c", PY_SOCKETS.stripIndent() + "\n" + script.stripIndent()));
        command.addAll(List.of(args));
        return run(command);
    }

    /** The summary of the message with this subject in the teacher's INBOX (REST), or null. */
    static JsonNode listed(Client c, String subject) {
        for (JsonNode item : inbox(c).path("items")) {
            if (item.path("subject").asText().equals(subject)) {
                return item;
            }
        }
        return null;
    }

    @Test
    @Order(30)
    void malformedMimeIsStoredAndStaysReadableInTheWebmailImapAndSearch() {
        String tag = SUBJECT + "-mime";
        Run sent = python("""
                import smtplib, sys
                tag = sys.argv[2]
                def msg(n, head, body):
                    return ('From: prof@example.org\\r\\nTo: ' + sys.argv[3] + '\\r\\nSubject: ' + tag + '-' + str(n)
                            + '\\r\\nMIME-Version: 1.0\\r\\n' + head + '\\r\\n\\r\\n' + body).encode('latin-1')
                nested = ''.join('--b%d\\r\\nContent-Type: multipart/mixed; boundary="b%d"\\r\\n\\r\\n' % (i, i + 1) for i in range(100))
                messages = [
                    msg(1, 'Content-Type: multipart/mixed; boundary="annonce"',
                        '--autre\\r\\nContent-Type: text/plain\\r\\n\\r\\nLimite faussee\\r\\n--autre--\\r\\n'),
                    msg(2, 'Content-Type: multipart/mixed; boundary="fin"',
                        '--fin\\r\\nContent-Type: text/plain\\r\\n\\r\\nSans limite de fin\\r\\n'),
                    msg(3, 'Content-Type: text/plain\\r\\nContent-Transfer-Encoding: base64', '!!pas du base64 @@@ ===\\r\\nQUJD\\r\\n'),
                    msg(4, 'Content-Type: multipart/mixed; boundary="b0"', nested + '--b100\\r\\nContent-Type: text/plain\\r\\n\\r\\nTout au fond\\r\\n'),
                    msg(5, 'Content-Type: text/plain; charset="x-charset-inconnu"\\r\\nContent-Transfer-Encoding: 8bit',
                        'Corps en jeu de caract\\xe8res inconnu\\r\\n'),
                ]
                s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=60)
                for i, m in enumerate(messages):
                    try:
                        s.sendmail('prof@example.org', [sys.argv[3]], m)
                        print('SENT', i + 1, 250)
                    except smtplib.SMTPResponseException as e:
                        print('SENT', i + 1, e.smtp_code, e.smtp_error)
                    except smtplib.SMTPRecipientsRefused as e:
                        print('SENT', i + 1, 'refused', e.recipients)
                s.quit()
                m = imaplib.IMAP4('127.0.0.1', int(sys.argv[4]))
                m.login(sys.argv[3].split('@')[0], sys.argv[5])
                m.select('INBOX')
                typ, data = m.search(None, 'SUBJECT', tag)
                print('FOUND', len(data[0].split()))
                for n in data[0].split():
                    typ, parts = m.fetch(n, '(ENVELOPE BODYSTRUCTURE BODY.PEEK[])')
                    print('FETCH', typ)
                m.logout()
                """, Integer.toString(smtpPort), tag, ABUSED + "@" + domain, Integer.toString(imapPort), Box.DEMO_PASSWORD);
        assertEquals(0, sent.exit, sent.output);
        for (int n = 1; n <= 5; n++) {
            assertTrue(sent.output.contains("SENT " + n + " 250"), "accepted (stored as it came): " + sent.output);
        }
        assertTrue(sent.output.contains("FOUND 5"), sent.output);
        assertEquals(5, sent.output.split("FETCH OK", -1).length - 1, "IMAP FETCH answers every one: " + sent.output);

        Client teacher = signedIn(ABUSED);
        for (int n = 1; n <= 5; n++) {
            JsonNode item = listed(teacher, tag + "-" + n);
            assertTrue(item != null, "listed with its subject: " + inbox(teacher));
            Client.Response read = teacher.get("/api/v1/mail/folders/INBOX/messages/" + item.path("uid").asLong());
            assertEquals(200, read.status(), read.toString());
            assertEquals(tag + "-" + n, read.json().path("subject").asText(), read.toString());
        }
        assertTrue(teacher.get("/api/v1/mail/folders/INBOX/messages/" + listed(teacher, tag + "-4").path("uid").asLong())
                .json().path("text").asText().contains("Tout au fond"), "the text 100 multiparts deep");
        assertTrue(teacher.get("/api/v1/mail/folders/INBOX/messages/" + listed(teacher, tag + "-5").path("uid").asLong())
                .json().path("text").asText().contains("Corps en jeu de caract"), "an unknown charset read as Latin-1");
        String q = "/api/v1/search?q=" + tag + "&module=mail";
        awaitTrue(() -> {
            Client.Response r = teacher.get(q);
            Box.sleep(750); // the search answers a few requests a second per person
            return r.status() == 200 && r.json().path("hits").size() >= 5;
        }, "the five messages in the teacher's search");
    }

    @Test
    @Order(31)
    void rawUtf8AndLatin1HeadersAreShownReadable() {
        String tag = SUBJECT + "-8bit";
        String utf8 = "Réunion d'été – café " + tag;
        String latin1 = "Sortie à la forêt " + tag;
        Run sent = python("""
                import smtplib, sys
                s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=60)
                to = sys.argv[2]
                s.sendmail('eleve@example.org', [to], ('From: Élodie Dupré <elodie@example.org>\\r\\nTo: ' + to
                    + '\\r\\nSubject: ' + sys.argv[3] + '\\r\\n\\r\\nCorps\\r\\n').encode('utf-8'))
                s.sendmail('eleve@example.org', [to], ('From: Hélène Côté <helene@example.org>\\r\\nTo: ' + to
                    + '\\r\\nSubject: ' + sys.argv[4] + '\\r\\n\\r\\nCorps\\r\\n').encode('latin-1'))
                s.quit()
                print('SENT')
                """, Integer.toString(smtpPort), ABUSED + "@" + domain, utf8, latin1);
        assertEquals(0, sent.exit, sent.output);
        Client teacher = signedIn(ABUSED);
        JsonNode first = listed(teacher, utf8);
        assertTrue(first != null, "the UTF-8 subject as written: " + inbox(teacher));
        assertEquals("Élodie Dupré", first.path("from").path("name").asText(), first.toString());
        Client.Response read = teacher.get("/api/v1/mail/folders/INBOX/messages/" + first.path("uid").asLong());
        assertEquals(utf8, read.json().path("subject").asText(), read.toString());
        JsonNode second = listed(teacher, latin1);
        assertTrue(second != null, "the Latin-1 subject read as Latin-1: " + inbox(teacher));
        assertEquals("Hélène Côté", second.path("from").path("name").asText(), second.toString());
    }

    @Test
    @Order(32)
    void hugeHeadersAreRefusedWith5xxAndTheSessionGoesOn() {
        Run abuse = python("""
                port, rcpt = sys.argv[1], sys.argv[2].encode()
                s, f = conn(port)
                reply(f)
                cmd(s, f, b'EHLO client.test\\r\\n')
                def transaction(message):
                    cmd(s, f, b'MAIL FROM:<prof@example.org>\\r\\n')
                    cmd(s, f, b'RCPT TO:<' + rcpt + b'>\\r\\n')
                    cmd(s, f, b'DATA\\r\\n')
                    t = time.time()
                    s.sendall(message + b'\\r\\n.\\r\\n')
                    code, text = reply(f)
                    return '%s %s (%.1f s)' % (code, text, time.time() - t)
                print('LONGLINE', transaction(b'Subject: longue\\r\\nX-Big: ' + b'a' * 200000 + b'\\r\\n\\r\\nCorps'))
                print('NOOP', cmd(s, f, b'NOOP\\r\\n')[0])
                print('MANYLINES', transaction(b'Subject: nombreux\\r\\n' + b''.join(b'X-H-%05d: v\\r\\n' % i for i in range(3000)) + b'\\r\\nCorps'))
                print('TENTHOUSAND', transaction(b'Subject: dix mille\\r\\n' + b''.join(b'X-H-%05d: v\\r\\n' % i for i in range(10000)) + b'\\r\\nCorps'))
                print('NOOP', cmd(s, f, b'NOOP\\r\\n')[0])
                print('QUIT', cmd(s, f, b'QUIT\\r\\n')[0])
                """, Integer.toString(smtpPort), ABUSED + "@" + domain);
        assertEquals(0, abuse.exit, abuse.output);
        assertTrue(abuse.output.contains("LONGLINE 552 552 5.3.4"), "a 200 KB line: the message refused at its end: " + abuse.output);
        assertTrue(abuse.output.contains("MANYLINES 552 552 5.3.4"), "headers over max.header.size: " + abuse.output);
        assertTrue(abuse.output.contains("TENTHOUSAND 552"), "10,000 header lines, over the message size: " + abuse.output);
        assertEquals(2, abuse.output.split("NOOP 250", -1).length - 1, "the session answers after each: " + abuse.output);
        assertTrue(abuse.output.contains("QUIT 221"), abuse.output);
        assertEquals(0, box.logCount("OutOfMemoryError"), "no memory trouble");
    }

    @Test
    @Order(33)
    void twoThousandRecipientsAreBoundedAtTheConfiguredMaximumWith452() {
        String subject = SUBJECT + "-rcpt";
        Run many = python("""
                s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=60)
                s.ehlo('client.test')
                s.mail('prof@example.org')
                codes, first452, text = {}, None, ''
                t = time.time()
                for i in range(2000):
                    code, message = s.rcpt(sys.argv[2])
                    codes[code] = codes.get(code, 0) + 1
                    if code == 452 and first452 is None:
                        first452, text = i, message.decode()
                print('CODES', sorted(codes.items()), 'FIRST452', first452, 'TEXT', text, 'SECONDS', round(time.time() - t, 1))
                print('DATA', s.data(('Subject: ' + sys.argv[3] + '\\r\\n\\r\\nCent destinataires au plus\\r\\n').encode())[0])
                s.quit()
                """, Integer.toString(smtpPort), ABUSED + "@" + domain, subject);
        assertEquals(0, many.exit, many.output);
        assertTrue(many.output.contains("CODES [(250, 100), (452, 1900)] FIRST452 100 TEXT 4.5.3 Trop de destinataires"),
                "max.recipients = 100 by default: " + many.output);
        double seconds = Double.parseDouble(many.output.replaceAll("(?s).*SECONDS ([0-9.]+).*", "$1"));
        assertTrue(seconds < 60, "no per-recipient stall: " + many.output);
        assertTrue(many.output.contains("DATA 250"), many.output);
        Run read = imap(ABUSED, Box.DEMO_PASSWORD);
        assertEquals(1, read.output.split(subject, -1).length - 1, "one copy for one mailbox: " + read.output);
    }

    @Test
    @Order(34)
    void pipeliningAbuseGetsAnswersOrAClosedConnectionAndOtherSessionsGoOn() {
        String subject = SUBJECT + "-pipelining";
        Run abuse = python("""
                port, rcpt = sys.argv[1], sys.argv[2].encode()
                other = smtplib.SMTP('127.0.0.1', int(port), timeout=60)
                other.ehlo('other.test')
                other.mail('prof@example.org')
                other.rcpt(sys.argv[2])
                # commands before the greeting
                s = socket.create_connection(('127.0.0.1', int(port)), timeout=30)
                s.sendall(b'EHLO early.test\\r\\nMAIL FROM:<prof@example.org>\\r\\nQUIT\\r\\n')
                data, state = drain(s, 5)
                print('EARLY', state, [l[:3].decode('latin-1') for l in data.split(b'\\r\\n') if l[3:4] == b' '])
                s.close()
                # 10,000 RCPT in one write
                s, f = conn(port)
                reply(f)
                cmd(s, f, b'EHLO client.test\\r\\n')
                cmd(s, f, b'MAIL FROM:<prof@example.org>\\r\\n')
                t = time.time()
                threading.Thread(target=lambda: s.sendall(b''.join(b'RCPT TO:<' + rcpt + b'>\\r\\n' for i in range(10000)))).start()
                codes = {}
                for i in range(10000):
                    code = reply(f)[0]
                    codes[code] = codes.get(code, 0) + 1
                print('PIPELINED', sorted(codes.items(), key=str), 'SECONDS', round(time.time() - t, 1))
                print('RSET', cmd(s, f, b'RSET\\r\\n')[0])
                # DATA out of order
                print('DATA-WITHOUT-MAIL', cmd(s, f, b'DATA\\r\\n')[0])
                cmd(s, f, b'MAIL FROM:<prof@example.org>\\r\\n')
                print('DATA-WITHOUT-RCPT', cmd(s, f, b'DATA\\r\\n')[0])
                s.close()
                # binary garbage
                s, f = conn(port)
                reply(f)
                s.sendall(os.urandom(200000))
                data, state = drain(s, 5)
                print('GARBAGE', state, len(data))
                s.close()
                print('OTHER', other.data(('Subject: ' + sys.argv[3] + '\\r\\n\\r\\nPendant les abus\\r\\n').encode())[0])
                other.quit()
                """, Integer.toString(smtpPort), ABUSED + "@" + domain, subject);
        assertEquals(0, abuse.exit, abuse.output);
        assertTrue(abuse.output.matches("(?s).*EARLY (open|closed) \\['220'[^\\n]*'221'\\].*"),
                "early commands: the greeting, then answers in order: " + abuse.output);
        assertTrue(abuse.output.contains("PIPELINED [(250, 100), (452, 9900)]"), abuse.output);
        double seconds = Double.parseDouble(abuse.output.replaceAll("(?s).*PIPELINED.*SECONDS ([0-9.]+).*", "$1"));
        assertTrue(seconds < 60, "10,000 answers in bounded time: " + abuse.output);
        assertTrue(abuse.output.contains("RSET 250"), abuse.output);
        assertTrue(abuse.output.contains("DATA-WITHOUT-MAIL 503") && abuse.output.contains("DATA-WITHOUT-RCPT 503"), abuse.output);
        assertTrue(abuse.output.contains("GARBAGE "), abuse.output);
        assertTrue(abuse.output.contains("OTHER 250"), "the other session delivered meanwhile: " + abuse.output);
        assertTrue(imap(ABUSED, Box.DEMO_PASSWORD).output.contains(subject));
    }

    @Test
    @Order(35)
    void imapLiteralBombsAreRefusedBeforeTheirBytesAreRead() {
        Run bombs = python("""
                port, login, password = sys.argv[1], sys.argv[2], sys.argv[3]
                def session(authenticated):
                    s, f = conn(port)
                    f.readline()
                    if authenticated:
                        s.sendall(b'L LOGIN ' + login.encode() + b' "' + password.encode() + b'"\\r\\nS SELECT INBOX\\r\\n')
                        while not f.readline().startswith(b'S '):
                            pass
                    return s, f
                def first(s, f, tag, line):
                    t = time.time()
                    s.sendall(line)
                    while True:
                        l = f.readline()
                        if not l or l.startswith(b'+') or l.startswith(tag + b' '):
                            return '%s (%.1f s)' % (l.decode('latin-1').strip() or 'closed', time.time() - t)
                def after(s, f):
                    try:
                        s.sendall(b'Z NOOP\\r\\n')
                        while True:
                            l = f.readline()
                            if not l:
                                return 'closed'
                            if l.startswith(b'Z '):
                                return l.decode('latin-1').strip()
                    except OSError:
                        return 'closed'
                s, f = session(False)
                s.sendall(b'C CAPABILITY\\r\\n')
                print('CAPABILITY', f.readline().decode('latin-1').strip(), f.readline().decode('latin-1').strip())
                print('LOGIN-BOMB', first(s, f, b'A0', b'A0 LOGIN {2000000000}\\r\\n'), '/', after(s, f))
                s, f = session(True)
                print('APPEND-BOMB', first(s, f, b'A1', b'A1 APPEND INBOX {2000000000}\\r\\n'), '/', after(s, f))
                s, f = session(True)
                print('APPEND-OVER-SIZE', first(s, f, b'A2', b'A2 APPEND INBOX {60000}\\r\\n'), '/', after(s, f))
                s, f = session(True)
                print('APPEND-OVERFLOW', first(s, f, b'A3', b'A3 APPEND INBOX {99999999999999999999}\\r\\n'), '/', after(s, f))
                s, f = session(True)
                many = b'A4 SEARCH' + b''.join(b' TEXT {1+}\\r\\nx' for i in range(2000)) + b'\\r\\n'
                print('MANY-LITERALS', first(s, f, b'A4', many), '/', after(s, f))
                s, f = session(True)
                literal = b'Subject: petit\\r\\n\\r\\nCorps ok\\r\\n'
                print('APPEND-OK', first(s, f, b'A5', b'A5 APPEND INBOX {%d}\\r\\n' % len(literal)), end=' ')
                print(first(s, f, b'A5', literal + b'\\r\\n'))
                """, Integer.toString(imapPort), ABUSED, Box.DEMO_PASSWORD);
        assertEquals(0, bombs.exit, bombs.output);
        for (String bomb : List.of("LOGIN-BOMB A0 ", "APPEND-BOMB A1 ", "APPEND-OVER-SIZE A2 ", "APPEND-OVERFLOW A3 ")) {
            assertTrue(bombs.output.contains(bomb + "NO [TOOBIG] Message trop gros : 50000 octets au plus"),
                    bomb + "refused at once, no '+' to send it: " + bombs.output);
        }
        assertTrue(bombs.output.matches("(?s).*MANY-LITERALS A4 (OK|NO|BAD) .*"), "2,000 literals in one command: an answer: " + bombs.output);
        assertTrue(bombs.output.matches("(?s).*APPEND-OK \\+.* A5 OK .*"), "an ordinary APPEND still works: " + bombs.output);
        assertEquals(0, box.logCount("OutOfMemoryError"), "no memory trouble");
    }

    /** Whether the referent's console shows this account locked. */
    static boolean locked(String login) {
        Client.Response state = referent.get("/api/v1/admin/accounts/" + login);
        assertEquals(200, state.status(), state.toString());
        return !state.json().path("lockedUntil").isNull() && !state.json().path("lockedUntil").isMissingNode();
    }

    /** One sign-in over SMTP submission (AUTH PLAIN) or IMAP LOGIN: "OK", or "REFUSED" and the server's answer. */
    static String mailLogin(String protocol, String login, String password) {
        Run r = python("""
                kind, port, login, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
                try:
                    if kind == 'smtp':
                        s = smtplib.SMTP('127.0.0.1', port, timeout=60)
                        s.ehlo('client.test')
                        s.login(login, password)
                        s.quit()
                    else:
                        m = imaplib.IMAP4('127.0.0.1', port)
                        m.login(login, password)
                        m.logout()
                    print('OK')
                except (smtplib.SMTPException, imaplib.IMAP4.error) as e:
                    print('REFUSED', e)
                """, protocol, Integer.toString("smtp".equals(protocol) ? submissionPort : imapPort), login, password);
        assertEquals(0, r.exit, r.output);
        return r.output.strip();
    }

    @Test
    @Order(36)
    void mailPasswordGuessesLockTheAccountLikeTheWebLoginUntilTheReferentUnlocksIt() {
        assertEquals("OK", mailLogin("smtp", BRUTE_FORCED, Box.DEMO_PASSWORD));
        assertEquals("OK", mailLogin("imap", BRUTE_FORCED, Box.DEMO_PASSWORD));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int attempt = 0;
        // the web login's counters: a growing delay after each failure (1, 2, 4, 8 s), locked after the fifth
        while (!locked(BRUTE_FORCED)) {
            assertTrue(System.nanoTime() < deadline, "not locked after " + attempt + " wrong passwords");
            String answer = mailLogin(attempt % 2 == 0 ? "smtp" : "imap", BRUTE_FORCED, "mauvais-" + attempt);
            assertTrue(answer.startsWith("REFUSED"), answer);
            attempt++;
            Box.sleep(1_000);
        }
        String smtp = mailLogin("smtp", BRUTE_FORCED, Box.DEMO_PASSWORD);
        assertTrue(smtp.startsWith("REFUSED") && smtp.contains("535"), "locked: the right password refused too: " + smtp);
        assertTrue(mailLogin("imap", BRUTE_FORCED, Box.DEMO_PASSWORD).startsWith("REFUSED"), "over IMAP too");
        Client.Response web = box.client().login(BRUTE_FORCED, Box.DEMO_PASSWORD);
        assertEquals(429, web.status(), "and on the web: " + web);

        Client.Response journal = referent.get("/api/v1/admin/audit?action=auth.&success=false&limit=100");
        assertEquals(200, journal.status(), journal.toString());
        assertTrue(journal.body().contains(BRUTE_FORCED) && journal.body().contains("\"address\":\"127.0.0.1\"")
                && !journal.body().contains("imap/"), "SMTP and IMAP failures audited like the web's, with the client's "
                + "address (the same per-address counter): " + journal.body());
        assertTrue(referent.get("/api/v1/admin/audit?action=auth.lockout").body().contains("\"success\":true"), "the lockout audited");
        assertTrue(!journal.body().contains("mauvais-") && !box.log().contains("mauvais-"), "never the password");

        Client.Response unlock = referent.post("/api/v1/admin/accounts/" + BRUTE_FORCED + "/unlock", null);
        assertEquals(204, unlock.status(), unlock.toString());
        assertEquals("OK", mailLogin("smtp", BRUTE_FORCED, Box.DEMO_PASSWORD));
        assertEquals("OK", mailLogin("imap", BRUTE_FORCED, Box.DEMO_PASSWORD));
    }

    @Test
    @Order(59)
    void afterTheAbuseAnOrdinaryDeliveryStillWorks() {
        String subject = SUBJECT + "-after-abuse";
        Run sent = swaks("--to", PUPIL + "@" + domain, "--header", "Subject: " + subject, "--body", "Tout va bien");
        assertEquals(0, sent.exit, sent.output);
        Run read = imap(PUPIL, Box.DEMO_PASSWORD);
        assertEquals(0, read.exit, read.output);
        assertTrue(read.output.contains(subject), read.output);
    }

    record Run(int exit, String output) {
    }

    static Run swaks(String... args) {
        List<String> command = new ArrayList<>(List.of("swaks", "--server", "127.0.0.1", "--port", Integer.toString(smtpPort),
                "--from", "prof@example.org", "--helo", "client.test", "--timeout", "60"));
        command.addAll(List.of(args));
        return run(command);
    }

    /** Python's imaplib: LOGIN, SELECT INBOX, the subjects of every message (exit 1 when the login is refused). */
    static Run imap(String login, String password) {
        String script = String.join("\n",
                "import imaplib, sys",
                "m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))",
                "try:",
                "    m.login(sys.argv[2], sys.argv[3])",
                "except imaplib.IMAP4.error as e:",
                "    print('LOGIN-REFUSED', e); sys.exit(1)",
                "typ, data = m.select('INBOX')",
                "print('SELECT', typ, data)",
                "typ, data = m.fetch('1:*', '(BODY.PEEK[HEADER.FIELDS (SUBJECT)])')",
                "for part in data:",
                "    if isinstance(part, tuple):",
                "        print(part[1].decode('utf-8', 'replace').strip())",
                "m.logout()");
        return run(List.of("python3", "-c", script, Integer.toString(imapPort), login, password));
    }

    static Run run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void awaitPort(int port, boolean open, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (isOpen(port) == open) {
                return;
            }
            Box.sleep(250);
        }
        throw new AssertionError("port " + port + " not " + (open ? "open" : "closed") + " within " + timeout + "\n" + box.diagnostics());
    }

    static boolean isOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

}
