package fr.preau.directory.internal;

import fr.preau.store.testing.Databases;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;

/** Fresh databases migrated with the real changelog and the real migrator. */
final class TestDatabases {

    private TestDatabases() {
    }

    static EmbeddedDataSource derby() throws SQLException {
        return Databases.derby("directory", DirectorySchema.CHANGELOG, TestDatabases.class.getClassLoader());
    }

    static DataSource h2() throws SQLException {
        return Databases.h2PostgresMode(DirectorySchema.CHANGELOG, TestDatabases.class.getClassLoader());
    }

    static void migrate(DataSource ds) throws SQLException {
        Databases.migrate(ds, DirectorySchema.CHANGELOG, TestDatabases.class.getClassLoader());
    }

    static void drop(EmbeddedDataSource ds) {
        Databases.drop(ds);
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
