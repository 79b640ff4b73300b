package fr.preau.store.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;

class DerbyShutdownTest {

    private static final ClassLoader WITHOUT_DERBY = new ClassLoader(null) {
    };

    @Test
    void shutsTheEngineDownWhenTheBoxStops() throws SQLException {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:shutdown-" + UUID.randomUUID());
        ds.setCreateDatabase("create");
        try (Connection c = ds.getConnection()) {
            assertTrue(c.isValid(1));
        }
        Connection open = ds.getConnection();
        AtomicBoolean asked = new AtomicBoolean();
        DerbyShutdown shutdown = new DerbyShutdown(true, () -> {
            asked.set(true);
            return true;
        }, getClass().getClassLoader());
        shutdown.deactivate();
        assertTrue(asked.get());
        assertThrows(SQLException.class, () -> open.createStatement().execute("VALUES 1"),
                "connections die with the engine");
        // the engine boots again on demand (in-memory databases are gone, which is expected)
        assertTrue(new DerbyShutdown(true, () -> true, getClass().getClassLoader()).shutdown());
    }

    @Test
    void leavesTheEngineAloneWhenOnlyTheBundleStops() throws SQLException {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:keep-" + UUID.randomUUID());
        ds.setCreateDatabase("create");
        try (Connection c = ds.getConnection()) {
            new DerbyShutdown(true, () -> false, getClass().getClassLoader()).deactivate();
            assertTrue(c.isValid(1));
            c.createStatement().execute("VALUES 1");
        }
    }

    @Test
    void disabledDoesNothing() {
        AtomicBoolean asked = new AtomicBoolean();
        new DerbyShutdown(false, () -> {
            asked.set(true);
            return true;
        }, getClass().getClassLoader()).deactivate();
        assertFalse(asked.get());
    }

    @Test
    void withoutDerbyThereIsNothingToDo() {
        assertFalse(new DerbyShutdown(true, () -> true, WITHOUT_DERBY).shutdown());
    }
}
