package fr.preau.portal.internal;

import fr.preau.api.spi.CatalogueEntry;
import fr.preau.api.spi.NotificationSource;
import fr.preau.api.spi.SearchContributor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * What the installed modules contribute right now: catalogue entries, search contributors and
 * notification sources. Modules come and go at run time (hot-plug); every bind or unbind publishes
 * a new immutable {@link Snapshot}, so a request reads one consistent view without locking.
 */
@Component(service = ModuleRegistry.class, immediate = true, configurationPid = "fr.preau.portal")
public final class ModuleRegistry {

    /** One consistent view of the installed modules' contributions, in registration order. */
    public record Snapshot(List<CatalogueEntry> entries, List<SearchContributor> contributors,
            List<NotificationSource> sources) {
        static final Snapshot EMPTY = new Snapshot(List.of(), List.of(), List.of());

        public Snapshot {
            entries = List.copyOf(entries);
            contributors = List.copyOf(contributors);
            sources = List.copyOf(sources);
        }

        /** The catalogue entry of module {@code id}, or null when no such module is installed. */
        public CatalogueEntry entry(String id) {
            for (CatalogueEntry e : entries) {
                if (e.id().equals(id)) {
                    return e;
                }
            }
            return null;
        }
    }

    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(Snapshot.EMPTY);

    public ModuleRegistry() {
    }

    /** The current view; never null. */
    public Snapshot snapshot() {
        return snapshot.get();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindCatalogueEntry(CatalogueEntry entry) {
        update(s -> new Snapshot(plus(s.entries(), entry), s.contributors(), s.sources()));
    }

    void unbindCatalogueEntry(CatalogueEntry entry) {
        update(s -> new Snapshot(minus(s.entries(), entry), s.contributors(), s.sources()));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindSearchContributor(SearchContributor contributor) {
        update(s -> new Snapshot(s.entries(), plus(s.contributors(), contributor), s.sources()));
    }

    void unbindSearchContributor(SearchContributor contributor) {
        update(s -> new Snapshot(s.entries(), minus(s.contributors(), contributor), s.sources()));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindNotificationSource(NotificationSource source) {
        update(s -> new Snapshot(s.entries(), s.contributors(), plus(s.sources(), source)));
    }

    void unbindNotificationSource(NotificationSource source) {
        update(s -> new Snapshot(s.entries(), s.contributors(), minus(s.sources(), source)));
    }

    private void update(UnaryOperator<Snapshot> change) {
        snapshot.updateAndGet(change);
    }

    private static <T> List<T> plus(List<T> list, T item) {
        List<T> copy = new ArrayList<>(list);
        copy.add(item);
        return copy;
    }

    /** Removes by identity: DS unbinds the very object it bound. */
    private static <T> List<T> minus(List<T> list, T item) {
        List<T> copy = new ArrayList<>(list.size());
        boolean removed = false;
        for (T t : list) {
            if (!removed && t == item) {
                removed = true;
            } else {
                copy.add(t);
            }
        }
        return copy;
    }
}
