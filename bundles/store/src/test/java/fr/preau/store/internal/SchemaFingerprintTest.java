package fr.preau.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/** Schema fingerprints, the recorded state, templates and the "nothing to migrate" fast path. */
class SchemaFingerprintTest {

    private static final String CHANGELOG = "fr/preau/store/test/changelog.xml";

    @TempDir
    Path tmp;

    private static Path classesRoot() throws Exception {
        Path changelog = Paths.get(SchemaFingerprintTest.class.getResource("/" + CHANGELOG).toURI());
        Path root = changelog;
        for (int i = 0; i < CHANGELOG.split("/").length; i++) {
            root = root.getParent();
        }
        return root;
    }

    /** A bundle whose entries are the files of {@code root}, as Bundle.findEntries lists them. */
    private static Bundle bundleOver(Path root) {
        return (Bundle) Proxy.newProxyInstance(SchemaFingerprintTest.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> {
                    if (!"findEntries".equals(method.getName())) {
                        return null;
                    }
                    String dir = ((String) args[0]).substring(1);
                    List<URL> urls = new ArrayList<>();
                    try (Stream<Path> walk = Files.walk(root.resolve(dir))) {
                        for (Path p : (Iterable<Path>) walk::iterator) {
                            String rel = root.relativize(p).toString().replace('\\', '/') + (Files.isDirectory(p) ? "/" : "");
                            // bundle entry URLs: scheme://id/path
                            urls.add(new URL("file", "", -1, "/" + rel, new java.net.URLStreamHandler() {
                                @Override
                                protected java.net.URLConnection openConnection(URL u) throws IOException {
                                    return root.resolve(u.getPath().substring(1)).toUri().toURL().openConnection();
                                }
                            }));
                        }
                    }
                    return Collections.enumeration(urls);
                });
    }

    @Test
    void theFingerprintOfABundleEqualsTheOneOfItsBuildDirectoryAndFollowsEveryFile() throws Exception {
        Path root = tmp.resolve("classes");
        Path dir = Files.createDirectories(root.resolve("fr/preau/x/db"));
        Files.writeString(dir.resolve("changelog.xml"), "<master/>");
        Files.createDirectories(dir.resolve("more"));
        Files.writeString(dir.resolve("more/changelog-1.0.0.xml"), "<one/>");
        Files.writeString(root.resolve("fr/preau/x/Other.class"), "not part of the schema");
        String changelog = "fr/preau/x/db/changelog.xml";

        String built = SchemaDigest.ofDirectory(root, changelog);
        assertEquals(built, SchemaDigest.ofBundle(bundleOver(root), changelog));
        assertEquals(64, built.length());

        Files.writeString(root.resolve("fr/preau/x/Other.class"), "changed, outside the changelog directory");
        assertEquals(built, SchemaDigest.ofDirectory(root, changelog));

        Files.writeString(dir.resolve("more/changelog-1.0.0.xml"), "<one changed=\"yes\"/>");
        String changed = SchemaDigest.ofDirectory(root, changelog);
        assertNotEquals(built, changed);
        Files.move(dir.resolve("more/changelog-1.0.0.xml"), dir.resolve("more/changelog-1.0.1.xml"));
        assertNotEquals(changed, SchemaDigest.ofDirectory(root, changelog), "a renamed file changes the fingerprint");
    }

    private EmbeddedDataSource derbyIn(Path dir) {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(dir.toString());
        ds.setCreateDatabase("create");
        return ds;
    }

    private static void shutdown(Path dir) {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(dir.toString());
        ds.setShutdownDatabase("shutdown");
        try (Connection c = ds.getConnection()) {
            // not reached
        } catch (SQLException expected) {
            // 08006: shut down
        }
    }

    @Test
    void theRecordedFingerprintIsWrittenOnceAndReplacedOnDerbyAndPostgresLikeDatabases() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        Path derbyDir = tmp.resolve("state-db");
        for (DataSource ds : List.of(derbyIn(derbyDir), h2)) {
            try (Connection c = ds.getConnection()) {
                assertEquals(Optional.empty(), SchemaState.read(c, CHANGELOG));
                SchemaState.write(c, CHANGELOG, "a".repeat(64));
                SchemaState.write(c, "other/changelog.xml", "b".repeat(64));
                SchemaState.write(c, CHANGELOG, "c".repeat(64));
                assertEquals(Optional.of("c".repeat(64)), SchemaState.read(c, CHANGELOG));
                assertEquals(Optional.of("b".repeat(64)), SchemaState.read(c, "other/changelog.xml"));
                assertTrue(c.getAutoCommit(), "the connection is given back as it came");
            }
        }
        shutdown(derbyDir);
    }

    @Test
    void aDatabaseThatRecordsTheFingerprintIsNotMigratedAgainAndAnotherFingerprintRunsLiquibase() throws Exception {
        Path dir = tmp.resolve("fast-db");
        EmbeddedDataSource ds = derbyIn(dir);
        LiquibaseSchemaMigrator migrator = new LiquibaseSchemaMigrator();
        ClassLoader loader = getClass().getClassLoader();
        migrator.migrate(ds, CHANGELOG, loader, "1".repeat(64));
        try (Connection c = ds.getConnection()) {
            assertEquals(Optional.of("1".repeat(64)), SchemaState.read(c, CHANGELOG));
            try (Statement s = c.createStatement()) {
                // were Liquibase run again, it would find its history gone and create the tables a second time: an error
                s.executeUpdate("DELETE FROM databasechangelog");
            }
        }
        migrator.migrate(ds, CHANGELOG, loader, "1".repeat(64));

        SQLException rerun = assertThrows(SQLException.class, () -> migrator.migrate(ds, CHANGELOG, loader, "2".repeat(64)));
        assertTrue(rerun.getMessage().contains("Liquibase") || rerun.getSQLState() != null, rerun.toString());
        try (Connection c = ds.getConnection()) {
            assertEquals(Optional.of("1".repeat(64)), SchemaState.read(c, CHANGELOG), "a failed migration records nothing");
        }
        shutdown(dir);
    }

    @Test
    void aTemplateBuiltFromTheChangelogBecomesANewDatabaseThatNeedsNoMigration() throws Exception {
        Path zip = tmp.resolve("out/schema-template.zip");
        SchemaTemplateBuilder.main(new String[] {CHANGELOG, classesRoot().toString(), zip.toString()});
        assertTrue(Files.size(zip) > 0);
        byte[] first = Files.readAllBytes(zip);

        Path db = tmp.resolve("data/preau/test/db");
        assertTrue(SchemaTemplate.installIfAbsent(zip.toUri().toURL(), db));
        assertFalse(SchemaTemplate.installIfAbsent(zip.toUri().toURL(), db), "an existing database is never replaced");
        try (Stream<Path> left = Files.list(db.getParent())) {
            assertEquals(List.of(db), left.toList(), "no temporary directory is left behind");
        }

        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(db.toString());
        String digest = SchemaDigest.ofDirectory(classesRoot(), CHANGELOG);
        try (Connection c = ds.getConnection()) {
            assertEquals(Optional.of(digest), SchemaState.read(c, CHANGELOG));
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM databasechangelog"); // proves Liquibase is not run below
            }
        }
        new LiquibaseSchemaMigrator().migrate(ds, CHANGELOG, getClass().getClassLoader(), digest);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM databasechangelog")) {
            rs.next();
            assertEquals(0, rs.getInt(1));
        }
        shutdown(db);

        SchemaTemplateBuilder.main(new String[] {CHANGELOG, classesRoot().toString(), zip.toString()});
        assertTrue(Files.size(zip) > 0 && first.length > 0);
    }

    @Test
    void aTemplateEntryLeavingItsDirectoryIsRefusedAndLeavesNothing() throws Exception {
        Path zip = tmp.resolve("evil.zip");
        try (OutputStream raw = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(raw)) {
            out.putNextEntry(new ZipEntry("seg0/c10.dat"));
            out.write("ok".getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new ZipEntry("../../escaped.txt"));
            out.write("no".getBytes(StandardCharsets.UTF_8));
        }
        Path db = tmp.resolve("data/evil/db");
        assertThrows(IOException.class, () -> SchemaTemplate.installIfAbsent(zip.toUri().toURL(), db));
        assertFalse(Files.exists(db));
        assertFalse(Files.exists(tmp.resolve("escaped.txt")));
        try (Stream<Path> left = Files.list(db.getParent())) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void theDatabaseDirectoryComesFromAnEmbeddedDerbyUrlOnly() {
        System.setProperty("preau.test.data", "/srv/preau/data");
        try {
            assertEquals(Optional.of(Paths.get("/srv/preau/data/preau/portal/db")),
                    DerbyLocation.fromUrl("jdbc:derby:${preau.test.data}/preau/portal/db;create=true"));
            assertEquals(Optional.of(Paths.get("/srv/x/db")), DerbyLocation.fromUrl("jdbc:derby:directory:/srv/x/db"));
            assertEquals(Optional.empty(), DerbyLocation.fromUrl("jdbc:derby:memory:test;create=true"));
            assertEquals(Optional.empty(), DerbyLocation.fromUrl("jdbc:derby://host:1527/db"));
            assertEquals(Optional.empty(), DerbyLocation.fromUrl("jdbc:derby:relative/db"));
            assertEquals(Optional.empty(), DerbyLocation.fromUrl("jdbc:derby:${no.such.property}/db"));
            assertEquals(Optional.empty(), DerbyLocation.fromUrl("jdbc:postgresql://localhost/preau"));
            assertEquals(Optional.empty(), DerbyLocation.of(null, "preau-portal"));
        } finally {
            System.clearProperty("preau.test.data");
        }
    }
}
