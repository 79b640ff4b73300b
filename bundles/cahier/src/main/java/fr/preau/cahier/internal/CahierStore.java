package fr.preau.cahier.internal;

import fr.preau.cahier.DevoirKind;
import fr.preau.cahier.internal.Rows.Amendment;
import fr.preau.cahier.internal.Rows.Devoir;
import fr.preau.cahier.internal.Rows.Kind;
import fr.preau.cahier.internal.Rows.Link;
import fr.preau.cahier.internal.Rows.Piece;
import fr.preau.cahier.internal.Rows.Scope;
import fr.preau.cahier.internal.Rows.Seance;
import fr.preau.cahier.internal.Rows.Visa;
import fr.preau.store.Transactions;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The cahier's SQL, on {@code jdbc/preau-cahier}: nothing here decides who may do what (see
 * {@link Cahier}). Lists of ids are read in chunks of {@value #CHUNK} (one {@code IN} list each).
 */
@Component(service = CahierStore.class)
public final class CahierStore {

    static final int CHUNK = 200;

    private static final String SEANCE_COLUMNS = "id, school, division_id, division_label, subject_code, subject_label, author_id, "
            + "author_name, kind, seance_date, start_time, end_time, title, content, publish_at, created_at, updated_at";
    private static final String DEVOIR_COLUMNS = "id, seance_id, school, division_id, division_label, subject_code, subject_label, "
            + "author_id, author_name, due_date, kind, instructions, minutes, hand_in, publish_at, notified, created_at, updated_at";

    private final DataSource db;

    @Activate
    public CahierStore(@Reference(name = "db", target = "(osgi.jndi.service.name=jdbc/preau-cahier)") DataSource db) {
        this.db = db;
    }

    DataSource db() {
        return db;
    }

    /** Bumped after each committed change of what people read (see {@link ReadCache}). */
    private final java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong();

    long version() {
        return version.get();
    }

    /** The séances and devoirs ({@code seance:<id>}, {@code devoir:<id>}) the write running on this thread touched. */
    private final ThreadLocal<Set<String>> touched = new ThreadLocal<>();
    /** Told, after each committed write, which séances and devoirs it touched (the search source), or null. */
    private volatile java.util.function.Consumer<Set<String>> committed;

    void onCommitted(java.util.function.Consumer<Set<String>> listener) {
        this.committed = listener;
    }

    /** Work on the cahier's content in one transaction; readers' lists are dropped once it is committed. */
    <T> T write(Transactions.Work<T> work) throws SQLException {
        Set<String> outer = touched.get();
        Set<String> mine = new java.util.LinkedHashSet<>();
        if (outer == null) {
            touched.set(mine);
        }
        boolean done = false;
        try {
            T result = Transactions.inTransaction(db, work);
            done = true;
            return result;
        } finally {
            version.incrementAndGet();
            if (outer == null) {
                touched.remove();
                java.util.function.Consumer<Set<String>> listener = committed;
                if (done && listener != null && !mine.isEmpty()) {
                    try {
                        listener.accept(Set.copyOf(mine));
                    } catch (RuntimeException e) {
                        // search is told best effort: it lists the cahier again when it (re)starts
                    }
                }
            }
        }
    }

    private void touch(String key) {
        Set<String> t = touched.get();
        if (t != null) {
            t.add(key);
        }
    }

    /** At most {@code limit} séances with an id above {@code after}, by id (the search listing pages with it). */
    List<Seance> seancesAfter(long after, int limit) throws SQLException {
        List<Seance> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT " + SEANCE_COLUMNS
                + " FROM cahier_seance WHERE id > ? ORDER BY id")) {
            ps.setLong(1, after);
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(seance(rs));
                }
            }
        }
        return out;
    }

    /** At most {@code limit} devoirs with an id above {@code after}, by id. */
    List<Devoir> devoirsAfter(long after, int limit) throws SQLException {
        List<Devoir> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT " + DEVOIR_COLUMNS
                + " FROM cahier_devoir WHERE id > ? ORDER BY id")) {
            ps.setLong(1, after);
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(devoir(rs));
                }
            }
        }
        return out;
    }

    // --- séances ---------------------------------------------------------------------------

    long insertSeance(Connection c, Seance s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cahier_seance (school, division_id, division_label, subject_code, "
                + "subject_label, author_id, author_name, kind, seance_date, start_time, end_time, title, content, publish_at, created_at, "
                + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            int i = scope(ps, 1, s.scope());
            ps.setString(i++, s.kind().name());
            ps.setDate(i++, Date.valueOf(s.date()));
            ps.setString(i++, s.start());
            ps.setString(i++, s.end());
            ps.setString(i++, s.title());
            ps.setString(i++, s.content());
            ps.setTimestamp(i++, Timestamp.from(s.publishAt()));
            ps.setTimestamp(i++, Timestamp.from(s.createdAt()));
            ps.setTimestamp(i, Timestamp.from(s.updatedAt()));
            ps.executeUpdate();
            long id = key(ps);
            touch("seance:" + id);
            return id;
        }
    }

    void updateSeance(Connection c, Seance s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE cahier_seance SET school = ?, division_id = ?, division_label = ?, "
                + "subject_code = ?, subject_label = ?, author_id = ?, author_name = ?, kind = ?, seance_date = ?, start_time = ?, "
                + "end_time = ?, title = ?, content = ?, publish_at = ?, updated_at = ? WHERE id = ?")) {
            int i = scope(ps, 1, s.scope());
            ps.setString(i++, s.kind().name());
            ps.setDate(i++, Date.valueOf(s.date()));
            ps.setString(i++, s.start());
            ps.setString(i++, s.end());
            ps.setString(i++, s.title());
            ps.setString(i++, s.content());
            ps.setTimestamp(i++, Timestamp.from(s.publishAt()));
            ps.setTimestamp(i++, Timestamp.from(s.updatedAt()));
            ps.setLong(i, s.id());
            ps.executeUpdate();
        }
        touch("seance:" + s.id());
    }

    boolean deleteSeance(Connection c, long id) throws SQLException {
        touch("seance:" + id);
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM cahier_devoir WHERE seance_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    touch("devoir:" + rs.getLong(1));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM cahier_amendment WHERE seance_id = ? OR devoir_id IN "
                + "(SELECT id FROM cahier_devoir WHERE seance_id = ?)")) {
            ps.setLong(1, id);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM cahier_seance WHERE id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    Optional<Seance> seance(long id) throws SQLException {
        try (Connection c = db.getConnection()) {
            return seance(c, id);
        }
    }

    Optional<Seance> seance(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + SEANCE_COLUMNS + " FROM cahier_seance WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(seance(rs)) : Optional.empty();
            }
        }
    }

    /** The séances with these ids that exist (a search page's second check), in no order. */
    List<Seance> seances(Collection<Long> ids) throws SQLException {
        List<Seance> out = new ArrayList<>();
        inChunks(ids, "SELECT " + SEANCE_COLUMNS + " FROM cahier_seance WHERE id IN (", ")", NOTHING, 0, rs -> out.add(seance(rs)));
        return out;
    }

    /** The séances of these divisions between two dates (inclusive), by date and start time. */
    List<Seance> seances(Collection<String> divisions, LocalDate from, LocalDate to) throws SQLException {
        List<Seance> out = new ArrayList<>();
        inChunks(divisions, "SELECT " + SEANCE_COLUMNS + " FROM cahier_seance WHERE division_id IN (", ") AND seance_date >= ? AND seance_date <= ?",
                dates(from, to), 0, rs -> out.add(seance(rs)));
        out.sort(java.util.Comparator.comparing(Seance::date).thenComparing(Seance::start).thenComparingLong(Seance::id));
        return out;
    }

    /** The séances written by {@code author} for a division between two dates, by date. */
    List<Seance> seancesBy(String author, String division, LocalDate from, LocalDate to) throws SQLException {
        return seances(List.of(division), from, to).stream().filter(s -> s.scope().authorId().equals(author)).toList();
    }

    // --- devoirs ----------------------------------------------------------------------------

    long insertDevoir(Connection c, Devoir d) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cahier_devoir (school, division_id, division_label, subject_code, "
                + "subject_label, author_id, author_name, seance_id, due_date, kind, instructions, minutes, hand_in, publish_at, notified, "
                + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            int i = devoirValues(ps, d);
            ps.setTimestamp(i++, Timestamp.from(d.createdAt()));
            ps.setTimestamp(i, Timestamp.from(d.updatedAt()));
            ps.executeUpdate();
            long id = key(ps);
            touch("devoir:" + id);
            return id;
        }
    }

    void updateDevoir(Connection c, Devoir d) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE cahier_devoir SET school = ?, division_id = ?, division_label = ?, "
                + "subject_code = ?, subject_label = ?, author_id = ?, author_name = ?, seance_id = ?, due_date = ?, kind = ?, "
                + "instructions = ?, minutes = ?, hand_in = ?, publish_at = ?, notified = ?, updated_at = ? WHERE id = ?")) {
            int i = devoirValues(ps, d);
            ps.setTimestamp(i++, Timestamp.from(d.updatedAt()));
            ps.setLong(i, d.id());
            ps.executeUpdate();
        }
        touch("devoir:" + d.id());
    }

    private static int devoirValues(PreparedStatement ps, Devoir d) throws SQLException {
        int i = scope(ps, 1, d.scope());
        if (d.seanceId() == null) {
            ps.setNull(i++, Types.BIGINT);
        } else {
            ps.setLong(i++, d.seanceId());
        }
        ps.setDate(i++, Date.valueOf(d.due()));
        ps.setString(i++, d.kind().name());
        ps.setString(i++, d.instructions());
        if (d.minutes() == null) {
            ps.setNull(i++, Types.INTEGER);
        } else {
            ps.setInt(i++, d.minutes());
        }
        ps.setBoolean(i++, d.handIn());
        ps.setTimestamp(i++, Timestamp.from(d.publishAt()));
        ps.setBoolean(i++, d.notified());
        return i;
    }

    boolean deleteDevoir(Connection c, long id) throws SQLException {
        touch("devoir:" + id);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM cahier_amendment WHERE devoir_id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM cahier_devoir WHERE id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    Optional<Devoir> devoir(long id) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT " + DEVOIR_COLUMNS
                + " FROM cahier_devoir WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(devoir(rs)) : Optional.empty();
            }
        }
    }

    /** The devoirs with these ids that exist (a search page's second check), in no order. */
    List<Devoir> devoirs(Collection<Long> ids) throws SQLException {
        List<Devoir> out = new ArrayList<>();
        inChunks(ids, "SELECT " + DEVOIR_COLUMNS + " FROM cahier_devoir WHERE id IN (", ")", NOTHING, 0, rs -> out.add(devoir(rs)));
        return out;
    }

    /** The devoirs of these divisions due between two dates (inclusive), by due date. */
    List<Devoir> devoirsDue(Collection<String> divisions, LocalDate from, LocalDate to) throws SQLException {
        List<Devoir> out = new ArrayList<>();
        inChunks(divisions, "SELECT " + DEVOIR_COLUMNS + " FROM cahier_devoir WHERE division_id IN (", ") AND due_date >= ? AND due_date <= ?",
                dates(from, to), 0, rs -> out.add(devoir(rs)));
        out.sort(java.util.Comparator.comparing(Devoir::due).thenComparing(d -> d.scope().subjectLabel()).thenComparingLong(Devoir::id));
        return out;
    }

    /** The devoirs linked to these séances, by séance id. */
    Map<Long, List<Devoir>> devoirsOf(Collection<Long> seances) throws SQLException {
        Map<Long, List<Devoir>> out = new HashMap<>();
        inChunks(seances, "SELECT " + DEVOIR_COLUMNS + " FROM cahier_devoir WHERE seance_id IN (", ")", NOTHING, 0, rs -> {
            Devoir d = devoir(rs);
            out.computeIfAbsent(d.seanceId(), k -> new ArrayList<>()).add(d);
        });
        out.values().forEach(l -> l.sort(java.util.Comparator.comparing(Devoir::due).thenComparingLong(Devoir::id)));
        return out;
    }

    /** Devoirs published by now whose pupils were not told yet, oldest first. */
    List<Devoir> toNotify(Instant now, int limit) throws SQLException {
        List<Devoir> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT " + DEVOIR_COLUMNS
                + " FROM cahier_devoir WHERE notified = ? AND publish_at <= ?")) {
            ps.setBoolean(1, false);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(devoir(rs));
                }
            }
        }
        return out;
    }

    void markNotified(long devoir) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE cahier_devoir SET notified = ? WHERE id = ?")) {
            ps.setBoolean(1, true);
            ps.setLong(2, devoir);
            ps.executeUpdate();
        }
    }

    // --- links, pieces, amendments -----------------------------------------------------------

    void replaceLinks(Connection c, long seance, List<Link> links) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM cahier_link WHERE seance_id = ?")) {
            ps.setLong(1, seance);
            ps.executeUpdate();
        }
        if (links.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cahier_link (seance_id, position, url, label) VALUES (?, ?, ?, ?)")) {
            int position = 0;
            for (Link l : links) {
                ps.setLong(1, seance);
                ps.setInt(2, position++);
                ps.setString(3, l.url());
                ps.setString(4, l.label());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    Map<Long, List<Link>> links(Collection<Long> seances) throws SQLException {
        Map<Long, Map<Integer, Link>> ordered = new HashMap<>();
        inChunks(seances, "SELECT seance_id, position, url, label FROM cahier_link WHERE seance_id IN (", ")", NOTHING, 0,
                rs -> ordered.computeIfAbsent(rs.getLong(1), k -> new java.util.TreeMap<>()).put(rs.getInt(2),
                        new Link(rs.getString(3), rs.getString(4))));
        Map<Long, List<Link>> out = new HashMap<>();
        ordered.forEach((k, v) -> out.put(k, List.copyOf(v.values())));
        return out;
    }

    long insertPiece(Connection c, Piece p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cahier_piece (seance_id, file_name, media_type, size_bytes, blob, "
                + "created_at) VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, p.seanceId());
            ps.setString(2, p.fileName());
            ps.setString(3, p.mediaType());
            ps.setLong(4, p.size());
            ps.setString(5, p.blob());
            ps.setTimestamp(6, Timestamp.from(p.createdAt()));
            ps.executeUpdate();
            return key(ps);
        }
    }

    Optional<Piece> piece(long id) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, seance_id, file_name, media_type, size_bytes, blob, created_at FROM cahier_piece WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(piece(rs)) : Optional.empty();
            }
        }
    }

    boolean deletePiece(long id) throws SQLException {
        return write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cahier_piece WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Whether a stored piece still uses this blob (copies of a séance share their files). */
    boolean blobUsed(String blob) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1 FROM cahier_piece WHERE blob = ?")) {
            ps.setString(1, blob);
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    Map<Long, List<Piece>> pieces(Collection<Long> seances) throws SQLException {
        Map<Long, List<Piece>> out = new HashMap<>();
        inChunks(seances, "SELECT id, seance_id, file_name, media_type, size_bytes, blob, created_at FROM cahier_piece WHERE seance_id IN (",
                ")", NOTHING, 0, rs -> {
                    Piece p = piece(rs);
                    out.computeIfAbsent(p.seanceId(), k -> new ArrayList<>()).add(p);
                });
        out.values().forEach(l -> l.sort(java.util.Comparator.comparingLong(Piece::id)));
        return out;
    }

    long insertAmendment(Amendment a) throws SQLException {
        return write(c -> insertAmendment(c, a));
    }

    private long insertAmendment(Connection c, Amendment a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cahier_amendment (seance_id, "
                + "devoir_id, author_id, author_name, text, created_at) VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            if (a.seanceId() == null) {
                ps.setNull(1, Types.BIGINT);
            } else {
                ps.setLong(1, a.seanceId());
            }
            if (a.devoirId() == null) {
                ps.setNull(2, Types.BIGINT);
            } else {
                ps.setLong(2, a.devoirId());
            }
            ps.setString(3, a.authorId());
            ps.setString(4, a.authorName());
            ps.setString(5, a.text());
            ps.setTimestamp(6, Timestamp.from(a.at()));
            ps.executeUpdate();
            return key(ps);
        }
    }

    /** The amendments of these séances and devoirs, oldest first. */
    List<Amendment> amendments(Collection<Long> seances, Collection<Long> devoirs) throws SQLException {
        List<Amendment> out = new ArrayList<>();
        String select = "SELECT id, seance_id, devoir_id, author_id, author_name, text, created_at FROM cahier_amendment WHERE ";
        RowReader read = rs -> out.add(new Amendment(rs.getLong(1), nullableLong(rs, 2), nullableLong(rs, 3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant()));
        inChunks(seances, select + "seance_id IN (", ")", NOTHING, 0, read);
        inChunks(devoirs, select + "devoir_id IN (", ")", NOTHING, 0, read);
        out.sort(java.util.Comparator.comparing(Amendment::at).thenComparingLong(Amendment::id));
        return out;
    }

    // --- "fait" ------------------------------------------------------------------------------

    /** Every devoir a pupil ticked. */
    Set<Long> doneBy(String pupil) throws SQLException {
        Set<Long> out = new HashSet<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT devoir_id FROM cahier_done WHERE pupil_id = ?")) {
            ps.setString(1, pupil);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    void setDone(long devoir, String pupil, boolean done, Instant at) throws SQLException {
        Transactions.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cahier_done WHERE pupil_id = ? AND devoir_id = ?")) {
                ps.setString(1, pupil);
                ps.setLong(2, devoir);
                ps.executeUpdate();
            }
            if (done) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO cahier_done (devoir_id, pupil_id, done_at) VALUES (?, ?, ?)")) {
                    ps.setLong(1, devoir);
                    ps.setString(2, pupil);
                    ps.setTimestamp(3, Timestamp.from(at));
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    // --- visas -------------------------------------------------------------------------------

    long insertVisa(Visa v) throws SQLException {
        return write(c -> insertVisa(c, v));
    }

    private long insertVisa(Connection c, Visa v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cahier_visa (school, division_id, "
                + "until_date, by_id, by_name, created_at) VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, v.school());
            ps.setString(2, v.divisionId());
            ps.setDate(3, Date.valueOf(v.until()));
            ps.setString(4, v.byId());
            ps.setString(5, v.byName());
            ps.setTimestamp(6, Timestamp.from(v.at()));
            ps.executeUpdate();
            return key(ps);
        }
    }

    /** The visas of a division, newest first. */
    List<Visa> visas(String division) throws SQLException {
        List<Visa> out = new ArrayList<>();
        inChunks(List.of(division), "SELECT " + VISA_COLUMNS + " FROM cahier_visa WHERE division_id IN (", ")", NOTHING, 0,
                rs -> out.add(visa(rs)));
        out.sort(java.util.Comparator.comparing(Visa::at).thenComparingLong(Visa::id).reversed());
        return out;
    }

    /** The furthest visa of each of these divisions (those with one). */
    Map<String, Visa> latestVisas(Collection<String> divisions) throws SQLException {
        Map<String, Visa> out = new HashMap<>();
        inChunks(divisions, "SELECT " + VISA_COLUMNS + " FROM cahier_visa WHERE division_id IN (", ")", NOTHING, 0, rs -> {
            Visa v = visa(rs);
            out.merge(v.divisionId(), v, (a, b) -> a.until().isAfter(b.until()) ? a : b);
        });
        return out;
    }

    // --- search ----------------------------------------------------------------------------------

    /** Séances of these divisions since {@code from} whose title or content holds {@code needle} (lower case), newest first. */
    List<Seance> searchSeances(Collection<String> divisions, LocalDate from, String needle, int limit) throws SQLException {
        List<Seance> out = new ArrayList<>();
        String like = like(needle);
        inChunks(divisions, "SELECT " + SEANCE_COLUMNS + " FROM cahier_seance WHERE division_id IN (",
                ") AND seance_date >= ? AND (LOWER(title) LIKE ? ESCAPE '!' OR LOWER(content) LIKE ? ESCAPE '!')", (ps, i) -> {
                    ps.setDate(i, Date.valueOf(from));
                    ps.setString(i + 1, like);
                    ps.setString(i + 2, like);
                    return i + 3;
                }, limit * 4, rs -> out.add(seance(rs)));
        out.sort(java.util.Comparator.comparing(Seance::date).reversed());
        return out;
    }

    /** Devoirs of these divisions due since {@code from} whose instructions hold {@code needle} (lower case), soonest first. */
    List<Devoir> searchDevoirs(Collection<String> divisions, LocalDate from, String needle, int limit) throws SQLException {
        List<Devoir> out = new ArrayList<>();
        String like = like(needle);
        inChunks(divisions, "SELECT " + DEVOIR_COLUMNS + " FROM cahier_devoir WHERE division_id IN (",
                ") AND due_date >= ? AND LOWER(instructions) LIKE ? ESCAPE '!'", (ps, i) -> {
                    ps.setDate(i, Date.valueOf(from));
                    ps.setString(i + 1, like);
                    return i + 2;
                }, limit * 4, rs -> out.add(devoir(rs)));
        out.sort(java.util.Comparator.comparing(Devoir::due));
        return out;
    }

    /** A LIKE pattern holding {@code needle} anywhere, its wildcards escaped with {@code !}. */
    private static String like(String needle) {
        return "%" + needle.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    // --- settings and feeds --------------------------------------------------------------------

    int maxDevoirsPerDay(String school) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT max_devoirs_per_day FROM cahier_setting WHERE school = ?")) {
            ps.setString(1, school);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : Rules.DEFAULT_MAX_DEVOIRS_PER_DAY;
            }
        }
    }

    void setMaxDevoirsPerDay(String school, int max) throws SQLException {
        Transactions.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE cahier_setting SET max_devoirs_per_day = ? WHERE school = ?")) {
                ps.setInt(1, max);
                ps.setString(2, school);
                if (ps.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO cahier_setting (school, max_devoirs_per_day) VALUES (?, ?)")) {
                ps.setString(1, school);
                ps.setInt(2, max);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Replaces the person's feed token (hash) — {@code null} removes it. */
    void setFeed(String person, String tokenHash, Instant at) throws SQLException {
        Transactions.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cahier_feed WHERE person_id = ?")) {
                ps.setString(1, person);
                ps.executeUpdate();
            }
            if (tokenHash != null) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO cahier_feed (person_id, token_hash, created_at) VALUES (?, ?, ?)")) {
                    ps.setString(1, person);
                    ps.setString(2, tokenHash);
                    ps.setTimestamp(3, Timestamp.from(at));
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Whether the person has a feed. */
    boolean hasFeed(String person) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1 FROM cahier_feed WHERE person_id = ?")) {
            ps.setString(1, person);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The person whose feed token has this hash. */
    Optional<String> feedOwner(String tokenHash) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT person_id FROM cahier_feed WHERE token_hash = ?")) {
            ps.setString(1, tokenHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** The classes and groupes {@code author} wrote séances for before {@code before}: id → label as then written, by label. */
    Map<String, String> authoredDivisions(String author, LocalDate before) throws SQLException {
        Map<String, String> out = new java.util.TreeMap<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT DISTINCT division_id, division_label "
                + "FROM cahier_seance WHERE author_id = ? AND seance_date < ?")) {
            ps.setString(1, author);
            ps.setDate(2, Date.valueOf(before));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.putIfAbsent(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Whether the cahier holds any séance (the demo seeds an empty one). */
    boolean empty() throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1 FROM cahier_seance")) {
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return !rs.next();
            }
        }
    }

    // --- mapping -----------------------------------------------------------------------------

    /** Binds the parameters after a chunk's keys, from index {@code next}; returns the next free index. */
    @FunctionalInterface
    interface Binder {
        int bind(PreparedStatement ps, int next) throws SQLException;
    }

    /** Reads one row. */
    @FunctionalInterface
    interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private static final Binder NOTHING = (ps, next) -> next;
    private static final String VISA_COLUMNS = "id, school, division_id, until_date, by_id, by_name, created_at";

    /**
     * Runs {@code before ?, ?, … after} once per chunk of {@value #CHUNK} distinct keys (the keys
     * bound first, then {@code more}), on one connection, and reads every row ({@code maxRows} per
     * chunk, 0 for all). Nothing runs for no keys.
     */
    private <K> void inChunks(Collection<K> keys, String before, String after, Binder more, int maxRows, RowReader rows)
            throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (Connection c = db.getConnection()) {
            for (List<K> chunk : chunks(keys)) {
                try (PreparedStatement ps = c.prepareStatement(before + marks(chunk.size()) + after)) {
                    int i = 1;
                    for (K key : chunk) {
                        if (key instanceof Long l) {
                            ps.setLong(i++, l);
                        } else {
                            ps.setString(i++, (String) key);
                        }
                    }
                    more.bind(ps, i);
                    if (maxRows > 0) {
                        ps.setMaxRows(maxRows);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.read(rs);
                        }
                    }
                }
            }
        }
    }

    private static Binder dates(LocalDate from, LocalDate to) {
        return (ps, i) -> {
            ps.setDate(i, Date.valueOf(from));
            ps.setDate(i + 1, Date.valueOf(to));
            return i + 2;
        };
    }

    private static Visa visa(ResultSet rs) throws SQLException {
        return new Visa(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getDate(4).toLocalDate(), rs.getString(5), rs.getString(6),
                rs.getTimestamp(7).toInstant());
    }

    private static int scope(PreparedStatement ps, int i, Scope s) throws SQLException {
        ps.setString(i++, s.school());
        ps.setString(i++, s.divisionId());
        ps.setString(i++, s.divisionLabel());
        ps.setString(i++, s.subjectCode());
        ps.setString(i++, s.subjectLabel());
        ps.setString(i++, s.authorId());
        ps.setString(i++, s.authorName());
        return i;
    }

    private static Scope scope(ResultSet rs, int i) throws SQLException {
        return new Scope(rs.getString(i), rs.getString(i + 1), rs.getString(i + 2), rs.getString(i + 3), rs.getString(i + 4),
                rs.getString(i + 5), rs.getString(i + 6));
    }

    private static Seance seance(ResultSet rs) throws SQLException {
        return new Seance(rs.getLong(1), scope(rs, 2), Kind.valueOf(rs.getString(9)), rs.getDate(10).toLocalDate(), rs.getString(11),
                rs.getString(12), rs.getString(13), rs.getString(14), rs.getTimestamp(15).toInstant(), rs.getTimestamp(16).toInstant(),
                rs.getTimestamp(17).toInstant());
    }

    private static Devoir devoir(ResultSet rs) throws SQLException {
        Long seance = nullableLong(rs, 2);
        Scope scope = scope(rs, 3);
        int minutes = rs.getInt(13);
        Integer m = rs.wasNull() ? null : minutes;
        return new Devoir(rs.getLong(1), seance, scope, rs.getDate(10).toLocalDate(), DevoirKind.valueOf(rs.getString(11)), rs.getString(12),
                m, rs.getBoolean(14), rs.getTimestamp(15).toInstant(), rs.getBoolean(16), rs.getTimestamp(17).toInstant(),
                rs.getTimestamp(18).toInstant());
    }

    private static Piece piece(ResultSet rs) throws SQLException {
        return new Piece(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6),
                rs.getTimestamp(7).toInstant());
    }

    private static Long nullableLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private static long key(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    private static <T> List<List<T>> chunks(Collection<T> all) {
        List<T> list = List.copyOf(new java.util.LinkedHashSet<>(all));
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i += CHUNK) {
            out.add(list.subList(i, Math.min(list.size(), i + CHUNK)));
        }
        return out;
    }

    private static final String[] MARKS = new String[CHUNK + 1];

    static {
        for (int n = 0; n <= CHUNK; n++) {
            MARKS[n] = java.util.stream.IntStream.range(0, n).mapToObj(i -> "?").collect(Collectors.joining(", "));
        }
    }

    private static String marks(int n) {
        return MARKS[n];
    }
}
