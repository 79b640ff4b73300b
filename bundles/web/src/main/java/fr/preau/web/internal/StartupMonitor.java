package fr.preau.web.internal;

import java.time.Duration;
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
 * Tells the operator, in the log, when the box is ready — or what it is still waiting for.
 * Checks every 2 seconds until ready; past 30 seconds, logs the missing pieces every 30 seconds.
 */
@Component
public final class StartupMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(StartupMonitor.class);
    private static final long WARN_AFTER_MS = 30_000;

    private final HealthService health;
    private final ScheduledExecutorService timer;
    private final long started = System.nanoTime();
    private long lastWarning;

    @Activate
    public StartupMonitor(@Reference(name = "health") HealthService health) {
        this.health = health;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "preau-startup-monitor");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, 2, 2, TimeUnit.SECONDS);
    }

    private void check() {
        try {
            HealthService.Report report = health.check();
            long elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis();
            if (report.up()) {
                LOG.info("Préau is ready: {} bundles, {} components, {} readiness checks ({} ms after the web layer started)",
                        report.bundles(), report.components(), report.checks(), elapsed);
                timer.shutdown();
            } else if (elapsed > WARN_AFTER_MS && elapsed - lastWarning >= WARN_AFTER_MS) {
                lastWarning = elapsed;
                LOG.warn("Préau is not ready after {} s: {}", elapsed / 1000, report.problems());
            }
        } catch (RuntimeException e) {
            LOG.warn("Readiness check failed", e);
        }
    }

    @Deactivate
    void stop() {
        timer.shutdownNow();
    }
}
