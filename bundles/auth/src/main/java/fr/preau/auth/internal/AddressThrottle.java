package fr.preau.auth.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most N failures per sliding window from one client address (in memory: a restart forgets
 * them, which costs an attacker a reboot of the box he cannot cause). Protects against one
 * machine trying many logins, which the per-account lockout alone would not stop.
 */
final class AddressThrottle {

    /** Beyond this many tracked addresses, stale ones are swept before adding another. */
    static final int SWEEP_ABOVE = 10_000;

    private final int maxFailures;
    private final Duration window;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    AddressThrottle(int maxFailures, Duration window) {
        this.maxFailures = maxFailures;
        this.window = window;
    }

    static String key(String address) {
        if (address == null || address.isBlank()) {
            return "-";
        }
        String a = address.strip().toLowerCase(Locale.ROOT);
        return a.length() > 64 ? a.substring(0, 64) : a;
    }

    /** How long {@code address} must wait before its next attempt, or zero when it may try now. */
    Duration waitFor(String address, Instant now) {
        Deque<Instant> times = failures.get(key(address));
        if (times == null) {
            return Duration.ZERO;
        }
        synchronized (times) {
            prune(times, now);
            if (times.size() < maxFailures) {
                return Duration.ZERO;
            }
            // the attempt is allowed again when enough of the oldest failures leave the window
            Instant freed = times.stream().skip(times.size() - maxFailures).findFirst().orElseThrow().plus(window);
            return Duration.between(now, freed);
        }
    }

    void recordFailure(String address, Instant now) {
        if (failures.size() > SWEEP_ABOVE) {
            sweep(now);
        }
        Deque<Instant> times = failures.computeIfAbsent(key(address), k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            times.addLast(now);
            while (times.size() > maxFailures) {
                times.removeFirst();
            }
        }
    }

    int trackedAddresses() {
        return failures.size();
    }

    void sweep(Instant now) {
        failures.entrySet().removeIf(e -> {
            Deque<Instant> times = e.getValue();
            synchronized (times) {
                prune(times, now);
                return times.isEmpty();
            }
        });
    }

    private void prune(Deque<Instant> times, Instant now) {
        Instant oldestKept = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldestKept)) {
            times.removeFirst();
        }
    }
}
