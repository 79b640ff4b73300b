package fr.preau.directory.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Why the import engine has no Derby bulk path (session 13). Derby builds indexes by sort only in its
 * bulk insert, which only its import procedures may ask for; these procedures commit the caller's
 * transaction. An import applies each category in one transaction that a failure rolls back whole, so it
 * cannot call them. If a Derby upgrade changes either behaviour, these tests fail: the lever is open again.
 */
class DerbyBulkInsertTest {

    @TempDir
    Path dir;

    private Connection connect(String name) throws SQLException {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:bulk-" + name);
        ds.setCreateDatabase("create");
        Connection c = ds.getConnection();
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE p (id VARCHAR(64) NOT NULL PRIMARY KEY, login VARCHAR(64) NOT NULL UNIQUE)");
            st.execute("CREATE TABLE q (id VARCHAR(64) NOT NULL PRIMARY KEY)");
        }
        return c;
    }

    private static int count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void theImportProcedureCommitsTheCallersTransaction() throws Exception {
        Path csv = Files.writeString(dir.resolve("p.csv"), "\"a\",\"la\"\n\"b\",\"lb\"\n", StandardCharsets.UTF_8);
        try (Connection c = connect("commit")) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO q (id) VALUES ('written before the call')");
            }
            try (CallableStatement cs = c.prepareCall("CALL SYSCS_UTIL.SYSCS_IMPORT_TABLE(NULL, 'P', ?, ',', '\"', 'UTF-8', 0)")) {
                cs.setString(1, csv.toString());
                cs.execute();
            }
            c.rollback();
            c.setAutoCommit(true);
            assertEquals(2, count(c, "p"), "the imported rows survive the rollback");
            assertEquals(1, count(c, "q"), "and so does what the transaction wrote before the call");
        }
    }

    @Test
    void userSqlCannotAskForABulkInsert() throws Exception {
        try (Connection c = connect("mode"); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class,
                    () -> st.executeUpdate("INSERT INTO p --DERBY-PROPERTIES insertMode=bulkInsert\n SELECT id, id FROM q"));
            assertEquals("42X01", e.getSQLState());
        }
    }
}
