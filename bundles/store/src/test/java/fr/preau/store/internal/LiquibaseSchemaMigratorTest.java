package fr.preau.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class LiquibaseSchemaMigratorTest {

    private static final String CHANGELOG = "fr/preau/store/test/changelog.xml";

    private final LiquibaseSchemaMigrator migrator = new LiquibaseSchemaMigrator();
    private final List<String> derbyDatabases = new ArrayList<>();

    @AfterEach
    void dropDerbyDatabases() {
        for (String name : derbyDatabases) {
            EmbeddedDataSource drop = new EmbeddedDataSource();
            drop.setDatabaseName("memory:" + name);
            drop.setConnectionAttributes("drop=true");
            try (Connection c = drop.getConnection()) {
                // not reached: a drop answers with an exception
            } catch (SQLException expected) {
                // 08006: dropped
            }
        }
    }

    private EmbeddedDataSource derby() {
        String name = "store-" + UUID.randomUUID();
        derbyDatabases.add(name);
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:" + name);
        ds.setCreateDatabase("create");
        return ds;
    }

    private static DataSource h2PostgresMode() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        return ds;
    }

    @Test
    void migratesDerbyAndIsIdempotent() throws Exception {
        DataSource ds = derby();
        migrator.migrate(ds, CHANGELOG, getClass().getClassLoader());
        migrator.migrate(ds, CHANGELOG, getClass().getClassLoader());

        assertEquals(1, countChangeSets(ds));
        exerciseSchema(ds);
    }

    @Test
    void migratesWithoutValidationAsInsideTheBox() throws Exception {
        // the box skips XSD validation (the changelogs are validated by the build's tests, as above)
        LiquibaseSchemaMigrator unvalidated = new LiquibaseSchemaMigrator(5, false);
        DataSource ds = derby();
        unvalidated.migrate(ds, CHANGELOG, getClass().getClassLoader());
        unvalidated.migrate(ds, CHANGELOG, getClass().getClassLoader());

        assertEquals(1, countChangeSets(ds));
        exerciseSchema(ds);
    }

    @Test
    void migratesH2InPostgresModeWithTheSameChangelog() throws Exception {
        DataSource ds = h2PostgresMode();
        migrator.migrate(ds, CHANGELOG, getClass().getClassLoader());
        migrator.migrate(ds, CHANGELOG, getClass().getClassLoader());

        assertEquals(1, countChangeSets(ds));
        exerciseSchema(ds);
    }

    @Test
    void leavesTheConnectionUsableAndAutoCommitAsFound() throws Exception {
        EmbeddedDataSource ds = derby();
        migrator.migrate(ds, CHANGELOG, getClass().getClassLoader());
        // Liquibase must not have shut the embedded database down behind the DataSource
        try (Connection c = ds.getConnection()) {
            assertTrue(c.getAutoCommit());
            assertTrue(c.isValid(1));
        }
    }

    @Test
    void failureBecomesAnSqlExceptionAndKeepsCompletedChangeSets() throws Exception {
        DataSource ds = derby();
        SQLException e = assertThrows(SQLException.class,
                () -> migrator.migrate(ds, "fr/preau/store/test/broken.xml", getClass().getClassLoader()));
        assertTrue(e.getMessage().startsWith("Liquibase migration of fr/preau/store/test/broken.xml failed"), e.getMessage());
        assertTrue(tableExists(ds, "gadget"), "the first, complete change set stays applied");
        assertEquals(1, countChangeSets(ds));
    }

    @Test
    void missingChangelogFails() {
        DataSource ds = derby();
        assertThrows(SQLException.class,
                () -> migrator.migrate(ds, "fr/preau/store/test/nothing-here.xml", getClass().getClassLoader()));
    }

    @Test
    void refusesPathsThatAreNotPlainResourcePaths() {
        DataSource ds = derby();
        ClassLoader cl = getClass().getClassLoader();
        for (String bad : new String[] {null, "", "../etc/passwd.xml", "/abs/changelog.xml", "file:/tmp/x.xml",
                "http://evil.example/c.xml", "fr/preau/x.txt", "fr/../x.xml"}) {
            assertThrows(IllegalArgumentException.class, () -> migrator.migrate(ds, bad, cl), String.valueOf(bad));
        }
    }

    @ParameterizedTest(name = "validated: {0}")
    @ValueSource(booleans = {true, false})
    void doesNotResolveExternalEntities(boolean validated, @TempDir Path dir) throws Exception {
        LiquibaseSchemaMigrator migrator = new LiquibaseSchemaMigrator(5, validated);
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-42", StandardCharsets.UTF_8);
        Path changelog = dir.resolve("fr/preau/store/evil/xxe.xml");
        Files.createDirectories(changelog.getParent());
        Files.writeString(changelog, """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE databaseChangeLog [
                  <!ENTITY leak SYSTEM "%s">
                ]>
                <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
                  <changeSet id="xxe-1" author="attacker">
                    <createTable tableName="loot"><column name="data" type="VARCHAR(200)"/></createTable>
                    <sql>INSERT INTO loot (data) VALUES ('&leak;')</sql>
                  </changeSet>
                </databaseChangeLog>
                """.formatted(secret.toUri()), StandardCharsets.UTF_8);

        DataSource ds = derby();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            try {
                migrator.migrate(ds, "fr/preau/store/evil/xxe.xml", loader);
            } catch (SQLException refused) {
                assertFalse(refused.getMessage().contains("TOP-SECRET-42"));
            }
        }
        if (tableExists(ds, "loot")) {
            try (Connection c = ds.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT data FROM loot");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertFalse(String.valueOf(rs.getString(1)).contains("TOP-SECRET"), "external entity was resolved");
                }
            }
        }
    }

    @Test
    void concurrentMigrationsOfOneDatabaseAreSerialised() throws Exception {
        DataSource ds = derby();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Void>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<Void> task = () -> {
                    migrator.migrate(ds, CHANGELOG, getClass().getClassLoader());
                    return null;
                };
                results.add(pool.submit(task));
            }
            for (Future<Void> f : results) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, countChangeSets(ds));
    }

    @Test
    void settingsKeepLiquibaseInsideTheBox() {
        assertEquals(Boolean.TRUE, LiquibaseSchemaMigrator.SAFE_SETTINGS.get("liquibase.secureParsing"));
        assertEquals(Boolean.FALSE, LiquibaseSchemaMigrator.SAFE_SETTINGS.get("liquibase.analytics.enabled"));
    }

    @Test
    void refusesANonsensicalLockWait() {
        assertThrows(IllegalArgumentException.class, () -> new LiquibaseSchemaMigrator(0));
    }

    private static int countChangeSets(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM databasechangelog");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static boolean tableExists(DataSource ds, String table) throws SQLException {
        try (Connection c = ds.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            for (String name : new String[] {table, table.toUpperCase(Locale.ROOT)}) {
                try (ResultSet rs = md.getTables(null, null, name, null)) {
                    if (rs.next()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** The portable schema accepts the same statements everywhere, and its constraints hold. */
    private static void exerciseSchema(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO widget (id, name, active, size, created_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, "w1");
                ps.setString(2, "Widget");
                ps.setBoolean(3, true);
                ps.setLong(4, 42L);
                ps.setTimestamp(5, new Timestamp(0));
                assertEquals(1, ps.executeUpdate());
                ps.setString(1, "w2");
                SQLException duplicate = assertThrows(SQLException.class, ps::executeUpdate);
                assertTrue(duplicate.getSQLState().startsWith("23"), duplicate.getSQLState());
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO widget_part (widget_id, part, position) VALUES (?, ?, ?)")) {
                ps.setString(1, "nope");
                ps.setString(2, "p");
                ps.setInt(3, 1);
                SQLException orphan = assertThrows(SQLException.class, ps::executeUpdate);
                assertTrue(orphan.getSQLState().startsWith("23"), orphan.getSQLState());
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM widget WHERE active = ? ORDER BY id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
                ps.setBoolean(1, true);
                ps.setInt(2, 0);
                ps.setInt(3, 10);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("w1", rs.getString(1));
                }
            }
        }
    }
}
