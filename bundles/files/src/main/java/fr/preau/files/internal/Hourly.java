package fr.preau.files.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The module's housekeeping (the trash, unfinished uploads): a task run every hour on its own daemon thread. */
final class Hourly {

    private Hourly() {
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
