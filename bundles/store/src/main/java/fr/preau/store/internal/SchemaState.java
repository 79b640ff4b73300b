package fr.preau.store.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The store's own record, in each concern's database, of the schema fingerprint
 * ({@link SchemaDigest}) its last successful migration brought it to. Portable SQL (Derby,
 * PostgreSQL, H2); the table is created on first write, beside Liquibase's own tables.
 */
final class SchemaState {

    static final String TABLE = "PREAU_SCHEMA_STATE";

    private SchemaState() {
    }

    /**
     * The recorded fingerprint of {@code changelog}; empty when none (never migrated by this store).
     * Read with a plain query, its table's absence being the error it gives (SQL state class 42):
     * asking the metadata first costs Derby the compilation of a large catalogue query at every boot.
     * Call it in auto-commit mode (a failed statement spoils a PostgreSQL transaction).
     */
    static Optional<String> read(Connection c, String changelog) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT digest FROM preau_schema_state WHERE changelog = ?")) {
            ps.setString(1, changelog);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("42")) {
                return Optional.empty(); // no such table yet
            }
            throw e;
        }
    }

    /** Records {@code digest} for {@code changelog}, in one transaction. */
    static void write(Connection c, String changelog, String digest) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            if (!exists(c)) {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("CREATE TABLE preau_schema_state (changelog VARCHAR(200) NOT NULL, "
                            + "digest VARCHAR(64) NOT NULL, PRIMARY KEY (changelog))");
                }
            }
            int updated;
            try (PreparedStatement ps = c.prepareStatement("UPDATE preau_schema_state SET digest = ? WHERE changelog = ?")) {
                ps.setString(1, digest);
                ps.setString(2, changelog);
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO preau_schema_state (changelog, digest) VALUES (?, ?)")) {
                    ps.setString(1, changelog);
                    ps.setString(2, digest);
                    ps.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static boolean exists(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String name = meta.storesLowerCaseIdentifiers() ? TABLE.toLowerCase(java.util.Locale.ROOT) : TABLE;
        try (ResultSet rs = meta.getTables(null, c.getSchema(), name, new String[] {"TABLE"})) {
            return rs.next();
        }
    }
}
