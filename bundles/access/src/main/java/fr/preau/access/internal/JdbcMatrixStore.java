package fr.preau.access.internal;

import fr.preau.access.CommunicationMatrix;
import fr.preau.access.DistributionList;
import fr.preau.access.Reach;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.store.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The matrices in {@code jdbc/preau-access}: one row per cell a référent set to something else than its default. */
final class JdbcMatrixStore implements MatrixStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcMatrixStore.class);

    private final DataSource db;

    JdbcMatrixStore(DataSource db) {
        this.db = db;
    }

    @Override
    public CommunicationMatrix load(Uai school) {
        CommunicationMatrix m = CommunicationMatrix.defaults();
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT sender, recipient, reach FROM access_write_rule WHERE uai = ?")) {
                ps.setString(1, school.value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Profile from = parse(Profile.class, rs.getString(1));
                        Profile to = parse(Profile.class, rs.getString(2));
                        Reach reach = parse(Reach.class, rs.getString(3));
                        if (from != null && to != null && reach != null && CommunicationMatrix.SENDERS.contains(from)
                                && CommunicationMatrix.RECIPIENTS.contains(to) && CommunicationMatrix.choices(from, to).contains(reach)) {
                            m = m.withWrite(from, to, reach);
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT list_kind, sender, reach FROM access_post_rule WHERE uai = ?")) {
                ps.setString(1, school.value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        DistributionList list = parse(DistributionList.class, rs.getString(1));
                        Profile from = parse(Profile.class, rs.getString(2));
                        Reach reach = parse(Reach.class, rs.getString(3));
                        if (list != null && from != null && reach != null && CommunicationMatrix.SENDERS.contains(from)
                                && CommunicationMatrix.choices(list, from).contains(reach)) {
                            m = m.withPost(list, from, reach);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("communication rules of " + school + " unreadable", e);
        }
        return m;
    }

    @Override
    public void save(Uai school, CommunicationMatrix matrix) {
        CommunicationMatrix defaults = CommunicationMatrix.defaults();
        try {
            Transactions.inTransaction(db, c -> {
                try (PreparedStatement del = c.prepareStatement("DELETE FROM access_write_rule WHERE uai = ?")) {
                    del.setString(1, school.value());
                    del.executeUpdate();
                }
                try (PreparedStatement del = c.prepareStatement("DELETE FROM access_post_rule WHERE uai = ?")) {
                    del.setString(1, school.value());
                    del.executeUpdate();
                }
                try (PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO access_write_rule (uai, sender, recipient, reach) VALUES (?, ?, ?, ?)")) {
                    for (Profile from : CommunicationMatrix.SENDERS) {
                        for (Profile to : CommunicationMatrix.RECIPIENTS) {
                            Reach reach = matrix.write(from, to);
                            if (reach != defaults.write(from, to)) {
                                ins.setString(1, school.value());
                                ins.setString(2, from.name());
                                ins.setString(3, to.name());
                                ins.setString(4, reach.name());
                                ins.addBatch();
                            }
                        }
                    }
                    ins.executeBatch();
                }
                try (PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO access_post_rule (uai, list_kind, sender, reach) VALUES (?, ?, ?, ?)")) {
                    for (DistributionList list : DistributionList.values()) {
                        for (Profile from : CommunicationMatrix.SENDERS) {
                            Reach reach = matrix.post(list, from);
                            if (reach != defaults.post(list, from)) {
                                ins.setString(1, school.value());
                                ins.setString(2, list.name());
                                ins.setString(3, from.name());
                                ins.setString(4, reach.name());
                                ins.addBatch();
                            }
                        }
                    }
                    ins.executeBatch();
                }
            });
        } catch (SQLException e) {
            LOG.error("Saving the communication rules of {} failed", school, e);
            throw new IllegalStateException("communication rules of " + school + " not saved", e);
        }
    }

    /** The constant of that name, or null (a row written by a later version: its default applies). */
    private static <E extends Enum<E>> E parse(Class<E> type, String name) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }
}
