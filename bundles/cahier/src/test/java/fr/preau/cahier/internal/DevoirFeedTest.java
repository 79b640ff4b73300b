package fr.preau.cahier.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import fr.preau.access.AccessService;
import fr.preau.access.Decision;
import fr.preau.access.Target;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.cahier.DevoirKind;
import fr.preau.cahier.internal.Rows.Devoir;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.directory.PersonRecord;
import fr.preau.store.testing.Databases;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.component.VEvent;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DevoirFeedTest {

    static final Uai UAI = new Uai("0999999Z");
    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    // ids as long as the annuaire allows: a parent's key is two of them
    static final String PARENT_ID = "p".repeat(64);
    static final Person LEO = new Person(new PersonId("leo"), "leo.marchand", "Léo Marchand", UAI, Set.of(Profile.ELEVE));
    static final Person HELENE = new Person(new PersonId(PARENT_ID), "helene.marchand", "Hélène Marchand", UAI, Set.of(Profile.PARENT));
    static final Person JULIEN = new Person(new PersonId("julien"), "julien.dumas", "Julien Dumas", UAI, Set.of(Profile.ENSEIGNANT));
    static final Division CINQ_A = new Division("0999999Z:CLASSE:5A", UAI, Division.Kind.CLASSE, "5A", "5A");

    static EmbeddedDataSource ds;
    static CahierStore store;
    DirectoryService directory = mock(DirectoryService.class);
    AccessService access = mock(AccessService.class);
    DevoirFeed feed;
    boolean linked = true;

    /** One database for the class (a migration takes seconds), emptied before each test. */
    @BeforeAll
    static void database() throws Exception {
        ds = Databases.derby("feed", "fr/preau/cahier/db/changelog.xml", DevoirFeedTest.class.getClassLoader());
        store = new CahierStore(ds);
    }

    @AfterAll
    static void dropDatabase() {
        Databases.drop(ds);
    }

    @BeforeEach
    void setUp() throws Exception {
        store.write(c -> {
            try (var st = c.createStatement()) {
                st.executeUpdate("DELETE FROM cahier_feed");
                st.executeUpdate("DELETE FROM cahier_devoir");
            }
            return null;
        });
        Cahier cahier = new Cahier(store, directory, access, Clock.fixed(NOW, ZoneOffset.UTC));
        feed = new DevoirFeed(cahier, directory, access);
        when(directory.record(anyString())).thenAnswer(inv -> Optional.ofNullable(Map.of("leo", record(LEO, "Léo"),
                PARENT_ID, record(HELENE, "Hélène"), "julien", record(JULIEN, "Julien")).get((String) inv.getArgument(0))));
        when(directory.divisionsOf(LEO.id())).thenReturn(List.of(CINQ_A));
        // access: a pupil on themselves, a parent on their child (while linked); nobody else
        when(access.decideOn(any(), eq(CahierModule.FEED), any())).thenAnswer(inv -> decide(inv.getArgument(0), inv.getArgument(2)));
        org.mockito.Mockito.doAnswer(inv -> {
            if (!decide(inv.getArgument(0), inv.getArgument(2)).allowed()) {
                throw new ProblemException(403, "forbidden", "Vous n'avez pas accès à cette page.");
            }
            return null;
        }).when(access).requireOn(any(), eq(CahierModule.FEED), any());
    }

    Decision decide(Person who, Target t) {
        boolean ok = (who.has(Profile.ELEVE) && who.id().equals(t.person()))
                || (linked && who.has(Profile.PARENT) && LEO.id().equals(t.person()));
        return ok ? Decision.allow("test") : Decision.deny("test");
    }

    static PersonRecord record(Person p, String first) {
        PersonRecord r = mock(PersonRecord.class);
        when(r.person()).thenReturn(p);
        when(r.firstName()).thenReturn(first);
        when(r.active()).thenReturn(true);
        return r;
    }

    long devoir(String due, String instructions, Instant publishAt) throws Exception {
        Rows.Scope scope = new Rows.Scope("0999999Z", CINQ_A.id(), "5A", "061300", "Mathématiques", "julien", "Julien Dumas");
        Devoir d = new Devoir(0, null, scope, LocalDate.parse(due), DevoirKind.SUR_TABLE, instructions, 45, false, publishAt, false,
                NOW.minusSeconds(3600), NOW.minusSeconds(3600));
        return store.write(c -> store.insertDevoir(c, d));
    }

    static String token(DevoirFeed.Status s) {
        assertTrue(s.url().startsWith("/api/v1/cahier/agenda/") && s.url().endsWith(".ics"), s.url());
        return s.url().substring("/api/v1/cahier/agenda/".length(), s.url().length() - 4);
    }

    String ics(String token) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DevoirFeed.write(feed.feed(token).orElseThrow(), "ent.exemple.fr", out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aPupilsFeedListsThePublishedDevoirsAsAllDayEventsAndIsReplacedAndRevoked() throws Exception {
        long shown = devoir("2026-12-10", "<p>Réviser le théorème de Pythagore</p><ul><li>exercice 1</li><li>exercice 2</li></ul>",
                NOW.minusSeconds(60));
        devoir("2026-12-11", "<p>Pas encore publié</p>", NOW.plusSeconds(3600));
        devoir("2026-10-01", "<p>Trop ancien</p>", NOW.minusSeconds(86_400 * 90));

        assertFalse(feed.status(LEO, null).active());
        DevoirFeed.Status created = feed.create(LEO, null);
        assertTrue(created.active());
        String token = token(created);
        assertEquals(43, token.length());
        assertTrue(feed.status(LEO, null).active());
        assertEquals(null, feed.status(LEO, null).url(), "the address is not kept, so it cannot be shown again");
        assertEquals(1, Databases.query(ds, "SELECT token_hash FROM cahier_feed WHERE token_hash = ?", DevoirFeed.hash(token)).size());
        assertTrue(Databases.query(ds, "SELECT 1 FROM cahier_feed WHERE token_hash = ?", token).isEmpty(), "only the hash is stored");

        String ics = ics(token);
        assertTrue(ics.contains("X-WR-CALNAME:Devoirs de Léo"), ics);
        assertTrue(ics.contains("UID:devoir-" + shown + "@ent.exemple.fr"), ics);
        assertTrue(ics.contains("DTSTART;VALUE=DATE:20261210"), ics);
        assertTrue(ics.contains("DTEND;VALUE=DATE:20261211"), ics);
        assertFalse(ics.contains("Pas encore publié") || ics.contains("Trop ancien"), ics);
        Calendar cal = new CalendarBuilder().build(new ByteArrayInputStream(ics.getBytes(StandardCharsets.UTF_8)));
        List<VEvent> events = cal.getComponents(Component.VEVENT);
        assertEquals(1, events.size());
        VEvent e = events.get(0);
        assertEquals("Mathématiques : devoir sur table / contrôle", e.getSummary().getValue());
        assertEquals("Réviser le théorème de Pythagore\n• exercice 1\n• exercice 2\n\nDurée estimée : 45 min.\nDonné par Julien Dumas.",
                e.getDescription().getValue());
        assertEquals("20261206T110000Z", e.getDateStamp().getValue());
        assertEquals("20261206T110000Z", e.getLastModified().getValue());

        String second = token(feed.create(LEO, null));
        assertNotEquals(token, second);
        assertTrue(feed.feed(token).isEmpty(), "the old address stops working");
        assertTrue(feed.feed(second).isPresent());
        feed.revoke(LEO, null);
        assertTrue(feed.feed(second).isEmpty());
        assertFalse(feed.status(LEO, null).active());
        assertTrue(feed.feed("not-a-token").isEmpty());
        assertTrue(feed.feed("A".repeat(43)).isEmpty());
    }

    @Test
    void aParentHasOneFeedPerChildWhichStopsWithTheLink() throws Exception {
        devoir("2026-12-10", "<p>Réviser</p>", NOW.minusSeconds(60));
        ProblemException noChild = assertThrows(ProblemException.class, () -> feed.create(HELENE, null));
        assertEquals("child-required", noChild.code());
        String token = token(feed.create(HELENE, "leo"));
        assertEquals(List.of(List.of(PARENT_ID + ":leo")), Databases.query(ds, "SELECT person_id FROM cahier_feed"));
        assertTrue(ics(token).contains("X-WR-CALNAME:Devoirs de Léo"));
        assertTrue(feed.status(HELENE, "leo").active());
        assertFalse(feed.status(LEO, null).active(), "the pupil's own feed is another one");

        linked = false;
        assertTrue(feed.feed(token).isEmpty(), "a parent no longer linked reads nothing");
        assertEquals(403, assertThrows(ProblemException.class, () -> feed.create(HELENE, "leo")).status());
    }

    @Test
    void othersMayNotHaveAFeed() {
        assertEquals(403, assertThrows(ProblemException.class, () -> feed.create(JULIEN, null)).status());
        assertEquals(403, assertThrows(ProblemException.class, () -> feed.create(LEO, "someone-else")).status());
        assertEquals(400, assertThrows(ProblemException.class, () -> feed.create(HELENE, "bad id!")).status());
    }

    @Test
    void namesAndSummaries() {
        assertEquals("Devoirs de Léo", DevoirFeed.calendarName("Léo"));
        assertEquals("Devoirs d'Émile", DevoirFeed.calendarName("Émile"));
        assertEquals("Devoirs d'Anna", DevoirFeed.calendarName("Anna"));
    }
}
