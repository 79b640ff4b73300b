package fr.preau.directory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.store.testing.RecordingMigrator;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;

class DirectoryComponentsTest {

    @Test
    void publishesTheSchemaHookAndWithdrawsItOnDeactivation() {
        RecordingMigrator migrator = new RecordingMigrator();
        List<Object> calls = migrator.calls;
        DirectorySchema schema = new DirectorySchema(null, migrator);
        assertEquals(List.of("preau-directory", "fr/preau/directory/db/changelog.xml"), calls);
        assertTrue(DirectorySchema.class.getClassLoader().getResource(DirectorySchema.CHANGELOG) != null);
        schema.deactivate();
        assertEquals(List.of("preau-directory", "fr/preau/directory/db/changelog.xml", "closed"), calls);
    }

    @Test
    void readinessReportsTheDatabase() throws SQLException {
        EmbeddedDataSource ds = TestDatabases.derby();
        try {
            DirectoryReadiness check = new DirectoryReadiness(ds);
            assertEquals("store:directory", check.name());
            assertEquals(Optional.empty(), check.problem());
        } finally {
            TestDatabases.drop(ds);
        }
        assertTrue(new DirectoryReadiness((DataSource) null).problem().orElseThrow().contains("jdbc/preau-directory"));
    }
}
