package fr.preau.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import javax.sql.DataSource;

/**
 * Runs a unit of work in one JDBC transaction: commit when it returns, roll back when it
 * throws. A deadlock or serialisation failure (SQLState class {@code 40}) is retried a few
 * times, so the work must not have side effects outside the database.
 */
public final class Transactions {

    /** A unit of work on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** A unit of work with no result. */
    @FunctionalInterface
    public interface VoidWork {
        void run(Connection connection) throws SQLException;
    }

    static final int ATTEMPTS = 3;

    private Transactions() {
    }

    public static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
        SQLException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                boolean autoCommit = c.getAutoCommit();
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException | Error e) {
                    rollbackQuietly(c, e);
                    throw e;
                } finally {
                    restore(c, autoCommit);
                }
            } catch (SQLException e) {
                if (!isRetryable(e) || attempt == ATTEMPTS) {
                    throw e;
                }
                last = e;
            }
        }
        throw last; // not reached
    }

    public static void inTransaction(DataSource dataSource, VoidWork work) throws SQLException {
        inTransaction(dataSource, c -> {
            work.run(c);
            return null;
        });
    }

    /** Deadlock, lock timeout or serialisation failure: worth another try. */
    static boolean isRetryable(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientException || (state != null && state.startsWith("40"));
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    private static void restore(Connection c, boolean autoCommit) throws SQLException {
        if (!c.isClosed()) {
            c.setAutoCommit(autoCommit);
        }
    }
}
