package fr.preau.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * Runs a unit of work in one JDBC transaction: commit when it returns, roll back when it
 * throws. A deadlock, lock timeout or serialisation failure (SQLState class {@code 40}) is retried
 * a few times after a short random pause, so the work must not have side effects outside the
 * database. The connection's auto-commit mode is restored before it goes back to its pool.
 * <p>
 * Transactions do not nest: work must use the connection it is given, not open another
 * transaction on the same database.
 * <p>
 * Because {@link Work} and {@link VoidWork} are both functional interfaces, an expression lambda
 * that returns a value (e.g. {@code c -> ps.executeUpdate()}) is ambiguous: use a block body.
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
        for (int attempt = 1;; attempt++) {
            try {
                return once(dataSource, work);
            } catch (SQLException e) {
                if (!isRetryable(e) || attempt >= ATTEMPTS) {
                    throw e;
                }
                pause(attempt, e);
            }
        }
    }

    public static void inTransaction(DataSource dataSource, VoidWork work) throws SQLException {
        inTransaction(dataSource, c -> {
            work.run(c);
            return null;
        });
    }

    private static <T> T once(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            if (autoCommit) {
                c.setAutoCommit(false);
            }
            Throwable failure = null;
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                failure = e;
                rollbackQuietly(c, e);
                throw e;
            } finally {
                restore(c, autoCommit, failure);
            }
        }
    }

    /**
     * Deadlock, lock timeout or serialisation failure: the transaction was rolled back and is worth
     * another try. Connection failures are not retried: a commit that failed that way may have
     * succeeded, and doing the work twice would be wrong.
     */
    static boolean isRetryable(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            String state = x.getSQLState();
            if (x instanceof SQLTransactionRollbackException || (state != null && state.startsWith("40"))) {
                return true;
            }
            if (x.getNextException() == x) {
                break;
            }
        }
        return false;
    }

    private static void pause(int attempt, SQLException cause) throws SQLException {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt + 5));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            cause.addSuppressed(interrupted);
            throw cause;
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    /** Restores auto-commit; a failure here never hides the failure of the work itself. */
    private static void restore(Connection c, boolean autoCommit, Throwable failure) throws SQLException {
        if (!autoCommit) {
            return;
        }
        try {
            if (!c.isClosed()) {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }
}
