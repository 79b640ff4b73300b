package fr.preau.web.internal;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
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
 * Checks every 2 seconds until ready; past 30 seconds, logs the missing pieces every 30 seconds,
 * and once, past 90 seconds, the stacks of every thread (what a developer needs to tell a slow
 * start from a stuck one; stack frames and lock names only, no data).
 */
@Component
public final class StartupMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(StartupMonitor.class);
    private static final long WARN_AFTER_MS = 30_000;
    private static final long DUMP_AFTER_MS = 90_000;

    private final HealthService health;
    private final ScheduledExecutorService timer;
    private final long started = System.nanoTime();
    private long lastWarning;
    private boolean dumped;

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
                if (elapsed > DUMP_AFTER_MS && !dumped) {
                    dumped = true;
                    LOG.warn("Threads of a start that does not finish:\n{}", threadDump());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Readiness check failed", e);
        }
    }

    static String threadDump() {
        StringBuilder sb = new StringBuilder();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            sb.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
            if (info.getLockName() != null) {
                sb.append(" on ").append(info.getLockName());
            }
            if (info.getLockOwnerName() != null) {
                sb.append(" held by \"").append(info.getLockOwnerName()).append('"');
            }
            sb.append('\n');
            StackTraceElement[] stack = info.getStackTrace();
            for (int i = 0; i < stack.length; i++) {
                sb.append("    at ").append(stack[i]).append('\n');
                for (MonitorInfo monitor : info.getLockedMonitors()) {
                    if (monitor.getLockedStackDepth() == i) {
                        sb.append("    - locked ").append(monitor).append('\n');
                    }
                }
            }
            for (LockInfo lock : info.getLockedSynchronizers()) {
                sb.append("    - holds ").append(lock).append('\n');
            }
        }
        return sb.toString();
    }

    @Deactivate
    void stop() {
        timer.shutdownNow();
    }
}
