package fr.preau.files.internal;

import fr.preau.store.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/** The module's SQL on {@code jdbc/preau-files}; nothing here decides who may do what (see {@link Files}). */
final class FilesStore {

    private static final String COLUMNS = "id, space_id, parent_id, name, folder, size_bytes, sha256, blob, media_type, etag, owner_id, "
            + "created_at, updated_at, deleted_at, trashed";

    private final DataSource db;

    /** The nodes the current thread's transaction changed (null outside {@link #write} and {@link #run}). */
    private final ThreadLocal<Set<Long>> touched = new ThreadLocal<>();
    /** Told, after each commit, which nodes it changed (their content, place, state or shares). */
    private volatile Consumer<Set<Long>> onCommitted;

    FilesStore(DataSource db) {
        this.db = db;
    }

    /** Tells {@code listener} (null: nobody) which nodes each committed write changed. */
    void onCommitted(Consumer<Set<Long>> listener) {
        onCommitted = listener;
    }

    <T> T write(Transactions.Work<T> work) throws SQLException {
        if (touched.get() != null) {
            return Transactions.inTransaction(db, (Transactions.Work<T>) c -> counting(c, work));
        }
        Set<Long> changed = new LinkedHashSet<>();
        touched.set(changed);
        T result;
        try {
            result = Transactions.inTransaction(db, (Transactions.Work<T>) c -> counting(c, work));
        } finally {
            touched.remove();
        }
        committed(changed);
        return result;
    }

    void run(Transactions.VoidWork work) throws SQLException {
        write(c -> {
            work.run(c);
            return null;
        });
    }

    /** Notes a change of node {@code id}, told when the transaction commits (at once for a write outside one). */
    private void touch(long id) {
        Set<Long> changed = touched.get();
        if (changed != null) {
            changed.add(id);
        } else {
            committed(Set.of(id));
        }
    }

    private void committed(Set<Long> changed) {
        Consumer<Set<Long>> listener = onCommitted;
        if (listener == null || changed.isEmpty()) {
            return;
        }
        try {
            listener.accept(Collections.unmodifiableSet(changed));
        } catch (RuntimeException e) {
            // the write is committed: whoever listens (the search index) catches up at its next listing
            LoggerFactory.getLogger(FilesStore.class).warn("Listener of committed file changes failed: {}", e.toString());
        }
    }

    Connection connection() throws SQLException {
        return db.getConnection();
    }

    /** A setting the referent made in the console (absent: never set; empty: turned off). */
    Optional<String> setting(String name) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT setting_value FROM files_setting WHERE name = ?")) {
            ps.setString(1, name);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Stores a setting (replacing its previous value). */
    void saveSetting(Connection c, String name, String value, String by, Instant at) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE files_setting SET setting_value = ?, updated_by = ?, updated_at = ? WHERE name = ?")) {
            up.setString(1, value);
            up.setString(2, by);
            up.setTimestamp(3, java.sql.Timestamp.from(at));
            up.setString(4, name);
            if (up.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement in = c.prepareStatement("INSERT INTO files_setting (name, setting_value, updated_by, updated_at) VALUES (?, ?, ?, ?)")) {
            in.setString(1, name);
            in.setString(2, value);
            in.setString(3, by);
            in.setTimestamp(4, java.sql.Timestamp.from(at));
            in.executeUpdate();
        }
    }

    /** Whether no file, folder, drop box or groupe de travail was ever written (the demo's documents go only there). */
    boolean empty() throws SQLException {
        try (Connection c = db.getConnection(); java.sql.Statement st = c.createStatement()) {
            for (String table : List.of("files_node", "files_dropbox", "files_workgroup")) {
                try (java.sql.ResultSet rs = st.executeQuery("SELECT 1 FROM " + table + " FETCH FIRST 1 ROWS ONLY")) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    Optional<Node> node(long id) throws SQLException {
        try (Connection c = db.getConnection()) {
            return node(c, id);
        }
    }

    Optional<Node> node(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM files_node WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(node(rs)) : Optional.empty();
            }
        }
    }

    /** The nodes with these ids that exist (a search page's second check), in no order; one query per 500 ids. */
    List<Node> nodes(java.util.Collection<Long> ids) throws SQLException {
        List<Node> out = new ArrayList<>();
        List<Long> all = List.copyOf(new java.util.LinkedHashSet<>(ids));
        try (Connection c = db.getConnection()) {
            for (int from = 0; from < all.size(); from += 500) {
                List<Long> chunk = all.subList(from, Math.min(all.size(), from + 500));
                String in = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM files_node WHERE id IN (" + in + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setLong(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(node(rs));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** At most {@code limit} live nodes of every space, by id, after {@code after} (a listing page). */
    List<Node> liveAfter(long after, int limit) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM files_node WHERE id > ? AND deleted_at IS NULL ORDER BY id")) {
            ps.setLong(1, after);
            ps.setMaxRows(limit);
            return list(ps);
        }
    }

    /** The live children of a folder (null: the root of the space), folders first, by name. */
    List<Node> children(String space, Long parent) throws SQLException {
        try (Connection c = db.getConnection()) {
            return children(c, space, parent, true);
        }
    }

    /** The children of a folder, live ones only or all (trashed too). */
    List<Node> children(Connection c, String space, Long parent, boolean liveOnly) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM files_node WHERE space_id = ? AND " + (parent == null ? "parent_id IS NULL" : "parent_id = ?")
                + (liveOnly ? " AND deleted_at IS NULL" : "") + " ORDER BY folder DESC, name";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, space);
            if (parent != null) {
                ps.setLong(2, parent);
            }
            return list(ps);
        }
    }

    /** The live child of that name (names compare exactly, as stored: NFC). */
    Optional<Node> child(Connection c, String space, Long parent, String name) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM files_node WHERE space_id = ? AND " + (parent == null ? "parent_id IS NULL" : "parent_id = ?")
                + " AND name = ? AND deleted_at IS NULL";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, space);
            if (parent != null) {
                ps.setLong(i++, parent);
            }
            ps.setString(i, name);
            List<Node> found = list(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    /** Every node below {@code folder} (any state), breadth first. */
    List<Node> descendants(Connection c, Node folder) throws SQLException {
        List<Node> out = new ArrayList<>();
        List<Node> level = List.of(folder);
        while (!level.isEmpty()) {
            List<Node> next = new ArrayList<>();
            for (Node n : level) {
                if (n.folder()) {
                    next.addAll(children(c, n.space(), n.id(), false));
                }
            }
            out.addAll(next);
            level = next;
        }
        return out;
    }

    long insert(Connection c, Node n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO files_node (space_id, parent_id, name, folder, size_bytes, sha256, blob, "
                + "media_type, etag, owner_id, created_at, updated_at, deleted_at, trashed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, n.space());
            setLong(ps, 2, n.parentId());
            ps.setString(3, n.name());
            ps.setBoolean(4, n.folder());
            ps.setLong(5, n.size());
            ps.setString(6, n.sha256());
            ps.setString(7, n.blob());
            ps.setString(8, n.mediaType());
            ps.setString(9, n.etag());
            ps.setString(10, n.ownerId());
            ps.setTimestamp(11, Timestamp.from(n.createdAt()));
            ps.setTimestamp(12, Timestamp.from(n.updatedAt()));
            ps.setTimestamp(13, n.deletedAt() == null ? null : Timestamp.from(n.deletedAt()));
            ps.setBoolean(14, n.trashed());
            ps.executeUpdate();
            long id;
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
            addUsage(c, n.space(), n.size());
            touch(id);
            return id;
        }
    }

    /**
     * Locks a node's row until the transaction ends: a second writer of the same file waits here for the first to
     * commit, instead of each waiting for the version row the other inserted (a deadlock Derby breaks only after its
     * 20 s deadlock timeout).
     */
    void lockNode(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE files_node SET etag = etag WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    /** Replaces the bytes of a file. */
    void updateContent(Connection c, long id, long size, String sha256, String blob, String mediaType, String etag, Instant at)
            throws SQLException {
        Counted before = counted(c, id, false);
        try (PreparedStatement ps = c.prepareStatement("UPDATE files_node SET size_bytes = ?, sha256 = ?, blob = ?, media_type = ?, "
                + "etag = ?, updated_at = ? WHERE id = ?")) {
            ps.setLong(1, size);
            ps.setString(2, sha256);
            ps.setString(3, blob);
            ps.setString(4, mediaType);
            ps.setString(5, etag);
            ps.setTimestamp(6, Timestamp.from(at));
            ps.setLong(7, id);
            ps.executeUpdate();
        }
        if (before != null) {
            addUsage(c, before.space(), size - before.bytes());
        }
        touch(id);
    }

    /** Moves and/or renames a node (and its descendants when it changes space). */
    void place(Connection c, long id, String space, Long parent, String name, String etag, Instant at) throws SQLException {
        Counted before = counted(c, id, true);
        try (PreparedStatement ps = c.prepareStatement("UPDATE files_node SET space_id = ?, parent_id = ?, name = ?, etag = ?, updated_at = ? "
                + "WHERE id = ?")) {
            ps.setString(1, space);
            setLong(ps, 2, parent);
            ps.setString(3, name);
            ps.setString(4, etag);
            ps.setTimestamp(5, Timestamp.from(at));
            ps.setLong(6, id);
            ps.executeUpdate();
        }
        moveUsage(c, before, space);
        touch(id);
    }

    void setSpace(Connection c, long id, String space) throws SQLException {
        Counted before = counted(c, id, true);
        try (PreparedStatement ps = c.prepareStatement("UPDATE files_node SET space_id = ? WHERE id = ?")) {
            ps.setString(1, space);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
        moveUsage(c, before, space);
        touch(id);
    }

    /** Puts a node in the trash or takes it out ({@code at} null). */
    void setDeleted(Connection c, long id, Instant at, String by, boolean trashed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE files_node SET deleted_at = ?, deleted_by = ?, trashed = ? WHERE id = ?")) {
            ps.setTimestamp(1, at == null ? null : Timestamp.from(at));
            ps.setString(2, by);
            ps.setBoolean(3, trashed);
            ps.setLong(4, id);
            ps.executeUpdate();
        }
        touch(id);
    }

    void delete(Connection c, long id) throws SQLException {
        Counted before = counted(c, id, true);
        deleteSharesOf(c, id);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM files_version WHERE node_id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM files_prop WHERE node_id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM files_node WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
        if (before != null) {
            addUsage(c, before.space(), -before.bytes());
        }
        touch(id);
    }

    // --- usage: the bytes of each space, maintained ------------------------------------------------

    /** The changes of the spaces' counts of each open transaction (by connection), written just before it commits. */
    private final ThreadLocal<Map<Connection, Map<String, Long>>> usageDeltas = ThreadLocal.withInitial(java.util.IdentityHashMap::new);

    /**
     * Runs {@code work}, then writes the count changes it made. Written last and in the order of the spaces' ids, the
     * counts' rows are locked from there to the commit only: a transaction never waits for another while holding one
     * (taken in the middle of an upload, the lock of a person's count made a cycle with the versions another upload
     * had written and was reading).
     */
    private <T> T counting(Connection c, Transactions.Work<T> work) throws SQLException {
        Map<String, Long> deltas = new java.util.TreeMap<>();
        usageDeltas.get().put(c, deltas);
        try {
            T result = work.run(c);
            for (Map.Entry<String, Long> d : deltas.entrySet()) {
                writeUsage(c, d.getKey(), d.getValue());
            }
            return result;
        } finally {
            usageDeltas.get().remove(c);
        }
    }

    /** What a node counts in its space: its own bytes, and those of its versions when asked. */
    private record Counted(String space, long bytes) {
    }

    private Counted counted(Connection c, long id, boolean withVersions) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT space_id, size_bytes FROM files_node WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String space = rs.getString(1);
                long bytes = rs.getLong(2);
                return new Counted(space, withVersions ? bytes + versionBytes(c, id) : bytes);
            }
        }
    }

    /** A node (and its versions) changed space: its bytes leave the old one's count for the new one's. */
    private void moveUsage(Connection c, Counted before, String space) throws SQLException {
        if (before != null && !before.space().equals(space)) {
            addUsage(c, before.space(), -before.bytes());
            addUsage(c, space, before.bytes());
        }
    }

    /**
     * Writes a space's count from the SUM when it has none, in a transaction of its own: called before an upload's
     * transaction, so that concurrent first uploads into a space (a new pupil dropping three files) never compute that
     * SUM inside their transactions, where each would wait for the rows the others inserted (a deadlock that Derby
     * breaks only after its deadlock timeout). Two callers at once: the second's row is refused as a duplicate and
     * dropped — its SUM may miss an upload committed since, which then added its own bytes to the first row.
     */
    void ensureCounted(String space) throws SQLException {
        try (Connection c = db.getConnection()) {
            if (counted(c, space)) {
                return;
            }
        }
        try {
            Transactions.inTransaction(db, (Transactions.Work<Void>) c -> {
                if (!counted(c, space)) {
                    insertUsage(c, space, summedBytes(c, space));
                }
                return null;
            });
        } catch (SQLException e) {
            if (!DUPLICATE.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private static final String DUPLICATE = "23505";

    private static boolean counted(Connection c, String space) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM files_usage WHERE space_id = ?")) {
            ps.setString(1, space);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void insertUsage(Connection c, String space, long bytes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO files_usage (space_id, bytes) VALUES (?, ?)")) {
            ps.setString(1, space);
            ps.setLong(2, bytes);
            ps.executeUpdate();
        }
    }

    /** Notes {@code delta} bytes more in a space, written at the end of the transaction (at once outside one). */
    private void addUsage(Connection c, String space, long delta) throws SQLException {
        Map<String, Long> deltas = usageDeltas.get().get(c);
        if (deltas != null) {
            deltas.merge(space, delta, Long::sum);
        } else {
            writeUsage(c, space, delta);
        }
    }

    /**
     * Adds {@code delta} to a space's count, once the changes it counts are written. A space without a row gets one from
     * the SUM, which already holds them; when two transactions write that first row, the loser fails as a serialisation
     * failure, which {@link Transactions} tries again: it then finds the row and adds its delta.
     */
    private void writeUsage(Connection c, String space, long delta) throws SQLException {
        if (delta == 0) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE files_usage SET bytes = bytes + ? WHERE space_id = ?")) {
            ps.setLong(1, delta);
            ps.setString(2, space);
            if (ps.executeUpdate() > 0) {
                return;
            }
        }
        try {
            insertUsage(c, space, summedBytes(c, space));
        } catch (SQLException e) {
            if (DUPLICATE.equals(e.getSQLState())) {
                throw new SQLTransactionRollbackException("files_usage of " + space + " written by another transaction", "40001", e);
            }
            throw e;
        }
    }

    /** What a person put in the trash of a space, newest first. */
    List<Node> trash(String space) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM files_node WHERE space_id = ? AND trashed = ? ORDER BY deleted_at DESC, id DESC")) {
            ps.setString(1, space);
            ps.setBoolean(2, true);
            return list(ps);
        }
    }

    /** What went to the trash before {@code before} (to purge). */
    List<Node> trashedBefore(Instant before, int limit) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM files_node WHERE trashed = ? AND deleted_at < ? ORDER BY deleted_at")) {
            ps.setBoolean(1, true);
            ps.setTimestamp(2, Timestamp.from(before));
            ps.setMaxRows(limit);
            return list(ps);
        }
    }

    /**
     * The bytes a space holds, trash and earlier versions included (the trash is purged after 30 days, or at once on
     * request); a personal space also holds its owner's drop box files (a pupil's hand-ins, a teacher's corrected files).
     */
    long used(Connection c, String space) throws SQLException {
        String group = Space.Kind.GROUPE_TRAVAIL.prefix + ":";
        if (space.startsWith(group)) {
            // a groupe de travail counts against its creator's personal quota: it shares their pool
            Optional<WorkGroup> g = workGroup(c, parseId(space.substring(group.length())));
            return g.isEmpty() ? spaceBytes(c, space) : used(c, "perso:" + g.get().creatorId());
        }
        long used = spaceBytes(c, space);
        if (space.startsWith("perso:")) {
            String person = space.substring("perso:".length());
            used += dropBoxBytes(c, person);
            for (WorkGroup g : workGroupsCreatedBy(c, person)) {
                used += spaceBytes(c, g.spaceId());
            }
        }
        return used;
    }

    /** The bytes of a space's own nodes (trash included) and of their earlier versions: its maintained count (files_usage). */
    long spaceBytes(Connection c, String space) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT bytes FROM files_usage WHERE space_id = ?")) {
            ps.setString(1, space);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            }
        }
        return summedBytes(c, space);
    }

    /** {@link #spaceBytes} counted from the rows: a space without a count yet, and the tests that check the count. */
    long summedBytes(Connection c, String space) throws SQLException {
        long used;
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(size_bytes), 0) FROM files_node WHERE space_id = ?")) {
            ps.setString(1, space);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                used = rs.getLong(1);
            }
        }
        return used + versionBytes(c, space);
    }

    private static long parseId(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The bytes of the earlier versions of a space's files. Driven by the versions (few: the last N of overwritten files
     * only), each joined to its node by primary key, rather than by every node of the space: Derby's join order is
     * fixed by its optimizer hint (an SQL comment to any other database).
     */
    long versionBytes(Connection c, String space) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(v.size_bytes), 0) FROM --DERBY-PROPERTIES joinOrder=FIXED\n"
                + " files_version v, files_node n WHERE n.id = v.node_id AND n.space_id = ?")) {
            ps.setString(1, space);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The bytes of one node's earlier contents (its versions). */
    long versionBytes(Connection c, long node) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(size_bytes), 0) FROM files_version WHERE node_id = ?")) {
            ps.setLong(1, node);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The bytes of the drop box files counted against a person's quota. */
    long dropBoxBytes(Connection c, String person) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(size_bytes), 0) FROM files_handin WHERE quota_of = ?")) {
            ps.setString(1, person);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    long used(String space) throws SQLException {
        try (Connection c = db.getConnection()) {
            return used(c, space);
        }
    }

    long trashBytes(String space) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(SUM(size_bytes), 0) FROM files_node WHERE space_id = ? AND deleted_at IS NOT NULL")) {
            ps.setString(1, space);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    // --- dead properties (WebDAV) ---------------------------------------------------------------

    /** The dead properties of a node: {namespace, local name} → the XML of the value. */
    Map<List<String>, String> properties(long node) throws SQLException {
        Map<List<String>, String> out = new LinkedHashMap<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT ns, local_name, value_xml FROM files_prop WHERE node_id = ? ORDER BY ns, local_name")) {
            ps.setLong(1, node);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(List.of(rs.getString(1), rs.getString(2)), rs.getString(3));
                }
            }
        }
        return out;
    }

    void setProperty(Connection c, long node, String ns, String local, String valueXml) throws SQLException {
        removeProperty(c, node, ns, local);
        if (valueXml != null) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO files_prop (node_id, ns, local_name, value_xml) VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, node);
                ps.setString(2, ns);
                ps.setString(3, local);
                ps.setString(4, valueXml);
                ps.executeUpdate();
            }
        }
    }

    void removeProperty(Connection c, long node, String ns, String local) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM files_prop WHERE node_id = ? AND ns = ? AND local_name = ?")) {
            ps.setLong(1, node);
            ps.setString(2, ns);
            ps.setString(3, local);
            ps.executeUpdate();
        }
    }

    void copyProperties(Connection c, long from, long to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO files_prop (node_id, ns, local_name, value_xml) "
                + "SELECT ?, ns, local_name, value_xml FROM files_prop WHERE node_id = ?")) {
            ps.setLong(1, to);
            ps.setLong(2, from);
            ps.executeUpdate();
        }
    }

    // --- application passwords (WebDAV clients) ---------------------------------------------------------

    record AppPassword(long id, String personId, String label, Instant createdAt, Instant lastUsedAt) {
    }

    long insertAppPassword(String person, String label, String secretSha256, Instant at) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO files_app_password (person_id, label, "
                + "secret_sha256, created_at) VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, person);
            ps.setString(2, label);
            ps.setString(3, secretSha256);
            ps.setTimestamp(4, Timestamp.from(at));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    List<AppPassword> appPasswords(String person) throws SQLException {
        List<AppPassword> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT id, person_id, label, created_at, "
                + "last_used_at FROM files_app_password WHERE person_id = ? ORDER BY created_at, id")) {
            ps.setString(1, person);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp used = rs.getTimestamp(5);
                    out.add(new AppPassword(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                            used == null ? null : used.toInstant()));
                }
            }
        }
        return out;
    }

    boolean deleteAppPassword(String person, long id) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM files_app_password WHERE person_id = ? AND id = ?")) {
            ps.setString(1, person);
            ps.setLong(2, id);
            return ps.executeUpdate() > 0;
        }
    }

    /** The person holding the application password of that digest (and notes its use). */
    Optional<String> appPasswordOwner(String secretSha256, Instant at) throws SQLException {
        try (Connection c = db.getConnection()) {
            String person = null;
            long id = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT id, person_id FROM files_app_password WHERE secret_sha256 = ?")) {
                ps.setString(1, secretSha256);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        id = rs.getLong(1);
                        person = rs.getString(2);
                    }
                }
            }
            if (person != null) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE files_app_password SET last_used_at = ? WHERE id = ?")) {
                    ps.setTimestamp(1, Timestamp.from(at));
                    ps.setLong(2, id);
                    ps.executeUpdate();
                }
            }
            return Optional.ofNullable(person);
        }
    }

    // --- versions ------------------------------------------------------------------------------------------

    /** An earlier content of a file. */
    record Version(long id, long nodeId, long size, String sha256, String blob, String mediaType, Instant modifiedAt, Instant replacedAt,
            String replacedBy) {
    }

    private static final String VERSION_COLUMNS = "id, node_id, size_bytes, sha256, blob, media_type, modified_at, replaced_at, replaced_by";

    /** The earlier contents of a file, newest first. */
    List<Version> versions(Connection c, long node) throws SQLException {
        List<Version> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + VERSION_COLUMNS + " FROM files_version WHERE node_id = ? ORDER BY id DESC")) {
            ps.setLong(1, node);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Version(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(), rs.getString(9)));
                }
            }
        }
        return out;
    }

    List<Version> versions(long node) throws SQLException {
        try (Connection c = db.getConnection()) {
            return versions(c, node);
        }
    }

    void insertVersion(Connection c, Node old, Instant at, String by) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO files_version (node_id, size_bytes, sha256, blob, media_type, modified_at, "
                + "replaced_at, replaced_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, old.id());
            ps.setLong(2, old.size());
            ps.setString(3, old.sha256());
            ps.setString(4, old.blob());
            ps.setString(5, old.mediaType());
            ps.setTimestamp(6, Timestamp.from(old.updatedAt()));
            ps.setTimestamp(7, Timestamp.from(at));
            ps.setString(8, by);
            ps.executeUpdate();
        }
        addUsage(c, old.space(), old.size());
    }

    void deleteVersion(Connection c, long id) throws SQLException {
        Counted version = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT n.space_id, v.size_bytes FROM files_version v, files_node n "
                + "WHERE v.id = ? AND n.id = v.node_id")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    version = new Counted(rs.getString(1), rs.getLong(2));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM files_version WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
        if (version != null) {
            addUsage(c, version.space(), -version.bytes());
        }
    }

    // --- shares --------------------------------------------------------------------------------------------

    /** A share of a node with a person ({@code PERSON}) or the members of a class or groupe ({@code DIVISION}). */
    record Share(long id, long nodeId, String granteeKind, String granteeId, boolean canWrite, Instant until, String createdBy,
            Instant createdAt) {

        static final String PERSON = "PERSON";
        static final String DIVISION = "DIVISION";

        /** Whether it still works at {@code now}: no end, or an end still to come. */
        boolean activeAt(Instant now) {
            return until == null || until.isAfter(now);
        }
    }

    private static final String SHARE_COLUMNS = "id, node_id, grantee_kind, grantee_id, can_write, until_at, created_by, created_at";

    /** The shares of these nodes (any state). */
    List<Share> sharesOf(Connection c, List<Long> nodes) throws SQLException {
        if (nodes.isEmpty()) {
            return List.of();
        }
        String in = String.join(", ", java.util.Collections.nCopies(nodes.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT " + SHARE_COLUMNS + " FROM files_share WHERE node_id IN (" + in + ") ORDER BY id")) {
            for (int i = 0; i < nodes.size(); i++) {
                ps.setLong(i + 1, nodes.get(i));
            }
            return shares(ps);
        }
    }

    List<Share> sharesOf(List<Long> nodes) throws SQLException {
        try (Connection c = db.getConnection()) {
            return sharesOf(c, nodes);
        }
    }

    /** The shares given to a person or to one of these divisions (any state), oldest first. */
    List<Share> sharesFor(String person, List<String> divisions) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + SHARE_COLUMNS + " FROM files_share WHERE (grantee_kind = ? AND grantee_id = ?)");
        if (!divisions.isEmpty()) {
            sql.append(" OR (grantee_kind = ? AND grantee_id IN (").append(String.join(", ", java.util.Collections.nCopies(divisions.size(), "?")))
                    .append("))");
        }
        sql.append(" ORDER BY id");
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setString(i++, Share.PERSON);
            ps.setString(i++, person);
            if (!divisions.isEmpty()) {
                ps.setString(i++, Share.DIVISION);
                for (String d : divisions) {
                    ps.setString(i++, d);
                }
            }
            return shares(ps);
        }
    }

    Optional<Share> share(long id) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT " + SHARE_COLUMNS + " FROM files_share WHERE id = ?")) {
            ps.setLong(1, id);
            List<Share> found = shares(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    /** Shares a node with a grantee, or changes the rights and end of the share they already have; its id. */
    long saveShare(Connection c, long node, String kind, String grantee, boolean write, Instant until, String by, Instant at) throws SQLException {
        touch(node);
        try (PreparedStatement ps = c.prepareStatement("UPDATE files_share SET can_write = ?, until_at = ?, created_by = ?, created_at = ? "
                + "WHERE node_id = ? AND grantee_kind = ? AND grantee_id = ?")) {
            ps.setBoolean(1, write);
            ps.setTimestamp(2, until == null ? null : Timestamp.from(until));
            ps.setString(3, by);
            ps.setTimestamp(4, Timestamp.from(at));
            ps.setLong(5, node);
            ps.setString(6, kind);
            ps.setString(7, grantee);
            if (ps.executeUpdate() == 0) {
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO files_share (node_id, grantee_kind, grantee_id, can_write, until_at, "
                        + "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    ins.setLong(1, node);
                    ins.setString(2, kind);
                    ins.setString(3, grantee);
                    ins.setBoolean(4, write);
                    ins.setTimestamp(5, until == null ? null : Timestamp.from(until));
                    ins.setString(6, by);
                    ins.setTimestamp(7, Timestamp.from(at));
                    ins.executeUpdate();
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM files_share WHERE node_id = ? AND grantee_kind = ? AND grantee_id = ?")) {
            ps.setLong(1, node);
            ps.setString(2, kind);
            ps.setString(3, grantee);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    boolean deleteShare(long id) throws SQLException {
        Optional<Share> share = share(id);
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("DELETE FROM files_share WHERE id = ?")) {
            ps.setLong(1, id);
            boolean deleted = ps.executeUpdate() > 0;
            if (deleted && share.isPresent()) {
                touch(share.get().nodeId());
            }
            return deleted;
        }
    }

    /** Forgets the shares of a node deleted for good. */
    void deleteSharesOf(Connection c, long node) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM files_share WHERE node_id = ?")) {
            ps.setLong(1, node);
            ps.executeUpdate();
        }
        touch(node);
    }

    private static List<Share> shares(PreparedStatement ps) throws SQLException {
        List<Share> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp until = rs.getTimestamp(6);
                out.add(new Share(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
                        until == null ? null : until.toInstant(), rs.getString(7), rs.getTimestamp(8).toInstant()));
            }
        }
        return out;
    }

    // --- drop boxes -----------------------------------------------------------------------------------------

    record DropBox(long id, String divisionId, String teacherId, String title, String instructions, Instant deadline, Long devoirId,
            Instant createdAt) {
    }

    /** A file of a drop box: a pupil's hand-in ({@code RENDU}) or the teacher's corrected file for them ({@code CORRIGE}). */
    record HandIn(long id, long dropBoxId, String pupilId, String kind, String name, long size, String sha256, String blob, String mediaType,
            String quotaOf, Instant at, boolean late) {

        static final String RENDU = "RENDU";
        static final String CORRIGE = "CORRIGE";
    }

    private static final String BOX_COLUMNS = "id, division_id, teacher_id, title, instructions, deadline, devoir_id, created_at";
    private static final String HANDIN_COLUMNS = "id, dropbox_id, pupil_id, kind, name, size_bytes, sha256, blob, media_type, quota_of, "
            + "handed_at, late";

    long insertDropBox(DropBox b) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO files_dropbox (division_id, teacher_id, "
                + "title, instructions, deadline, devoir_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, b.divisionId());
            ps.setString(2, b.teacherId());
            ps.setString(3, b.title());
            ps.setString(4, b.instructions());
            ps.setTimestamp(5, Timestamp.from(b.deadline()));
            setLong(ps, 6, b.devoirId());
            ps.setTimestamp(7, Timestamp.from(b.createdAt()));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    Optional<DropBox> dropBox(long id) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT " + BOX_COLUMNS + " FROM files_dropbox WHERE id = ?")) {
            ps.setLong(1, id);
            List<DropBox> found = boxes(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    /** The drop boxes a teacher opened, latest deadline first. */
    List<DropBox> dropBoxesOf(String teacher) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT " + BOX_COLUMNS
                + " FROM files_dropbox WHERE teacher_id = ? ORDER BY deadline DESC, id DESC")) {
            ps.setString(1, teacher);
            return boxes(ps);
        }
    }

    /** The drop boxes of these classes and groupes, latest deadline first. */
    List<DropBox> dropBoxesFor(List<String> divisions) throws SQLException {
        if (divisions.isEmpty()) {
            return List.of();
        }
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT " + BOX_COLUMNS
                + " FROM files_dropbox WHERE division_id IN (" + String.join(", ", java.util.Collections.nCopies(divisions.size(), "?"))
                + ") ORDER BY deadline DESC, id DESC")) {
            for (int i = 0; i < divisions.size(); i++) {
                ps.setString(i + 1, divisions.get(i));
            }
            return boxes(ps);
        }
    }

    /** The files of a drop box (of one pupil when {@code pupil} is set), by pupil, kind and name. */
    List<HandIn> handIns(long box, String pupil) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT " + HANDIN_COLUMNS
                + " FROM files_handin WHERE dropbox_id = ?" + (pupil == null ? "" : " AND pupil_id = ?") + " ORDER BY pupil_id, kind, name, id")) {
            ps.setLong(1, box);
            if (pupil != null) {
                ps.setString(2, pupil);
            }
            return handIns(ps);
        }
    }

    Optional<HandIn> handIn(long id) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT " + HANDIN_COLUMNS + " FROM files_handin WHERE id = ?")) {
            ps.setLong(1, id);
            List<HandIn> found = handIns(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    /** The file of that kind and name a pupil has in a box, if any. */
    Optional<HandIn> handIn(Connection c, long box, String pupil, String kind, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + HANDIN_COLUMNS
                + " FROM files_handin WHERE dropbox_id = ? AND pupil_id = ? AND kind = ? AND name = ?")) {
            ps.setLong(1, box);
            ps.setString(2, pupil);
            ps.setString(3, kind);
            ps.setString(4, name);
            List<HandIn> found = handIns(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    long insertHandIn(Connection c, HandIn h) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO files_handin (dropbox_id, pupil_id, kind, name, size_bytes, sha256, blob, "
                + "media_type, quota_of, handed_at, late) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, h.dropBoxId());
            ps.setString(2, h.pupilId());
            ps.setString(3, h.kind());
            ps.setString(4, h.name());
            ps.setLong(5, h.size());
            ps.setString(6, h.sha256());
            ps.setString(7, h.blob());
            ps.setString(8, h.mediaType());
            ps.setString(9, h.quotaOf());
            ps.setTimestamp(10, Timestamp.from(h.at()));
            ps.setBoolean(11, h.late());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    void deleteHandIn(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM files_handin WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    private static List<DropBox> boxes(PreparedStatement ps) throws SQLException {
        List<DropBox> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long devoir = rs.getLong(7);
                Long devoirId = rs.wasNull() ? null : devoir;
                out.add(new DropBox(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getTimestamp(6).toInstant(), devoirId, rs.getTimestamp(8).toInstant()));
            }
        }
        return out;
    }

    private static List<HandIn> handIns(PreparedStatement ps) throws SQLException {
        List<HandIn> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new HandIn(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6),
                        rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getTimestamp(11).toInstant(), rs.getBoolean(12)));
            }
        }
        return out;
    }

    // --- rows --------------------------------------------------------------------------------------

    private static List<Node> list(PreparedStatement ps) throws SQLException {
        List<Node> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(node(rs));
            }
        }
        return out;
    }

    private static Node node(ResultSet rs) throws SQLException {
        long parent = rs.getLong(3);
        Long parentId = rs.wasNull() ? null : parent;
        Timestamp deleted = rs.getTimestamp(14);
        return new Node(rs.getLong(1), rs.getString(2), parentId, rs.getString(4), rs.getBoolean(5), rs.getLong(6), rs.getString(7),
                rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getTimestamp(12).toInstant(),
                rs.getTimestamp(13).toInstant(), deleted == null ? null : deleted.toInstant(), rs.getBoolean(15));
    }

    private static void setLong(PreparedStatement ps, int i, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, value);
        }
    }
    // --- groupes de travail -----------------------------------------------------------------------------------

    /** A groupe de travail: its space is {@code travail:<id>}. */
    record WorkGroup(long id, String school, String name, String creatorId, Instant createdAt) {

        String spaceId() {
            return Space.Kind.GROUPE_TRAVAIL.prefix + ":" + id;
        }
    }

    /** A member of a groupe de travail, who added them and when. */
    record Member(String personId, String addedBy, Instant addedAt) {
    }

    private static final String GROUP_COLUMNS = "id, school, name, creator_id, created_at";

    long insertWorkGroup(Connection c, String school, String name, String creator, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO files_workgroup (school, name, creator_id, created_at) VALUES (?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, school);
            ps.setString(2, name);
            ps.setString(3, creator);
            ps.setTimestamp(4, Timestamp.from(at));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    Optional<WorkGroup> workGroup(long id) throws SQLException {
        try (Connection c = db.getConnection()) {
            return workGroup(c, id);
        }
    }

    Optional<WorkGroup> workGroup(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + GROUP_COLUMNS + " FROM files_workgroup WHERE id = ?")) {
            ps.setLong(1, id);
            List<WorkGroup> found = workGroups(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    private List<WorkGroup> workGroupsCreatedBy(Connection c, String person) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + GROUP_COLUMNS + " FROM files_workgroup WHERE creator_id = ?")) {
            ps.setString(1, person);
            return workGroups(ps);
        }
    }

    /** The groupes de travail of a school, by name. */
    List<WorkGroup> workGroupsOfSchool(String school) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT " + GROUP_COLUMNS
                + " FROM files_workgroup WHERE school = ? ORDER BY name, id")) {
            ps.setString(1, school);
            return workGroups(ps);
        }
    }

    /** The groupes de travail a person created or is a member of, by name. */
    List<WorkGroup> workGroupsOf(String person) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT " + GROUP_COLUMNS
                + " FROM files_workgroup WHERE creator_id = ? OR id IN (SELECT workgroup_id FROM files_workgroup_member WHERE person_id = ?) "
                + "ORDER BY name, id")) {
            ps.setString(1, person);
            ps.setString(2, person);
            return workGroups(ps);
        }
    }

    /** Whether a school already has a groupe de travail of that name (case aside), other than {@code except}. */
    boolean workGroupNameTaken(Connection c, String school, String name, long except) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM files_workgroup WHERE school = ? AND LOWER(name) = LOWER(?) AND id <> ?")) {
            ps.setString(1, school);
            ps.setString(2, name);
            ps.setLong(3, except);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    void renameWorkGroup(Connection c, long id, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE files_workgroup SET name = ? WHERE id = ?")) {
            ps.setString(1, name);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** Deletes a group and its members (its nodes must have left its space first). */
    void deleteWorkGroup(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM files_workgroup_member WHERE workgroup_id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM files_workgroup WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    private static List<WorkGroup> workGroups(PreparedStatement ps) throws SQLException {
        List<WorkGroup> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new WorkGroup(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant()));
            }
        }
        return out;
    }

    /** The members of a group, in the order they were added. */
    List<Member> members(long group) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT person_id, added_by, added_at "
                + "FROM files_workgroup_member WHERE workgroup_id = ? ORDER BY added_at, person_id")) {
            ps.setLong(1, group);
            List<Member> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Member(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
                }
            }
            return out;
        }
    }

    boolean isMember(long group, String person) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1 FROM files_workgroup_member "
                + "WHERE workgroup_id = ? AND person_id = ?")) {
            ps.setLong(1, group);
            ps.setString(2, person);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Adds a member; false when they already were one. */
    boolean addMember(Connection c, long group, String person, String by, Instant at) throws SQLException {
        try (PreparedStatement check = c.prepareStatement("SELECT 1 FROM files_workgroup_member WHERE workgroup_id = ? AND person_id = ?")) {
            check.setLong(1, group);
            check.setString(2, person);
            try (ResultSet rs = check.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO files_workgroup_member (workgroup_id, person_id, added_by, added_at) "
                + "VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, group);
            ps.setString(2, person);
            ps.setString(3, by);
            ps.setTimestamp(4, Timestamp.from(at));
            ps.executeUpdate();
        }
        return true;
    }

    boolean removeMember(Connection c, long group, String person) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM files_workgroup_member WHERE workgroup_id = ? AND person_id = ?")) {
            ps.setLong(1, group);
            ps.setString(2, person);
            return ps.executeUpdate() > 0;
        }
    }

    /** Every node of a space, any state (a group's, when it is deleted). */
    List<Node> nodesOf(Connection c, String space) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM files_node WHERE space_id = ? ORDER BY id")) {
            ps.setString(1, space);
            return list(ps);
        }
    }

    /** Tells the search index that every node of a space changed (its readers did: a member came or left). */
    void touchSpace(Connection c, String space) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM files_node WHERE space_id = ? AND parent_id IS NULL")) {
            ps.setString(1, space);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    touch(rs.getLong(1));
                }
            }
        }
    }
}
