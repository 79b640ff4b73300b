package fr.preau.directory.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.PersonId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void version7IdsSortByCreationEvenWithinOneMillisecond() {
        TimeOrderedIds ids = new TimeOrderedIds(Clock.fixed(Instant.parse("2026-09-01T08:00:00Z"), ZoneOffset.UTC));
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            made.add(ids.next());
        }
        List<String> sorted = new ArrayList<>(made);
        sorted.sort(null);
        assertEquals(made, sorted, "text order is creation order (more than 4,096 in one millisecond too)");
        assertEquals(made.size(), new HashSet<>(made).size());
        UUID first = UUID.fromString(made.get(0));
        assertEquals(7, first.version());
        assertEquals(2, first.variant());
        assertEquals(Instant.parse("2026-09-01T08:00:00Z").toEpochMilli(), first.getMostSignificantBits() >>> 16);
        assertTrue(made.stream().allMatch(s -> new PersonId(s).value().equals(s)), "valid person ids");
    }
}
