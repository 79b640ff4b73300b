package fr.preau.directory.internal;

import fr.preau.store.internal.LiquibaseSchemaMigrator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.h2.jdbcx.JdbcDataSource;

/** Fresh databases migrated with the real changelog and the real migrator. */
final class TestDatabases {

    private TestDatabases() {
    }

    static EmbeddedDataSource derby() throws SQLException {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:directory-" + UUID.randomUUID());
        ds.setCreateDatabase("create");
        migrate(ds);
        return ds;
    }

    static DataSource h2() throws SQLException {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        migrate(ds);
        return ds;
    }

    static void migrate(DataSource ds) throws SQLException {
        new LiquibaseSchemaMigrator().migrate(ds, DirectorySchema.CHANGELOG, TestDatabases.class.getClassLoader());
    }

    static void drop(EmbeddedDataSource ds) {
        EmbeddedDataSource drop = new EmbeddedDataSource();
        drop.setDatabaseName(ds.getDatabaseName());
        drop.setConnectionAttributes("drop=true");
        try (Connection c = drop.getConnection()) {
            // not reached
        } catch (SQLException expected) {
            // dropped
        }
    }

    /** {@code ds}, except that preparing a statement whose SQL matches {@code failOn} fails. */
    static DataSource failing(DataSource ds, Predicate<String> failOn) {
        return (DataSource) Proxy.newProxyInstance(TestDatabases.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(method, ds, args);
                    if (result instanceof Connection) {
                        Connection real = (Connection) result;
                        return Proxy.newProxyInstance(TestDatabases.class.getClassLoader(), new Class<?>[] {Connection.class},
                                (p, m, a) -> {
                                    if (m.getName().equals("prepareStatement") && failOn.test((String) a[0])) {
                                        throw new SQLException("injected failure", "58000");
                                    }
                                    return invoke(m, real, a);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
