package fr.preau.cahier.internal;

import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.Uai;
import fr.preau.api.spi.Audience;
import fr.preau.api.spi.Notification;
import fr.preau.api.spi.NotificationPublisher;
import fr.preau.cahier.DevoirKind;
import fr.preau.cahier.internal.Rows.Devoir;
import fr.preau.directory.DirectoryService;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the pupils of a class (and their responsables légaux) through the portal's "nouveautés"
 * when a devoir is published for them: at once for a devoir published now, at its publication time
 * for one planned ahead (checked every {@value #PERIOD_SECONDS} s). A devoir changed after that is
 * published again (same id: the item is replaced); a removed one is withdrawn. Without the portal,
 * nothing is told and nothing is lost: the devoirs wait, marked untold, until it is back.
 */
@Component(immediate = true)
public final class CahierNotifier {

    static final int PERIOD_SECONDS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(CahierNotifier.class);

    private final Cahier cahier;
    private final DirectoryService directory;
    private final NotificationPublisher publisher;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "preau-cahier-notifier");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public CahierNotifier(@Reference(name = "cahier") Cahier cahier, @Reference(name = "directory") DirectoryService directory,
            @Reference(name = "publisher") NotificationPublisher publisher) {
        this.cahier = cahier;
        this.directory = directory;
        this.publisher = publisher;
        cahier.changed = this::changed;
        timer.scheduleWithFixedDelay(this::sweep, 2, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        cahier.changed = id -> { };
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** A devoir was created, changed or removed ({@code -1}: new ones, the sweep finds them). */
    private void changed(long devoir) {
        timer.execute(() -> {
            if (devoir > 0) {
                again(devoir);
            }
            sweep();
        });
    }

    /** Publishes again a devoir already told, or withdraws it when it is gone. */
    private void again(long id) {
        try {
            Optional<Devoir> d = cahier.store().devoir(id);
            if (d.isEmpty()) {
                publisher.withdraw(CahierModule.ID, key(id));
            } else if (d.get().notified()) {
                publish(d.get());
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Notification of devoir {} not updated: {}", id, e.toString());
        }
    }

    /** Tells every devoir whose publication time has come. */
    void sweep() {
        try {
            Instant now = cahier.clock().instant();
            for (Devoir d : cahier.store().toNotify(now, 200)) {
                publish(d);
                cahier.store().markNotified(d.id());
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Devoir notifications postponed: {}", e.toString());
        }
    }

    private void publish(Devoir d) {
        Set<PersonId> pupils = new LinkedHashSet<>();
        for (Person p : directory.pupilsOf(d.scope().divisionId())) {
            pupils.add(p.id());
        }
        if (pupils.isEmpty()) {
            return;
        }
        List<PersonId> list = List.copyOf(pupils);
        for (int i = 0; i < list.size(); i += Audience.MAX_TARGETS / 2) {
            Set<PersonId> part = new LinkedHashSet<>(list.subList(i, Math.min(list.size(), i + Audience.MAX_TARGETS / 2)));
            // one item per devoir: with several parts of a (huge) groupe, each part gets its own id
            String id = i == 0 ? key(d.id()) : key(d.id()) + "-" + i;
            publisher.publish(new Notification(id, CahierModule.ID, title(d), CahierModule.link("devoir", d.id()), d.publishAt()),
                    Audience.persons(new Uai(d.scope().school()), part).withResponsables());
        }
    }

    static String key(long devoir) {
        return "devoir-" + devoir;
    }

    /** « Nouveau devoir de MATHEMATIQUES (5A) pour le jeudi 10 décembre », « Devoir sur table … le … ». */
    static String title(Devoir d) {
        String subject = d.scope().subjectLabel();
        String day = French.day(d.due(), false);
        String text = d.kind() == DevoirKind.SUR_TABLE
                ? "Devoir sur table " + French.de(subject) + " (" + d.scope().divisionLabel() + ") le " + day
                : "Nouveau devoir " + French.de(subject) + " (" + d.scope().divisionLabel() + ") pour le " + day;
        return text.length() > 200 ? text.substring(0, 199) + "…" : text;
    }
}
