package fr.preau.portal.internal;

import static fr.preau.portal.internal.Fixtures.PUPIL;
import static fr.preau.portal.internal.Fixtures.SCHOOL;
import static fr.preau.portal.internal.Fixtures.TEACHER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.api.spi.Audience;
import fr.preau.api.spi.Notification;
import fr.preau.store.testing.Databases;
import fr.preau.store.testing.MutableClock;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NotificationStoreTest {

    static final String CLASS_4A = "0999999Z:CLASSE:4A";
    static final Uai OTHER_SCHOOL = new Uai("0999998Y");
    static final Person PARENT = new Person(new PersonId("r1"), "h.durand", "Hélène Durand", SCHOOL, EnumSet.of(Profile.PARENT));
    static final Person OTHER_PUPIL = new Person(new PersonId("p9"), "t.bon", "Tom Bon", OTHER_SCHOOL, EnumSet.of(Profile.ELEVE));

    private EmbeddedDataSource ds;
    private final MutableClock clock = new MutableClock("2026-12-04T08:00:00Z");
    private NotificationStore store;

    static NotificationStore.Recipient pupilOf4A() {
        return new NotificationStore.Recipient(PUPIL, Set.of(CLASS_4A), Set.of(), Set.of(), Set.of());
    }

    static NotificationStore.Recipient parentOfThePupil() {
        return new NotificationStore.Recipient(PARENT, Set.of(), Set.of(PUPIL.id()), Set.of(CLASS_4A), Set.of(SCHOOL));
    }

    Notification item(String id, String title) {
        return new Notification(id, "cahier", title, "/#/module/cahier", clock.instant());
    }

    static List<String> ids(List<Notification> items) {
        return items.stream().map(Notification::id).toList();
    }

    @BeforeEach
    void setUp() throws SQLException {
        ds = Databases.derby("portal", PortalSchema.CHANGELOG, NotificationStoreTest.class.getClassLoader());
        store = new NotificationStore(ds, clock, Duration.ofDays(30));
    }

    @AfterEach
    void tearDown() {
        Databases.drop(ds);
    }

    @Test
    void eachAudienceReachesItsPeopleAndNobodyElse() {
        store.publish(item("to-class", "Sortie au musée jeudi"), Audience.divisions(SCHOOL, Set.of(CLASS_4A)));
        clock.advance(Duration.ofMinutes(1));
        store.publish(item("to-pupils", "Photo de classe"), Audience.profiles(SCHOOL, Set.of(Profile.ELEVE)));
        clock.advance(Duration.ofMinutes(1));
        store.publish(item("to-leo", "Votre devoir est corrigé"), Audience.persons(SCHOOL, Set.of(PUPIL.id())));
        clock.advance(Duration.ofMinutes(1));
        store.publish(item("to-families", "Réunion parents-professeurs"),
                Audience.divisions(SCHOOL, Set.of(CLASS_4A)).withResponsables());
        clock.advance(Duration.ofMinutes(1));
        store.publish(item("to-teachers", "Conseil de classe"), Audience.profiles(SCHOOL, Set.of(Profile.ENSEIGNANT)));

        assertEquals(List.of("to-families", "to-leo", "to-pupils", "to-class"), ids(store.publishedFor(pupilOf4A(), 50)),
                "newest first");
        assertEquals(List.of("to-teachers"), ids(store.publishedFor(NotificationStore.Recipient.alone(TEACHER), 50)));
        assertEquals(List.of("to-families"), ids(store.publishedFor(parentOfThePupil(), 50)),
                "a parent gets what is for their child's class only when the publisher says so");
        assertEquals(List.of(), ids(store.publishedFor(NotificationStore.Recipient.alone(OTHER_PUPIL), 50)),
                "a profile audience stays within its school");
        assertEquals(List.of("to-families", "to-leo"), ids(store.publishedFor(pupilOf4A(), 2)));
    }

    @Test
    void pupilsOfASchoolWithResponsablesReachTheirParents() {
        store.publish(item("news", "Le collège ferme à midi vendredi"), Audience.profiles(SCHOOL, Set.of(Profile.ELEVE)).withResponsables());
        assertEquals(List.of("news"), ids(store.publishedFor(parentOfThePupil(), 10)));
        NotificationStore.Recipient elsewhere = new NotificationStore.Recipient(PARENT, Set.of(), Set.of(OTHER_PUPIL.id()), Set.of(),
                Set.of(OTHER_SCHOOL));
        assertEquals(List.of(), ids(store.publishedFor(elsewhere, 10)));
    }

    @Test
    void publishingAgainReplacesTheItemAndKeepsReadMarks() {
        Audience everyone = Audience.profiles(SCHOOL, Set.of(Profile.ELEVE));
        store.publish(item("d1", "Devoir pour jeudi"), everyone);
        String key = NotificationStore.key("cahier", "d1");
        assertEquals(1, store.markRead(PUPIL.id(), List.of(key)));
        assertEquals(0, store.markRead(PUPIL.id(), List.of(key)), "marking twice is harmless");
        store.publish(item("d1", "Devoir pour vendredi"), Audience.persons(SCHOOL, Set.of(PUPIL.id())));
        List<Notification> now = store.publishedFor(pupilOf4A(), 10);
        assertEquals(1, now.size());
        assertEquals("Devoir pour vendredi", now.get(0).title());
        assertEquals(Set.of(key), store.readAmong(PUPIL.id(), List.of(key, NotificationStore.key("cahier", "other"))));
        assertEquals(Set.of(), store.readAmong(TEACHER.id(), List.of(key)), "marks are per person");
        assertTrue(store.withdraw("cahier", "d1"));
        assertFalse(store.withdraw("cahier", "d1"));
        assertEquals(List.of(), store.publishedFor(pupilOf4A(), 10));
    }

    @Test
    void oldItemsAndMarksArePurged() {
        store.publish(item("old", "Ancienne nouvelle"), Audience.profiles(SCHOOL, Set.of(Profile.ELEVE)));
        store.markRead(PUPIL.id(), List.of(NotificationStore.key("cahier", "old")));
        clock.advance(Duration.ofDays(30).minusMinutes(30));
        assertEquals(0, store.purge(), "not old enough yet");
        clock.advance(Duration.ofMinutes(45)); // past retention, within the hour since the last purge: listing does not purge
        assertEquals(List.of(), store.publishedFor(pupilOf4A(), 10), "past retention: not listed even before the purge");
        assertEquals("1", Databases.one(ds, "SELECT COUNT(*) FROM portal_notification"));
        clock.advance(Duration.ofMinutes(30));
        assertEquals(List.of(), store.publishedFor(pupilOf4A(), 10), "listing purges now and then");
        assertEquals("0", Databases.one(ds, "SELECT COUNT(*) FROM portal_notification"));
        assertEquals("0", Databases.one(ds, "SELECT COUNT(*) FROM portal_audience"), "audiences go with their item");
        assertEquals("1", Databases.one(ds, "SELECT COUNT(*) FROM portal_read"), "read marks are kept twice as long");
        clock.advance(Duration.ofDays(30));
        store.purge();
        assertEquals("0", Databases.one(ds, "SELECT COUNT(*) FROM portal_read"));
    }

    @Test
    void onlyPublishableItemsArePublished() {
        Audience a = Audience.profiles(SCHOOL, Set.of(Profile.ELEVE));
        for (Notification bad : List.of(
                new Notification("x", "cahier", "Lien externe", "https://example.com/", Instant.now()),
                new Notification("x", "cahier", "Lien protocole relatif", "//example.com/", Instant.now()),
                new Notification("x", "cahier", "Script", "javascript:alert(1)", Instant.now()),
                new Notification("x", "cahier", " ", "/#/", Instant.now()),
                new Notification("x", "cahier", "t".repeat(301), "/#/", Instant.now()),
                new Notification("x", "Cahier", "Module mal nommé", "/#/", Instant.now()))) {
            ProblemException e = assertThrows(ProblemException.class, () -> store.publish(bad, a), bad.toString());
            assertEquals(400, e.status());
        }
        assertEquals("0", Databases.one(ds, "SELECT COUNT(*) FROM portal_notification"));
    }

    @Test
    void theSchemaIsPortable() throws SQLException {
        DataSource h2 = Databases.h2PostgresMode(PortalSchema.CHANGELOG, NotificationStoreTest.class.getClassLoader());
        NotificationStore onH2 = new NotificationStore(h2, clock, Duration.ofDays(30));
        onH2.publish(item("d1", "Devoir"), Audience.divisions(SCHOOL, Set.of(CLASS_4A)).withResponsables());
        assertEquals(List.of("d1"), ids(onH2.publishedFor(parentOfThePupil(), 10)));
        assertEquals(1, onH2.markRead(PARENT.id(), List.of(NotificationStore.key("cahier", "d1"))));
        assertEquals(0, onH2.purge());
    }
}
