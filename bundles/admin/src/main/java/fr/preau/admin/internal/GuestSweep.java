package fr.preau.admin.internal;

import fr.preau.api.Person;
import fr.preau.audit.AuditActions;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.auth.Authenticator;
import fr.preau.directory.DirectoryService;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
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
 * Deactivates the guest accounts whose end date has passed: once at start (a box switched off
 * over the holidays catches up) and then every hour, so that a guest whose last day ended at
 * midnight is deactivated in the night. Their sessions end; each one is audited. (Logging in is
 * refused from the day after the end date even before the sweep: the annuaire no longer finds them.)
 */
@Component(service = GuestSweep.class, immediate = true)
public final class GuestSweep {

    private static final Logger LOG = LoggerFactory.getLogger(GuestSweep.class);
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final Duration PERIOD = Duration.ofHours(1);

    private final DirectoryService directory;
    private final Authenticator authenticator;
    private final AuditLog audit;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    @Activate
    public GuestSweep(@Reference(name = "directory") DirectoryService directory,
            @Reference(name = "authenticator") Authenticator authenticator, @Reference(name = "audit") AuditLog audit,
            @Reference(name = "clock") Clock clock) {
        this(directory, authenticator, audit, clock, true);
    }

    GuestSweep(DirectoryService directory, Authenticator authenticator, AuditLog audit, Clock clock, boolean schedule) {
        this.directory = directory;
        this.authenticator = authenticator;
        this.audit = audit;
        this.clock = clock;
        if (schedule) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "preau-guest-sweep");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::sweepSafely, 5, PERIOD.toSeconds(), TimeUnit.SECONDS);
        } else {
            timer = null;
        }
    }

    @Deactivate
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("Guest sweep failed; next try in {} ({})", PERIOD, e.toString());
        }
    }

    /** Deactivates every guest past its end date; the people deactivated. */
    List<Person> sweep() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), PARIS);
        List<Person> expired = directory.expireGuests(today);
        for (Person p : expired) {
            int ended = authenticator.endSessions(p.id());
            audit.record(new AuditEvent(AuditActions.GUEST_EXPIRED, null, p.id().value(), null, true,
                    Map.of("signedOut", Integer.toString(ended))));
        }
        if (!expired.isEmpty()) {
            LOG.info("{} guest account(s) reached their end date and were deactivated", expired.size());
        }
        return expired;
    }
}
