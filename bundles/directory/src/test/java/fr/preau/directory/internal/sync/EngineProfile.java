package fr.preau.directory.internal.sync;

import fr.preau.store.testing.Databases;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;

/**
 * Manual profiling aid: imports a folder into a fresh on-disk Derby database, twice, and prints timings:
 * wall, CPU of the calling thread, CPU of the whole process (the engine reads files in a second thread;
 * the process figure also counts the JIT, the GC and Derby's own threads).
 * <p>
 * With {@code -Dprofile.floor=N}, it then copies the rows the first import stored into N fresh databases
 * with one plain single-row {@code INSERT} per row (parent tables first, one transaction, no engine logic)
 * and prints the time of each copy: what Derby's insert path costs for exactly these rows, the floor of
 * any engine that writes them row by row.
 */
public final class EngineProfile {
    private EngineProfile() {
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[0]);
        Path work = Files.createTempDirectory("engine-profile");
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(work.resolve("db").toString());
        ds.setCreateDatabase("create");
        Databases.migrate(ds, ImportFixture.CHANGELOG, EngineProfile.class.getClassLoader());
        for (String sql : System.getProperty("profile.sql", "").split(";")) {
            if (!sql.isBlank()) {
                try (var c = ds.getConnection(); var st = c.createStatement()) {
                    st.execute(sql);
                }
            }
        }
        ImportEngine engine = new ImportEngine(ds, Clock.systemUTC());
        Map<Path, String> files = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.sorted().forEach(p -> files.put(p, p.getFileName().toString()));
        }
        for (int i = 0; i < 2; i++) {
            long t0 = System.nanoTime();
            long c0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long p0 = processCpu();
            Progress progress = new Progress();
            try (Report report = new Report(work.resolve("r" + i + ".csv"))) {
                engine.run(files, new ImportEngine.Options(Optional.empty(), false, false), progress, report);
            }
            long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - c0;
            System.out.printf("run %d: %s in %.2f s (%.2f s CPU, process %.2f s CPU)%n", i, progress.committedCounts().summary(),
                    (System.nanoTime() - t0) / 1e9, cpu / 1e9, (processCpu() - p0) / 1e9);
        }
        for (int i = 0; i < Integer.getInteger("profile.floor", 0); i++) {
            EmbeddedDataSource copy = new EmbeddedDataSource();
            copy.setDatabaseName(work.resolve("floor" + i).toString());
            copy.setCreateDatabase("create");
            Databases.migrate(copy, ImportFixture.CHANGELOG, EngineProfile.class.getClassLoader());
            floor(ds, copy, i);
        }
    }

    /** Tables the engine writes, parents before children. */
    private static final String[] TABLES = {"school", "subject", "mef", "division", "person", "person_profile", "person_school",
            "division_member", "teaching", "person_function", "responsable_link"};

    private static void floor(DataSource from, DataSource to, int round) throws SQLException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long rows = 0;
        long wall = 0;
        long cpu = 0;
        try (Connection src = from.getConnection(); Connection dst = to.getConnection()) {
            dst.setAutoCommit(false);
            for (String table : TABLES) {
                List<Object[]> data = new ArrayList<>();
                StringBuilder columns = new StringBuilder();
                try (Statement st = src.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                    int n = rs.getMetaData().getColumnCount();
                    for (int c = 1; c <= n; c++) {
                        columns.append(c > 1 ? ", " : "").append(rs.getMetaData().getColumnName(c));
                    }
                    while (rs.next()) {
                        Object[] row = new Object[n];
                        for (int c = 0; c < n; c++) {
                            row[c] = rs.getObject(c + 1) instanceof Clob clob ? clob.getSubString(1, (int) clob.length())
                                    : rs.getObject(c + 1);
                        }
                        data.add(row);
                    }
                }
                if (data.isEmpty()) {
                    continue;
                }
                int n = data.get(0).length;
                long t0 = System.nanoTime();
                long c0 = threads.getCurrentThreadCpuTime();
                try (PreparedStatement ps = dst.prepareStatement("INSERT INTO " + table + " (" + columns + ") VALUES ("
                        + "?, ".repeat(n - 1) + "?)")) {
                    for (Object[] row : data) {
                        for (int c = 0; c < n; c++) {
                            ps.setObject(c + 1, row[c]);
                        }
                        ps.executeUpdate();
                    }
                }
                wall += System.nanoTime() - t0;
                cpu += threads.getCurrentThreadCpuTime() - c0;
                rows += data.size();
            }
            long t0 = System.nanoTime();
            dst.commit();
            wall += System.nanoTime() - t0;
        }
        System.out.printf("floor %d: the same %d rows, plain INSERTs, in %.2f s (%.2f s CPU)%n", round, rows, wall / 1e9, cpu / 1e9);
    }
}
