package fr.preau.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificates made with the JDK's keytool, as the box makes its own at the first start. */
class BoxTlsTest {

    static final String PASS = "test-pass-123";
    @TempDir
    static Path tmp;
    static Path selfSigned;
    static Path caSigned;
    static Path expired;
    static Path other;

    @BeforeAll
    static void keys() throws Exception {
        selfSigned = tmp.resolve("self.p12");
        keytool("-genkeypair", "-alias", "box", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=box.test",
                "-ext", "SAN=dns:box.test,ip:127.0.0.1", "-validity", "30", "-storetype", "PKCS12", "-keystore", selfSigned.toString());
        other = tmp.resolve("other.p12");
        keytool("-genkeypair", "-alias", "other", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=other.test",
                "-validity", "30", "-storetype", "PKCS12", "-keystore", other.toString());
        expired = tmp.resolve("expired.p12");
        keytool("-genkeypair", "-alias", "old", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=old.test",
                "-startdate", "-2y", "-validity", "30", "-storetype", "PKCS12", "-keystore", expired.toString());
        // an authority signs the box's request: a chain of two
        caSigned = TestCertificates.authoritySigned(tmp, "ent.college.test", PASS);
    }

    static void keytool(String... args) throws Exception {
        TestCertificates.keytool(PASS, args);
    }

    static KeyStore load(Path p12) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, PASS.toCharArray());
        }
        return store;
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    @Test
    void aSelfSignedPkcs12IsInstalledKeepingThePasswordAndDescribedAsSelfSigned() throws Exception {
        Path dir = tmp.resolve("tls-self");
        KeyStore.PrivateKeyEntry entry = BoxTls.fromPkcs12(Files.readAllBytes(selfSigned), PASS.toCharArray(), Instant.now());
        BoxTls.install(dir, entry);
        String secret = Files.readString(dir.resolve("keystore.pass"));
        List<X509Certificate> chain = BoxTls.chain(dir);
        BoxTls.CertificateInfo info = BoxTls.describe(chain);
        assertTrue(info.selfSigned());
        assertTrue(info.subject().contains("CN=box.test"), info.subject());
        assertTrue(info.names().contains("box.test") && info.names().contains("127.0.0.1"), info.names().toString());
        assertEquals(95, info.sha256().length(), "32 bytes as AA:BB:…");
        // a second install keeps the password and the previous keystore
        BoxTls.install(dir, BoxTls.fromPkcs12(Files.readAllBytes(caSigned), PASS.toCharArray(), Instant.now()));
        assertEquals(secret, Files.readString(dir.resolve("keystore.pass")));
        assertTrue(Files.isRegularFile(dir.resolve("keystore.p12.previous")));
        assertFalse(Files.exists(dir.resolve("keystore.p12.new")));
        BoxTls.CertificateInfo real = BoxTls.describe(BoxTls.chain(dir));
        assertFalse(real.selfSigned(), "issued by the authority");
        assertEquals(2, real.chainLength());
        assertEquals(List.of("ent.college.test"), real.names());
    }

    @Test
    void pemCertificateAndPkcs8KeyAreAccepted() throws Exception {
        KeyStore store = load(caSigned);
        PrivateKey key = (PrivateKey) store.getKey("leaf", PASS.toCharArray());
        StringBuilder certs = new StringBuilder("Bag attributes that openssl writes\n");
        for (java.security.cert.Certificate c : store.getCertificateChain("leaf")) {
            certs.append(pem("CERTIFICATE", c.getEncoded()));
        }
        KeyStore.PrivateKeyEntry entry = BoxTls.fromPem(certs.toString(), pem("PRIVATE KEY", key.getEncoded()), Instant.now());
        assertEquals(2, entry.getCertificateChain().length);
    }

    @Test
    void aPkcs1RsaKeyIsWrappedIntoPkcs8() throws Exception {
        KeyStore store = load(caSigned);
        PrivateKey key = (PrivateKey) store.getKey("leaf", PASS.toCharArray());
        byte[] pkcs8 = key.getEncoded();
        // PrivateKeyInfo = SEQUENCE { version, algorithm, OCTET STRING { RSAPrivateKey } }: the RSAPrivateKey is its tail
        int octets = 4 + 3 + 15; // 30 82 xx xx | 02 01 00 | 30 0d …05 00
        assertEquals(0x04, pkcs8[octets] & 0xff);
        int lengthBytes = pkcs8[octets + 1] & 0x7f;
        byte[] pkcs1 = Arrays.copyOfRange(pkcs8, octets + 2 + lengthBytes, pkcs8.length);
        assertArrayEquals(pkcs8, BoxTls.rsaPkcs1ToPkcs8(pkcs1));
        String certificate = pem("CERTIFICATE", store.getCertificate("leaf").getEncoded());
        assertEquals(1, BoxTls.fromPem(certificate, pem("RSA PRIVATE KEY", pkcs1), Instant.now()).getCertificateChain().length);
    }

    @Test
    void wrongInputsAreRefusedWithAStableCode() throws Exception {
        KeyStore leaf = load(caSigned);
        KeyStore foreign = load(other);
        String certificate = pem("CERTIFICATE", leaf.getCertificate("leaf").getEncoded());
        String otherKey = pem("PRIVATE KEY", foreign.getKey("other", PASS.toCharArray()).getEncoded());
        String ownKey = pem("PRIVATE KEY", leaf.getKey("leaf", PASS.toCharArray()).getEncoded());
        assertEquals("key-mismatch", code(() -> BoxTls.fromPem(certificate, otherKey, Instant.now())));
        assertEquals("key-missing", code(() -> BoxTls.fromPem(certificate, certificate, Instant.now())));
        assertEquals("certificate-missing", code(() -> BoxTls.fromPem(ownKey, ownKey, Instant.now())));
        assertEquals("certificate-unreadable", code(() -> BoxTls.fromPem(
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", ownKey, Instant.now())));
        assertEquals("key-encrypted", code(() -> BoxTls.fromPem(certificate,
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----", Instant.now())));
        assertEquals("certificate-too-large", code(() -> BoxTls.fromPem("x".repeat(BoxTls.MAX_INPUT_BYTES + 1), ownKey, Instant.now())));
        byte[] p12 = Files.readAllBytes(selfSigned);
        assertEquals("pkcs12-unreadable", code(() -> BoxTls.fromPkcs12(p12, "mauvais".toCharArray(), Instant.now())));
        assertEquals("pkcs12-unreadable", code(() -> BoxTls.fromPkcs12("pas un p12".getBytes(StandardCharsets.UTF_8),
                PASS.toCharArray(), Instant.now())));
        assertEquals("certificate-expired", code(() -> BoxTls.fromPkcs12(Files.readAllBytes(expired), PASS.toCharArray(), Instant.now())));
        assertEquals("certificate-not-yet-valid", code(() -> BoxTls.fromPkcs12(p12, PASS.toCharArray(),
                Instant.now().minusSeconds(86_400L * 3))));
    }

    @Test
    void aFailedInstallLeavesTheKeystoreAsItWas() throws Exception {
        Path dir = tmp.resolve("tls-kept");
        BoxTls.install(dir, BoxTls.fromPkcs12(Files.readAllBytes(selfSigned), PASS.toCharArray(), Instant.now()));
        byte[] before = Files.readAllBytes(dir.resolve("keystore.p12"));
        Files.createDirectory(dir.resolve("keystore.p12.new")); // the temporary file cannot be written
        assertThrows(IOException.class, () -> BoxTls.install(dir,
                BoxTls.fromPkcs12(Files.readAllBytes(caSigned), PASS.toCharArray(), Instant.now())));
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("keystore.p12")));
        assertEquals(1, BoxTls.chain(dir).size(), "still readable with its password");
    }

    @Test
    void theBoxMakesItsOwnSelfSignedCertificateOnceWithThePasswordBesideIt() throws Exception {
        Path dir = tmp.resolve("tls-first-start");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("keystore.pass"), "drawn-by-setenv\n");
        Instant now = Instant.parse("2026-12-07T08:00:00Z");
        assertTrue(BoxTls.createIfMissing(dir, List.of("ent.college.test", "localhost", "127.0.0.1", "::1"), now));
        byte[] made = Files.readAllBytes(dir.resolve("keystore.p12"));
        assertFalse(BoxTls.createIfMissing(dir, List.of("other.test"), now), "an existing keystore is kept");
        assertArrayEquals(made, Files.readAllBytes(dir.resolve("keystore.p12")));

        List<X509Certificate> chain = BoxTls.chain(dir);
        assertEquals(1, chain.size());
        X509Certificate leaf = chain.get(0);
        leaf.checkValidity(java.util.Date.from(now));
        leaf.verify(leaf.getPublicKey());
        assertEquals(3, leaf.getVersion());
        assertEquals("SHA256withECDSA", leaf.getSigAlgName());
        assertEquals(now, leaf.getNotBefore().toInstant());
        assertEquals(now.plus(java.time.Duration.ofDays(BoxTls.SELF_SIGNED_DAYS)), leaf.getNotAfter().toInstant());
        BoxTls.CertificateInfo info = BoxTls.describe(chain);
        assertTrue(info.selfSigned());
        assertEquals("O=Preau,CN=ent.college.test", info.subject());
        assertEquals(List.of("ent.college.test", "localhost", "127.0.0.1", "0:0:0:0:0:0:0:1"), info.names());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("keystore.p12"))) {
            store.load(in, "drawn-by-setenv".toCharArray());
        }
        assertTrue(store.getKey(BoxTls.ALIAS, "drawn-by-setenv".toCharArray()) instanceof PrivateKey);
    }

    @Test
    void aBrowserCheckingTheNameAcceptsTheSelfSignedCertificateOnceTrusted() throws Exception {
        KeyStore.PrivateKeyEntry entry = BoxTls.selfSigned(List.of("localhost", "127.0.0.1"), Instant.now());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setEntry("box", entry, new KeyStore.PasswordProtection(PASS.toCharArray()));
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
        kmf.init(keys, PASS.toCharArray());
        javax.net.ssl.SSLContext server = javax.net.ssl.SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("box", entry.getCertificate());
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        tmf.init(trusted);
        javax.net.ssl.SSLContext client = javax.net.ssl.SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        try (javax.net.ssl.SSLServerSocket listening = (javax.net.ssl.SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                try (java.net.Socket s = listening.accept()) {
                    s.getOutputStream().write(42);
                    s.getOutputStream().flush();
                } catch (IOException ignored) {
                    // the client's assertion reports it
                }
            });
            accept.start();
            try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) client.getSocketFactory()
                    .createSocket("localhost", listening.getLocalPort())) {
                javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the host name must be in the certificate
                socket.setSSLParameters(parameters);
                assertEquals(42, socket.getInputStream().read());
            }
            accept.join(10_000);
        }
    }

    private interface Call {
        Object run() throws Exception;
    }

    private static String code(Call call) {
        BoxTls.InvalidCertificateException e = assertThrows(BoxTls.InvalidCertificateException.class, call::run);
        assertFalse(e.getMessage().isBlank());
        return e.code();
    }

    static ByteArrayInputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
