package fr.preau.portal.internal;

import static fr.preau.portal.internal.Fixtures.SCHOOL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.access.AccessService;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.portal.PageViews.PageCount;
import fr.preau.store.testing.Databases;
import fr.preau.store.testing.MutableClock;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

class PageViewStoreTest {

    static final Uai OTHER = new Uai("0999998Y");
    static final LocalDate DAY = LocalDate.of(2026, 12, 4);

    private EmbeddedDataSource ds;
    private final MutableClock clock = new MutableClock("2026-12-04T08:00:00Z");
    private final ModuleRegistry modules = new ModuleRegistry();
    private PageViewStore store;

    @BeforeEach
    void setUp() throws SQLException {
        ds = Databases.derby("portal", PortalSchema.CHANGELOG, PageViewStoreTest.class.getClassLoader());
        modules.bindCatalogueEntry(Fixtures.entry("cahier", "Cahier de textes", 1, Profile.ELEVE, Profile.ENSEIGNANT));
        store = new PageViewStore(ds, clock, modules, false);
    }

    @AfterEach
    void tearDown() {
        Databases.drop(ds);
    }

    @Test
    void countsPerPageAndProfileMostOpenedFirstWithoutAnyPerson() {
        store.record(SCHOOL, Profile.ELEVE, "module/cahier");
        store.record(SCHOOL, Profile.ELEVE, "module/cahier");
        store.record(SCHOOL, Profile.ENSEIGNANT, "module/cahier");
        store.record(SCHOOL, Profile.ELEVE, "accueil");
        store.record(OTHER, Profile.ELEVE, "accueil"); // another school
        store.flush();
        store.record(SCHOOL, Profile.ELEVE, "module/cahier"); // still in memory: read() flushes first
        List<PageCount> counts = store.count(SCHOOL, DAY, DAY);
        assertEquals(List.of("module/cahier", "accueil"), counts.stream().map(PageCount::page).toList());
        assertEquals(4, counts.get(0).views());
        assertEquals("Cahier de textes", counts.get(0).label());
        assertEquals(Map.of(Profile.ELEVE, 3L, Profile.ENSEIGNANT, 1L), counts.get(0).byProfile());
        assertEquals("Accueil", counts.get(1).label());
        assertEquals(List.of(), store.count(SCHOOL, DAY.plusDays(1), DAY.plusDays(3)));
        // one row per (day, school, profile, page), no person anywhere
        assertEquals("4", Databases.one(ds, "SELECT COUNT(*) FROM portal_page_view"));
        assertEquals("3", Databases.one(ds, "SELECT views FROM portal_page_view WHERE page = 'module/cahier' AND profile = 'ELEVE' "
                + "AND school = '0999999Z'"));
    }

    @Test
    void onlyKnownPagesAndInstalledModulesAreCounted() {
        assertTrue(store.known("accueil"));
        assertTrue(store.known("module/cahier"));
        assertFalse(store.known("module/messagerie"));
        assertFalse(store.known("n'importe quoi"));
        assertFalse(store.known(null));
        // a module uninstalled later keeps its counts, under a name that says so
        store.record(SCHOOL, Profile.ELEVE, "module/cahier");
        modules.unbindCatalogueEntry(modules.snapshot().entry("cahier"));
        assertEquals("Module « cahier » (désinstallé)", store.count(SCHOOL, DAY, DAY).get(0).label());
    }

    @Test
    void aSessionCannotFloodTheCounters() {
        String session = PageViewsResource.digest("session-1");
        assertTrue(store.allow(session, "accueil"));
        assertFalse(store.allow(session, "accueil"), "the same page again at once counts once");
        clock.advance(Duration.ofSeconds(11));
        assertTrue(store.allow(session, "accueil"));
        int allowed = 2;
        for (int i = 0; i < 500; i++) {
            if (store.allow(session, i % 2 == 0 ? "aide" : "profil")) {
                allowed++;
            }
        }
        assertEquals(PageViewStore.MAX_PER_SESSION_HOUR, allowed);
        assertTrue(store.allow(PageViewsResource.digest("session-2"), "aide"), "other sessions are not affected");
        clock.advance(Duration.ofHours(1));
        assertTrue(store.allow(session, "aide"), "a new hour, a new allowance");
    }

    @Test
    void countsOlderThanThirteenMonthsArePurged() {
        store.record(SCHOOL, Profile.ELEVE, "accueil");
        store.flush();
        clock.advance(Duration.ofDays(PageViewStore.RETENTION_DAYS - 1));
        store.flush();
        assertEquals("1", Databases.one(ds, "SELECT COUNT(*) FROM portal_page_view"));
        clock.advance(Duration.ofDays(2));
        store.flush();
        assertEquals("0", Databases.one(ds, "SELECT COUNT(*) FROM portal_page_view"));
    }

    @Test
    void theResourceCountsTheSignedInPersonsSchoolAndMainProfile() {
        AccessService access = Mockito.mock(AccessService.class);
        PageViewsResource resource = new PageViewsResource(access, store);
        Person teacherAndDirection = new Person(new PersonId("d1"), "a.verger", "Anne Verger", SCHOOL,
                EnumSet.of(Profile.DIRECTION, Profile.ENSEIGNANT));
        assertEquals(204, resource.view(SignedInAs.of(teacherAndDirection, "s1"), new PageViewsResource.ViewDto("module/cahier")).getStatus());
        assertEquals(Map.of(Profile.ENSEIGNANT, 1L), store.count(SCHOOL, DAY, DAY).get(0).byProfile());
        ProblemException unknown = assertThrows(ProblemException.class,
                () -> resource.view(SignedInAs.of(teacherAndDirection, "s1"), new PageViewsResource.ViewDto("module/inconnu")));
        assertEquals("unknown-page", unknown.code());
        assertEquals(400, unknown.status());
        Mockito.verify(access, Mockito.atLeastOnce()).require(teacherAndDirection, PortalPermissions.COUNT_VIEWS, SCHOOL);
    }

    @Test
    void theSchemaIsPortable() throws SQLException {
        DataSource h2 = Databases.h2PostgresMode(PortalSchema.CHANGELOG, PageViewStoreTest.class.getClassLoader());
        PageViewStore onH2 = new PageViewStore(h2, clock, modules, false);
        onH2.record(SCHOOL, Profile.PARENT, "aide");
        onH2.flush();
        onH2.record(SCHOOL, Profile.PARENT, "aide");
        assertEquals(2, onH2.count(SCHOOL, DAY, DAY).get(0).views());
    }
}
