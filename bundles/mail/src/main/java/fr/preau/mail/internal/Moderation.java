package fr.preau.mail.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import fr.preau.api.Uai;

/**
 * The moderation queue of pupils' mail and each school's moderation setting, in the mail database (two tables of
 * ours beside James's): a held message is one row written in one transaction (Derby forces its log at commit), before
 * the pupil's answer (SMTP 250 or the webmail's 202), so it survives a restart and {@code kill -9} like a delivered
 * one, and is backed up with the mailboxes. Pure storage: who may decide, and what a decision does, is
 * {@link MailServer}'s.
 */
final class Moderation {

    /** Where a held message was written: its webmail copy in « Envoyés » is made when it is approved. */
    enum Origin {
        WEBMAIL, SMTP
    }

    /**
     * A message waiting for a teacher's approval.
     *
     * @param sender     the pupil's login
     * @param senderId   the pupil's id (permissions are asked about them)
     * @param school     the pupil's school
     * @param recipients the envelope's recipients, as checked when it was written
     */
    record Held(String id, String sender, fr.preau.api.PersonId senderId, Uai school, List<String> recipients, Instant created, Origin origin, byte[] message) {
    }

    /**
     * Messages one pupil may have waiting at once: held messages count in no mailbox's quota, so the queue is bounded
     * per pupil instead (each message by {@code max.message.size}).
     */
    static final int MAX_PENDING_PER_PUPIL = 30;

    private static final String QUEUE = "PREAU_MODERATION";
    private static final String SETTINGS = "PREAU_MODERATION_SETTING";

    private final DataSource db;
    private final Clock clock;

    Moderation(DataSource db, Clock clock) throws SQLException {
        this.db = db;
        this.clock = clock;
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            create(st, "CREATE TABLE " + QUEUE + " (ID VARCHAR(40) NOT NULL PRIMARY KEY, SENDER VARCHAR(200) NOT NULL, "
                + "SENDER_ID VARCHAR(100) NOT NULL, "
                + "SCHOOL VARCHAR(20) NOT NULL, RECIPIENTS CLOB NOT NULL, CREATED TIMESTAMP NOT NULL, ORIGIN VARCHAR(10) NOT NULL, "
                + "MESSAGE BLOB NOT NULL)");
            create(st, "CREATE TABLE " + SETTINGS + " (SCHOOL VARCHAR(20) NOT NULL PRIMARY KEY, ENABLED SMALLINT NOT NULL)");
        }
    }

    /** Creates a table unless it is there already (Derby has no IF NOT EXISTS: X0Y32 says it exists). */
    private static void create(Statement st, String ddl) throws SQLException {
        try {
            st.executeUpdate(ddl);
        } catch (SQLException e) {
            if (!"X0Y32".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    /** 404 {@code unknown-pending-message}: not in the queue (decided meanwhile), or not the caller's to see. */
    static fr.preau.api.ProblemException unknown() {
        return new fr.preau.api.ProblemException(404, "unknown-pending-message",
            "Ce message n'attend plus de validation : il a peut-être déjà été accepté ou refusé. Rechargez la liste.");
    }

    /** Keeps a message until a decision; on disk when this returns. */
    Held hold(fr.preau.api.Person sender, List<String> recipients, Origin origin, byte[] message) throws SQLException {
        Held held = new Held(UUID.randomUUID().toString(), sender.login(), sender.id(), sender.uai(), List.copyOf(recipients), clock.instant(), origin, message);
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + QUEUE
                 + " (ID, SENDER, SENDER_ID, SCHOOL, RECIPIENTS, CREATED, ORIGIN, MESSAGE) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, held.id());
            ps.setString(2, held.sender());
            ps.setString(3, held.senderId().value());
            ps.setString(4, held.school().value());
            ps.setString(5, String.join("\n", held.recipients()));
            ps.setTimestamp(6, Timestamp.from(held.created()));
            ps.setString(7, origin.name());
            ps.setBytes(8, message);
            ps.executeUpdate();
        }
        return held;
    }

    /** Every held message (with its content), oldest first. */
    List<Held> all() throws SQLException {
        return select("", null);
    }

    /**
     * The held messages {@code who} may decide on, oldest first: the direction of the pupil's school, the teachers of
     * the pupil's classes and groupes ({@code access}'s {@code mail:moderate} on the pupil).
     */
    List<Held> decidableBy(fr.preau.access.AccessService access, fr.preau.api.Person who) throws SQLException {
        if (!access.decide(who, MailModule.MODERATE, who.uai()).allowed()) {
            return List.of();
        }
        List<Held> out = new ArrayList<>();
        for (Held held : all()) {
            if (mayDecide(access, who, held)) {
                out.add(held);
            }
        }
        return out;
    }

    static boolean mayDecide(fr.preau.access.AccessService access, fr.preau.api.Person who, Held held) {
        return access.decideOn(who, MailModule.MODERATE, fr.preau.access.Target.person(held.school(), held.senderId())).allowed();
    }

    /** The held messages of one pupil, oldest first. */
    List<Held> of(String sender) throws SQLException {
        return select(" WHERE SENDER = ?", sender);
    }

    /** How many messages of this pupil wait (without reading them). */
    int count(String sender) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + QUEUE + " WHERE SENDER = ?")) {
            ps.setString(1, sender);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** 409 {@code too-many-pending}: the pupil's waiting messages are at {@link #MAX_PENDING_PER_PUPIL}. */
    static fr.preau.api.ProblemException tooMany() {
        return new fr.preau.api.ProblemException(409, "too-many-pending", "Vous avez déjà " + MAX_PENDING_PER_PUPIL
            + " messages qui attendent l'accord de votre enseignant. Attendez qu'il les ait lus avant d'en écrire d'autres.");
    }

    Optional<Held> find(String id) throws SQLException {
        if (id == null || id.length() > 40) {
            return Optional.empty();
        }
        return select(" WHERE ID = ?", id).stream().findFirst();
    }

    private List<Held> select(String where, String value) throws SQLException {
        List<Held> out = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT ID, SENDER, SENDER_ID, SCHOOL, RECIPIENTS, CREATED, ORIGIN, MESSAGE FROM "
                 + QUEUE + where + " ORDER BY CREATED, ID")) {
            if (value != null) {
                ps.setString(1, value);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Held(rs.getString(1), rs.getString(2), new fr.preau.api.PersonId(rs.getString(3)),
                        new Uai(rs.getString(4)), Arrays.stream(rs.getString(5).split("\n")).filter(r -> !r.isBlank()).toList(),
                        rs.getTimestamp(6).toInstant(), Origin.valueOf(rs.getString(7)), rs.getBytes(8)));
                }
            }
        }
        return out;
    }

    /** Drops a held message once decided. @return false when it was not (or no longer) there */
    boolean remove(String id) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM " + QUEUE + " WHERE ID = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** The referent's choice for each school that has one (the others follow their degree). */
    Map<Uai, Boolean> settings() throws SQLException {
        Map<Uai, Boolean> out = new HashMap<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT SCHOOL, ENABLED FROM " + SETTINGS);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(new Uai(rs.getString(1)), rs.getInt(2) != 0);
            }
        }
        return out;
    }

    Optional<Boolean> setting(Uai school) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT ENABLED FROM " + SETTINGS + " WHERE SCHOOL = ?")) {
            ps.setString(1, school.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1) != 0) : Optional.empty();
            }
        }
    }

    /** Records the referent's choice for a school (replacing the previous one). */
    void set(Uai school, boolean enabled) throws SQLException {
        try (Connection c = db.getConnection()) {
            try (PreparedStatement up = c.prepareStatement("UPDATE " + SETTINGS + " SET ENABLED = ? WHERE SCHOOL = ?")) {
                up.setInt(1, enabled ? 1 : 0);
                up.setString(2, school.value());
                if (up.executeUpdate() == 1) {
                    return;
                }
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + SETTINGS + " (SCHOOL, ENABLED) VALUES (?, ?)")) {
                ins.setString(1, school.value());
                ins.setInt(2, enabled ? 1 : 0);
                ins.executeUpdate();
            }
        }
    }
}
