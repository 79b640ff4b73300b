package fr.preau.files.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/** The module's housekeeping (the trash, unfinished uploads): a task run every hour on its own daemon thread. */
final class Hourly {

    private Hourly() {
    }

    /** A sweep: how many things it removed. */
    @FunctionalInterface
    interface Sweep {
        int run() throws Exception;
    }

    /**
     * Runs {@code sweep} every hour: logs {@code done} (its count as the one argument) when it removed something, and
     * {@code failed} (with the failure) when it could not, to try again an hour later.
     */
    static ScheduledExecutorService sweep(String thread, Sweep sweep, Logger log, String done, String failed) {
        return start(thread, () -> {
            try {
                int n = sweep.run();
                if (n > 0) {
                    log.info(done, n);
                }
            } catch (Exception e) {
                log.warn(failed, e.toString());
            }
        });
    }

    /** Runs {@code task} a minute from now, then an hour after each run ends; shut it down on deactivation. */
    static ScheduledExecutorService start(String thread, Runnable task) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, thread);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(task, 1, 60, TimeUnit.MINUTES);
        return timer;
    }
}
