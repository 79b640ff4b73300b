package fr.preau.mail.internal;

import fr.preau.web.BoxTls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The servers' TLS key: the box's own, {@code <data>/preau/tls/keystore.p12} with {@code keystore.pass} beside it
 * ({@link fr.preau.web.BoxTls}): the certificate HTTPS serves, self-signed from the first start until the referent
 * installs the school's from the console; the mail servers read it when they start. Should the files be missing
 * (a box started without {@code bin/setenv}), a self-signed one is made as the box makes it at its first start
 * ({@link BoxTls#createIfMissing}).
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
        BoxTls.createIfMissing(dir, List.of(hostName, "localhost", "127.0.0.1"), Instant.now());
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
}
