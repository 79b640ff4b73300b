package fr.preau.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {

    @Test
    void triesUntilDoneThenStops() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        try (Retry r = Retry.start("retry-test", Duration.ZERO, Duration.ofMillis(5), 100, () -> {
            if (tries.incrementAndGet() < 3) {
                return false;
            }
            done.countDown();
            return true;
        }, e -> false)) {
            assertTrue(done.await(5, TimeUnit.SECONDS));
            Thread.sleep(50);
            assertEquals(3, tries.get(), "no try after the one that said done");
        }
    }

    @Test
    void aFailureStopsOrTriesAgainAsToldAndTimesBoundTheTries() throws Exception {
        AtomicInteger stopped = new AtomicInteger();
        try (Retry r = Retry.start("retry-test", Duration.ZERO, Duration.ofMillis(5), 100, () -> {
            stopped.incrementAndGet();
            throw new IllegalStateException("refused");
        }, e -> false)) {
            Thread.sleep(100);
            assertEquals(1, stopped.get());
        }
        AtomicInteger bounded = new AtomicInteger();
        try (Retry r = Retry.start("retry-test", Duration.ZERO, Duration.ofMillis(2), 4, () -> {
            bounded.incrementAndGet();
            throw new IllegalStateException("not yet");
        }, e -> true)) {
            Thread.sleep(200);
            assertEquals(4, bounded.get());
        }
    }
}
