package fr.preau.store.internal.backup;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which archives the retention policy removes. For each label (one box's archives; a shared NAS
 * folder may hold several boxes'), newest first:
 * <ul>
 * <li>the newest archive of each of the last {@code keepDaily} days (today included) is kept;</li>
 * <li>the newest archive of each of the last {@code keepWeekly} weeks (Monday to Sunday, this week included) is kept;</li>
 * <li>the newest archive of all is always kept, and so is any archive dated after now (a clock set back);</li>
 * <li>every other archive is removed.</li>
 * </ul>
 * Days and weeks are the box's local ones, from the injected clock.
 */
final class Retention {

    private Retention() {
    }

    static List<ArchiveName> toDelete(List<ArchiveName> archives, ZonedDateTime now, int keepDaily, int keepWeekly) {
        Map<String, List<ArchiveName>> byLabel = new HashMap<>();
        for (ArchiveName a : archives) {
            byLabel.computeIfAbsent(a.label(), k -> new ArrayList<>()).add(a);
        }
        LocalDate today = now.toLocalDate();
        LocalDate firstDay = today.minusDays(Math.max(0, keepDaily) - 1L);
        LocalDate thisWeek = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate firstWeek = thisWeek.minusWeeks(Math.max(0, keepWeekly) - 1L);
        List<ArchiveName> delete = new ArrayList<>();
        for (List<ArchiveName> list : byLabel.values()) {
            list.sort(Comparator.comparing(ArchiveName::time).reversed());
            Set<LocalDate> days = new HashSet<>();
            Set<LocalDate> weeks = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                ArchiveName a = list.get(i);
                LocalDate day = a.time().toLocalDate();
                LocalDate week = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                boolean keep = i == 0 || a.time().isAfter(now.toLocalDateTime());
                if (keepDaily > 0 && !day.isBefore(firstDay) && days.add(day)) {
                    keep = true;
                }
                if (keepWeekly > 0 && !week.isBefore(firstWeek) && weeks.add(week)) {
                    keep = true;
                }
                if (!keep) {
                    delete.add(a);
                }
            }
        }
        return delete;
    }
}
