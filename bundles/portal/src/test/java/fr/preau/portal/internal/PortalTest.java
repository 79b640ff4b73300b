package fr.preau.portal.internal;

import static fr.preau.portal.internal.Fixtures.PUPIL;
import static fr.preau.portal.internal.Fixtures.TEACHER;
import static fr.preau.portal.internal.Fixtures.contributor;
import static fr.preau.portal.internal.Fixtures.entry;
import static fr.preau.portal.internal.Fixtures.hit;
import static fr.preau.portal.internal.Fixtures.news;
import static fr.preau.portal.internal.Fixtures.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import fr.preau.access.AccessService;
import fr.preau.api.Person;
import fr.preau.api.Profile;
import fr.preau.api.ProblemException;
import fr.preau.api.spi.CatalogueEntry;
import fr.preau.api.spi.SearchContributor;
import fr.preau.portal.internal.Dtos.CatalogueItem;
import fr.preau.portal.internal.Dtos.HitItem;
import fr.preau.portal.internal.Dtos.NotificationItem;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PortalTest {

    private ModuleRegistry registry;
    private Portal portal;

    /** Access as the profiles say: a module is usable by the profiles it names. */
    private static final AccessService BY_PROFILE = new AccessService() {
        @Override
        public fr.preau.access.Decision decide(Person who, String action, fr.preau.api.Uai school) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void require(Person who, String action, fr.preau.api.Uai school) {
            throw new UnsupportedOperationException();
        }

        @Override
        public fr.preau.access.Decision decideOn(Person who, String action, fr.preau.access.Target target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void requireOn(Person who, String action, fr.preau.access.Target target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean mayUse(Person who, CatalogueEntry module) {
            return module.profiles().stream().anyMatch(who::has);
        }

        @Override
        public java.util.Set<String> knownActions() {
            return java.util.Set.of();
        }
    };

    @BeforeEach
    void setUp() {
        registry = new ModuleRegistry();
        portal = new Portal(registry, BY_PROFILE);
        registry.bindCatalogueEntry(entry("mail", "Messagerie", 20, Profile.ELEVE, Profile.ENSEIGNANT));
        registry.bindCatalogueEntry(entry("cahier", "Cahier de textes", 10, Profile.ELEVE, Profile.ENSEIGNANT));
        registry.bindCatalogueEntry(entry("admin", "Console", 5, Profile.REFERENT));
        registry.bindCatalogueEntry(entry("agenda", "Agenda", 20, Profile.ENSEIGNANT));
    }

    @Test
    void catalogueIsFilteredByAccessAndSortedByOrderThenName() {
        List<CatalogueItem> teacher = portal.catalogue(TEACHER);
        assertEquals(List.of("cahier", "agenda", "mail"), teacher.stream().map(CatalogueItem::id).toList());
        assertEquals(List.of("cahier", "mail"), portal.catalogue(PUPIL).stream().map(CatalogueItem::id).toList());
        CatalogueItem first = teacher.get(0);
        assertEquals("Cahier de textes", first.name());
        assertEquals("/modules/cahier/index.js", first.entryPoint());
        assertEquals(10, first.order());
    }

    @Test
    void aModuleGoneFromTheRegistryIsGoneFromTheCatalogue() {
        CatalogueEntry mail = registry.snapshot().entry("mail");
        registry.unbindCatalogueEntry(mail);
        assertEquals(List.of("cahier"), portal.catalogue(PUPIL).stream().map(CatalogueItem::id).toList());
    }

    @Test
    void aDuplicateModuleIdIsListedOnce() {
        registry.bindCatalogueEntry(entry("mail", "Messagerie (nouvelle version)", 20, Profile.ELEVE));
        assertEquals(List.of("cahier", "mail"), portal.catalogue(PUPIL).stream().map(CatalogueItem::id).toList());
    }

    @Test
    void anAccessCheckThatFailsLeavesOnlyThatModuleOut() {
        AccessService flaky = mock(AccessService.class);
        when(flaky.mayUse(any(), any())).thenAnswer(inv -> {
            CatalogueEntry e = inv.getArgument(1);
            if (e.id().equals("mail")) {
                throw new IllegalStateException("boom");
            }
            return true;
        });
        assertEquals(List.of("admin", "cahier", "agenda"),
                new Portal(registry, flaky).catalogue(TEACHER).stream().map(CatalogueItem::id).toList());
    }

    @Test
    void searchAsksOnlyTheModulesThePersonMayUseAndMergesByScore() {
        SearchContributor agenda = mock(SearchContributor.class);
        when(agenda.module()).thenReturn("agenda");
        registry.bindSearchContributor(agenda);
        registry.bindSearchContributor(contributor("cahier", hit("cahier", "Séance 1", 1.0), hit("cahier", "Séance 2", 3.0)));
        registry.bindSearchContributor(contributor("mail", hit("mail", "Message", 2.0)));
        registry.bindSearchContributor(contributor("orphan", hit("orphan", "Sans module", 9.0)));

        List<HitItem> hits = portal.search(PUPIL, "  séance ", null, 20, 50);

        assertEquals(List.of("Séance 2", "Message", "Séance 1"), hits.stream().map(HitItem::title).toList());
        assertEquals("Cahier de textes", hits.get(0).moduleName());
        verify(agenda, never()).search(any(), anyString(), anyInt());
    }

    @Test
    void searchPassesTheTrimmedQueryAndLimitAndCutsTheMergedList() {
        SearchContributor c = mock(SearchContributor.class);
        when(c.module()).thenReturn("cahier");
        when(c.search(PUPIL, "fractions", 2)).thenReturn(List.of(hit("cahier", "a", 1), hit("cahier", "b", 2)));
        registry.bindSearchContributor(c);
        registry.bindSearchContributor(contributor("mail", hit("mail", "c", 3), hit("mail", "d", 0)));
        List<HitItem> hits = portal.search(PUPIL, " fractions ", "2", 20, 50);
        assertEquals(List.of("c", "b"), hits.stream().map(HitItem::title).toList());
    }

    @Test
    void aContributorThatThrowsIsSkipped() {
        SearchContributor broken = mock(SearchContributor.class);
        when(broken.module()).thenReturn("mail");
        when(broken.search(any(), anyString(), anyInt())).thenThrow(new IllegalStateException("index closed for query fractions"));
        SearchContributor linkage = mock(SearchContributor.class);
        when(linkage.module()).thenReturn("cahier");
        when(linkage.search(any(), anyString(), anyInt())).thenThrow(new NoClassDefFoundError("uninstalled"));
        registry.bindSearchContributor(broken);
        registry.bindSearchContributor(linkage);
        registry.bindSearchContributor(contributor("cahier", hit("cahier", "Séance", 1.0)));

        List<HitItem> hits = portal.search(PUPIL, "fractions", null, 20, 50);
        assertEquals(List.of("Séance"), hits.stream().map(HitItem::title).toList());
    }

    @Test
    void aContributorReturningNullGivesNoHits() {
        SearchContributor c = mock(SearchContributor.class);
        when(c.module()).thenReturn("cahier");
        when(c.search(any(), anyString(), anyInt())).thenReturn(null);
        registry.bindSearchContributor(c);
        assertTrue(portal.search(PUPIL, "x", null, 20, 50).isEmpty());
    }

    @Test
    void queryAndLimitAreChecked() {
        ProblemException empty = assertThrows(ProblemException.class, () -> portal.search(PUPIL, "   ", null, 20, 50));
        assertEquals(400, empty.status());
        assertEquals("invalid-query", empty.code());
        assertFalse(empty.title().isBlank());
        assertThrows(ProblemException.class, () -> portal.search(PUPIL, null, null, 20, 50));
        assertThrows(ProblemException.class, () -> portal.search(PUPIL, "x".repeat(201), null, 20, 50));
        portal.search(PUPIL, "x".repeat(200), null, 20, 50);

        assertEquals(20, Portal.limit(null, 20, 50));
        assertEquals(20, Portal.limit(" ", 20, 50));
        assertEquals(1, Portal.limit("1", 20, 50));
        assertEquals(50, Portal.limit("50", 20, 50));
        for (String bad : List.of("0", "51", "-3", "abc", "2.5")) {
            ProblemException e = assertThrows(ProblemException.class, () -> Portal.limit(bad, 20, 50), bad);
            assertEquals("invalid-limit", e.code());
        }
    }

    @Test
    void notificationsAreMergedNewestFirstFromUsableModulesOnly() {
        registry.bindNotificationSource(source("cahier",
                news("cahier", "c1", "2026-12-01T08:00:00Z"), news("cahier", "c2", "2026-12-03T08:00:00Z")));
        registry.bindNotificationSource(source("mail", news("mail", "m1", "2026-12-02T08:00:00Z")));
        registry.bindNotificationSource(source("agenda", news("agenda", "a1", "2026-12-04T08:00:00Z")));
        SearchContributor unused = mock(SearchContributor.class);
        registry.bindSearchContributor(unused);

        List<NotificationItem> items = portal.notifications(PUPIL, null, 20, 50);
        assertEquals(List.of("c2", "m1", "c1"), items.stream().map(NotificationItem::id).toList());
        assertEquals("2026-12-03T08:00:00Z", items.get(0).at());
        assertEquals("Cahier de textes", items.get(0).moduleName());
        assertEquals(List.of("c2", "m1"), portal.notifications(PUPIL, "2", 20, 50).stream().map(NotificationItem::id).toList());
    }

    @Test
    void aNotificationSourceThatThrowsIsSkipped() {
        fr.preau.api.spi.NotificationSource broken = mock(fr.preau.api.spi.NotificationSource.class);
        when(broken.module()).thenReturn("mail");
        when(broken.notificationsFor(any(), anyInt())).thenThrow(new IllegalStateException("db down"));
        registry.bindNotificationSource(broken);
        registry.bindNotificationSource(source("cahier", news("cahier", "c1", "2026-12-01T08:00:00Z")));
        assertEquals(List.of("c1"), portal.notifications(PUPIL, null, 20, 50).stream().map(NotificationItem::id).toList());
    }
}
