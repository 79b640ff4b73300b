package fr.preau.api.spi;

import fr.preau.api.Person;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/** A module's "nouveautés": recent items meant for a person, newest first. */
@ConsumerType
public interface NotificationSource {

    /** The module id, as in its {@link CatalogueEntry}. */
    String module();

    /** At most {@code limit} items for {@code who}, newest first. */
    List<Notification> notificationsFor(Person who, int limit);
}
