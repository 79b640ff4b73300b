package fr.preau.store.testing;

import fr.preau.store.internal.LiquibaseSchemaMigrator;
import java.sql.Connection;
import java.sql.SQLException;
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
}
