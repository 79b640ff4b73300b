package fr.preau.portal.internal;

import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.api.spi.Audience;
import fr.preau.api.spi.Notification;
import fr.preau.api.spi.NotificationPublisher;
import fr.preau.store.Transactions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The published "nouveautés" and everyone's read marks, in the portal's database
 * ({@code jdbc/preau-portal}). Published items are kept {@code notifications.retention.days} days
 * after publication (then purged, at most once an hour, on the next publication or listing); read
 * marks twice as long, so an item still offered by a module does not come back unread too soon.
 * <p>
 * Items and marks are keyed by {@link #key(String, String)}: a pulled item and a published item
 * with the same module and id are the same item for the person reading.
 */
@Component(service = {NotificationStore.class, NotificationPublisher.class}, configurationPid = "fr.preau.portal")
public final class NotificationStore implements NotificationPublisher {

    /**
     * Whom a listing is for: the person and the annuaire facts that put them in an audience.
     *
     * @param divisions      ids of the classes and groupes they attend or teach
     * @param children       the pupils they are responsable légal of
     * @param childDivisions ids of those pupils' classes and groupes
     */
    public record Recipient(Person person, Set<String> divisions, Set<PersonId> children, Set<String> childDivisions,
            Set<Uai> childSchools) {
        public Recipient {
            Objects.requireNonNull(person, "person");
            divisions = Set.copyOf(divisions);
            children = Set.copyOf(children);
            childDivisions = Set.copyOf(childDivisions);
            childSchools = Set.copyOf(childSchools);
        }

        /** Someone with no class, groupe or child. */
        static Recipient alone(Person person) {
            return new Recipient(person, Set.of(), Set.of(), Set.of(), Set.of());
        }
    }

    static final int TITLE_MAX = 300;
    static final int URL_MAX = 500;
    static final int ID_MAX = 200;
    static final Duration PURGE_EVERY = Duration.ofHours(1);
    private static final int IN_CHUNK = 100;
    private static final Pattern MODULE = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Logger LOG = LoggerFactory.getLogger(NotificationStore.class);

    private final DataSource db;
    private final Clock clock;
    private final Duration retention;
    private final AtomicLong lastPurge = new AtomicLong(Long.MIN_VALUE);

    @Activate
    public NotificationStore(@Reference(name = "db", target = PortalSchema.TARGET) DataSource db,
            @Reference(name = "clock") Clock clock, PortalConfig config) {
        this(db, clock, Duration.ofDays(Math.max(1, config.notifications_retention_days())));
    }

    NotificationStore(DataSource db, Clock clock, Duration retention) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = retention;
    }

    /** The key of an item: SHA-256 (hex) of its module and id; says nothing about the item. */
    static String key(String module, String id) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(module.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(id.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** Only paths on this box: {@code /…} (not {@code //…}) or a portal route {@code #/…}. */
    static boolean localUrl(String url) {
        return url != null && (url.startsWith("#/") || (url.startsWith("/") && !url.startsWith("//")))
                && url.chars().noneMatch(c -> c < 0x21 || c == '\\');
    }

    // ---------------------------------------------------------------- publishing

    @Override
    public void publish(Notification item, Audience audience) {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(audience, "audience");
        if (!MODULE.matcher(item.module()).matches()) {
            throw new ProblemException(400, "invalid-notification", "Cette nouveauté ne peut pas être publiée : module inconnu.");
        }
        String title = item.title().strip();
        if (item.id().isEmpty() || item.id().length() > ID_MAX || title.isEmpty() || title.length() > TITLE_MAX) {
            throw new ProblemException(400, "invalid-notification",
                    "Cette nouveauté ne peut pas être publiée : son titre doit compter de 1 à " + TITLE_MAX + " caractères.");
        }
        if (item.url().length() > URL_MAX || !localUrl(item.url())) {
            throw new ProblemException(400, "invalid-notification",
                    "Cette nouveauté ne peut pas être publiée : son lien doit mener à une page de Préau.");
        }
        String key = key(item.module(), item.id());
        long now = clock.millis();
        try {
            Transactions.inTransaction(db, (Connection c) -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM portal_notification WHERE item_key = ?")) {
                    ps.setString(1, key);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO portal_notification (item_key, module, item_id, title, "
                        + "url, happened_at, published_at, school, responsables) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, key);
                    ps.setString(2, item.module());
                    ps.setString(3, item.id());
                    ps.setString(4, title);
                    ps.setString(5, item.url());
                    ps.setLong(6, item.at().toEpochMilli());
                    ps.setLong(7, now);
                    ps.setString(8, audience.school().value());
                    ps.setBoolean(9, audience.responsables());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO portal_audience (item_key, kind, target) VALUES (?, ?, ?)")) {
                    for (PersonId p : audience.persons()) {
                        addTarget(ps, key, "P", p.value());
                    }
                    for (String d : audience.divisions()) {
                        addTarget(ps, key, "D", d);
                    }
                    for (Profile p : audience.profiles()) {
                        addTarget(ps, key, "R", p.name());
                    }
                    ps.executeBatch();
                }
            });
        } catch (SQLException e) {
            throw unavailable("published", e);
        }
        LOG.debug("Notification of module {} published", item.module());
        purgeNowAndThen();
    }

    private static void addTarget(PreparedStatement ps, String key, String kind, String target) throws SQLException {
        ps.setString(1, key);
        ps.setString(2, kind);
        ps.setString(3, target);
        ps.addBatch();
    }

    @Override
    public boolean withdraw(String module, String id) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM portal_notification WHERE item_key = ?")) {
            ps.setString(1, key(module, id));
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw unavailable("withdrawn", e);
        }
    }

    // ---------------------------------------------------------------- reading

    /** At most {@code limit} items published for {@code who} and still kept, newest first. */
    public List<Notification> publishedFor(Recipient who, int limit) {
        purgeNowAndThen();
        Person p = who.person();
        StringBuilder match = new StringBuilder("(a.kind = 'P' AND a.target = ?)");
        List<Object> params = new ArrayList<>();
        params.add(p.id().value());
        // profiles: only within the notification's school
        match.append(" OR (a.kind = 'R' AND n.school = ? AND a.target IN (").append(marks(p.profiles().size())).append("))");
        params.add(p.uai().value());
        p.profiles().stream().map(Profile::name).sorted().forEach(params::add);
        if (!who.divisions().isEmpty()) {
            match.append(" OR (a.kind = 'D' AND a.target IN (").append(marks(who.divisions().size())).append("))");
            who.divisions().stream().sorted().forEach(params::add);
        }
        // a responsable légal: what is for their children, when the publisher said so
        if (!who.children().isEmpty()) {
            match.append(" OR (n.responsables = ? AND ((a.kind = 'P' AND a.target IN (").append(marks(who.children().size()))
                    .append("))");
            params.add(Boolean.TRUE);
            who.children().stream().map(PersonId::value).sorted().forEach(params::add);
            if (!who.childDivisions().isEmpty()) {
                match.append(" OR (a.kind = 'D' AND a.target IN (").append(marks(who.childDivisions().size())).append("))");
                who.childDivisions().stream().sorted().forEach(params::add);
            }
            if (!who.childSchools().isEmpty()) {
                match.append(" OR (a.kind = 'R' AND a.target = ? AND n.school IN (").append(marks(who.childSchools().size()))
                        .append("))");
                params.add(Profile.ELEVE.name());
                who.childSchools().stream().map(Uai::value).sorted().forEach(params::add);
            }
            match.append("))");
        }
        String sql = "SELECT n.module, n.item_id, n.title, n.url, n.happened_at FROM portal_notification n"
                + " WHERE n.published_at >= ? AND EXISTS (SELECT 1 FROM portal_audience a WHERE a.item_key = n.item_key AND ("
                + match + ")) ORDER BY n.happened_at DESC, n.item_key FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setLong(i++, cutoff().toEpochMilli());
            for (Object param : params) {
                if (param instanceof Boolean b) {
                    ps.setBoolean(i++, b);
                } else {
                    ps.setString(i++, (String) param);
                }
            }
            List<Notification> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Notification(rs.getString(2), rs.getString(1), rs.getString(3), rs.getString(4),
                            Instant.ofEpochMilli(rs.getLong(5))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw unavailable("read", e);
        }
    }

    /** Which of these item keys {@code who} has read. */
    public Set<String> readAmong(PersonId who, Collection<String> keys) {
        Set<String> read = new HashSet<>();
        List<String> all = List.copyOf(new HashSet<>(keys));
        try (Connection c = db.getConnection()) {
            for (int from = 0; from < all.size(); from += IN_CHUNK) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
                try (PreparedStatement ps = c.prepareStatement("SELECT item_key FROM portal_read WHERE person_id = ? AND item_key IN ("
                        + marks(chunk.size()) + ")")) {
                    ps.setString(1, who.value());
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 2, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            read.add(rs.getString(1));
                        }
                    }
                }
            }
            return read;
        } catch (SQLException e) {
            throw unavailable("read", e);
        }
    }

    /** Marks these items read for {@code who}; marks already there stay as they are. Returns how many were new. */
    public int markRead(PersonId who, Collection<String> keys) {
        Set<String> already = readAmong(who, keys);
        int added = 0;
        long now = clock.millis();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO portal_read (person_id, item_key, read_at) VALUES (?, ?, ?)")) {
            for (String key : new HashSet<>(keys)) {
                if (already.contains(key)) {
                    continue;
                }
                ps.setString(1, who.value());
                ps.setString(2, key);
                ps.setLong(3, now);
                try {
                    ps.executeUpdate();
                    added++;
                } catch (SQLException e) {
                    if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                        throw e;
                    }
                    // marked meanwhile (another tab): that is what was asked
                }
            }
            return added;
        } catch (SQLException e) {
            throw unavailable("marked", e);
        }
    }

    // ---------------------------------------------------------------- retention

    private Instant cutoff() {
        return clock.instant().minus(retention);
    }

    /** Deletes published items past retention and read marks past twice the retention; returns rows deleted. */
    int purge() {
        Instant now = clock.instant();
        lastPurge.set(now.toEpochMilli());
        try (Connection c = db.getConnection()) {
            int n;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM portal_notification WHERE published_at < ?")) {
                ps.setLong(1, now.minus(retention).toEpochMilli());
                n = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM portal_read WHERE read_at < ?")) {
                ps.setLong(1, now.minus(retention.multipliedBy(2)).toEpochMilli());
                n += ps.executeUpdate();
            }
            if (n > 0) {
                LOG.info("Purged {} old notifications and read marks", n);
            }
            return n;
        } catch (SQLException e) {
            throw unavailable("purged", e);
        }
    }

    private void purgeNowAndThen() {
        long now = clock.millis();
        long last = lastPurge.get();
        if ((last == Long.MIN_VALUE || now - last >= PURGE_EVERY.toMillis()) && lastPurge.compareAndSet(last, now)) {
            try {
                purge();
            } catch (ProblemException e) {
                LOG.warn("Notification purge failed; it will be tried again later");
            }
        }
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(Math.max(1, n), "?"));
    }

    static ProblemException unavailable(String what, SQLException e) {
        LOG.error("Portal database: notifications could not be {} (SQLState {}, error code {})", what, e.getSQLState(),
                e.getErrorCode());
        return new ProblemException(503, "portal-unavailable",
                "Le portail ne peut pas enregistrer ni lire vos nouveautés pour le moment. Réessayez dans un instant.", e);
    }
}
