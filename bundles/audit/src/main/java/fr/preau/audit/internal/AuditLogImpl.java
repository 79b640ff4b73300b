package fr.preau.audit.internal;

import fr.preau.api.Page;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.audit.AuditEntry;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.audit.AuditQuery;
import fr.preau.store.Transactions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log on its own database ({@code jdbc/preau-audit}). The code only ever INSERTs and
 * SELECTs. Each entry carries a SHA-256 hash over a canonical serialisation of its sequence number,
 * time, fields and the previous entry's hash, so altering or removing a past entry breaks the chain
 * (removing the newest entries is not detectable by the chain alone).
 */
@Component(service = AuditLog.class, configurationPid = "fr.preau.audit")
@Designate(ocd = AuditLogImpl.Config.class)
public final class AuditLogImpl implements AuditLog {

    @ObjectClassDefinition(name = "Préau – journal d'audit")
    public @interface Config {
        @AttributeDefinition(description = "Verify the whole hash chain when the service starts (reads every entry)")
        boolean verify_chain_on_activate() default false;
    }

    static final String GENESIS = "0".repeat(64);
    static final int SUBJECT_MAX = 200;
    static final int ADDRESS_MAX = 64;
    static final int DETAIL_VALUE_MAX = 100;
    static final int DETAILS_MAX = 16;
    static final int DETAILS_COLUMN_MAX = 4000;
    private static final int ATTEMPTS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(AuditLogImpl.class);
    private static final Pattern ACTION = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern DETAIL_KEY = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final Pattern WORDS = Pattern.compile("[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])");
    private static final List<String> SECRET_PARTS = List.of("password", "passwd", "pwd", "secret", "token", "session", "cookie");
    private static final String COLUMNS = "seq, recorded_at, action, actor, subject, address, success, details, prev_hash, hash";

    private final DataSource db;
    private final Clock clock;
    /** Serialises appends from this instance; the primary key on seq guards against any other writer. */
    private final ReentrantLock appendLock = new ReentrantLock(true);

    @Activate
    public AuditLogImpl(
            @Reference(name = "db", target = "(osgi.jndi.service.name=jdbc/preau-audit)") DataSource db,
            @Reference(name = "clock") Clock clock,
            Config config) {
        this(db, clock);
        if (config.verify_chain_on_activate()) {
            if (verifyChain()) {
                LOG.info("Audit hash chain verified");
            }
        }
    }

    AuditLogImpl(DataSource db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ---------------------------------------------------------------- append

    @Override
    public void record(AuditEvent event) {
        Row row = normalise(event);
        appendLock.lock();
        try {
            for (int attempt = 1;; attempt++) {
                try {
                    long seq = Transactions.inTransaction(db, (Transactions.Work<Long>) c -> append(c, row));
                    LOG.debug("Audit entry {} recorded", seq);
                    return;
                } catch (SQLException e) {
                    boolean duplicate = e.getSQLState() != null && e.getSQLState().startsWith("23");
                    if (!duplicate || attempt >= ATTEMPTS) {
                        LOG.error("Audit entry could not be recorded (SQLState {}, error code {})", e.getSQLState(), e.getErrorCode());
                        throw unavailable(e);
                    }
                    // another writer took this sequence number: read the new head and go again
                }
            }
        } finally {
            appendLock.unlock();
        }
    }

    private long append(Connection c, Row row) throws SQLException {
        long seq = 1;
        String prev = GENESIS;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, hash FROM audit_entry ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY");
                ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                seq = rs.getLong(1) + 1;
                prev = rs.getString(2);
            }
        }
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String hash = hash(seq, at, row, prev);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_entry (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, seq);
            ps.setTimestamp(2, Timestamp.from(at), utc());
            ps.setString(3, row.action);
            ps.setString(4, row.actor);
            ps.setString(5, row.subject);
            ps.setString(6, row.address);
            ps.setBoolean(7, row.success);
            ps.setString(8, row.details);
            ps.setString(9, prev);
            ps.setString(10, hash);
            ps.executeUpdate();
        }
        return seq;
    }

    // ---------------------------------------------------------------- read

    @Override
    public Page<AuditEntry> find(String action, int offset, int limit) {
        return search(new AuditQuery(action, null, null, null, null), offset, limit);
    }

    @Override
    public Page<AuditEntry> search(AuditQuery query, int offset, int limit) {
        Page.checkBounds(offset, limit);
        StringBuilder where = new StringBuilder();
        List<Object> params = new ArrayList<>();
        if (query.action() != null) {
            boolean family = query.action().endsWith(".");
            where.append(family ? " AND action LIKE ?" : " AND action = ?");
            params.add(family ? query.action().replace("%", "").replace("_", "") + "%" : query.action());
        }
        if (query.actor() != null) {
            where.append(" AND actor = ?");
            params.add(query.actor().value());
        }
        if (query.from() != null) {
            where.append(" AND recorded_at >= ?");
            params.add(Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            where.append(" AND recorded_at < ?");
            params.add(Timestamp.from(query.to()));
        }
        if (query.success() != null) {
            where.append(" AND success = ?");
            params.add(query.success());
        }
        String filter = where.length() == 0 ? "" : " WHERE" + where.substring(4);
        try (Connection c = db.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM audit_entry" + filter)) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<AuditEntry> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_entry" + filter
                    + " ORDER BY seq DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
                int i = bind(ps, params);
                ps.setInt(i++, offset);
                ps.setInt(i, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Stored s = Stored.read(rs);
                        items.add(new AuditEntry(s.seq, s.at, s.row.toEvent(), s.hash));
                    }
                }
            }
            return new Page<>(items, total, offset, limit);
        } catch (SQLException e) {
            LOG.error("Audit log could not be read (SQLState {}, error code {})", e.getSQLState(), e.getErrorCode());
            throw unavailable(e);
        }
    }

    /** Sets the parameters in order (timestamps in UTC, like the writer); returns the next index. */
    private static int bind(PreparedStatement ps, List<Object> params) throws SQLException {
        int i = 1;
        for (Object p : params) {
            if (p instanceof Timestamp t) {
                ps.setTimestamp(i++, t, utc());
            } else {
                ps.setObject(i++, p);
            }
        }
        return i;
    }

    @Override
    public boolean verifyChain() {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_entry ORDER BY seq");
                ResultSet rs = ps.executeQuery()) {
            long expected = 1;
            String prev = GENESIS;
            while (rs.next()) {
                Stored s = Stored.read(rs);
                if (s.seq != expected) {
                    LOG.warn("Audit chain broken: entry {} missing (found {})", expected, s.seq);
                    return false;
                }
                if (!prev.equals(s.prevHash) || !hash(s.seq, s.at, s.row, s.prevHash).equals(s.hash)) {
                    LOG.warn("Audit chain broken at entry {}", s.seq);
                    return false;
                }
                prev = s.hash;
                expected++;
            }
            return true;
        } catch (SQLException e) {
            LOG.error("Audit log could not be verified (SQLState {}, error code {})", e.getSQLState(), e.getErrorCode());
            throw unavailable(e);
        } catch (RuntimeException e) {
            // a stored value no longer parses (e.g. an actor id edited by hand): that is tampering too
            LOG.warn("Audit chain broken: an entry no longer parses ({})", e.getClass().getSimpleName());
            return false;
        }
    }

    // ---------------------------------------------------------------- canonical form

    /** The stored, normalised fields of an event. */
    static final class Row {
        final String action;
        final String actor;
        final String subject;
        final String address;
        final boolean success;
        final String details;

        Row(String action, String actor, String subject, String address, boolean success, String details) {
            this.action = action;
            this.actor = actor;
            this.subject = subject;
            this.address = address;
            this.success = success;
            this.details = details;
        }

        AuditEvent toEvent() {
            return new AuditEvent(action, actor == null ? null : new PersonId(actor), subject, address, success,
                    Details.parse(details));
        }
    }

    private static final class Stored {
        long seq;
        Instant at;
        Row row;
        String prevHash;
        String hash;

        static Stored read(ResultSet rs) throws SQLException {
            Stored s = new Stored();
            s.seq = rs.getLong(1);
            s.at = rs.getTimestamp(2, utc()).toInstant();
            s.row = new Row(rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getBoolean(7), rs.getString(8));
            s.prevHash = rs.getString(9);
            s.hash = rs.getString(10);
            return s;
        }
    }

    static Row normalise(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        if (!ACTION.matcher(event.action()).matches()) {
            throw new IllegalArgumentException("audit action must match " + ACTION);
        }
        TreeMap<String, String> details = new TreeMap<>();
        if (event.details().size() > DETAILS_MAX) {
            throw new IllegalArgumentException("at most " + DETAILS_MAX + " audit details");
        }
        for (Map.Entry<String, String> d : event.details().entrySet()) {
            String key = d.getKey();
            if (!DETAIL_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("audit detail keys must match " + DETAIL_KEY);
            }
            if (looksSecret(key)) {
                throw new IllegalArgumentException("audit details never hold secrets; refused key: " + key);
            }
            details.put(key, clean(d.getValue(), DETAIL_VALUE_MAX));
        }
        return new Row(event.action(), event.actor() == null ? null : event.actor().value(),
                clean(event.subject(), SUBJECT_MAX), clean(event.address(), ADDRESS_MAX), event.success(),
                Details.format(details));
    }

    /** Whether a detail key names a secret: password, code, token, session and their kin. */
    static boolean looksSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        for (String part : SECRET_PARTS) {
            if (lower.contains(part)) {
                return true;
            }
        }
        for (String word : WORDS.split(key)) {
            String w = word.toLowerCase(Locale.ROOT);
            if (w.equals("code") || w.equals("pin") || w.equals("otp") || w.equals("sid")) {
                return true;
            }
        }
        return false;
    }

    /** Control characters out, length capped; blank becomes null. */
    static String clean(String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(value.length(), max));
        value.codePoints().map(cp -> Character.isISOControl(cp) ? '?' : cp).forEach(b::appendCodePoint);
        String s = b.toString();
        if (s.length() > max) {
            int end = max - 1;
            if (Character.isHighSurrogate(s.charAt(end - 1))) {
                end--;
            }
            s = s.substring(0, end) + "…";
        }
        return s;
    }

    static String hash(long seq, Instant at, Row row, String prevHash) {
        StringBuilder canonical = new StringBuilder("preau-audit/1;");
        field(canonical, Long.toString(seq));
        field(canonical, Long.toString(at.toEpochMilli()));
        field(canonical, row.action);
        field(canonical, row.actor);
        field(canonical, row.subject);
        field(canonical, row.address);
        field(canonical, row.success ? "1" : "0");
        field(canonical, row.details);
        field(canonical, prevHash);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** Length-prefixed, so no choice of values can make two different entries serialise alike. */
    private static void field(StringBuilder b, String value) {
        if (value == null) {
            b.append("~;");
        } else {
            b.append(value.length()).append(':').append(value).append(';');
        }
    }

    private static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"), Locale.ROOT);
    }

    private static ProblemException unavailable(Throwable cause) {
        return new ProblemException(503, "audit-unavailable",
                "Le journal d'audit est momentanément indisponible. Réessayez dans quelques instants.", cause);
    }
}
