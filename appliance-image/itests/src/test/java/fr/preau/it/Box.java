package fr.preau.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The assembled box, started as a process exactly as a school would run it ({@code bin/karaf server}),
 * with its own install directory, an empty data directory and a free HTTP port.
 */
public final class Box implements AutoCloseable {

    public static final String DEMO_PASSWORD = "Rostand-IT-2026!";

    private final String name;
    private final Path home;
    private final Path data;
    private final Path console;
    private final int port;
    private final int httpsPort;
    private final Map<String, String> env = new HashMap<>();
    private Process process;

    private Box(String name, Path home, Path data, int port, int httpsPort) {
        this.name = name;
        this.home = home;
        this.data = data;
        this.console = data.resolveSibling(data.getFileName() + "-console.log");
        this.port = port;
        this.httpsPort = httpsPort;
    }

    /** Unpacks a fresh copy of the distribution; nothing is started yet. */
    public static Box unpack(String name) {
        try {
            Path work = Path.of(System.getProperty("preau.it.work", "target/it"))
                    .resolve(name + "-" + UUID.randomUUID().toString().substring(0, 6));
            Files.createDirectories(work);
            Path tarball = Path.of(required("preau.distribution"));
            run(work, "tar", "xzf", tarball.toString());
            Path home;
            try (var entries = Files.list(work)) {
                home = entries.filter(Files::isDirectory).findFirst().orElseThrow();
            }
            Path data = work.resolve("data");
            Files.createDirectories(data);
            // the mail module is a default module: each box gets its own mail ports, so that a box never meets
            // another one's (or a demo's) on the default ports; a test may write its own settings over these
            return new Box(name, home, data, freePort(), freePort()).config("fr.preau.mail", Map.of(
                    "bind", "127.0.0.1",
                    "smtp.port", Integer.toString(freePort()),
                    "submission.port", Integer.toString(freePort()),
                    "imap.port", Integer.toString(freePort()),
                    "smarthost", "",
                    "hello.name", "preau.test"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A box in demo mode: the demo school, its printed accounts (provisioning/demo/accounts.tsv) with {@link #DEMO_PASSWORD}. */
    public static Box demo(String name) {
        return unpack(name).env("PREAU_MODE", "demo").env("PREAU_DEMO_PASSWORD", DEMO_PASSWORD);
    }

    public Box env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** Writes {@code etc/<pid>.cfg} before the box starts (site settings, as a referent's technician would). */
    public Box config(String pid, Map<String, String> properties) {
        StringBuilder sb = new StringBuilder();
        properties.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        try {
            Files.writeString(home.resolve("etc").resolve(pid + ".cfg"), sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Box start() {
        try {
            ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server");
            pb.directory(home.toFile());
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().put("PREAU_DATA", data.toString());
            pb.environment().put("PREAU_HTTP_PORT", Integer.toString(port));
            pb.environment().put("PREAU_HTTPS_PORT", Integer.toString(httpsPort));
            pb.environment().remove("PREAU_MODE");
            pb.environment().putAll(env);
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
            process = pb.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts and waits until health says UP. */
    public Box startAndAwaitUp() {
        start();
        awaitUp(Duration.ofSeconds(180));
        return this;
    }

    /** What fr.preau.web's WhiteboardWatch logs when the whiteboard reports an error (it checks for 3 × 2 s). */
    static final String WHITEBOARD_ERROR = "The JAX-RS whiteboard reported an error";
    static final Duration STABLE_AFTER_WHITEBOARD_ERROR = Duration.ofSeconds(9);

    public void awaitUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Client probe = client();
        Client.Response last = null;
        long upSince = -1;
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                fail("The box " + name + " stopped while starting (exit " + process.exitValue() + ")\n" + diagnostics());
            }
            try {
                last = probe.get("/api/v1/health");
                if (last.status() == 200 && last.body().contains("\"UP\"")) {
                    // after an error of the JAX-RS whiteboard at boot, the web layer's watch may still find a lost
                    // resource and register it again (the application is redeployed meanwhile): wait until UP holds
                    if (!log().contains(WHITEBOARD_ERROR)) {
                        return;
                    }
                    upSince = upSince < 0 ? System.nanoTime() : upSince;
                    if (System.nanoTime() - upSince >= STABLE_AFTER_WHITEBOARD_ERROR.toNanos()) {
                        return;
                    }
                } else {
                    upSince = -1;
                }
            } catch (UncheckedIOException notYet) {
                // connection refused while Jetty starts
                upSince = -1;
            }
            sleep(250);
        }
        fail("The box " + name + " did not reach UP within " + timeout + "; last health answer: "
                + (last == null ? "none" : last.status() + " " + last.body()) + "\n" + diagnostics());
    }

    /** SIGKILL of the JVM: no shutdown hook, no clean close. */
    public void kill9() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitExit(Duration.ofSeconds(30));
        process = null;
    }

    /** SIGTERM to the JVM: Karaf shuts down cleanly. */
    public void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> javas = process.descendants().toList();
        javas.forEach(ProcessHandle::destroy);
        if (javas.isEmpty()) {
            process.destroy();
        }
        if (!waitExit(Duration.ofSeconds(60))) {
            kill9();
        }
        process = null;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The exit code of the stopped box. */
    public int exitValue() {
        return process.exitValue();
    }

    /** Waits for the box to stop by itself. */
    public boolean waitExit(Duration timeout) {
        try {
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (exited) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
            }
            return exited;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A client of the box's HTTPS port that trusts only {@code certificate}. */
    public Client httpsClient(java.security.cert.Certificate certificate) {
        return new Client("https://127.0.0.1:" + httpsPort, Client.trusting(certificate));
    }

    public Client client() {
        return new Client("http://127.0.0.1:" + port);
    }

    /**
     * Installs a module from the console as {@code referent}. Right after an uninstall, the console's job ends a
     * moment after the module's routes and ports are gone (longer for a larger bundle, and on a busy machine): until
     * then it answers 409 {@code module-change-running} or {@code module-installed}, so this asks again for up to
     * two minutes. Returns the last answer (202 when accepted).
     */
    public static Client.Response installModule(Client referent, String feature) {
        String path = "/api/v1/admin/modules/" + feature + "/install";
        Client.Response r = referent.post(path, "{}");
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(120).toNanos();
        while (r.status() == 409 && (r.body().contains("module-change-running") || r.body().contains("module-installed"))
                && System.nanoTime() < deadline) {
            sleep(250);
            r = referent.post(path, "{}");
        }
        return r;
    }

    /** A client signed in as {@code login} of the demo school (its password is {@link #DEMO_PASSWORD}). */
    public Client signedIn(String login) {
        Client c = client();
        Client.Response r = c.login(login, DEMO_PASSWORD);
        org.junit.jupiter.api.Assertions.assertEquals(200, r.status(), r.toString());
        return c;
    }

    /** The box's HTTPS port (its self-signed certificate of the first start, unless a test sets another). */
    public int httpsPort() {
        return httpsPort;
    }

    public int port() {
        return port;
    }

    public Path home() {
        return home;
    }

    public Path data() {
        return data;
    }

    /** Drops a features file in deploy/: Karaf installs its features marked install="auto". */
    public void deploy(String fileName, String featuresXml) {
        try {
            Path tmp = Files.createTempFile(home, "deploy", ".tmp");
            Files.writeString(tmp, featuresXml, StandardCharsets.UTF_8);
            Files.move(tmp, home.resolve("deploy").resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a features file from deploy/: Karaf uninstalls its features. */
    public void undeploy(String fileName) {
        try {
            Files.deleteIfExists(home.resolve("deploy").resolve(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String log() {
        try {
            Path log = data.resolve("log/preau.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many times the box's log holds {@code needle}. */
    public int logCount(String needle) {
        String text = log();
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    public String consoleOutput() {
        try {
            return Files.exists(console) ? Files.readString(console, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String diagnostics() {
        String log = log();
        String[] lines = log.split("\n");
        StringBuilder sb = new StringBuilder("--- console ---\n").append(tail(consoleOutput(), 20)).append("--- log (warnings and errors) ---\n");
        for (String line : lines) {
            if (line.contains("| WARN ") || line.contains("| ERROR")) {
                sb.append(line, 0, Math.min(line.length(), 600)).append('\n');
            }
        }
        if (process != null && process.isAlive()) {
            sb.append("--- threads of the running box ---\n").append(threadDump());
        }
        return sb.toString();
    }

    /** The stacks of the box's JVM (jcmd of the running JDK), for a box that hangs instead of failing. */
    private String threadDump() {
        StringBuilder sb = new StringBuilder();
        List<ProcessHandle> javas = process.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).toList();
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        for (ProcessHandle java : javas) {
            try {
                Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(java.pid()), "Thread.print")
                        .redirectErrorStream(true).start();
                String out = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                dump.waitFor(30, TimeUnit.SECONDS);
                sb.append(out.length() > 60_000 ? out.substring(0, 60_000) + "\n[...]\n" : out);
            } catch (IOException e) {
                sb.append("(no thread dump: ").append(e.getMessage()).append(")\n");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return sb.toString();
    }

    private static String tail(String text, int n) {
        String[] lines = text.split("\n");
        StringBuilder sb = new StringBuilder();
        for (int i = Math.max(0, lines.length - n); i < lines.length; i++) {
            sb.append(lines[i]).append('\n');
        }
        return sb.toString();
    }

    @Override
    public void close() {
        stop();
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("system property " + property + " is not set (run through Maven failsafe)");
        }
        return value;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A free port below Linux's ephemeral range (32768–60999). A port the system hands out (new ServerSocket(0))
     * can be handed out again, a moment later, to whatever asks for any port, such as Karaf's own shutdown socket at
     * its start: FirstBootIT once saw the box's HTTP port taken that way ("Failed to bind to /0.0.0.0:44553").
     */
    static int freePort() throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(20_000, 32_000);
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new java.net.InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // another one
            }
        }
        throw new IOException("no free port between 20000 and 32000");
    }

    private static void run(Path dir, String... command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed with exit " + p.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
