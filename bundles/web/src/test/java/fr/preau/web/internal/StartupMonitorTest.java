package fr.preau.web.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StartupMonitorTest {

    @Test
    void theThreadDumpShowsWhoWaitsForWhichLockAndWhoHoldsIt() throws Exception {
        Object lock = new Object();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            synchronized (lock) {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "test-holder");
        Thread waiter = new Thread(() -> {
            synchronized (lock) {
                lock.hashCode();
            }
        }, "test-waiter");
        holder.start();
        holding.await();
        waiter.start();
        try {
            while (waiter.getState() != Thread.State.BLOCKED) {
                Thread.sleep(5);
            }
            String dump = StartupMonitor.threadDump();
            assertTrue(dump.contains("\"test-waiter\" BLOCKED on java.lang.Object@"), dump);
            assertTrue(dump.contains("held by \"test-holder\""), dump);
            assertTrue(dump.matches("(?s).*\"test-holder\" WAITING.*- locked java\\.lang\\.Object@.*"), dump);
        } finally {
            release.countDown();
            holder.join(TimeUnit.SECONDS.toMillis(5));
            waiter.join(TimeUnit.SECONDS.toMillis(5));
        }
    }
}
