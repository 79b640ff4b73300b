package fr.preau.directory.internal.sync;

import fr.preau.store.testing.Databases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.derby.jdbc.EmbeddedDataSource;

/**
 * Manual profiling aid: imports a folder into a fresh on-disk Derby database, twice, and prints timings:
 * wall, CPU of the calling thread, CPU of the whole process (the engine reads files in a second thread;
 * the process figure also counts the JIT, the GC and Derby's own threads).
 */
public final class EngineProfile {
    private EngineProfile() {
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
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
            long c0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long p0 = processCpu();
            Progress progress = new Progress();
            try (Report report = new Report(work.resolve("r" + i + ".csv"))) {
                engine.run(files, new ImportEngine.Options(Optional.empty(), false, false), progress, report);
            }
            long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - c0;
            System.out.printf("run %d: %s in %.2f s (%.2f s CPU, process %.2f s CPU)%n", i, progress.committedCounts().summary(),
                    (System.nanoTime() - t0) / 1e9, cpu / 1e9, (processCpu() - p0) / 1e9);
        }
    }
}
