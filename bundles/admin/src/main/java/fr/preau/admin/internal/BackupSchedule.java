package fr.preau.admin.internal;

import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.School;
import fr.preau.store.backup.BackupException;
import fr.preau.store.backup.BackupService;
import fr.preau.store.backup.BackupSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Comparator;
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
 * The daily backup: once a minute, starts one when the configured local hour has come and today's
 * has not been made. A box that was off at that hour makes it when it comes back, within
 * {@link #CATCH_UP} of it (not later: a backup in the middle of the school day would slow the box
 * when it is used most). Each scheduled backup and its end are audited (actor: the box itself).
 */
@Component(service = BackupSchedule.class, immediate = true)
public final class BackupSchedule {

    static final Duration CATCH_UP = Duration.ofHours(6);

    private static final Logger LOG = LoggerFactory.getLogger(BackupSchedule.class);

    private final BackupService backups;
    private final DirectoryService directory;
    private final AuditLog audit;
    private final Clock clock;
    private final InstalledModules modules;
    private final ScheduledExecutorService timer;

    @Activate
    public BackupSchedule(@Reference(name = "backups") BackupService backups,
            @Reference(name = "directory") DirectoryService directory, @Reference(name = "audit") AuditLog audit,
            @Reference(name = "clock") Clock clock, @Reference(name = "modules") InstalledModules modules) {
        this.modules = modules;
        this.backups = backups;
        this.directory = directory;
        this.audit = audit;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "preau-backup-schedule");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, 60, 60, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    void tick() {
        try {
            BackupSettings settings = backups.settings();
            if (settings.folder().isEmpty() || backups.status().running()
                    || !due(clock.instant(), clock, settings.hour(), backups.status().lastScheduled())) {
                return;
            }
            modules.record();
            audit.record(new AuditEvent("box.backup.start", null, null, null, true, Map.of("trigger", "schedule")));
            backups.start(label(directory), "schedule").whenComplete((result, failure) -> {
                boolean ok = failure == null && result.ok();
                audit.record(new AuditEvent("box.backup.done", null, result == null ? null : result.archive(), null, ok,
                        ok ? Map.of("trigger", "schedule", "bytes", Long.toString(result.bytes()))
                                : Map.of("trigger", "schedule", "reason", result == null ? "failed" : String.valueOf(result.code()))));
            });
        } catch (BackupException e) {
            LOG.warn("Scheduled backup not started: {}", e.code());
        } catch (RuntimeException e) {
            LOG.warn("Scheduled backup check failed", e);
        }
    }

    /** Today's (or yesterday's) scheduled time that {@code now} falls after, within the catch-up window. */
    static boolean due(Instant now, Clock clock, int hour, Instant lastScheduled) {
        if (hour < 0 || hour > 23) {
            return false;
        }
        ZonedDateTime local = now.atZone(clock.getZone());
        ZonedDateTime slot = local.toLocalDate().atTime(hour, 0).atZone(clock.getZone());
        if (slot.isAfter(local)) {
            slot = slot.minusDays(1);
        }
        Instant at = slot.toInstant();
        return now.isBefore(at.plus(CATCH_UP)) && (lastScheduled == null || lastScheduled.isBefore(at));
    }

    /** When the next scheduled backup will start (null: none scheduled). */
    static Instant nextRun(Clock clock, BackupSettings settings, Instant lastScheduled) {
        if (settings.folder().isEmpty() || settings.hour() < 0 || settings.hour() > 23) {
            return null;
        }
        Instant now = clock.instant();
        if (due(now, clock, settings.hour(), lastScheduled)) {
            return now;
        }
        ZonedDateTime local = now.atZone(clock.getZone());
        ZonedDateTime slot = local.toLocalDate().atTime(settings.hour(), 0).atZone(clock.getZone());
        return (slot.isAfter(local) ? slot : slot.plusDays(1)).toInstant();
    }

    /** The archives' name: the school's UAI (the first one, by UAI, on a box serving several), else "box". */
    static String label(DirectoryService directory) {
        try {
            return directory.schools().stream().filter(s -> !s.demo()).map(School::uai).map(Object::toString)
                    .sorted(Comparator.naturalOrder()).findFirst()
                    .orElseGet(() -> directory.schools().stream().map(School::uai).map(Object::toString).sorted()
                            .findFirst().orElse("box"));
        } catch (RuntimeException e) {
            return "box";
        }
    }
}
