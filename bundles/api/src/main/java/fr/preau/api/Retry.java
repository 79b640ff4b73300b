package fr.preau.api;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Work that waits for something another part of the box brings in its own time (the demo's annuaire, imported while the
 * modules start): tried on a daemon thread of its own after {@code first}, then every {@code then}, until it says it is
 * done, at most {@code times} times. {@link #close} stops it (a component's deactivation).
 */
public final class Retry implements AutoCloseable {

    /** One try: true when there is nothing left to do (done, or nothing to do at all). */
    @FunctionalInterface
    public interface Attempt {
        boolean done() throws Exception;
    }

    private final ScheduledExecutorService timer;
    private final Attempt attempt;
    private final Predicate<Exception> again;
    private final long thenMillis;
    private int left;

    private Retry(String threadName, Attempt attempt, Predicate<Exception> again, Duration then, int times) {
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        this.attempt = attempt;
        this.again = again;
        this.thenMillis = then.toMillis();
        this.left = times;
    }

    /**
     * Starts trying.
     *
     * @param failed told what an attempt threw; true to try again later, false to stop
     */
    public static Retry start(String threadName, Duration first, Duration then, int times, Attempt attempt, Predicate<Exception> failed) {
        Retry r = new Retry(threadName, attempt, failed, then, times);
        r.timer.schedule(r::run, first.toMillis(), TimeUnit.MILLISECONDS);
        return r;
    }

    private void run() {
        boolean more;
        try {
            more = !attempt.done();
        } catch (Exception e) {
            more = again.test(e);
        }
        if (more && --left > 0) {
            timer.schedule(this::run, thenMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
