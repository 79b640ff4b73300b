package fr.preau.directory.internal.ldap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;

/**
 * A throw-away OpenLDAP server for the tests (Debian's {@code slapd} and {@code ldap-utils},
 * installed by provisioning/host-deps.sh): a {@code slapd.conf} in a temporary folder (core,
 * cosine, inetorgperson and the test-only ENT schema of {@code ldap/ent-test.schema}), an MDB
 * database there, the server in the foreground on a free loopback port, the seed
 * {@code ldap/seed.ldif} added with {@code ldapadd}. Killed on close.
 * <p>
 * Two read accounts: {@link #SYNC_DN} may read whole paged searches, {@link #LIMITED_DN} is held
 * to the server's size limit of {@value #SIZE_LIMIT} entries even when paging, as a default
 * OpenLDAP would hold it to 500.
 * <p>
 * Public because the integration tests' ImportIT points the box's LDAP sync at the same server
 * (through this module's test jar).
 */
public final class Slapd implements AutoCloseable {

    static final Path SLAPD = Path.of("/usr/sbin/slapd");
    static final Path LDAPADD = Path.of("/usr/bin/ldapadd");
    static final Path SCHEMAS = Path.of("/etc/ldap/schema");
    static final Path MODULES = Path.of("/usr/lib/ldap");

    public static final String BASE = "dc=fictive,dc=invalid";
    static final String ADMIN_DN = "cn=admin," + BASE;
    static final String ADMIN_PASSWORD = "admin-of-the-test-directory";
    public static final String SYNC_DN = "cn=preau-sync,ou=services," + BASE;
    static final String LIMITED_DN = "cn=preau-limited,ou=services," + BASE;
    /** Reads only over TLS (StartTLS): without it, it sees nothing. */
    static final String TLS_DN = "cn=preau-tls,ou=services," + BASE;
    static final Path OPENSSL = Path.of("/usr/bin/openssl");
    /** The read accounts' password (in seed.ldif): the tests look for it in logs and messages. */
    public static final String SYNC_PASSWORD = "S3cr3t-Sync!pw#2026";
    static final int SIZE_LIMIT = 5;

    private final Path dir;
    private final int port;
    private final Process process;
    private final Path certificate;

    private Slapd(Path dir, int port, Process process, Path certificate) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.certificate = certificate;
    }

    /** Why the server cannot be started here, if it cannot. */
    public static Optional<String> missing() {
        for (Path p : List.of(SLAPD, LDAPADD)) {
            if (!Files.isExecutable(p)) {
                return Optional.of(p + " is missing");
            }
        }
        for (String s : List.of("core.schema", "cosine.schema", "inetorgperson.schema")) {
            if (!Files.isReadable(SCHEMAS.resolve(s))) {
                return Optional.of(SCHEMAS.resolve(s) + " is missing");
            }
        }
        return Optional.empty();
    }

    public static Slapd start(Path dir) throws IOException, InterruptedException {
        Path schema = copy("ldap/ent-test.schema", dir.resolve("ent-test.schema"));
        Path seed = copy("ldap/seed.ldif", dir.resolve("seed.ldif"));
        Path db = Files.createDirectories(dir.resolve("db"));
        int port = freePort();
        // a throw-away certificate for StartTLS, when openssl is there (the tests of StartTLS are skipped otherwise)
        Path certificate = null;
        if (Files.isExecutable(OPENSSL)) {
            run(null, OPENSSL.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", dir.resolve("key.pem").toString(), "-out",
                    dir.resolve("cert.pem").toString());
            certificate = dir.resolve("cert.pem");
        }
        boolean mdbModule = Files.exists(MODULES.resolve("back_mdb.la")) || Files.exists(MODULES.resolve("back_mdb.so"));
        String conf = String.join("\n",
                "include " + SCHEMAS.resolve("core.schema"),
                "include " + SCHEMAS.resolve("cosine.schema"),
                "include " + SCHEMAS.resolve("inetorgperson.schema"),
                "include " + schema,
                "pidfile " + dir.resolve("slapd.pid"),
                "argsfile " + dir.resolve("slapd.args"),
                mdbModule ? "modulepath " + MODULES + "\nmoduleload back_mdb" : "",
                certificate == null ? "" : "TLSCertificateFile " + certificate + "\nTLSCertificateKeyFile " + dir.resolve("key.pem"),
                "sizelimit " + SIZE_LIMIT,
                "database mdb",
                "maxsize 16777216",
                "suffix \"" + BASE + "\"",
                "rootdn \"" + ADMIN_DN + "\"",
                "rootpw " + ADMIN_PASSWORD,
                "directory " + db,
                // the sync account reads whole paged searches; the limited one keeps the default (the hard limit)
                "limits dn.exact=\"" + SYNC_DN + "\" size.soft=" + SIZE_LIMIT + " size.hard=" + SIZE_LIMIT + " size.prtotal=unlimited",
                "limits dn.exact=\"" + TLS_DN + "\" size.soft=" + SIZE_LIMIT + " size.hard=" + SIZE_LIMIT + " size.prtotal=unlimited",
                "access to attrs=userPassword by anonymous auth by * none",
                "access to * by dn.exact=\"" + TLS_DN + "\" ssf=128 read by dn.exact=\"" + TLS_DN + "\" none by users read by * none",
                "");
        Path confFile = dir.resolve("slapd.conf");
        Files.writeString(confFile, conf, StandardCharsets.UTF_8);
        Path log = dir.resolve("slapd.log");
        // -d 0: stay in the foreground (the test owns the process), log nothing
        Process p = new ProcessBuilder(SLAPD.toString(), "-f", confFile.toString(), "-h", "ldap://127.0.0.1:" + port + "/", "-d", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Slapd slapd = new Slapd(dir, port, p, certificate);
        try {
            slapd.awaitPort(log);
            run(log, LDAPADD.toString(), "-x", "-H", slapd.url(), "-D", ADMIN_DN, "-w", ADMIN_PASSWORD, "-f", seed.toString());
        } catch (IOException | RuntimeException e) {
            slapd.close();
            throw e;
        }
        return slapd;
    }

    /** The server's certificate (PEM) for StartTLS, if openssl could make one. */
    Optional<Path> certificate() {
        return Optional.ofNullable(certificate);
    }

    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** A JNDI connection as the directory's administrator, to change entries during a test. */
    LdapContext admin() throws NamingException {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, url());
        env.put(Context.SECURITY_AUTHENTICATION, "simple");
        env.put(Context.SECURITY_PRINCIPAL, ADMIN_DN);
        env.put(Context.SECURITY_CREDENTIALS, ADMIN_PASSWORD);
        env.put("java.naming.ldap.attributes.binary", "jpegPhoto");
        return new InitialLdapContext(env, null);
    }

    private void awaitPort(Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("slapd stopped at start (exit " + process.exitValue() + "):\n" + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("slapd did not listen on port " + port + ":\n" + Files.readString(log));
    }

    private static void run(Path log, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(command[0] + " failed:\n" + out + (log == null ? "" : "\nslapd:\n" + Files.readString(log)));
        }
    }

    private static Path copy(String resource, Path target) throws IOException {
        try (InputStream in = Slapd.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no test resource " + resource);
            }
            Files.copy(in, target);
        }
        return target;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "slapd on " + url() + " in " + dir;
    }
}
