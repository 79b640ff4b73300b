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
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.auth.AuthSession;
import fr.preau.auth.Authenticator;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.directory.School;

/**
 * Moderation of pupils' mail in an école (1D), in-process on a real James store and mail server with the real
 * {@code access} service (permissions and communication rules) on a mocked annuaire: Léo (CE2) writes to his teacher
 * Julien; Claire teaches CM1; Anne is the director; Hélène is Léo's mother.
 */
class ModerationTest {

    private static final Uai UAI = new Uai("0999997X");
    private static final String DOMAIN = "0999997x.preau.invalid";
    private static final Person JULIEN = person("julien.dumas", "Julien Dumas", Profile.ENSEIGNANT);
    private static final Person CLAIRE = person("claire.moreau", "Claire Moreau", Profile.ENSEIGNANT);
    private static final Person LEO = person("leo.marchand", "Léo Marchand", Profile.ELEVE);
    private static final Person ANNE = person("anne.verger", "Anne Verger", Profile.DIRECTION);
    private static final Person HELENE = person("helene.marchand", "Hélène Marchand", Profile.PARENT);
    private static final Person REFERENT = person("referent", "Référent", Profile.REFERENT);
    private static final Division CE2 = new Division("0999997X:CLASSE:CE2", UAI, Division.Kind.CLASSE, "CE2", "CE2");
    private static final Division CM1 = new Division("0999997X:CLASSE:CM1", UAI, Division.Kind.CLASSE, "CM1", "CM1");

    @TempDir
    Path dir;
    private DirectoryService directory;
    private MailServer.Config config;
    private EmbeddedDataSource db;
    private MailServer server;
    private MailResource resource;
    private AccessService access;
    private final List<AuditEvent> audited = new ArrayList<>();

    private static Person person(String login, String name, Profile profile) {
        return new Person(new PersonId("p-" + login.replace('.', '-')), login, name, UAI, Set.of(profile));
    }

    @BeforeEach
    void setUp() throws Exception {
        directory = MailFixtures.annuaire(new School(UAI, "École des Lilas", true), DOMAIN,
            List.of(JULIEN, CLAIRE, LEO, ANNE, HELENE, REFERENT));
        when(directory.degree(UAI)).thenReturn(Optional.of("1D"));
        when(directory.divisions(UAI)).thenReturn(List.of(CE2, CM1));
        when(directory.divisionsOf(JULIEN.id())).thenReturn(List.of(CE2));
        when(directory.divisionsOf(LEO.id())).thenReturn(List.of(CE2));
        when(directory.divisionsOf(CLAIRE.id())).thenReturn(List.of(CM1));
        when(directory.teachersOf(CE2.id())).thenReturn(List.of(JULIEN));
        when(directory.teachersOf(CM1.id())).thenReturn(List.of(CLAIRE));
        when(directory.pupilsOf(CE2.id())).thenReturn(List.of(LEO));
        when(directory.childrenOf(HELENE.id())).thenReturn(List.of(LEO));
        when(directory.parentsOf(LEO.id())).thenReturn(List.of(HELENE));
        when(directory.classesOf(any())).thenReturn(List.of());
        config = MailFixtures.config(MailFixtures.freePort());
        System.setProperty("karaf.data", dir.toString());
        db = new EmbeddedDataSource();
        db.setDatabaseName(dir.resolve("db").toString());
        db.setCreateDatabase("create");
        start();
    }

    private void start() throws Exception {
        Authenticator authenticator = mock(Authenticator.class);
        when(authenticator.login(anyString(), anyString(), anyString()))
            .thenThrow(new ProblemException(401, "bad-credentials", "Identifiant ou mot de passe incorrect"));
        when(authenticator.login(eq("leo.marchand"), eq("secret"), any()))
            .thenReturn(new AuthSession("s1", LEO, "csrf", Instant.now().plusSeconds(60)));
        server = new MailServer(db, directory, authenticator, fr.preau.access.testing.SmallSchool.rules(directory), config);
        access = fr.preau.access.testing.SmallSchool.access(directory, new MailModule(server));
        AuditLog audit = mock(AuditLog.class);
        org.mockito.Mockito.doAnswer(call -> audited.add(call.getArgument(0))).when(audit).record(any());
        resource = new MailResource(server, directory, access, new Webmail(server.mailboxes().manager),
            new Uploads(dir.resolve("uploads"), server.maxMessageSize()), audit);
    }

    @AfterEach
    void tearDown() {
        server.stop();
    }

    private long inbox(Person p) throws Exception {
        return resource.messages(as(p), "INBOX", null, null, null).total();
    }

    /** Léo's message to Julien, held: the 202 and its French answer. */
    private String holdOne() throws Exception {
        Response sent = resource.send(as(LEO), mail("julien.dumas@" + DOMAIN, "Mon exposé", "Bonjour maître,\nvoici mon exposé sur les volcans."));
        assertEquals(202, sent.getStatus());
        MailResource.Sent body = (MailResource.Sent) sent.getEntity();
        assertTrue(body.pending());
        assertEquals("Votre message attend l'accord de votre enseignant.", body.message());
        return resource.myPending(as(LEO)).items().get(0).id();
    }

    @Test
    void aPupilsMessageWaitsForTheirTeacherWhoApprovesItAndItIsDeliveredAsIfJustSent() throws Exception {
        holdOne();
        assertEquals(0, inbox(JULIEN), "not delivered before the teacher's approval");
        assertEquals(0, resource.messages(as(LEO), "Sent", null, null, null).total(), "in « Envoyés » once approved only");
        assertEquals(1, resource.folders(as(LEO)).pending());
        assertNull(resource.folders(as(LEO)).toValidate(), "a pupil moderates nothing");
        assertEquals(1, resource.folders(as(JULIEN)).toValidate());
        MailNotifications news = new MailNotifications(new Webmail(server.mailboxes().manager), directory, server.moderation(), access);
        assertEquals("1 message d'élève attend votre accord", news.notificationsFor(JULIEN, 5).get(0).title());
        assertEquals("/#/module/mail/a-valider", news.notificationsFor(JULIEN, 5).get(0).url());
        assertTrue(news.notificationsFor(CLAIRE, 5).isEmpty(), "not her pupil");

        MailResource.HeldView held = resource.moderationQueue(as(JULIEN)).items().get(0);
        assertEquals("Mon exposé", held.subject());
        assertEquals("leo.marchand@" + DOMAIN, held.from().address());
        assertEquals(List.of("julien.dumas@" + DOMAIN), held.to());
        assertTrue(held.preview().contains("les volcans"), held.preview());

        assertEquals(1, resource.approve(as(JULIEN), held.id()).recipients());
        assertEquals(1, inbox(JULIEN));
        assertEquals(0, resource.moderationQueue(as(JULIEN)).items().size());
        assertEquals(0, resource.myPending(as(LEO)).items().size());
        assertEquals(1, resource.messages(as(LEO), "Sent", null, null, null).total(), "the pupil's copy, now sent");
        assertEquals("mail.moderation.approve", audited.get(audited.size() - 1).action());
        assertEquals(JULIEN.id(), audited.get(audited.size() - 1).actor());
        ProblemException twice = assertThrows(ProblemException.class, () -> resource.approve(as(JULIEN), held.id()));
        assertEquals("unknown-pending-message", twice.code());
        assertEquals(1, inbox(JULIEN), "approved once, delivered once");
    }

    @Test
    void teachersAndParentsAreNotModeratedNorPupilsOfASecondarySchoolOrWhenTheReferentTurnsItOff() throws Exception {
        assertEquals(201, resource.send(as(JULIEN), mail("leo.marchand@" + DOMAIN, "Devoirs", "Lire la page 12")).getStatus());
        assertEquals(201, resource.send(as(HELENE), mail("julien.dumas@" + DOMAIN, "Absence", "Léo sera absent")).getStatus());
        assertEquals(1, inbox(LEO));
        assertEquals(1, inbox(JULIEN));

        ProblemException notReferent = assertThrows(ProblemException.class,
            () -> resource.setModeration(as(ANNE), UAI.value(), new MailResource.ModerationSettingInput(false)));
        assertEquals(403, notReferent.status());
        MailResource.ModerationSetting setting = resource.moderationSettings(as(REFERENT)).get(0);
        assertTrue(setting.enabled());
        assertTrue(setting.byDefault(), "on by default in an école");
        assertEquals("1D", setting.degree());
        setting = resource.setModeration(as(REFERENT), UAI.value(), new MailResource.ModerationSettingInput(false));
        assertFalse(setting.enabled());
        assertEquals("mail.moderation.setting", audited.get(audited.size() - 1).action());
        assertEquals(201, resource.send(as(LEO), mail("julien.dumas@" + DOMAIN, "Question", "Bonjour")).getStatus());
        assertEquals(2, inbox(JULIEN), "moderation off: delivered at once");

        resource.setModeration(as(REFERENT), UAI.value(), new MailResource.ModerationSettingInput(true));
        assertEquals(202, resource.send(as(LEO), mail("julien.dumas@" + DOMAIN, "Question", "Bonjour")).getStatus());
        assertEquals(2, inbox(JULIEN));

        when(directory.degree(UAI)).thenReturn(Optional.of("2D"));
        assertFalse(server.moderationByDefault(UAI), "off by default in a collège");
    }

    @Test
    void aForbiddenRecipientIsRefusedAtOnceAndAPupilsQueueIsBounded() throws Exception {
        ProblemException forbidden = assertThrows(ProblemException.class,
            () -> resource.send(as(LEO), mail("claire.moreau@" + DOMAIN, "Coucou", "?")));
        assertEquals("recipient-forbidden", forbidden.code(), "not his teacher: the rules first");
        assertEquals(0, resource.myPending(as(LEO)).items().size());

        for (int i = 0; i < Moderation.MAX_PENDING_PER_PUPIL; i++) {
            server.moderation().hold(LEO, List.of("julien.dumas@" + DOMAIN), Moderation.Origin.WEBMAIL,
                ("Subject: " + i + "\r\n\r\nx\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        ProblemException full = assertThrows(ProblemException.class,
            () -> resource.send(as(LEO), mail("julien.dumas@" + DOMAIN, "Encore", "?")));
        assertEquals(409, full.status());
        assertEquals("too-many-pending", full.code());
        assertEquals(Moderation.MAX_PENDING_PER_PUPIL, resource.myPending(as(LEO)).items().size(), "nothing more kept");
    }

    @Test
    void aTeacherOfAnotherClassCannotDecideAndTheDirectorRefusesWithAReasonThePupilReads() throws Exception {
        String id = holdOne();
        assertEquals(0, resource.moderationQueue(as(CLAIRE)).items().size(), "not her pupil");
        ProblemException other = assertThrows(ProblemException.class, () -> resource.approve(as(CLAIRE), id));
        assertEquals(404, other.status());
        assertEquals("unknown-pending-message", other.code());
        ProblemException pupil = assertThrows(ProblemException.class, () -> resource.moderationQueue(as(LEO)));
        assertEquals(403, pupil.status());
        assertThrows(ProblemException.class, () -> resource.refuse(as(HELENE), id, new MailResource.Refusal("non")));
        assertEquals(1, resource.moderationQueue(as(JULIEN)).items().size(), "still waiting");

        assertEquals(1, resource.moderationQueue(as(ANNE)).items().size(), "the director sees the school's");
        assertEquals(204, resource.refuse(as(ANNE), id, new MailResource.Refusal("Écris-lui plutôt en classe.")).getStatus());
        assertEquals(0, inbox(JULIEN), "never delivered");
        assertEquals(0, resource.myPending(as(LEO)).items().size());
        Webmail.Page leo = resource.messages(as(LEO), "INBOX", null, null, null);
        assertEquals(1, leo.total());
        assertEquals("Message non envoyé : Mon exposé", leo.items().get(0).subject());
        Webmail.Read notice = resource.message(as(LEO), "INBOX", Long.toString(leo.items().get(0).uid()), null);
        assertTrue(notice.text().contains("Anne Verger n'a pas accepté votre message « Mon exposé »"), notice.text());
        assertTrue(notice.text().contains("Son explication : Écris-lui plutôt en classe."), notice.text());
        assertEquals("mail.moderation.refuse", audited.get(audited.size() - 1).action());
        ProblemException tooLong = assertThrows(ProblemException.class,
            () -> resource.refuse(as(ANNE), "x", new MailResource.Refusal("a".repeat(MailResource.MAX_REASON + 1))));
        assertEquals("reason-too-long", tooLong.code());
    }

    @Test
    void theQueueSurvivesARestartAndSmtpSubmissionIsHeldToo() throws Exception {
        holdOne();
        String plain = java.util.Base64.getEncoder().encodeToString("\0leo.marchand\0secret".getBytes(StandardCharsets.UTF_8));
        MailServerTest.Smtp smtp = new MailServerTest.Smtp(config.submission_port());
        smtp.expect("220");
        smtp.send("EHLO client.test").expect("250");
        smtp.send("AUTH PLAIN " + plain).expect("235");
        smtp.send("MAIL FROM:<leo.marchand@" + DOMAIN + ">").expect("250");
        smtp.send("RCPT TO:<julien.dumas@" + DOMAIN + ">").expect("250");
        smtp.send("DATA").expect("354");
        String answer = smtp.send("Subject: Par Thunderbird\r\nFrom: leo.marchand@" + DOMAIN + "\r\n\r\nBonjour\r\n.").expect("250");
        assertTrue(answer.contains("attente"), answer);
        smtp.send("QUIT");
        smtp.close();
        assertEquals(0, inbox(JULIEN));

        server.stop();
        start();
        List<MailResource.HeldView> queue = resource.moderationQueue(as(JULIEN)).items();
        assertEquals(List.of("Mon exposé", "Par Thunderbird"), queue.stream().map(MailResource.HeldView::subject).toList());
        resource.approve(as(JULIEN), queue.get(1).id());
        assertEquals(1, inbox(JULIEN));
        assertEquals(0, resource.messages(as(LEO), "Sent", null, null, null).total(),
            "a mail client keeps its own copy: none made for an SMTP message");
    }
}
