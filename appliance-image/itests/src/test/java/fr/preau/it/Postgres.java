package fr.preau.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster (Debian's postgresql package, installed by
 * provisioning/host-deps.sh): initdb in a temporary directory, the server on a free loopback
 * port, removed on close. Runs as the {@code postgres} user when the tests run as root.
 */
final class Postgres implements AutoCloseable {

    private final Path dir;
    private final Path bin;
    private final int port;
    private Process server;

    private Postgres(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** The server binaries of the newest installed PostgreSQL, if any. */
    static Optional<Path> binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Postgres start(Path bin) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "preau-pg-");
        int port = Box.freePort();
        Postgres pg = new Postgres(bin, dir, port);
        if (asRoot()) {
            run(List.of("chown", "postgres", dir.toString()));
        }
        pg.runAsOwner(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust",
                "-U", "preau", "-E", "UTF8", "--locale=C"));
        List<String> command = new ArrayList<>(pg.owner());
        command.addAll(List.of(bin.resolve("postgres").toString(), "-D", dir.resolve("data").toString(), "-p",
                Integer.toString(port), "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"));
        pg.server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile()).start();
        pg.awaitReady();
        return pg;
    }

    String jdbcUrl(String database, String schema) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + (schema == null ? "" : "?currentSchema=" + schema);
    }

    int port() {
        return port;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Process ready = new ProcessBuilder(bin.resolve("pg_isready").toString(), "-h", "127.0.0.1", "-p",
                    Integer.toString(port)).redirectErrorStream(true).start();
            if (ready.waitFor() == 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IOException("PostgreSQL did not start:\n" + Files.readString(dir.resolve("server.log")));
    }

    private List<String> owner() {
        return asRoot() ? List.of("runuser", "-u", "postgres", "--") : List.of();
    }

    private void runAsOwner(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(owner());
        full.addAll(command);
        run(full);
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + out);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.destroy();
            try {
                if (!server.waitFor(20, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
