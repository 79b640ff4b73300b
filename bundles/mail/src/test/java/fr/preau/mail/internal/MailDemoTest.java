package fr.preau.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.auth.Authenticator;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.directory.School;
import fr.preau.directory.letters.PersonName;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo school's mail: written once, through the webmail's own path and rules, only on a demo box. */
class MailDemoTest {

    private static final Uai UAI = new Uai("0999999Z");
    private static final String DOMAIN = "rostand.preau.test";
    private static final Person JULIEN = person("julien.dumas", "Julien Dumas", Profile.ENSEIGNANT);
    private static final Person LEO = person("leo.marchand", "Léo Marchand", Profile.ELEVE);
    private static final Person HELENE = person("helene.marchand", "Hélène Marchand", Profile.PARENT);
    private static final Person ANNE = person("anne.verger", "Anne Verger", Profile.DIRECTION);
    private static final Division C5A = new Division("0999999Z:CLASSE:5A", UAI, Division.Kind.CLASSE, "5A", "5A");

    @TempDir
    Path dir;
    private MailServer server;
    private DirectoryService directory;
    private Webmail webmail;

    private static Person person(String login, String name, Profile profile) {
        return new Person(new PersonId("p-" + login.replace(".", "-")), login, name, UAI, Set.of(profile));
    }

    @BeforeEach
    void setUp() throws Exception {
        directory = MailFixtures.annuaire(new School(UAI, "Collège Jean Rostand", true), DOMAIN, List.of(JULIEN, LEO, HELENE, ANNE));
        when(directory.divisions(UAI)).thenReturn(List.of(C5A));
        when(directory.divisionsOf(JULIEN.id())).thenReturn(List.of(C5A));
        when(directory.divisionsOf(LEO.id())).thenReturn(List.of(C5A));
        when(directory.teachersOf(C5A.id())).thenReturn(List.of(JULIEN));
        when(directory.pupilsOf(C5A.id())).thenReturn(List.of(LEO));
        when(directory.childrenOf(HELENE.id())).thenReturn(List.of(LEO));
        when(directory.parentsOf(LEO.id())).thenReturn(List.of(HELENE));
        when(directory.classesOf(any())).thenReturn(List.of("5A"));
        for (Person p : List.of(JULIEN, LEO, HELENE, ANNE)) {
            String[] words = p.displayName().split(" ");
            when(directory.nameOf(p.id())).thenReturn(java.util.Optional.of(new PersonName(words[0], words[1])));
        }
        MailServer.Config config = MailFixtures.config(0);
        System.setProperty("karaf.data", dir.toString());
        EmbeddedDataSource db = new EmbeddedDataSource();
        db.setDatabaseName(dir.resolve("db").toString());
        db.setCreateDatabase("create");
        server = new MailServer(db, directory, mock(Authenticator.class), fr.preau.access.testing.SmallSchool.rules(directory), config);
        webmail = new Webmail(server.mailboxes().manager);
    }

    @AfterEach
    void tearDown() {
        server.stop();
    }

    private MailDemo demo() {
        return new MailDemo(server, directory, webmail, Clock.fixed(Instant.parse("2026-12-07T09:00:00Z"), ZoneId.of("Europe/Paris")));
    }

    @Test
    void theDemoPeopleFindTheWeeksMailOnceWithItsThreadAndUnreadQuestion() throws Exception {
        assertTrue(demo().seedIfDemo());
        // the mother's message and the teacher's answer, threaded
        Webmail.Page teacherInbox = webmail.list(JULIEN.login(), "INBOX", 0, 25);
        List<String> subjects = teacherInbox.items().stream().map(Webmail.Summary::subject).toList();
        assertTrue(subjects.containsAll(List.of("Absence de Léo jeudi matin", "Question sur le DM n° 3")), subjects.toString());
        assertTrue(teacherInbox.items().stream().anyMatch(s -> !s.seen()), "the pupil's question waits, unread");
        Webmail.Page motherInbox = webmail.list(HELENE.login(), "INBOX", 0, 25);
        Webmail.Summary answer = motherInbox.items().stream().filter(s -> s.subject().equals("Re: Absence de Léo jeudi matin")).findFirst()
                .orElseThrow();
        MimeMessages.Parsed reply = webmail.parsed(HELENE.login(), "INBOX", answer.uid());
        Webmail.Summary question = webmail.list(JULIEN.login(), "INBOX", 0, 25).items().stream()
                .filter(s -> s.subject().startsWith("Absence")).findFirst().orElseThrow();
        String original = webmail.parsed(JULIEN.login(), "INBOX", question.uid()).messageId();
        assertTrue(reply.references() != null && reply.references().contains(original), reply.references() + " / " + original);
        assertTrue(reply.text().contains("Documents"), reply.text());
        // each sender keeps a copy
        assertTrue(webmail.list(HELENE.login(), "Sent", 0, 25).total() >= 1);
        assertTrue(webmail.list(LEO.login(), "Sent", 0, 25).total() >= 1);

        long before = webmail.list(JULIEN.login(), "INBOX", 0, 25).total();
        assertTrue(demo().seedIfDemo());
        assertEquals(before, webmail.list(JULIEN.login(), "INBOX", 0, 25).total(), "written once");
    }

    @Test
    void aRealSchoolGetsNoDemoMail() throws Exception {
        when(directory.schools()).thenReturn(List.of(new School(UAI, "Collège Jean Rostand", false)));
        assertTrue(demo().seedIfDemo());
        assertEquals(0, webmail.list(JULIEN.login(), "INBOX", 0, 25).total());
        when(directory.schools()).thenReturn(List.of());
        assertFalse(demo().seedIfDemo(), "no school yet: the import is running, try again later");
    }

}
