package fr.preau.files.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away clamd (Debian's clamav-daemon, installed by provisioning/host-deps.sh, never left running): its own
 * clamd.conf in {@code dir}, a unix socket there, and a database directory holding only the project's signature file
 * {@code preau-test.ndb} — one body-based signature, {@value #SIGNATURE}, matching the EICAR test string anywhere in a
 * file. No ClamAV database is downloaded (no freshclam). Loading one signature takes about a second.
 */
public final class RealClamd implements AutoCloseable {

    public static final Path CLAMD = Path.of("/usr/sbin/clamd");
    /** The name clamd reports (an unsigned, local database: « .UNOFFICIAL » is added). */
    public static final String SIGNATURE = "Preau.Test.EICAR";
    /** The EICAR test string, built at run time so that no class file holds it whole. */
    public static final String EICAR = String.join("", "X5O!P%@AP[4\\PZX54(P^)7CC)7}$", "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*");

    private final Path dir;
    private final Path socket;
    private final Path conf;
    private Process process;

    private RealClamd(Path dir) {
        this.dir = dir;
        this.socket = dir.resolve("clamd.sock");
        this.conf = dir.resolve("clamd.conf");
    }

    /** Why clamd cannot run here, if it cannot. */
    public static Optional<String> missing() {
        return Files.isExecutable(CLAMD) ? Optional.empty() : Optional.of(CLAMD + " is missing (apt-get install clamav-daemon)");
    }

    /**
     * Skips the calling test, saying why, when clamd is absent — or fails it where clamd is required
     * ({@code -Dpreau.require.clamd=true}, as {@code ./preau test} and CI run).
     */
    public static void assumePresent() {
        Optional<String> missing = missing();
        if (Boolean.getBoolean("preau.require.clamd") && missing.isPresent()) {
            throw new AssertionError("clamd is required here (preau.require.clamd=true) but " + missing.get() + ": run provisioning/host-deps.sh");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(missing.isEmpty(), () -> missing.get() + ": the tests with a real clamd are skipped");
    }

    /** Writes the configuration and the signature into {@code dir}, starts clamd and waits for its socket. */
    public static RealClamd start(Path dir) throws IOException, InterruptedException {
        RealClamd c = new RealClamd(dir);
        Path db = Files.createDirectories(dir.resolve("db"));
        try (InputStream in = RealClamd.class.getResourceAsStream("/fr/preau/files/clamav/preau-test.ndb")) {
            Files.copy(in, db.resolve("preau-test.ndb"));
        }
        Files.writeString(c.conf, String.join("\n",
                "LocalSocket " + c.socket,
                "LocalSocketMode 660",
                "DatabaseDirectory " + db,
                "Foreground yes",
                "LogFile " + dir.resolve("clamd.log"),
                "LogTime yes",
                "PidFile " + dir.resolve("clamd.pid"),
                "TemporaryDirectory " + Files.createDirectories(dir.resolve("tmp")),
                "StreamMaxLength 25M",
                "MaxThreads 2",
                "SelfCheck 0",
                "") , StandardCharsets.UTF_8);
        c.start();
        return c;
    }

    /** Starts (again) the daemon and waits until its socket answers. */
    public void start() throws IOException, InterruptedException {
        Files.deleteIfExists(socket);
        process = new ProcessBuilder(CLAMD.toString(), "--config-file=" + conf).redirectErrorStream(true)
                .redirectOutput(dir.resolve("clamd.out").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("clamd stopped at start: " + output());
            }
            if (Files.exists(socket)) {
                try {
                    new Clamd(socket.toString(), Duration.ofSeconds(5), 1024).version();
                    return;
                } catch (Clamd.Unavailable e) {
                    // not listening yet
                }
            }
            Thread.sleep(100);
        }
        stop();
        throw new IOException("clamd did not listen within 60 s: " + output());
    }

    /** Stops the daemon (the socket goes with it). */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The socket path: the box's {@code clamd.address}. */
    public String address() {
        return socket.toString();
    }

    /** What clamd wrote (its log), for a failure's message. */
    public String output() {
        StringBuilder out = new StringBuilder();
        for (String f : new String[] {"clamd.out", "clamd.log"}) {
            try {
                out.append(Files.readString(dir.resolve(f), StandardCharsets.UTF_8));
            } catch (IOException e) {
                // not written
            }
        }
        return out.toString();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
