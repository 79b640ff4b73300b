package fr.preau.directory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;

class DirectoryComponentsTest {

    @Test
    void preHookMigratesTheDirectoryChangelogWithTheBundleClassLoader() throws SQLException {
        List<Object> calls = new ArrayList<>();
        DataSource ds = new EmbeddedDataSource();
        new DirectorySchema((dataSource, changelog, loader) -> {
            calls.add(dataSource);
            calls.add(changelog);
            calls.add(loader);
        }).prepare(ds);
        assertSame(ds, calls.get(0));
        assertEquals("fr/preau/directory/db/changelog.xml", calls.get(1));
        assertSame(DirectorySchema.class.getClassLoader(), calls.get(2));
        assertTrue(DirectorySchema.class.getClassLoader().getResource((String) calls.get(1)) != null);
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
