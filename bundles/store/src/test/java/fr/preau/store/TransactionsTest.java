package fr.preau.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;

class TransactionsTest {

    private final FakeDatabase db = new FakeDatabase();

    @Test
    void commitsAndRestoresAutoCommit() throws SQLException {
        String result = Transactions.inTransaction(db, c -> {
            assertFalse(c.getAutoCommit());
            return "done";
        });
        assertEquals("done", result);
        assertEquals(List.of("autoCommit=false", "commit", "autoCommit=true", "close"), db.events);
        assertEquals(0, db.connectionsOpen);
    }

    @Test
    void voidWorkCommits() throws SQLException {
        AtomicInteger runs = new AtomicInteger();
        Transactions.inTransaction(db, (Connection c) -> {
            runs.incrementAndGet();
        });
        assertEquals(1, runs.get());
        assertTrue(db.events.contains("commit"));
    }

    @Test
    void leavesAManualCommitConnectionAsItWas() throws SQLException {
        db.initialAutoCommit = false;
        Transactions.inTransaction(db, c -> {
            return 1;
        });
        assertEquals(List.of("commit", "close"), db.events);
    }

    @Test
    void rollsBackOnSqlExceptionWithoutRetry() {
        SQLException boom = new SQLException("constraint", "23505");
        SQLException thrown = assertThrows(SQLException.class, () -> Transactions.inTransaction(db, (Transactions.Work<Object>) c -> {
            throw boom;
        }));
        assertSame(boom, thrown);
        assertEquals(List.of("autoCommit=false", "rollback", "autoCommit=true", "close"), db.events);
        assertEquals(1, db.connectionsOpened);
    }

    @Test
    void rollsBackOnRuntimeExceptionAndError() {
        assertThrows(IllegalStateException.class, () -> Transactions.inTransaction(db, (Transactions.Work<Object>) c -> {
            throw new IllegalStateException("bug");
        }));
        assertThrows(AssertionError.class, () -> Transactions.inTransaction(db, (Transactions.Work<Object>) c -> {
            throw new AssertionError("bug");
        }));
        assertEquals(2, db.events.stream().filter("rollback"::equals).count());
        assertEquals(0, db.events.stream().filter("commit"::equals).count());
        assertEquals(0, db.connectionsOpen);
    }

    @Test
    void retriesDeadlocksAndSerialisationFailures() throws SQLException {
        AtomicInteger runs = new AtomicInteger();
        String result = Transactions.inTransaction(db, c -> {
            if (runs.incrementAndGet() == 1) {
                throw new SQLException("serialization failure", "40001");
            }
            if (runs.get() == 2) {
                throw new SQLTransactionRollbackException("deadlock", "40P01");
            }
            return "third time";
        });
        assertEquals("third time", result);
        assertEquals(3, runs.get());
        assertEquals(3, db.connectionsOpened);
        assertEquals(0, db.connectionsOpen);
        assertEquals(2, db.events.stream().filter("rollback"::equals).count());
    }

    @Test
    void retriesAFailedCommitWithSqlStateClass40() throws SQLException {
        db.failCommit = new SQLException("lock timeout", "40XL1");
        AtomicInteger runs = new AtomicInteger();
        Transactions.inTransaction(db, c -> {
            return runs.incrementAndGet();
        });
        assertEquals(2, runs.get());
    }

    @Test
    void givesUpAfterTheLastAttempt() {
        AtomicInteger runs = new AtomicInteger();
        SQLException e = assertThrows(SQLException.class, () -> Transactions.inTransaction(db, (Transactions.Work<Object>) c -> {
            runs.incrementAndGet();
            throw new SQLException("deadlock", "40001");
        }));
        assertEquals("40001", e.getSQLState());
        assertEquals(Transactions.ATTEMPTS, runs.get());
        assertEquals(0, db.connectionsOpen);
    }

    @Test
    void doesNotRetryConnectionFailures() {
        AtomicInteger runs = new AtomicInteger();
        assertThrows(SQLException.class, () -> Transactions.inTransaction(db, (Transactions.Work<Object>) c -> {
            runs.incrementAndGet();
            throw new SQLTransientConnectionException("link down", "08006");
        }));
        assertEquals(1, runs.get());
    }

    @Test
    void aFailureToRestoreAutoCommitDoesNotHideTheWorkFailure() {
        db.failSetAutoCommitTrue = new SQLException("gone", "08003");
        SQLException boom = new SQLException("constraint", "23505");
        SQLException thrown = assertThrows(SQLException.class, () -> Transactions.inTransaction(db, (Transactions.Work<Object>) c -> {
            throw boom;
        }));
        assertSame(boom, thrown);
        assertEquals("08003", thrown.getSuppressed()[0] instanceof SQLException s ? s.getSQLState() : null);
    }

    @Test
    void aRollbackFailureIsSuppressedNotThrown() {
        db.failRollback = new SQLException("rollback failed", "08003");
        SQLException boom = new SQLException("constraint", "23505");
        SQLException thrown = assertThrows(SQLException.class, () -> Transactions.inTransaction(db, (Transactions.Work<Object>) c -> {
            throw boom;
        }));
        assertSame(boom, thrown);
        assertEquals(1, thrown.getSuppressed().length);
    }

    @Test
    void recognisesRetryableStates() {
        assertTrue(Transactions.isRetryable(new SQLException("x", "40001")));
        assertTrue(Transactions.isRetryable(new SQLException("x", "40XL2")));
        assertTrue(Transactions.isRetryable(new SQLTransactionRollbackException("x")));
        SQLException wrapped = new SQLException("outer", "XJ001");
        wrapped.setNextException(new SQLException("inner", "40001"));
        assertTrue(Transactions.isRetryable(wrapped));
        assertFalse(Transactions.isRetryable(new SQLException("x", "23505")));
        assertFalse(Transactions.isRetryable(new SQLException("x")));
        assertFalse(Transactions.isRetryable(new SQLTransientConnectionException("x", "08001")));
    }

    @Test
    void realDerbyCommitsAndRollsBack() throws SQLException {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:tx-" + UUID.randomUUID());
        ds.setCreateDatabase("create");
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("CREATE TABLE t (v INT)")) {
            ps.execute();
        }
        Transactions.inTransaction(ds, c -> {
            insert(c, 1);
        });
        assertThrows(IllegalStateException.class, () -> Transactions.inTransaction(ds, (Transactions.Work<Object>) c -> {
            insert(c, 2);
            insert(c, 3);
            throw new IllegalStateException("half-way");
        }));
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), SUM(v) FROM t");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertEquals(1, rs.getInt(1));
            assertEquals(1, rs.getInt(2));
            assertTrue(c.getAutoCommit());
        }
    }

    private static void insert(Connection c, int v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
            ps.setInt(1, v);
            ps.executeUpdate();
        }
    }
}
