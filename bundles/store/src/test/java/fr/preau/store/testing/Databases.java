package fr.preau.store.testing;

import fr.preau.store.internal.LiquibaseSchemaMigrator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Fresh databases for a concern's unit tests, migrated with its real changelog and the real
 * migrator: in-memory Derby (what the box runs) and H2 in PostgreSQL mode (the portability
 * check). Shipped in fr.preau.store's test jar; a concern's tests depend on it at test scope.
 */
public final class Databases {

    private Databases() {
    }

    /** A new in-memory Derby database named {@code <prefix>-<random>}, migrated. */
    public static EmbeddedDataSource derby(String prefix, String changelog, ClassLoader resources) throws SQLException {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:" + prefix + "-" + UUID.randomUUID());
        ds.setCreateDatabase("create");
        migrate(ds, changelog, resources);
        return ds;
    }

    /** A new in-memory H2 database in PostgreSQL mode, migrated. */
    public static DataSource h2PostgresMode(String changelog, ClassLoader resources) throws SQLException {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        migrate(ds, changelog, resources);
        return ds;
    }

    public static void migrate(DataSource ds, String changelog, ClassLoader resources) throws SQLException {
        new LiquibaseSchemaMigrator().migrate(ds, changelog, resources);
    }

    /** Drops an in-memory Derby database (Derby answers the drop with an exception). */
    public static void drop(EmbeddedDataSource ds) {
        EmbeddedDataSource drop = new EmbeddedDataSource();
        drop.setDatabaseName(ds.getDatabaseName());
        drop.setConnectionAttributes("drop=true");
        try (Connection c = drop.getConnection()) {
            // not reached
        } catch (SQLException expected) {
            // dropped
        }
    }

    /** Rows of a query, each as a list of strings (for assertions). */
    public static List<List<String>> query(DataSource ds, String sql, Object... params) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row of a query, or null. */
    public static String one(DataSource ds, String sql, Object... params) {
        List<List<String>> rows = query(ds, sql, params);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }
}
