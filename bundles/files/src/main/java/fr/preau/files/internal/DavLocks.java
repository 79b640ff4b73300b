package fr.preau.files.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WebDAV write locks (RFC 4918 §6–7), kept in memory: exclusive or shared, depth 0 or infinity, with
 * a timeout (at most {@value #MAX_SECONDS} s). A lock is on a resource key {@code <space id>/<path>}
 * ({@code /}-separated names, no trailing slash); a depth-infinity lock also covers everything below.
 * Locks do not survive a restart of the module: a client sees its lock gone and takes a new one.
 */
final class DavLocks {

    static final long MAX_SECONDS = 3600;
    static final long DEFAULT_SECONDS = 600;

    record Lock(String token, String key, boolean exclusive, boolean infinite, String ownerXml, String principal, long seconds,
            Instant expires) {

        boolean covers(String k) {
            return key.equals(k) || (infinite && k.startsWith(key + "/"));
        }
    }

    private final Map<String, Lock> locks = new ConcurrentHashMap<>();
    private final Clock clock;

    DavLocks(Clock clock) {
        this.clock = clock;
    }

    private void expire() {
        Instant now = clock.instant();
        locks.values().removeIf(l -> !l.expires().isAfter(now));
    }

    /** The locks that cover {@code key} (on it, or depth infinity on an ancestor). */
    synchronized List<Lock> covering(String key) {
        expire();
        List<Lock> out = new ArrayList<>();
        for (Lock l : locks.values()) {
            if (l.covers(key)) {
                out.add(l);
            }
        }
        return out;
    }

    /** The locks on {@code key} or on anything below it. */
    synchronized List<Lock> within(String key) {
        expire();
        List<Lock> out = new ArrayList<>();
        for (Lock l : locks.values()) {
            if (l.key().equals(key) || l.key().startsWith(key + "/") || l.covers(key)) {
                out.add(l);
            }
        }
        return out;
    }

    synchronized Optional<Lock> get(String token) {
        expire();
        return Optional.ofNullable(locks.get(token));
    }

    /**
     * Takes a new lock, or empty when it conflicts with one already held: an exclusive lock conflicts
     * with any lock covering the key or below it (for depth infinity); a shared one with exclusive ones.
     */
    synchronized Optional<Lock> lock(String key, boolean exclusive, boolean infinite, String ownerXml, String principal, long seconds) {
        expire();
        for (Lock l : locks.values()) {
            boolean overlaps = l.covers(key) || (infinite && l.key().startsWith(key + "/"));
            if (overlaps && (exclusive || l.exclusive())) {
                return Optional.empty();
            }
        }
        long s = Math.max(1, Math.min(MAX_SECONDS, seconds));
        Lock l = new Lock("opaquelocktoken:" + UUID.randomUUID(), key, exclusive, infinite, ownerXml, principal, s,
                clock.instant().plusSeconds(s));
        locks.put(l.token(), l);
        return Optional.of(l);
    }

    synchronized Optional<Lock> refresh(String token, long seconds) {
        expire();
        Lock l = locks.get(token);
        if (l == null) {
            return Optional.empty();
        }
        long s = Math.max(1, Math.min(MAX_SECONDS, seconds));
        Lock fresh = new Lock(l.token(), l.key(), l.exclusive(), l.infinite(), l.ownerXml(), l.principal(), s, clock.instant().plusSeconds(s));
        locks.put(token, fresh);
        return Optional.of(fresh);
    }

    synchronized boolean unlock(String token) {
        return locks.remove(token) != null;
    }

    /** Drops the locks on {@code key} and below (the resource was deleted or moved away). */
    synchronized void dropWithin(String key) {
        locks.values().removeIf(l -> l.key().equals(key) || l.key().startsWith(key + "/"));
    }

    synchronized Collection<Lock> all() {
        expire();
        return List.copyOf(locks.values());
    }

    /** Seconds of a {@code Timeout} header ({@code Second-n}, {@code Infinite}, a list: the first understood). */
    static long timeout(String header) {
        if (header == null) {
            return DEFAULT_SECONDS;
        }
        for (String part : header.split(",")) {
            String p = part.strip();
            if (p.equalsIgnoreCase("Infinite")) {
                return MAX_SECONDS;
            }
            if (p.regionMatches(true, 0, "Second-", 0, 7)) {
                try {
                    return Long.parseLong(p.substring(7));
                } catch (NumberFormatException e) {
                    // next
                }
            }
        }
        return DEFAULT_SECONDS;
    }
}
