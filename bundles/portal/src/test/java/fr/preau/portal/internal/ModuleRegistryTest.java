package fr.preau.portal.internal;

import static fr.preau.portal.internal.Fixtures.contributor;
import static fr.preau.portal.internal.Fixtures.entry;
import static fr.preau.portal.internal.Fixtures.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.Profile;
import fr.preau.api.spi.CatalogueEntry;
import fr.preau.api.spi.SearchContributor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ModuleRegistryTest {

    @Test
    void startsEmpty() {
        ModuleRegistry.Snapshot s = new ModuleRegistry().snapshot();
        assertTrue(s.entries().isEmpty());
        assertTrue(s.contributors().isEmpty());
        assertTrue(s.sources().isEmpty());
    }

    @Test
    void bindAndUnbindPublishNewSnapshotsAndLeaveOldOnesAlone() {
        ModuleRegistry registry = new ModuleRegistry();
        CatalogueEntry cahier = entry("cahier", "Cahier de textes", 10, Profile.ELEVE);
        CatalogueEntry mail = entry("mail", "Messagerie", 20, Profile.ELEVE);
        registry.bindCatalogueEntry(cahier);
        ModuleRegistry.Snapshot before = registry.snapshot();
        registry.bindCatalogueEntry(mail);
        ModuleRegistry.Snapshot after = registry.snapshot();

        assertEquals(List.of(cahier), before.entries(), "a snapshot a request already holds never changes");
        assertEquals(List.of(cahier, mail), after.entries());
        assertSame(mail, after.entry("mail"));
        assertNull(after.entry("absent"));
        assertThrows(UnsupportedOperationException.class, () -> after.entries().add(cahier));

        registry.unbindCatalogueEntry(cahier);
        assertEquals(List.of(mail), registry.snapshot().entries());
        assertEquals(List.of(cahier, mail), after.entries());
    }

    @Test
    void unbindRemovesTheVeryObjectBoundEvenWhenAnEqualOneIsThere() {
        ModuleRegistry registry = new ModuleRegistry();
        CatalogueEntry v1 = entry("cahier", "Cahier de textes", 10, Profile.ELEVE);
        CatalogueEntry v2 = entry("cahier", "Cahier de textes", 10, Profile.ELEVE); // equal record, another service
        registry.bindCatalogueEntry(v1);
        registry.bindCatalogueEntry(v2);
        registry.unbindCatalogueEntry(v2);
        assertEquals(1, registry.snapshot().entries().size());
        assertSame(v1, registry.snapshot().entries().get(0));
    }

    @Test
    void contributorsAndSourcesAreTrackedSeparately() {
        ModuleRegistry registry = new ModuleRegistry();
        SearchContributor c = contributor("cahier");
        registry.bindSearchContributor(c);
        registry.bindNotificationSource(source("cahier"));
        assertEquals(1, registry.snapshot().contributors().size());
        assertEquals(1, registry.snapshot().sources().size());
        registry.unbindSearchContributor(c);
        assertTrue(registry.snapshot().contributors().isEmpty());
        assertEquals(1, registry.snapshot().sources().size());
    }

    @Test
    void concurrentBindsLoseNothing() throws Exception {
        ModuleRegistry registry = new ModuleRegistry();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<CatalogueEntry> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(entry("m" + i, "Module " + i, i, Profile.ELEVE));
        }
        for (CatalogueEntry e : all) {
            pool.submit(() -> {
                start.await();
                registry.bindCatalogueEntry(e);
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(200, registry.snapshot().entries().size());
    }
}
