package fr.preau.directory.internal.sync;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Identifiers of the people an import creates: UUID version 7 (RFC 9562), a millisecond timestamp
 * then random bits. Their text form sorts by creation, so the rows of an import append to the end
 * of the primary-key indexes (person, person_school…) instead of landing on random pages: Derby
 * then neither reads nor splits a page per insert. Like random UUIDs they say nothing about the
 * person (only roughly when the account was created). Monotonic: a counter in the 12 bits after
 * the version keeps the order within one millisecond.
 */
final class TimeOrderedIds {

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private long lastMillis = -1;
    private int counter;

    TimeOrderedIds(Clock clock) {
        this.clock = clock;
    }

    synchronized String next() {
        long millis = Math.max(clock.millis(), lastMillis);
        if (millis == lastMillis) {
            counter++;
            if (counter > 0xFFF) {
                millis++;
                counter = 0;
            }
        } else {
            counter = 0;
        }
        lastMillis = millis;
        long high = (millis << 16) | 0x7000L | counter;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
