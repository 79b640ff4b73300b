package fr.preau.mail.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The servers' TLS key: the box's own, {@code <data>/preau/tls/keystore.p12} with {@code keystore.pass} beside it
 * ({@link fr.preau.web.BoxTls}): the certificate HTTPS serves, self-signed from the first start until the referent
 * installs the school's from the console; the mail servers read it when they start. Should the files be missing
 * (a box started without {@code bin/setenv}), a self-signed one is made here with the JDK's {@code keytool}.
 * Both files are readable by the box's user only.
 */
final class Tls {

    final Path keystore;
    final String secret;
    final SSLContext context;

    private Tls(Path keystore, String secret, SSLContext context) {
        this.keystore = keystore;
        this.secret = secret;
        this.context = context;
    }

    static Tls load(Path dir, String hostName) throws Exception {
        Files.createDirectories(dir);
        Path keystore = dir.resolve("keystore.p12");
        Path pass = dir.resolve("keystore.pass");
        if (!Files.exists(keystore)) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Path temp = dir.resolve("keystore.p12.new");
            Files.deleteIfExists(temp);
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "preau-mail",
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650", "-dname", "CN=" + hostName,
                "-ext", "SAN=dns:" + hostName + ",dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", temp.toString(), "-storepass", secret, "-keypass", secret))
                .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool failed: " + output);
            }
            writePrivate(pass, secret);
            restrict(temp);
            Files.move(temp, keystore, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        String secret = Files.readString(pass, StandardCharsets.UTF_8).trim();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, secret.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, secret.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return new Tls(keystore, secret, context);
    }

    private static void writePrivate(Path file, String text) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(temp, text + "\n", StandardCharsets.UTF_8);
        restrict(temp);
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing more to do
        }
    }
}
