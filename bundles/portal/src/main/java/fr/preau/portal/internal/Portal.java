package fr.preau.portal.internal;

import fr.preau.access.AccessService;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.api.spi.CatalogueEntry;
import fr.preau.api.spi.Notification;
import fr.preau.api.spi.NotificationSource;
import fr.preau.api.spi.SearchContributor;
import fr.preau.api.spi.SearchHit;
import fr.preau.portal.internal.Dtos.CatalogueItem;
import fr.preau.portal.internal.Dtos.HitItem;
import fr.preau.portal.internal.Dtos.NotificationItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portal's answers for one person: the modules they may use, box-wide search and
 * "nouveautés", each built from one registry snapshot and filtered by {@code access}.
 * A module that fails is left out and logged; it never breaks the page.
 */
final class Portal {

    private static final Logger LOG = LoggerFactory.getLogger(Portal.class);
    static final int MAX_QUERY_LENGTH = 200;

    private static final Comparator<CatalogueEntry> CATALOGUE_ORDER =
            Comparator.comparingInt(CatalogueEntry::order).thenComparing(CatalogueEntry::name, String.CASE_INSENSITIVE_ORDER)
                    .thenComparing(CatalogueEntry::id);

    private final ModuleRegistry registry;
    private final AccessService access;

    Portal(ModuleRegistry registry, AccessService access) {
        this.registry = registry;
        this.access = access;
    }

    /** The modules {@code who} may use, by order then name; one entry per module id. */
    List<CatalogueItem> catalogue(Person who) {
        return usable(who, registry.snapshot()).stream().map(CatalogueItem::of).toList();
    }

    List<HitItem> search(Person who, String rawQuery, String rawLimit, int defaultLimit, int maxLimit) {
        String query = rawQuery == null ? "" : rawQuery.strip();
        if (query.isEmpty() || query.length() > MAX_QUERY_LENGTH) {
            throw new ProblemException(400, "invalid-query",
                    "Saisissez entre 1 et " + MAX_QUERY_LENGTH + " caractères pour lancer une recherche.");
        }
        int limit = limit(rawLimit, defaultLimit, maxLimit);
        ModuleRegistry.Snapshot s = registry.snapshot();
        List<CatalogueEntry> usable = usable(who, s);
        List<HitItem> hits = new ArrayList<>();
        for (SearchContributor c : s.contributors()) {
            CatalogueEntry module = find(usable, safeModule(c));
            if (module == null) {
                continue;
            }
            try {
                List<SearchHit> found = c.search(who, query, limit);
                if (found != null) {
                    for (SearchHit h : found) {
                        if (h != null) {
                            hits.add(HitItem.of(h, module.name()));
                        }
                    }
                }
            } catch (RuntimeException | LinkageError e) {
                // never log the query: it may name a pupil
                LOG.warn("Search contributor of module {} failed ({}); its hits are left out", module.id(), e.getClass().getName());
            }
        }
        hits.sort(Comparator.comparingDouble(HitItem::score).reversed()
                .thenComparing(HitItem::module).thenComparing(HitItem::title));
        return hits.size() > limit ? List.copyOf(hits.subList(0, limit)) : List.copyOf(hits);
    }

    List<NotificationItem> notifications(Person who, String rawLimit, int defaultLimit, int maxLimit) {
        return notifications(who, List.of(), limit(rawLimit, defaultLimit, maxLimit));
    }

    /**
     * The pulled items of every usable module and the {@code published} ones of usable modules,
     * newest first, at most {@code limit}; an item offered both ways (same module and id) once.
     */
    List<NotificationItem> notifications(Person who, List<Notification> published, int limit) {
        ModuleRegistry.Snapshot s = registry.snapshot();
        List<CatalogueEntry> usable = usable(who, s);
        List<Notification> all = new ArrayList<>();
        for (Notification n : published) {
            if (find(usable, n.module()) != null) {
                all.add(n);
            }
        }
        for (NotificationSource source : s.sources()) {
            CatalogueEntry module = find(usable, safeModule(source));
            if (module == null) {
                continue;
            }
            try {
                List<Notification> found = source.notificationsFor(who, limit);
                if (found != null) {
                    for (Notification n : found) {
                        if (n != null) {
                            all.add(n);
                        }
                    }
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Notification source of module {} failed ({}); its items are left out", module.id(), e.getClass().getName());
            }
        }
        all.sort(Comparator.comparing(Notification::at).reversed().thenComparing(Notification::module).thenComparing(Notification::id));
        List<NotificationItem> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Notification n : all) {
            if (items.size() >= limit) {
                break;
            }
            CatalogueEntry e = find(usable, n.module());
            NotificationItem item = NotificationItem.of(n, e != null ? e.name() : n.module());
            if (seen.add(item.key())) {
                items.add(item);
            }
        }
        return List.copyOf(items);
    }

    /** Parses a limit: absent → default; otherwise an integer in 1..max, else 400. */
    static int limit(String raw, int defaultLimit, int maxLimit) {
        if (raw == null || raw.isBlank()) {
            return defaultLimit;
        }
        try {
            int n = Integer.parseInt(raw.strip());
            if (n >= 1 && n <= maxLimit) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProblemException(400, "invalid-limit", "Le nombre de résultats demandé doit être compris entre 1 et " + maxLimit + ".");
    }

    private List<CatalogueEntry> usable(Person who, ModuleRegistry.Snapshot s) {
        List<CatalogueEntry> sorted = new ArrayList<>(s.entries());
        sorted.sort(CATALOGUE_ORDER);
        Set<String> seen = new HashSet<>();
        List<CatalogueEntry> out = new ArrayList<>();
        for (CatalogueEntry e : sorted) {
            try {
                if (!seen.contains(e.id()) && access.mayUse(who, e)) {
                    seen.add(e.id());
                    out.add(e);
                }
            } catch (RuntimeException | LinkageError ex) {
                LOG.warn("Catalogue entry could not be checked ({}); it is left out", ex.getClass().getName());
            }
        }
        return out;
    }

    private static CatalogueEntry find(List<CatalogueEntry> entries, String id) {
        if (id == null) {
            return null;
        }
        for (CatalogueEntry e : entries) {
            if (e.id().equals(id)) {
                return e;
            }
        }
        return null;
    }

    private static String safeModule(SearchContributor c) {
        try {
            return c.module();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static String safeModule(NotificationSource s) {
        try {
            return s.module();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
