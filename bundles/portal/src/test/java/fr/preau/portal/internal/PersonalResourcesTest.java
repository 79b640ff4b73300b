package fr.preau.portal.internal;

import static fr.preau.portal.internal.Fixtures.PUPIL;
import static fr.preau.portal.internal.Fixtures.SCHOOL;
import static fr.preau.portal.internal.Fixtures.TEACHER;
import static fr.preau.portal.internal.Fixtures.entry;
import static fr.preau.portal.internal.Fixtures.news;
import static fr.preau.portal.internal.Fixtures.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import fr.preau.access.AccessService;
import fr.preau.access.Decision;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.api.spi.Audience;
import fr.preau.api.spi.CatalogueEntry;
import fr.preau.api.spi.Notification;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.directory.School;
import fr.preau.directory.Teaching;
import fr.preau.directory.letters.PersonName;
import fr.preau.portal.internal.Dtos.NotificationItem;
import fr.preau.portal.internal.Dtos.Notifications;
import fr.preau.store.testing.Databases;
import fr.preau.store.testing.MutableClock;
import fr.preau.web.PreauPrincipal;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The portal's personal endpoints on a real (in-memory) database, with access and the annuaire mocked. */
class PersonalResourcesTest {

    static final Division CLASS_4A = new Division("0999999Z:CLASSE:4A", SCHOOL, Division.Kind.CLASSE, "4A", "4A");
    static final Division GROUP = new Division("0999999Z:GROUPE:4-ESP", SCHOOL, Division.Kind.GROUPE, "4-ESP", "4-LV2-ESP");
    static final Person PARENT = new Person(new PersonId("r1"), "h.durand", "Hélène Durand", SCHOOL, EnumSet.of(Profile.PARENT));
    static final Person STRANGER = new Person(new PersonId("x1"), "z.autre", "Zoé Autre", new Uai("0999998Y"),
            EnumSet.of(Profile.ELEVE));

    @TempDir
    Path dir;

    private EmbeddedDataSource ds;
    private final MutableClock clock = new MutableClock("2026-12-04T08:00:00Z");
    private final AccessService access = mock(AccessService.class);
    private final DirectoryService directory = mock(DirectoryService.class);
    private final ModuleRegistry registry = new ModuleRegistry();
    private NotificationStore notifications;
    private PersonalStore personal;

    static SecurityContext as(Person who) {
        SecurityContext sc = mock(SecurityContext.class);
        when(sc.getUserPrincipal()).thenReturn(new PreauPrincipal(who, "session", "csrf"));
        return sc;
    }

    @BeforeEach
    void setUp() throws SQLException {
        ds = Databases.derby("portal", PortalSchema.CHANGELOG, PersonalResourcesTest.class.getClassLoader());
        notifications = new NotificationStore(ds, clock, Duration.ofDays(60));
        personal = new PersonalStore(ds, clock);
        when(access.mayUse(any(), any())).thenAnswer(i -> {
            Person p = i.getArgument(0);
            CatalogueEntry e = i.getArgument(1);
            return e.profiles().stream().anyMatch(p::has);
        });
        when(access.decide(any(), any(), any())).thenAnswer(i -> {
            Person p = i.getArgument(0);
            Uai school = i.getArgument(2);
            return school == null || school.equals(p.uai()) ? Decision.allow("same school") : Decision.deny("elsewhere");
        });
        registry.bindCatalogueEntry(entry("cahier", "Cahier de textes", 10, Profile.ELEVE, Profile.ENSEIGNANT, Profile.PARENT));
        registry.bindCatalogueEntry(entry("agenda", "Agenda", 20, Profile.ENSEIGNANT));
        when(directory.divisionsOf(PUPIL.id())).thenReturn(List.of(CLASS_4A, GROUP));
        when(directory.childrenOf(PARENT.id())).thenReturn(List.of(PUPIL));
        when(directory.school(SCHOOL)).thenReturn(Optional.of(new School(SCHOOL, "Collège Jean Rostand", true)));
    }

    @AfterEach
    void tearDown() {
        Databases.drop(ds);
    }

    NotificationsResource notificationsResource() {
        return new NotificationsResource(registry, access, directory, notifications, 20, 50);
    }

    @Test
    void pulledAndPublishedItemsAreListedWithTheirReadState() {
        registry.bindNotificationSource(source("cahier", news("cahier", "pulled", "2026-12-04T07:00:00Z")));
        notifications.publish(new Notification("published", "cahier", "Sortie au musée", "/#/module/cahier", clock.instant()),
                Audience.divisions(SCHOOL, Set.of(CLASS_4A.id())));
        notifications.publish(new Notification("for-agenda", "agenda", "Réunion", "/#/module/agenda", clock.instant()),
                Audience.divisions(SCHOOL, Set.of(CLASS_4A.id())));
        NotificationsResource resource = notificationsResource();

        Notifications list = resource.list(as(PUPIL), null);
        assertEquals(List.of("published", "pulled"), list.items().stream().map(NotificationItem::id).toList(),
                "newest first; a module the pupil may not use is left out");
        assertTrue(list.items().stream().allMatch(NotificationItem::unread));
        assertEquals(2, list.unread());
        assertEquals(1, resource.list(as(PUPIL), "1").items().size());
        assertEquals(2, resource.list(as(PUPIL), "1").unread(), "the count covers more than the page");

        String pulled = NotificationStore.key("cahier", "pulled");
        assertEquals(204, resource.markRead(as(PUPIL), pulled).getStatus());
        Notifications after = resource.list(as(PUPIL), null);
        assertEquals(1, after.unread());
        assertFalse(after.items().stream().filter(i -> i.key().equals(pulled)).findFirst().orElseThrow().unread());

        // the teacher does not get the class's published item: they cannot mark it either
        String published = NotificationStore.key("cahier", "published");
        ProblemException e = assertThrows(ProblemException.class, () -> resource.markRead(as(TEACHER), published));
        assertEquals(404, e.status());
        assertEquals(404, assertThrows(ProblemException.class, () -> resource.markRead(as(PUPIL), "../../etc")).status());

        assertEquals(204, resource.markAllRead(as(PUPIL)).getStatus());
        assertEquals(0, resource.list(as(PUPIL), null).unread());
        assertEquals(1, resource.list(as(TEACHER), null).unread(), "the teacher's pulled item is still unread for them");
    }

    @Test
    void aParentGetsWhatIsPublishedForTheirChildsClassWithResponsables() {
        notifications.publish(new Notification("meeting", "cahier", "Réunion parents-professeurs mardi", "/#/", clock.instant()),
                Audience.divisions(SCHOOL, Set.of(CLASS_4A.id())).withResponsables());
        assertEquals(List.of("meeting"), notificationsResource().list(as(PARENT), null).items().stream().map(NotificationItem::id).toList());
    }

    @Test
    void notificationsNeedTheRight() {
        doThrow(new ProblemException(403, "forbidden", "Non")).when(access).require(any(), eq(PortalPermissions.READ_NOTIFICATIONS), any());
        assertEquals(403, assertThrows(ProblemException.class, () -> notificationsResource().list(as(PUPIL), null)).status());
        assertEquals(403, assertThrows(ProblemException.class, () -> notificationsResource().markAllRead(as(PUPIL))).status());
    }

    @Test
    void favouritesAreModulesOfTheCallersCatalogue() {
        FavouritesResource resource = new FavouritesResource(registry, access, personal);
        assertEquals(List.of(), resource.list(as(PUPIL)).items());
        assertEquals(204, resource.add(as(PUPIL), "cahier").getStatus());
        assertEquals(204, resource.add(as(PUPIL), "cahier").getStatus(), "idempotent");
        assertEquals(404, assertThrows(ProblemException.class, () -> resource.add(as(PUPIL), "agenda")).status(),
                "not in the pupil's catalogue");
        assertEquals(404, assertThrows(ProblemException.class, () -> resource.add(as(PUPIL), "../x")).status());
        assertEquals(List.of("cahier"), resource.list(as(PUPIL)).items());
        assertEquals(List.of(), resource.list(as(TEACHER)).items(), "per person");
        // an uninstalled module is not listed, and comes back with its module
        CatalogueEntry cahier = registry.snapshot().entry("cahier");
        registry.unbindCatalogueEntry(cahier);
        assertEquals(List.of(), resource.list(as(PUPIL)).items());
        registry.bindCatalogueEntry(cahier);
        assertEquals(List.of("cahier"), resource.list(as(PUPIL)).items());
        assertEquals(204, resource.remove(as(PUPIL), "cahier").getStatus());
        assertEquals(List.of(), resource.list(as(PUPIL)).items());
        doThrow(new ProblemException(403, "forbidden", "Non")).when(access).require(any(), eq(PortalPermissions.KEEP_FAVOURITES), any());
        assertEquals(403, assertThrows(ProblemException.class, () -> resource.list(as(PUPIL))).status());
    }

    @Test
    void preferencesFollowThePerson() {
        PreferencesResource resource = new PreferencesResource(access, personal);
        assertFalse(resource.read(as(PUPIL)).saved());
        PreferencesResource.PreferencesDto saved = resource.write(as(PUPIL), new PreferencesResource.PreferencesDto(true, false, false));
        assertTrue(saved.saved());
        assertEquals(new PreferencesResource.PreferencesDto(true, false, true), resource.read(as(PUPIL)));
        assertEquals(400, assertThrows(ProblemException.class,
                () -> resource.write(as(PUPIL), new PreferencesResource.PreferencesDto(null, true, false))).status());
        assertFalse(resource.read(as(TEACHER)).saved());
    }

    @Test
    void theProfileIsTheCallersOwnAnnuaireData() {
        AvatarStore avatars = new AvatarStore(dir.resolve("avatars"));
        ProfileResource resource = new ProfileResource(access, directory, avatars);
        when(directory.nameOf(PUPIL.id())).thenReturn(Optional.of(new PersonName("Léa", "Durand")));
        when(directory.mailAddress(PUPIL.id())).thenReturn(Optional.of("lea.durand@0999999z.preau.invalid"));
        ProfileResource.ProfileDto me = resource.read(as(PUPIL));
        assertEquals("Léa", me.firstName());
        assertEquals("Durand", me.lastName());
        assertEquals("lea.durand", me.login());
        assertEquals(List.of(new ProfileResource.ProfileLabel("ELEVE", "Élève")), me.profiles());
        assertEquals(new ProfileResource.SchoolDto("0999999Z", "Collège Jean Rostand"), me.school());
        assertEquals(List.of("4A"), me.classes());
        assertEquals(List.of("4-LV2-ESP"), me.groups());
        assertEquals(List.of(), me.children());
        assertNull(me.avatar());

        Person teacher = TEACHER;
        when(directory.teachingsOf(teacher.id())).thenReturn(List.of(new Teaching(CLASS_4A, "MATHS", "Mathématiques"),
                new Teaching(GROUP, "-", null)));
        assertEquals(List.of(new ProfileResource.TeachingDto("4A", "Mathématiques"), new ProfileResource.TeachingDto("4-LV2-ESP", null)),
                resource.read(as(teacher)).teachings());

        when(directory.classesOf(PUPIL.id())).thenReturn(List.of("4A"));
        ProfileResource.ProfileDto parent = resource.read(as(PARENT));
        assertEquals(List.of(new ProfileResource.ChildDto("Léa Durand", List.of("4A"),
                new ProfileResource.SchoolDto("0999999Z", "Collège Jean Rostand"))), parent.children());

        doThrow(new ProblemException(403, "forbidden", "Non")).when(access).require(any(), eq(PortalPermissions.READ_OWN_PROFILE), any());
        assertEquals(403, assertThrows(ProblemException.class, () -> resource.read(as(PUPIL))).status());
    }

    @Test
    void avatarsAreSeenWithinTheSchoolOnly() throws Exception {
        AvatarStore avatars = new AvatarStore(dir.resolve("avatars"));
        AvatarsResource resource = new AvatarsResource(access, directory, avatars);
        assertEquals(404, assertThrows(ProblemException.class, () -> resource.get(as(PUPIL), null, PUPIL.id().value(), null)).status());
        String url = resource.put(as(PUPIL), null, new ByteArrayInputStream(AvatarStoreTest.picture("png", 300, 300))).get("avatar");
        assertTrue(url.startsWith("/api/v1/avatars/" + PUPIL.id().value() + "?v="), url);
        String version = url.substring(url.indexOf("?v=") + 3);

        Response mine = resource.get(as(PUPIL), null, PUPIL.id().value(), version);
        assertEquals(200, mine.getStatus());
        assertEquals("image/png", mine.getMediaType().toString());
        assertTrue(mine.getHeaderString("Cache-Control") == null || !mine.getHeaderString("Cache-Control").isEmpty());
        when(directory.find(PUPIL.id())).thenReturn(Optional.of(PUPIL));
        assertEquals(200, resource.get(as(TEACHER), null, PUPIL.id().value(), null).getStatus(), "same school");
        assertEquals(404, assertThrows(ProblemException.class, () -> resource.get(as(STRANGER), null, PUPIL.id().value(), null))
                .status(), "another school: as if there were none");
        assertEquals(404, assertThrows(ProblemException.class, () -> resource.get(as(PUPIL), null, "../../x", null)).status());

        assertEquals(413, assertThrows(ProblemException.class,
                () -> resource.put(as(PUPIL), "2000000", new ByteArrayInputStream(new byte[0]))).status(), "refused from its length");
        assertEquals(204, resource.delete(as(PUPIL)).getStatus());
        assertNull(AvatarsResource.url(PUPIL.id(), avatars));
    }
}
