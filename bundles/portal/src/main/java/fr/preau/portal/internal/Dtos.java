package fr.preau.portal.internal;

import fr.preau.api.spi.CatalogueEntry;
import fr.preau.api.spi.Notification;
import fr.preau.api.spi.SearchHit;
import java.util.List;

/** The JSON shapes of the portal's answers: plain records that Jackson writes as they are. */
final class Dtos {

    private Dtos() {
    }

    /** {@code {"items":[...]}} */
    public record Items<T>(List<T> items) {
        public Items {
            items = List.copyOf(items);
        }
    }

    /** A tile of "Vos services". */
    public record CatalogueItem(String id, String name, String description, String icon, String entryPoint, int order) {
        static CatalogueItem of(CatalogueEntry e) {
            return new CatalogueItem(e.id(), e.name(), e.description(), e.icon(), e.entryPoint(), e.order());
        }
    }

    /** A search hit, with the module's name for display. */
    public record HitItem(String module, String moduleName, String title, String snippet, String url, double score) {
        static HitItem of(SearchHit h, String moduleName) {
            return new HitItem(h.module(), moduleName, h.title(), h.snippet(), h.url(), h.score());
        }
    }

    /**
     * A "nouveauté"; {@code key} names it in {@code POST /notifications/{key}/read}; {@code at} is an
     * ISO-8601 instant (e.g. {@code 2026-12-04T08:15:00Z}); {@code unread} until the person opens it.
     */
    public record NotificationItem(String key, String id, String module, String moduleName, String title, String url, String at,
            boolean unread) {
        static NotificationItem of(Notification n, String moduleName) {
            return new NotificationItem(NotificationStore.key(n.module(), n.id()), n.id(), n.module(), moduleName, n.title(), n.url(),
                    n.at().toString(), false);
        }

        NotificationItem unread(boolean value) {
            return new NotificationItem(key, id, module, moduleName, title, url, at, value);
        }
    }

    /** The list of "nouveautés" with the number of unread ones among all kept for the person. */
    public record Notifications(List<NotificationItem> items, int unread) {
        public Notifications {
            items = List.copyOf(items);
        }
    }
}
