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

    /** The recorded fingerprint of {@code changelog}; empty when none (never migrated by this store). */
    static Optional<String> read(Connection c, String changelog) throws SQLException {
        if (!exists(c)) {
            return Optional.empty();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT digest FROM preau_schema_state WHERE changelog = ?")) {
            ps.setString(1, changelog);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
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
