package fr.preau.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fr.preau.auth.ThrottledException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TitlesTest {

    private final TestSupport.MutableClock clock = new TestSupport.MutableClock(Instant.parse("2026-09-01T12:17:20Z"));

    @Test
    void sayWhenToRetry() {
        assertEquals("dans 1 seconde", Titles.when(Duration.ofMillis(200), clock));
        assertEquals("dans 8 secondes", Titles.when(Duration.ofSeconds(8), clock));
        // 14:17:20 Paris + 15 min = 14:32:20, announced as 14 h 33 (never too early)
        assertEquals("dans 15 minutes (à 14 h 33)", Titles.when(Duration.ofMinutes(15), clock));
        assertEquals("dans 90 minutes (à 15 h 48)", Titles.when(Duration.ofMinutes(90), clock));
        assertEquals("dans 3 heures (à 17 h 18)", Titles.when(Duration.ofHours(3), clock));
    }

    @Test
    void throttledCarriesRetryAfter() {
        ThrottledException e = Titles.locked(Duration.ofSeconds(899, 1), clock);
        assertEquals(429, e.status());
        assertEquals("throttled", e.code());
        assertEquals(900, e.retryAfterSeconds());
    }
}
