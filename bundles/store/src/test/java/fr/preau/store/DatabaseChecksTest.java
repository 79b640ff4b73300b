package fr.preau.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.UUID;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;

class DatabaseChecksTest {

    @Test
    void healthyDatabaseHasNoProblem() {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:check-" + UUID.randomUUID());
        ds.setCreateDatabase("create");
        assertEquals(Optional.empty(), DatabaseChecks.problem(ds));
    }

    @Test
    void unreachableDatabaseNamesOnlyTheSqlState() {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:does-not-exist-" + UUID.randomUUID());
        String problem = DatabaseChecks.problem(ds).orElseThrow();
        assertTrue(problem.startsWith("database unreachable (SQLState "), problem);
        assertTrue(!problem.contains("does-not-exist"), "no URL or path in the message");
    }

    @Test
    void invalidConnectionIsAProblem() {
        FakeDatabase db = new FakeDatabase();
        db.valid = false;
        assertEquals(Optional.of("database connection is not valid"), DatabaseChecks.problem(db));
        assertEquals(0, db.connectionsOpen);
    }

    @Test
    void missingDataSourceIsAProblem() {
        assertTrue(DatabaseChecks.problem(null).isPresent());
    }
}
