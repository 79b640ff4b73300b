package fr.preau.portal.internal;

import static fr.preau.portal.internal.Fixtures.PUPIL;
import static fr.preau.portal.internal.Fixtures.TEACHER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.ProblemException;
import fr.preau.portal.internal.PersonalStore.Preferences;
import fr.preau.store.testing.Databases;
import fr.preau.store.testing.MutableClock;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PersonalStoreTest {

    private EmbeddedDataSource ds;
    private final MutableClock clock = new MutableClock("2026-12-04T08:00:00Z");
    private PersonalStore store;

    @BeforeEach
    void setUp() throws SQLException {
        ds = Databases.derby("portal", PortalSchema.CHANGELOG, PersonalStoreTest.class.getClassLoader());
        store = new PersonalStore(ds, clock);
    }

    @AfterEach
    void tearDown() {
        Databases.drop(ds);
    }

    @Test
    void favouritesKeepTheOrderTheyWerePinnedIn() {
        assertTrue(store.addFavourite(PUPIL.id(), "mail"));
        clock.advance(Duration.ofSeconds(1));
        assertTrue(store.addFavourite(PUPIL.id(), "cahier"));
        assertFalse(store.addFavourite(PUPIL.id(), "mail"), "already pinned");
        assertEquals(List.of("mail", "cahier"), store.favourites(PUPIL.id()));
        assertEquals(List.of(), store.favourites(TEACHER.id()), "per person");
        assertTrue(store.removeFavourite(PUPIL.id(), "mail"));
        assertFalse(store.removeFavourite(PUPIL.id(), "mail"));
        assertEquals(List.of("cahier"), store.favourites(PUPIL.id()));
    }

    @Test
    void favouritesAreBounded() {
        for (int i = 0; i < PersonalStore.MAX_FAVOURITES; i++) {
            store.addFavourite(PUPIL.id(), "m" + i);
        }
        ProblemException e = assertThrows(ProblemException.class, () -> store.addFavourite(PUPIL.id(), "one-more"));
        assertEquals(409, e.status());
    }

    @Test
    void preferencesAreSavedAndReplaced() {
        assertEquals(Optional.empty(), store.preferences(PUPIL.id()));
        store.savePreferences(PUPIL.id(), new Preferences(true, false));
        assertEquals(Optional.of(new Preferences(true, false)), store.preferences(PUPIL.id()));
        store.savePreferences(PUPIL.id(), new Preferences(false, true));
        assertEquals(Optional.of(new Preferences(false, true)), store.preferences(PUPIL.id()));
        assertEquals(Optional.empty(), store.preferences(TEACHER.id()));
    }
}
