package fr.preau.store.internal;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Build-time tool: makes a concern's schema template ({@link SchemaTemplate}). Run by Maven on
 * the concern's test class path (Derby and Liquibase are there) before its bundle is packaged:
 * <pre>
 * java -cp … fr.preau.store.internal.SchemaTemplateBuilder fr/preau/portal/db/changelog.xml target/classes target/classes/OSGI-INF/preau/schema-template.zip
 * </pre>
 * It creates an empty Derby database in a temporary directory, migrates it with the changelog
 * exactly as the box does, records the schema fingerprint, shuts the database down cleanly and
 * zips it.
 */
public final class SchemaTemplateBuilder {

    private SchemaTemplateBuilder() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: SchemaTemplateBuilder <changelog> <classes dir> <output zip>");
            System.exit(2);
        }
        String changelog = args[0];
        Path classes = Paths.get(args[1]);
        Path output = Paths.get(args[2]);
        Path work = Files.createTempDirectory("preau-schema-template");
        try {
            System.setProperty("derby.stream.error.file", work.resolve("derby.log").toString());
            Path db = work.resolve("db");
            String url = "jdbc:derby:" + db;
            DataSource ds = new DriverDataSource(url + ";create=true");
            String digest = SchemaDigest.ofDirectory(classes, changelog);
            new LiquibaseSchemaMigrator().migrate(ds, changelog, SchemaTemplateBuilder.class.getClassLoader());
            try (Connection c = ds.getConnection()) {
                SchemaState.write(c, changelog, digest);
            }
            try {
                DriverManager.getConnection(url + ";shutdown=true").close();
            } catch (SQLException expected) {
                if (!"08006".equals(expected.getSQLState())) {
                    throw expected;
                }
            }
            SchemaTemplate.pack(db, output);
            System.out.println("Schema template of " + changelog + " (" + digest.substring(0, 12) + "…): " + output
                    + " (" + Files.size(output) / 1024 + " KiB)");
        } finally {
            SchemaTemplate.deleteTree(work);
        }
    }

    /** The smallest DataSource over DriverManager. */
    private static final class DriverDataSource implements DataSource {
        private final String url;

        DriverDataSource(String url) {
            this.url = url;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url);
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // unused
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // unused
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
