package fr.preau.api.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * An item of "Nouveautés" for one person.
 *
 * @param id     stable within the module
 * @param module id of the module it comes from
 * @param title  French sentence, e.g. "Nouveau devoir de mathématiques pour jeudi"
 * @param url    path on this box the item opens
 * @param at     when it happened
 */
public record Notification(String id, String module, String title, String url, Instant at) {
    public Notification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(at, "at");
    }
}
