package fr.preau.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import fr.preau.access.AccessService;
import fr.preau.api.Page;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.audit.AuditActions;
import fr.preau.audit.AuditEntry;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.audit.AuditQuery;
import fr.preau.directory.DirectoryEntry;
import fr.preau.directory.DirectoryService;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatisticsResourceTest {

    static final Uai COLLEGE = new Uai("0999999Z");

    AuditLog audit = mock(AuditLog.class);
    DirectoryService directory = mock(DirectoryService.class);
    StatisticsResource resource = new StatisticsResource(audit, directory, mock(AccessService.class),
            Clock.fixed(Instant.parse("2026-10-25T12:00:00Z"), ZoneOffset.UTC));
    Person referent = new Person(new PersonId("ref"), "referent", "Référent numérique", COLLEGE, Set.of(Profile.REFERENT));
    List<AuditEntry> logins = new ArrayList<>();

    static Person person(String id, Profile p) {
        return new Person(new PersonId(id), id, id, COLLEGE, Set.of(p));
    }

    void login(String who, String at) {
        logins.add(new AuditEntry(logins.size() + 1, Instant.parse(at),
                new AuditEvent(AuditActions.LOGIN, new PersonId(who), who, "192.0.2.1", true, Map.of()), "h"));
    }

    @Test
    void countsDistinctPeopleOfTheSchoolPerHalfHourAndProfile() {
        when(directory.search(any())).thenReturn(List.of(new DirectoryEntry(person("eleve1", Profile.ELEVE), true, List.of("5A")),
                new DirectoryEntry(person("eleve2", Profile.ELEVE), true, List.of("5A")),
                new DirectoryEntry(person("prof", Profile.ENSEIGNANT), true, List.of("5A"))));
        // 2026-11-23 is a plain day: Paris = UTC+1
        login("eleve1", "2026-11-23T07:05:00Z");   // 08:05
        login("eleve1", "2026-11-23T07:20:00Z");   // 08:20, the same person again
        login("prof", "2026-11-23T07:29:59Z");     // 08:29
        login("eleve2", "2026-11-23T07:30:00Z");   // 08:30
        login("stranger", "2026-11-23T07:10:00Z"); // not of this school
        when(audit.search(any(AuditQuery.class), anyInt(), anyInt())).thenAnswer(i -> {
            AuditQuery q = i.getArgument(0);
            assertEquals(Instant.parse("2026-11-22T23:00:00Z"), q.from(), "midnight in Paris");
            List<AuditEntry> items = q.action().equals(AuditActions.LOGIN) ? logins : List.of();
            return new Page<>(items, items.size(), 0, Page.MAX_LIMIT);
        });
        StatisticsResource.ConnectionsDto day = resource.connections(SignedIn.as(referent), null, "2026-11-23");
        assertEquals(48, day.slots().size());
        assertEquals(3, day.people());
        StatisticsResource.SlotDto eight = day.slots().get(16);
        assertEquals("08:00", eight.start());
        assertEquals(2, eight.people());
        assertEquals(Map.of(Profile.ELEVE, 1, Profile.ENSEIGNANT, 1), eight.byProfile());
        assertEquals(1, day.slots().get(17).people());
        assertEquals(0, day.slots().get(18).people());
    }

    @Test
    void aBadDayIsAClearProblem() {
        assertEquals("invalid-date", assertThrows(ProblemException.class,
                () -> resource.connections(SignedIn.as(referent), null, "23/11/2026")).code());
    }

    @Test
    void pagesOverAPeriodMostOpenedFirstByProfile() {
        fr.preau.portal.PageViews views = mock(fr.preau.portal.PageViews.class);
        resource.pageViews = views;
        when(views.count(COLLEGE, java.time.LocalDate.of(2026, 9, 1), java.time.LocalDate.of(2026, 9, 30))).thenReturn(List.of(
                new fr.preau.portal.PageViews.PageCount("module/cahier", "Cahier de textes", 12, Map.of(Profile.ELEVE, 10L, Profile.ENSEIGNANT, 2L)),
                new fr.preau.portal.PageViews.PageCount("accueil", "Accueil", 5, Map.of(Profile.PARENT, 5L))));
        StatisticsResource.PagesDto pages = resource.pages(SignedIn.as(referent), "0999999Z", "2026-09-01", "2026-09-30");
        assertEquals(17, pages.views());
        assertEquals(List.of("module/cahier", "accueil"), pages.items().stream().map(StatisticsResource.PageDto::page).toList());
        assertEquals(Map.of(Profile.ELEVE, 10L, Profile.ENSEIGNANT, 2L), pages.items().get(0).byProfile());
        // by default the last 30 days up to today (Paris)
        when(views.count(any(), any(), any())).thenReturn(List.of());
        StatisticsResource.PagesDto recent = resource.pages(SignedIn.as(referent), null, null, null);
        assertEquals(java.time.LocalDate.of(2026, 10, 25), recent.to());
        assertEquals(java.time.LocalDate.of(2026, 9, 26), recent.from());
        assertEquals(0, recent.views());
    }

    @Test
    void aPeriodBackwardsTooLongOrUnreadableIsAClearProblemAndAbsentCountersA503() {
        resource.pageViews = mock(fr.preau.portal.PageViews.class);
        assertEquals("invalid-period", assertThrows(ProblemException.class,
                () -> resource.pages(SignedIn.as(referent), null, "2026-09-30", "2026-09-01")).code());
        ProblemException tooLong = assertThrows(ProblemException.class,
                () -> resource.pages(SignedIn.as(referent), null, "2025-09-01", "2026-09-02"));
        assertEquals("period-too-long", tooLong.code());
        assertEquals(400, tooLong.status());
        assertTrue(tooLong.title().contains("366 jours"), tooLong.title());
        resource.pages(SignedIn.as(referent), null, "2025-09-01", "2026-09-01"); // 366 days: allowed
        assertEquals("invalid-date", assertThrows(ProblemException.class,
                () -> resource.pages(SignedIn.as(referent), null, "1er septembre", null)).code());
        resource.pageViews = null;
        assertEquals(503, assertThrows(ProblemException.class,
                () -> resource.pages(SignedIn.as(referent), null, null, null)).status());
    }

    @Test
    void pagesAreCheckedThroughAccess() {
        AccessService access = mock(AccessService.class);
        StatisticsResource guarded = new StatisticsResource(audit, directory, access,
                Clock.fixed(Instant.parse("2026-10-25T12:00:00Z"), ZoneOffset.UTC));
        guarded.pageViews = mock(fr.preau.portal.PageViews.class);
        Person pupil = person("eleve1", Profile.ELEVE);
        org.mockito.Mockito.doThrow(new ProblemException(403, "forbidden", "Vous n'avez pas accès à cette page."))
                .when(access).require(pupil, fr.preau.access.PlatformActions.READ_STATISTICS, COLLEGE);
        assertEquals(403, assertThrows(ProblemException.class, () -> guarded.pages(SignedIn.as(pupil), null, null, null)).status());
        org.mockito.Mockito.verifyNoInteractions(guarded.pageViews);
    }
}
