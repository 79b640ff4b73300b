package fr.preau.cahier.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What pupils, parents and the direction read, kept in memory: the lists of séances and devoirs of
 * a set of divisions over a range, as seen by someone who wrote none of them (published entries
 * only). Many people read the same week of the same classes, and the cahier changes far less
 * often than it is read.
 * <p>
 * An entry is dropped when the cahier changes ({@link CahierStore#version()}, bumped after each
 * committed write of its content) and when an entry of its range that was not published yet
 * becomes so. At most {@value #MAX_ENTRIES} lists are kept, the least recently read go first.
 */
final class ReadCache {

    /**
     * A week of a class is some 30 séances, about 30 KB of JSON plus its views: 400 lists stay under
     * about 40 MB of heap, while a collège's pupils read a few hundred (class + groupes, week) lists.
     */
    static final int MAX_ENTRIES = 400;

    /** A list: séances or devoirs of these divisions (sorted) between two dates. */
    record Key(String what, List<String> divisions, LocalDate from, LocalDate to) {
    }

    /** Builds a list and says until when it holds. */
    @FunctionalInterface
    interface Loader<T> {
        Built<T> load() throws java.sql.SQLException;
    }

    /** A list built now, valid until {@code until} (the next publication in its range), or forever when null. */
    record Built<T>(List<T> items, Instant until) {
    }

    private record Entry(long version, Instant until, List<?> items) {
    }

    private final Map<Key, Entry> entries = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    @SuppressWarnings("unchecked")
    <T> List<T> get(Key key, long version, Instant now, Loader<T> loader) throws java.sql.SQLException {
        synchronized (entries) {
            Entry e = entries.get(key);
            if (e != null && e.version() == version && (e.until() == null || now.isBefore(e.until()))) {
                return (List<T>) e.items();
            }
        }
        // built outside the lock: two readers may build the same list once each, never a stale one
        Built<T> built = loader.load();
        synchronized (entries) {
            entries.put(key, new Entry(version, built.until(), List.copyOf(built.items())));
        }
        return built.items();
    }

    void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }
}
