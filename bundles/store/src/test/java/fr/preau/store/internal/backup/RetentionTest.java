package fr.preau.store.internal.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fr.preau.store.testing.MutableClock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RetentionTest {

    /** Archives at 02:00 every day from 1 November to 30 December 2026, plus a manual one on 15 December. */
    private static List<ArchiveName> daily(String label) {
        List<ArchiveName> list = new ArrayList<>();
        LocalDateTime t = LocalDateTime.of(2026, 11, 1, 2, 0);
        for (int i = 0; i < 60; i++) {
            list.add(new ArchiveName(label, t.plusDays(i), false));
        }
        list.add(new ArchiveName(label, LocalDateTime.of(2026, 12, 15, 14, 30), true));
        return list;
    }

    private static Set<String> kept(List<ArchiveName> all, List<ArchiveName> deleted) {
        Set<String> kept = new TreeSet<>();
        for (ArchiveName a : all) {
            if (!deleted.contains(a)) {
                kept.add(a.fileName());
            }
        }
        return kept;
    }

    @Test
    void keepsSevenDaysAndFourWeeksFromTheClock() {
        MutableClock clock = new MutableClock("2026-12-30T09:00:00Z"); // Wednesday
        ZonedDateTime now = ZonedDateTime.now(clock);
        List<ArchiveName> all = daily("0999999Z");
        Set<String> kept = kept(all, Retention.toDelete(all, now, 7, 4));
        assertEquals(new TreeSet<>(List.of(
                // newest of each of the last 7 days (24–30 December)
                "preau-0999999Z-20261230-020000.tar", "preau-0999999Z-20261229-020000.tar", "preau-0999999Z-20261228-020000.tar",
                "preau-0999999Z-20261227-020000.tar", "preau-0999999Z-20261226-020000.tar",
                "preau-0999999Z-20261225-020000.tar", "preau-0999999Z-20261224-020000.tar",
                // newest of each of the last 4 weeks: this week (28 Dec–) is the 30th, then Sundays 27, 20, 13
                "preau-0999999Z-20261220-020000.tar", "preau-0999999Z-20261213-020000.tar")), kept);
    }

    @Test
    void aManualBackupIsTheNewestOfItsDay() {
        MutableClock clock = new MutableClock("2026-12-16T09:00:00Z");
        List<ArchiveName> all = daily("0999999Z").subList(0, 46); // up to 16 December
        all = new ArrayList<>(all);
        all.add(new ArchiveName("0999999Z", LocalDateTime.of(2026, 12, 15, 14, 30), true));
        Set<String> kept = kept(all, Retention.toDelete(all, ZonedDateTime.now(clock), 2, 0));
        assertEquals(Set.of("preau-0999999Z-20261216-020000.tar", "preau-0999999Z-20261215-143000.tar.enc"), kept);
    }

    @Test
    void timePassingRemovesTheOldestAndAlwaysLeavesTheNewest() {
        MutableClock clock = new MutableClock("2026-12-30T09:00:00Z");
        List<ArchiveName> all = daily("0999999Z");
        clock.advance(Duration.ofDays(400));
        Set<String> kept = kept(all, Retention.toDelete(all, ZonedDateTime.now(clock), 7, 4));
        assertEquals(Set.of("preau-0999999Z-20261230-020000.tar"), kept);
    }

    @Test
    void eachBoxOfASharedFolderHasItsOwnRetentionAndFutureArchivesStay() {
        MutableClock clock = new MutableClock("2026-12-30T09:00:00Z");
        List<ArchiveName> all = new ArrayList<>(daily("0999999Z"));
        all.addAll(daily("0888888A").subList(0, 10)); // a box that stopped saving on 10 November
        all.add(new ArchiveName("0999999Z", LocalDateTime.of(2027, 3, 1, 2, 0), false)); // clock set back since
        Set<String> kept = kept(all, Retention.toDelete(all, ZonedDateTime.now(clock), 7, 4));
        assertEquals(11, kept.size());
        assert kept.contains("preau-0888888A-20261110-020000.tar");
        assert kept.contains("preau-0999999Z-20270301-020000.tar");
    }
}
