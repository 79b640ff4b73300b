package fr.preau.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.store.backup.BackupSettings;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class BackupScheduleTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), PARIS);
    }

    @Test
    void dueFromTheLocalHourUntilTheCatchUpWindowEnds() {
        // 02:00 in Paris in December is 01:00 UTC
        Instant yesterday = Instant.parse("2026-12-06T01:00:05Z");
        assertFalse(BackupSchedule.due(Instant.parse("2026-12-07T00:59:00Z"), at("2026-12-07T00:59:00Z"), 2, yesterday));
        assertTrue(BackupSchedule.due(Instant.parse("2026-12-07T01:00:00Z"), at("2026-12-07T01:00:00Z"), 2, yesterday));
        assertTrue(BackupSchedule.due(Instant.parse("2026-12-07T06:59:00Z"), at("2026-12-07T06:59:00Z"), 2, yesterday),
                "a box off at 02:00 catches up in the morning");
        assertFalse(BackupSchedule.due(Instant.parse("2026-12-07T07:00:00Z"), at("2026-12-07T07:00:00Z"), 2, yesterday),
                "not in the middle of the school day");
        assertFalse(BackupSchedule.due(Instant.parse("2026-12-07T01:01:00Z"), at("2026-12-07T01:01:00Z"), 2,
                Instant.parse("2026-12-07T01:00:01Z")), "once a day");
        assertFalse(BackupSchedule.due(Instant.parse("2026-12-07T01:01:00Z"), at("2026-12-07T01:01:00Z"), -1, null), "off");
        // just after midnight, a 23:00 schedule missed yesterday evening is still caught up
        assertTrue(BackupSchedule.due(Instant.parse("2026-12-06T23:30:00Z"), at("2026-12-06T23:30:00Z"), 23, yesterday));
    }

    @Test
    void nextRunIsTheNextSlotOrNone() {
        BackupSettings s = new BackupSettings("/media/usb", 2, 7, 4, false);
        assertEquals(Instant.parse("2026-12-08T01:00:00Z"),
                BackupSchedule.nextRun(at("2026-12-07T10:00:00Z"), s, Instant.parse("2026-12-07T01:00:00Z")));
        assertNull(BackupSchedule.nextRun(at("2026-12-07T10:00:00Z"), new BackupSettings("", 2, 7, 4, false), null));
        assertNull(BackupSchedule.nextRun(at("2026-12-07T10:00:00Z"), new BackupSettings("/media/usb", -1, 7, 4, false), null));
    }
}
