package fr.preau.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AddressThrottleTest {

    private final Instant t0 = Instant.parse("2026-09-01T08:00:00Z");

    @Test
    void slidingWindow() {
        AddressThrottle throttle = new AddressThrottle(3, Duration.ofMinutes(10));
        throttle.recordFailure("192.0.2.1", t0);
        throttle.recordFailure("192.0.2.1", t0.plusSeconds(60));
        assertEquals(Duration.ZERO, throttle.waitFor("192.0.2.1", t0.plusSeconds(61)));
        throttle.recordFailure("192.0.2.1", t0.plusSeconds(120));
        // the oldest failure leaves the window at t0 + 10 min
        assertEquals(Duration.ofSeconds(480), throttle.waitFor("192.0.2.1", t0.plusSeconds(120)));
        assertEquals(Duration.ZERO, throttle.waitFor("192.0.2.2", t0.plusSeconds(120)));
        assertEquals(Duration.ZERO, throttle.waitFor("192.0.2.1", t0.plusSeconds(600)));
    }

    @Test
    void staleAddressesAreSwept() {
        AddressThrottle throttle = new AddressThrottle(3, Duration.ofMinutes(10));
        throttle.recordFailure("192.0.2.1", t0);
        throttle.recordFailure("2001:DB8::1", t0);
        assertEquals(2, throttle.trackedAddresses());
        throttle.sweep(t0.plus(Duration.ofMinutes(11)));
        assertEquals(0, throttle.trackedAddresses());
    }

    @Test
    void keysAreNormalised() {
        assertEquals("2001:db8::1", AddressThrottle.key(" 2001:DB8::1 "));
        assertEquals("-", AddressThrottle.key(null));
    }
}
