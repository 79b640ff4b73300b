package fr.preau.mail.internal;

import static fr.preau.mail.internal.MailFixtures.as;
import static fr.preau.mail.internal.MailFixtures.mail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.ws.rs.core.Response;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.preau.access.AccessService;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.auth.Authenticator;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.directory.School;

/**
 * The webmail's REST logic in-process, on a real James store (embedded Derby in a temporary directory) and a real
 * mail server, with the annuaire mocked: a teacher, two pupils of different classes.
 */
class WebmailTest {

    private static final Uai UAI = new Uai("0999999Z");
    private static final String DOMAIN = "0999999z.preau.invalid";
    private static final Person JULIEN = new Person(new PersonId("p-julien"), "julien.dumas", "Julien Dumas", UAI, Set.of(Profile.ENSEIGNANT));
    private static final Person LEO = new Person(new PersonId("p-leo"), "leo.marchand", "Léo Marchand", UAI, Set.of(Profile.ELEVE));
    private static final Person LUCIE = new Person(new PersonId("p-lucie"), "lucie.marchand", "Lucie Marchand", UAI, Set.of(Profile.ELEVE));
    private static final Division C5A = new Division("0999999Z:CLASSE:5A", UAI, Division.Kind.CLASSE, "5A", "5A");
    private static final Division C3B = new Division("0999999Z:CLASSE:3B", UAI, Division.Kind.CLASSE, "3B", "3B");

    @TempDir
    Path dir;
    private MailServer server;
    private MailResource resource;
    private DirectoryService directory;

    @BeforeEach
    void setUp() throws Exception {
        directory = MailFixtures.annuaire(new School(UAI, "Collège", true), DOMAIN, List.of(JULIEN, LEO, LUCIE));
        when(directory.divisions(UAI)).thenReturn(List.of(C5A, C3B));
        when(directory.divisionsOf(JULIEN.id())).thenReturn(List.of(C5A));
        when(directory.divisionsOf(LEO.id())).thenReturn(List.of(C5A));
        when(directory.divisionsOf(LUCIE.id())).thenReturn(List.of(C3B));
        when(directory.teachersOf(C5A.id())).thenReturn(List.of(JULIEN));
        when(directory.pupilsOf(C5A.id())).thenReturn(List.of(LEO));
        when(directory.classesOf(any())).thenReturn(List.of("5A"));
        MailServer.Config config = MailFixtures.config(0);
        when(config.quota_eleve_mb()).thenReturn(1L);
        System.setProperty("karaf.data", dir.toString());
        EmbeddedDataSource db = new EmbeddedDataSource();
        db.setDatabaseName(dir.resolve("db").toString());
        db.setCreateDatabase("create");
        server = new MailServer(db, directory, mock(Authenticator.class), fr.preau.access.testing.SmallSchool.rules(directory), config);
        AccessService access = mock(AccessService.class);
        when(access.decide(any(), anyString(), any())).thenReturn(fr.preau.access.Decision.deny("not a moderator here"));
        resource = new MailResource(server, directory, access, new Webmail(server.mailboxes().manager),
            new Uploads(dir.resolve("uploads"), server.maxMessageSize()), mock(fr.preau.audit.AuditLog.class));
    }

    @AfterEach
    void tearDown() {
        server.stop();
    }

    @Test
    void aTeacherWritesToAPupilWhoReadsItAndTheSenderKeepsACopy() throws Exception {
        Response sent = resource.send(as(JULIEN), mail("Léo <leo.marchand@" + DOMAIN + ">", "Devoir de jeudi", "Bonjour Léo,\nà jeudi."));
        assertEquals(201, sent.getStatus());
        MailResource.FolderList folders = resource.folders(as(LEO));
        assertEquals(1, folders.unread());
        assertEquals(List.of("INBOX", "Drafts", "Sent", "Trash"), folders.items().stream().map(Webmail.Folder::id).toList());
        assertEquals("Boîte de réception", folders.items().get(0).label());
        Webmail.Page inbox = resource.messages(as(LEO), "INBOX", null, null, null);
        assertEquals(1, inbox.total());
        Webmail.Summary summary = inbox.items().get(0);
        assertEquals("Devoir de jeudi", summary.subject());
        assertEquals("Julien Dumas", summary.from().name());
        assertFalse(summary.seen());
        Webmail.Read read = resource.message(as(LEO), "INBOX", Long.toString(summary.uid()), null);
        assertTrue(read.text().contains("à jeudi."), read.text());
        assertEquals(0, resource.folders(as(LEO)).unread(), "reading marks it seen");
        assertEquals(1, resource.messages(as(JULIEN), "Sent", null, null, null).total(), "a copy in « Envoyés »");
        // nobody reads another's mailbox: Lucie's inbox is her own, empty
        assertEquals(0, resource.messages(as(LUCIE), "INBOX", null, null, null).total());
        ProblemException missing = assertThrows(ProblemException.class,
            () -> resource.message(as(LUCIE), "INBOX", Long.toString(summary.uid()), null));
        assertEquals("unknown-message", missing.code());
    }

    @Test
    void aFullMailboxRefusesTheWebmailsMessagesWithStableCodesAndNothingIsHalfDone() throws Exception {
        Quotas.Usage empty = resource.quota(as(LEO));
        assertEquals(Quotas.MO, empty.limit());
        assertNull(resource.quota(as(JULIEN)).limit(), "teachers: the mock's 0 Mo, no limit");
        server.mailboxes().deliver(LEO.login(), new ByteArrayInputStream(
            MailServerTest.messageOfSize("Remplissage", (int) (Quotas.MO - empty.used())).getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Quotas.MO, resource.quota(as(LEO)).used());
        long julienBefore = resource.quota(as(JULIEN)).used();

        ProblemException full = assertThrows(ProblemException.class,
            () -> resource.send(as(JULIEN), mail("leo.marchand@" + DOMAIN, "Devoir", "Bonjour")));
        assertEquals(409, full.status());
        assertEquals("recipient-mailbox-full", full.code());
        assertTrue(full.title().contains("leo.marchand@" + DOMAIN), full.title());
        assertEquals(julienBefore, resource.quota(as(JULIEN)).used(), "no copy in « Envoyés » for a refused message");

        ProblemException own = assertThrows(ProblemException.class,
            () -> resource.send(as(LEO), mail("julien.dumas@" + DOMAIN, "Question", "Bonjour")));
        assertEquals(409, own.status());
        assertEquals("over-quota", own.code());
        assertEquals("Votre boîte aux lettres est pleine : supprimez des messages ou videz la corbeille.", own.title());
        assertEquals(julienBefore, resource.quota(as(JULIEN)).used(), "not delivered either");
    }

    @Test
    void aPupilCannotWriteToAPupilOfAnotherClassButToTheirTeacher() throws Exception {
        ProblemException refused = assertThrows(ProblemException.class,
            () -> resource.send(as(LEO), mail("lucie.marchand@" + DOMAIN, "Salut", "Coucou")));
        assertEquals("recipient-forbidden", refused.code());
        assertEquals(403, refused.status());
        assertTrue(refused.title().contains("lucie.marchand@" + DOMAIN), refused.title());
        assertEquals(0, resource.messages(as(LUCIE), "INBOX", null, null, null).total(), "nothing delivered");
        assertEquals(201, resource.send(as(LEO), mail("julien.dumas@" + DOMAIN, "Question", "Bonjour")).getStatus());
        List<String> book = resource.contacts(as(LEO), null).items().stream().map(MailResource.ContactView::address).toList();
        MailResource.AddressBook lists = resource.contacts(as(JULIEN), "5a");
        assertEquals(List.of("Élèves de 5A"), lists.lists().stream().map(MailResource.ListView::name).toList(),
            "5A's teachers are only himself, left out; no responsables in this annuaire: both lists are empty, hence not offered");
        assertEquals(List.of("leo.marchand@" + DOMAIN), lists.lists().get(0).members().stream().map(MailResource.Member::address).toList());
        assertTrue(book.contains("julien.dumas@" + DOMAIN), book.toString());
        assertFalse(book.contains("lucie.marchand@" + DOMAIN), book.toString());
        ProblemException unknown = assertThrows(ProblemException.class,
            () -> resource.send(as(JULIEN), mail("personne@" + DOMAIN, "?", "?")));
        assertEquals("unknown-recipient", unknown.code());
    }

    @Test
    void aClassListIsAnAddressOpenAsTheAddressBookIs() throws Exception {
        assertEquals(201, resource.send(as(JULIEN), mail("Élèves de 5A <eleves-5a@" + DOMAIN + ">", "Sortie", "Départ à 8 h"))
            .getStatus());
        assertEquals(1, resource.messages(as(LEO), "INBOX", null, null, null).total(), "the pupils of 5A receive it");
        assertEquals(0, resource.messages(as(LUCIE), "INBOX", null, null, null).total(), "3B's pupil does not");

        ProblemException forbidden = assertThrows(ProblemException.class,
            () -> resource.send(as(LUCIE), mail("eleves-5a@" + DOMAIN, "Salut", "Coucou")));
        assertEquals("recipient-forbidden", forbidden.code(), "a pupil of 3B may not write to 5A's pupils");
        ProblemException unknown = assertThrows(ProblemException.class,
            () -> resource.send(as(JULIEN), mail("eleves-9z@" + DOMAIN, "?", "?")));
        assertEquals("unknown-recipient", unknown.code());
        assertFalse(server.check("eleves-5a@" + DOMAIN, null, false).accepted(), "never from outside the box");
        assertTrue(server.check("eleves-5a@" + DOMAIN, null, false).text().contains("reservee"));
        assertTrue(server.check("eleves-5a@" + DOMAIN, JULIEN, true).accepted());
        assertEquals(List.of("leo.marchand"), server.localLogins("ELEVES-5A@" + DOMAIN, JULIEN));
        assertEquals("6e-latin-gr-2", MailLists.slug("6e Latin (gr. 2)"));
        assertEquals("cm1-cm2", MailLists.slug("CM1/CM2"));
    }

    @Test
    void unreadMessagesAreTheHomePagesNewsUntilRead() throws Exception {
        MailNotifications news = new MailNotifications(new Webmail(server.mailboxes().manager), directory, null, null);
        assertEquals(List.of(), news.notificationsFor(LEO, 10), "nothing yet");
        resource.send(as(JULIEN), mail("leo.marchand@" + DOMAIN, "Sortie", "Départ à 8 h"));
        resource.send(as(JULIEN), mail("leo.marchand@" + DOMAIN, "Rappel", "N'oubliez pas"));
        List<fr.preau.api.spi.Notification> items = news.notificationsFor(LEO, 10);
        assertEquals(List.of("Message de Julien Dumas : « Rappel »", "Message de Julien Dumas : « Sortie »"),
            items.stream().map(fr.preau.api.spi.Notification::title).toList(), "newest first");
        assertEquals("mail", items.get(0).module());
        long uid = resource.messages(as(LEO), "INBOX", null, null, null).items().get(0).uid();
        assertEquals("/#/module/mail/INBOX/" + uid, items.get(0).url());
        assertEquals(1, news.notificationsFor(LEO, 1).size(), "bounded by the limit");
        resource.message(as(LEO), "INBOX", Long.toString(uid), null);
        assertEquals(List.of("Message de Julien Dumas : « Sortie »"),
            news.notificationsFor(LEO, 10).stream().map(fr.preau.api.spi.Notification::title).toList(), "read: gone");
        assertEquals(List.of(), news.notificationsFor(LUCIE, 10), "another person's mail is not hers");
    }

    @Test
    void aMessageIsFoundBySearchAndMovedToAnotherFolder() throws Exception {
        resource.send(as(JULIEN), mail("leo.marchand@" + DOMAIN, "Sortie au musée", "Rendez-vous à 8 h devant la grille."));
        resource.send(as(JULIEN), mail("leo.marchand@" + DOMAIN, "Devoir", "Exercice 3 page 12."));
        assertEquals(List.of("Sortie au musée"), resource.messages(as(LEO), "INBOX", null, null, "musée").items().stream()
            .map(Webmail.Summary::subject).toList(), "by subject");
        assertEquals(List.of("Devoir"), resource.messages(as(LEO), "INBOX", null, null, "Exercice").items().stream()
            .map(Webmail.Summary::subject).toList(), "by text");
        assertEquals(2, resource.messages(as(LEO), "INBOX", null, null, "julien.dumas").total(), "by correspondent");
        assertEquals(0, resource.messages(as(LEO), "INBOX", null, null, "piscine").total());
        assertEquals("invalid-query", assertThrows(ProblemException.class,
            () -> resource.messages(as(LEO), "INBOX", null, null, " ")).code());

        long uid = resource.messages(as(LEO), "INBOX", null, null, "musée").items().get(0).uid();
        assertEquals(204, resource.move(as(LEO), "INBOX", Long.toString(uid), new MailResource.Move("Trash")).getStatus());
        assertEquals(List.of("Devoir"), resource.messages(as(LEO), "INBOX", null, null, null).items().stream()
            .map(Webmail.Summary::subject).toList());
        assertEquals(1, resource.messages(as(LEO), "Trash", null, null, null).total());
        long inTrash = resource.messages(as(LEO), "Trash", null, null, null).items().get(0).uid();
        assertEquals(204, resource.move(as(LEO), "Trash", Long.toString(inTrash), new MailResource.Move("INBOX")).getStatus());
        assertEquals(2, resource.messages(as(LEO), "INBOX", null, null, null).total(), "back from the trash");
        long back = resource.messages(as(LEO), "INBOX", null, null, "musée").items().get(0).uid();
        assertEquals("unknown-folder", assertThrows(ProblemException.class,
            () -> resource.move(as(LEO), "INBOX", Long.toString(back), new MailResource.Move("Nulle part"))).code());
        assertEquals("same-folder", assertThrows(ProblemException.class,
            () -> resource.move(as(LEO), "INBOX", Long.toString(back), new MailResource.Move("INBOX"))).code());
        assertEquals("unknown-message", assertThrows(ProblemException.class,
            () -> resource.move(as(LUCIE), "INBOX", Long.toString(back), new MailResource.Move("Trash"))).code(),
            "nobody moves another's mail");
    }

    @Test
    void listsArePagedNewestFirst() throws Exception {
        for (int i = 1; i <= 30; i++) {
            resource.send(as(JULIEN), mail("leo.marchand@" + DOMAIN, "Message " + i, "n° " + i));
        }
        Webmail.Page first = resource.messages(as(LEO), "INBOX", "0", "25", null);
        assertEquals(30, first.total());
        assertEquals(25, first.items().size());
        assertEquals("Message 30", first.items().get(0).subject());
        assertEquals("Message 6", first.items().get(24).subject());
        Webmail.Page second = resource.messages(as(LEO), "INBOX", "25", "25", null);
        assertEquals(List.of("Message 5", "Message 4", "Message 3", "Message 2", "Message 1"),
            second.items().stream().map(Webmail.Summary::subject).toList());
        assertEquals("invalid-page", assertThrows(ProblemException.class,
            () -> resource.messages(as(LEO), "INBOX", "0", "500", null)).code());
        assertEquals("unknown-folder", assertThrows(ProblemException.class,
            () -> resource.messages(as(LEO), "Secret", null, null, null)).code());
    }

    @Test
    void htmlIsSanitisedAndAttachmentsComeBackBoundedAndDownloadable() throws Exception {
        String raw = "From: Quelqu'un <x@example.org>\r\nTo: leo.marchand@" + DOMAIN + "\r\nSubject: Piege\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n"
            + "--B\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n"
            + "<p onclick=\"steal()\">Bonjour <b>Léo</b><script>alert(1)</script><img src=\"https://tracker.example/p.gif\">"
            + "<a href=\"javascript:alert(2)\">x</a><a href=\"https://ent.example/\">lien</a></p>\r\n"
            + "--B\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"fiche.pdf\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--B--\r\n";
        server.mailboxes().deliver("leo.marchand", new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        Webmail.Summary summary = resource.messages(as(LEO), "INBOX", null, null, null).items().get(0);
        assertTrue(summary.attachments());
        Webmail.Read read = resource.message(as(LEO), "INBOX", Long.toString(summary.uid()), null);
        assertFalse(read.html().contains("script"), read.html());
        assertFalse(read.html().contains("onclick"), read.html());
        assertFalse(read.html().contains("img"), read.html());
        assertEquals(1, read.remoteImages(), "one remote image, left out");
        assertNull(read.images());
        assertFalse(read.html().contains("javascript"), read.html());
        Webmail.Read shown = resource.message(as(LEO), "INBOX", Long.toString(summary.uid()), "remote");
        assertTrue(shown.html().contains("\u27E6image:0\u27E7"), shown.html());
        assertFalse(shown.html().contains("<img"), shown.html());
        assertFalse(shown.html().contains("script"), shown.html());
        assertEquals(List.of(new Webmail.ImageView(0, "")), shown.images());
        assertEquals("unknown-image", assertThrows(ProblemException.class,
            () -> resource.remoteImage(as(LEO), "INBOX", Long.toString(summary.uid()), "1")).code());
        assertEquals("unknown-message", assertThrows(ProblemException.class,
            () -> resource.remoteImage(as(LUCIE), "INBOX", Long.toString(summary.uid()), "0")).code(), "only one's own mail");
        assertTrue(read.html().contains("<b>Léo</b>"), read.html());
        assertTrue(read.html().contains("https://ent.example/"), read.html());
        assertEquals(1, read.attachments().size());
        assertEquals("fiche.pdf", read.attachments().get(0).name());
        Response file = resource.attachment(as(LEO), "INBOX", Long.toString(summary.uid()), "0");
        assertEquals("application/pdf", file.getMediaType().toString());
        assertTrue(file.getHeaderString("Content-Disposition").startsWith("attachment; filename=\"fiche.pdf\""));
        assertEquals("%PDF-1.4\n", new String((byte[]) file.getEntity(), StandardCharsets.US_ASCII));

        // an upload beyond the limit is refused while it is read, one within it goes with a reply
        Uploads uploads = new Uploads(dir.resolve("uploads"), server.maxMessageSize());
        ProblemException big = assertThrows(ProblemException.class, () -> uploads.save(LEO.id(), "gros.bin", "application/octet-stream",
            new ByteArrayInputStream(new byte[(int) uploads.maxBytes() + 1])));
        assertEquals("attachment-too-large", big.code());
        assertEquals(413, big.status());
        Response stored = resource.upload(as(LEO), "réponse.txt", "text/plain", null,
            new ByteArrayInputStream("ma réponse".getBytes(StandardCharsets.UTF_8)));
        String id = ((Uploads.Stored) stored.getEntity()).id();
        assertThrows(ProblemException.class, () -> new Uploads(dir.resolve("uploads"), 1000).read(LUCIE.id(), id),
            "another person cannot use it");
        Compose.Draft draft = resource.reply(as(LEO), "INBOX", Long.toString(summary.uid()), "false");
        assertEquals("Re: Piege", draft.subject());
        assertTrue(draft.text().contains("> Bonjour Léo"), draft.text());
        resource.send(as(LEO), new MailResource.SendInput(List.of("julien.dumas@" + DOMAIN), List.of(), draft.subject(), draft.text(),
            null, List.of(id), new MailResource.Ref("INBOX", summary.uid()), null, null, null));
        Webmail.Summary got = resource.messages(as(JULIEN), "INBOX", null, null, null).items().get(0);
        assertTrue(got.attachments());
        Webmail.Read reply = resource.message(as(JULIEN), "INBOX", Long.toString(got.uid()), null);
        assertEquals("réponse.txt", reply.attachments().get(0).name());
        assertEquals("unknown-upload", assertThrows(ProblemException.class, () -> uploads.read(LEO.id(), id)).code(),
            "an upload is gone once sent");
    }

    private boolean draftFlag(Person who, long uid) throws Exception {
        org.apache.james.mailbox.MailboxManager manager = server.mailboxes().manager;
        org.apache.james.mailbox.MailboxSession session = manager.createSystemSession(org.apache.james.core.Username.of(who.login()));
        org.apache.james.mailbox.model.MessageResultIterator it = manager.getMailbox(org.apache.james.mailbox.model.MailboxPath.forUser(
                org.apache.james.core.Username.of(who.login()), Webmail.DRAFTS), session)
            .getMessages(org.apache.james.mailbox.model.MessageRange.one(org.apache.james.mailbox.MessageUid.of(uid)),
                org.apache.james.mailbox.model.FetchGroup.MINIMAL, session);
        return it.hasNext() && it.next().getFlags().contains(javax.mail.Flags.Flag.DRAFT);
    }

    @Test
    void aDraftIsKeptReopenedReplacedThenSentAndGone() throws Exception {
        Response stored = resource.upload(as(LEO), "plan.txt", "text/plain", null,
            new ByteArrayInputStream("le plan".getBytes(StandardCharsets.UTF_8)));
        String id = ((Uploads.Stored) stored.getEntity()).id();
        // no recipient yet, no subject: a draft all the same
        Response saved = resource.saveDraft(as(LEO), new MailResource.SendInput(List.of(), List.of(), "", "Début du message", null,
            List.of(id), null, null, null, null));
        assertEquals(201, saved.getStatus());
        MailResource.SavedDraft first = (MailResource.SavedDraft) saved.getEntity();
        assertEquals("Drafts", first.folder());
        assertEquals(List.of("plan.txt"), first.attachments().stream().map(MimeMessages.Part::name).toList());
        assertTrue(draftFlag(LEO, first.uid()), "flagged \\Draft, as IMAP clients keep theirs");
        assertEquals("Brouillons", resource.folders(as(LEO)).items().get(1).label());
        assertEquals(0, resource.folders(as(LEO)).unread(), "a draft is not unread mail");
        assertEquals("unknown-upload", assertThrows(ProblemException.class,
            () -> new Uploads(dir.resolve("uploads"), server.maxMessageSize()).read(LEO.id(), id)).code(), "the upload is in the draft now");

        // reopened, completed, kept again: one draft, the new version, its attachment kept
        MailResource.DraftView open = resource.draft(as(LEO), Long.toString(first.uid()));
        assertTrue(open.text().contains("Début du message"), open.text());
        assertEquals(List.of(), open.to());
        MailResource.SavedDraft second = (MailResource.SavedDraft) resource.saveDraft(as(LEO), new MailResource.SendInput(
            List.of("Julien Dumas <julien.dumas@" + DOMAIN + ">"), List.of(), "Question", "Début du message, et la suite", null,
            List.of(), null, null, first.uid(), List.of(0))).getEntity();
        Webmail.Page drafts = resource.messages(as(LEO), "Drafts", null, null, null);
        assertEquals(1, drafts.total(), "replaced, not added");
        assertEquals(second.uid(), drafts.items().get(0).uid());
        assertEquals("Question", drafts.items().get(0).subject());
        assertEquals(List.of("plan.txt"), second.attachments().stream().map(MimeMessages.Part::name).toList());
        assertEquals("unknown-message", assertThrows(ProblemException.class, () -> resource.draft(as(LEO), Long.toString(first.uid()))).code());
        assertEquals(List.of("Julien Dumas <julien.dumas@" + DOMAIN + ">"), resource.draft(as(LEO), Long.toString(second.uid())).to());
        // a recipient the rules forbid is kept in a draft, refused at sending, and the draft stays
        MailResource.SendInput toLucie = new MailResource.SendInput(List.of("lucie.marchand@" + DOMAIN), List.of(), "Question",
            "…", null, List.of(), null, null, second.uid(), List.of());
        assertEquals("recipient-forbidden", assertThrows(ProblemException.class, () -> resource.send(as(LEO), toLucie)).code());
        assertEquals(1, resource.messages(as(LEO), "Drafts", null, null, null).total());
        assertEquals("invalid-recipient", assertThrows(ProblemException.class, () -> resource.saveDraft(as(LEO),
            new MailResource.SendInput(List.of("pas une adresse"), List.of(), "", "", null, List.of(), null, null, null, null))).code());

        // sent: the teacher gets it with the draft's attachment, the draft is gone, a copy in « Envoyés »
        assertEquals(201, resource.send(as(LEO), new MailResource.SendInput(List.of("julien.dumas@" + DOMAIN), List.of(), "Question",
            "Début du message, et la suite", null, List.of(), null, null, second.uid(), null)).getStatus());
        assertEquals(0, resource.messages(as(LEO), "Drafts", null, null, null).total());
        Webmail.Summary got = resource.messages(as(JULIEN), "INBOX", null, null, null).items().get(0);
        assertEquals("Question", got.subject());
        assertEquals("plan.txt", resource.message(as(JULIEN), "INBOX", Long.toString(got.uid()), null).attachments().get(0).name());
        assertEquals(1, resource.messages(as(LEO), "Sent", null, null, null).total());

        // a draft deleted goes to the trash, like any message
        long third = ((MailResource.SavedDraft) resource.saveDraft(as(LEO), new MailResource.SendInput(List.of(), List.of(), "À jeter",
            "", null, List.of(), null, null, null, null)).getEntity()).uid();
        assertTrue(resource.delete(as(LEO), "Drafts", Long.toString(third)).trashed());
        assertEquals(0, resource.messages(as(LEO), "Drafts", null, null, null).total());
    }

    @Test
    void aReopenedDraftOfAReplyKeepsItsThreadingWhenSavedAgainAndSent() throws Exception {
        resource.send(as(JULIEN), mail("leo.marchand@" + DOMAIN, "Sortie au musée", "Départ à 8 h"));
        long original = resource.messages(as(LEO), "INBOX", null, null, null).items().get(0).uid();
        String originalId = resource.message(as(LEO), "INBOX", Long.toString(original), null).messageId();
        Compose.Draft form = resource.reply(as(LEO), "INBOX", Long.toString(original), null);
        long first = ((MailResource.SavedDraft) resource.saveDraft(as(LEO), new MailResource.SendInput(form.to(), form.cc(),
            form.subject(), "Je viendrai.", null, List.of(), new MailResource.Ref("INBOX", original), null, null, null))
            .getEntity()).uid();
        // reopened later: the form knows nothing of the reply any more, the draft does
        long second = ((MailResource.SavedDraft) resource.saveDraft(as(LEO), new MailResource.SendInput(form.to(), form.cc(),
            form.subject(), "Je viendrai, avec mon père.", null, List.of(), null, null, first, null)).getEntity()).uid();
        assertEquals(originalId, webmailOf().parsed(LEO.login(), Webmail.DRAFTS, second).inReplyTo());
        assertEquals(201, resource.send(as(LEO), new MailResource.SendInput(form.to(), form.cc(), form.subject(),
            "Je viendrai, avec mon père.", null, List.of(), null, null, second, null)).getStatus());
        long reply = resource.messages(as(JULIEN), "INBOX", null, null, null).items().get(0).uid();
        MimeMessages.Parsed got = webmailOf().parsed(JULIEN.login(), "INBOX", reply);
        assertEquals(originalId, got.inReplyTo(), "In-Reply-To kept through the draft");
        assertEquals(originalId, got.references(), "References: the original once, not repeated");
    }

    private Webmail webmailOf() {
        return new Webmail(server.mailboxes().manager);
    }

    @Test
    void deleteGoesToTheTrashThenForGood() throws Exception {
        resource.send(as(JULIEN), mail("leo.marchand@" + DOMAIN, "À jeter", "…"));
        long uid = resource.messages(as(LEO), "INBOX", null, null, null).items().get(0).uid();
        assertTrue(resource.delete(as(LEO), "INBOX", Long.toString(uid)).trashed());
        assertEquals(0, resource.messages(as(LEO), "INBOX", null, null, null).total());
        Webmail.Page trash = resource.messages(as(LEO), "Trash", null, null, null);
        assertEquals(1, trash.total());
        assertFalse(resource.delete(as(LEO), "Trash", Long.toString(trash.items().get(0).uid())).trashed());
        assertEquals(0, resource.messages(as(LEO), "Trash", null, null, null).total());
    }

    @Test
    void theSearchFindsAPersonsOwnMailOnlyAndFollowsEveryChange() throws Exception {
        resource.send(as(JULIEN), mail("leo.marchand@" + DOMAIN, "Sortie au musée", "Rendez-vous devant le collège à 8 h."));
        MailSearchSource source = new MailSearchSource(server, directory);
        List<fr.preau.api.spi.SearchDocument> docs = new java.util.ArrayList<>();
        source.documents(docs::add);
        fr.preau.api.spi.SearchDocument leos = docs.stream().filter(d -> d.id().startsWith("leo.marchand/INBOX/")).findFirst()
            .orElseThrow(() -> new AssertionError(docs.toString()));
        assertTrue(leos.title().contains("Sortie au musée") && leos.title().contains("Julien Dumas"), leos.title());
        assertTrue(leos.text().contains("devant le collège"), leos.text());
        assertEquals(Set.of(fr.preau.api.spi.SearchPrincipals.person(LEO.id())), leos.readers(), "its owner only");
        assertEquals("/#/module/mail/INBOX/" + leos.id().substring(leos.id().lastIndexOf('/') + 1), leos.url());
        assertTrue(docs.stream().anyMatch(d -> d.id().startsWith("julien.dumas/Sent/")), "the sender's copy is the sender's");
        assertTrue(source.visible(LEO, leos.id()));
        assertFalse(source.visible(JULIEN, leos.id()), "another person never");
        assertFalse(source.visible(LEO, "leo.marchand/INBOX/999"));
        assertFalse(source.visible(LEO, "../x"));

        List<String> changed = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> removed = new java.util.concurrent.CopyOnWriteArrayList<>();
        source.watch(new fr.preau.api.spi.SearchChanges() {
            @Override public void changed(String id) { changed.add(id); }
            @Override public void removed(String id) { removed.add(id); }
            @Override public void changedAll() { changed.add("*"); }
        });
        try {
            resource.send(as(JULIEN), mail("leo.marchand@" + DOMAIN, "Devoir", "Exercice 3 page 12"));
            awaitTrue(() -> changed.stream().anyMatch(id -> id.startsWith("leo.marchand/INBOX/")), "a delivery is indexed");
            String id = changed.stream().filter(i -> i.startsWith("leo.marchand/INBOX/")).findFirst().orElseThrow();
            assertTrue(source.document(id).orElseThrow().text().contains("Exercice 3"));
            assertTrue(resource.delete(as(LEO), "INBOX", id.substring(id.lastIndexOf('/') + 1)).trashed());
            awaitTrue(() -> removed.contains(id), "a message moved to the trash leaves the index");
            assertTrue(source.document(id).isEmpty());
            assertTrue(changed.stream().noneMatch(i -> i.contains("/Trash/")), "the trash is not searched");
        } finally {
            source.watch(null);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError(what);
            }
            Thread.sleep(50);
        }
    }
}
