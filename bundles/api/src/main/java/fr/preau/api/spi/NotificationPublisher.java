package fr.preau.api.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a module publishes "nouveautés" for people or groups, as an alternative to answering as a
 * {@link NotificationSource}. The portal keeps what is published (a bounded number of days), lists
 * each person's items on their home page with the pulled ones, and remembers which they have read.
 * Items of a module are shown only to people who may use the module, and only while it is installed.
 * <p>
 * The title is shown as is to everyone in the audience: it must not reveal anything about a person
 * that the audience may not know.
 */
@ProviderType
public interface NotificationPublisher {

    /**
     * Publishes {@code item} to {@code audience}. Publishing again an item with the same module and
     * id replaces it (title, link, time and audience) and keeps read marks.
     *
     * @throws fr.preau.api.ProblemException 400 when the item is not publishable (title or link too
     *         long, link not a path on this box), 503 when the portal's database is unavailable
     */
    void publish(Notification item, Audience audience);

    /** Withdraws a published item (e.g. a cancelled devoir); false if there was none. */
    boolean withdraw(String module, String id);
}
