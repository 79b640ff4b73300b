package fr.preau.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The box's TLS key and certificate, shared by HTTPS (Pax Web, {@code etc/org.ops4j.pax.web.cfg}) and the
 * mail servers: {@code <data>/preau/tls/keystore.p12} (PKCS#12, one key entry) with its random password in
 * {@code keystore.pass} beside it, both readable by the box's user only. At the first start, {@code bin/setenv}
 * draws the password and the box makes a self-signed certificate ({@link #createIfMissing}, start level 2, before
 * Jetty reads it); {@link #install} puts the school's own in its place
 * (atomically, keeping the same password, the previous keystore kept as {@code keystore.p12.previous}).
 * <p>
 * A certificate is "real" when a certification authority issued it (not self-signed): only then does the box
 * send HSTS, which would otherwise lock browsers out of a box whose certificate they cannot check.
 */
public final class BoxTls {

    /** How long the box's self-signed certificate is valid (what browsers accept for a server certificate). */
    public static final int SELF_SIGNED_DAYS = 825;
    /** The alias of the key entry in the keystore. */
    public static final String ALIAS = "preau";
    /** Largest certificate, key or PKCS#12 file accepted, in bytes. */
    public static final int MAX_INPUT_BYTES = 64 * 1024;

    /** What a person sees of a certificate. */
    public record CertificateInfo(String subject, String issuer, List<String> names, Instant notBefore,
            Instant notAfter, String sha256, boolean selfSigned, int chainLength) {
        public CertificateInfo {
            names = List.copyOf(names);
        }
    }

    /** Why a certificate was refused: a stable code and a French message. */
    public static final class InvalidCertificateException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String code;

        public InvalidCertificateException(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private BoxTls() {
    }

    /** {@code <karaf.data>/preau/tls}. */
    public static Path directory() {
        return Paths.get(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "preau", "tls");
    }

    /** The certificate chain of the keystore in {@code dir}, leaf first; empty when there is none. */
    public static List<X509Certificate> chain(Path dir) throws IOException, GeneralSecurityException {
        Path keystore = dir.resolve("keystore.p12");
        Path pass = dir.resolve("keystore.pass");
        if (!Files.isRegularFile(keystore) || !Files.isRegularFile(pass)) {
            return List.of();
        }
        char[] secret = Files.readString(pass, StandardCharsets.UTF_8).trim().toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, secret);
        }
        for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements();) {
            String alias = aliases.nextElement();
            if (store.isKeyEntry(alias)) {
                List<X509Certificate> chain = new ArrayList<>();
                for (Certificate c : store.getCertificateChain(alias)) {
                    chain.add((X509Certificate) c);
                }
                return chain;
            }
        }
        return List.of();
    }

    /** What a person sees of the leaf of {@code chain}. */
    public static CertificateInfo describe(List<X509Certificate> chain) throws GeneralSecurityException {
        X509Certificate leaf = chain.get(0);
        List<String> names = new ArrayList<>();
        Collection<List<?>> alternatives = leaf.getSubjectAlternativeNames();
        if (alternatives != null) {
            for (List<?> entry : alternatives) {
                Object kind = entry.get(0);
                if (Integer.valueOf(2).equals(kind) || Integer.valueOf(7).equals(kind)) { // dNSName, iPAddress
                    names.add(String.valueOf(entry.get(1)));
                }
            }
        }
        String sha256 = HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded()));
        return new CertificateInfo(leaf.getSubjectX500Principal().getName(), leaf.getIssuerX500Principal().getName(),
                names, leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant(), sha256, selfSigned(leaf),
                chain.size());
    }

    /** Self-signed: issued by itself (its own key verifies its signature). */
    public static boolean selfSigned(X509Certificate certificate) {
        if (!certificate.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Reads a certificate chain and its private key from PEM texts (certificate(s), then a PKCS#8
     * {@code PRIVATE KEY} or a PKCS#1 {@code RSA PRIVATE KEY}), checks them and returns them as a keystore
     * entry ready for {@link #install}.
     */
    public static KeyStore.PrivateKeyEntry fromPem(String certificatePem, String keyPem, Instant now)
            throws InvalidCertificateException {
        bounded(certificatePem.length());
        bounded(keyPem.length());
        List<X509Certificate> chain = certificates(certificatePem);
        PrivateKey key = privateKey(keyPem, chain.get(0).getPublicKey());
        return checked(chain, key, now);
    }

    /** Reads the key entry of a PKCS#12 file (with its password) and checks it like {@link #fromPem}. */
    public static KeyStore.PrivateKeyEntry fromPkcs12(byte[] pkcs12, char[] password, Instant now)
            throws InvalidCertificateException {
        bounded(pkcs12.length);
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(pkcs12), password);
        } catch (IOException e) {
            throw new InvalidCertificateException("pkcs12-unreadable",
                    "Le fichier PKCS#12 n’a pas pu être ouvert : vérifiez qu’il s’agit bien d’un fichier .p12 ou .pfx "
                    + "et que le mot de passe est le bon.");
        } catch (GeneralSecurityException e) {
            throw new InvalidCertificateException("pkcs12-unreadable",
                    "Le fichier PKCS#12 n’a pas pu être lu (format ou chiffrement non pris en charge).");
        }
        try {
            for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements();) {
                String alias = aliases.nextElement();
                if (store.isKeyEntry(alias)) {
                    Key key = store.getKey(alias, password);
                    if (!(key instanceof PrivateKey privateKey)) {
                        continue;
                    }
                    List<X509Certificate> chain = new ArrayList<>();
                    for (Certificate c : store.getCertificateChain(alias)) {
                        chain.add((X509Certificate) c);
                    }
                    return checked(chain, privateKey, now);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new InvalidCertificateException("pkcs12-unreadable",
                    "La clé privée du fichier PKCS#12 n’a pas pu être lue avec ce mot de passe.");
        }
        throw new InvalidCertificateException("pkcs12-no-key",
                "Le fichier PKCS#12 ne contient pas de clé privée avec son certificat.");
    }

    /**
     * Puts {@code entry} in place of the box's key and certificate, keeping the keystore's password:
     * written to a temporary file, synced, then renamed over {@code keystore.p12} (the previous one kept as
     * {@code keystore.p12.previous}). Nothing changes when any step fails.
     */
    public static void install(Path dir, KeyStore.PrivateKeyEntry entry) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        Path pass = dir.resolve("keystore.pass");
        if (!Files.isRegularFile(pass)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            writeSynced(dir.resolve("keystore.pass.new"), HexFormat.of().formatHex(random).getBytes(StandardCharsets.UTF_8));
            Files.move(dir.resolve("keystore.pass.new"), pass, StandardCopyOption.ATOMIC_MOVE);
        }
        char[] secret = Files.readString(pass, StandardCharsets.UTF_8).trim().toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setEntry(ALIAS, entry, new KeyStore.PasswordProtection(secret));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, secret);
        Path keystore = dir.resolve("keystore.p12");
        Path temp = dir.resolve("keystore.p12.new");
        writeSynced(temp, out.toByteArray());
        if (Files.isRegularFile(keystore)) {
            Files.copy(keystore, dir.resolve("keystore.p12.previous"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(temp, keystore, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * At a start with no keystore (or an empty one) in {@code dir}: makes the box's self-signed certificate for {@code names} and
     * installs it ({@link #install}, with the password of {@code keystore.pass}). Does nothing when a keystore is
     * there. Returns whether it made one.
     */
    public static boolean createIfMissing(Path dir, List<String> names, Instant now)
            throws IOException, GeneralSecurityException {
        Path keystore = dir.resolve("keystore.p12");
        if (Files.isRegularFile(keystore) && Files.size(keystore) > 0) {
            return false;
        }
        install(dir, selfSigned(names, now));
        return true;
    }

    /**
     * A new EC P-256 key and its self-signed certificate (ECDSA with SHA-256), valid {@value #SELF_SIGNED_DAYS}
     * days from {@code now}: subject {@code CN=<first name>, O=Preau}, every name in the subject alternative
     * names (an IPv4 or IPv6 literal as an address, anything else as a DNS name). Written here in DER, as
     * {@code keytool} would, so that a first start needs no second Java process.
     */
    public static KeyStore.PrivateKeyEntry selfSigned(List<String> names, Instant now) throws GeneralSecurityException {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a certificate needs at least one name");
        }
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair pair = generator.generateKeyPair();
        byte[] ecdsaWithSha256 = {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x04, 0x03, 0x02};
        byte[] algorithm = der(0x30, ecdsaWithSha256);
        byte[] serial = new byte[16];
        new SecureRandom().nextBytes(serial);
        serial[0] = (byte) ((serial[0] & 0x7f) | 0x40); // positive, 16 bytes
        byte[] name = der(0x30, concat(
                der(0x31, der(0x30, concat(new byte[] {0x06, 0x03, 0x55, 0x04, 0x03}, utf8(names.get(0))))),
                der(0x31, der(0x30, concat(new byte[] {0x06, 0x03, 0x55, 0x04, 0x0a}, utf8("Preau"))))));
        Instant notBefore = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        byte[] validity = der(0x30, concat(time(notBefore), time(notBefore.plus(java.time.Duration.ofDays(SELF_SIGNED_DAYS)))));
        ByteArrayOutputStream alternatives = new ByteArrayOutputStream();
        for (String n : names) {
            byte[] address = ipLiteral(n);
            alternatives.writeBytes(address != null ? der(0x87, address) : der(0x82, n.getBytes(StandardCharsets.US_ASCII)));
        }
        byte[] subjectAltName = der(0x30, concat(new byte[] {0x06, 0x03, 0x55, 0x1d, 0x11},
                der(0x04, der(0x30, alternatives.toByteArray()))));
        byte[] tbs = der(0x30, concat(
                der(0xa0, new byte[] {0x02, 0x01, 0x02}), // v3
                der(0x02, serial), algorithm, name, validity, name, pair.getPublic().getEncoded(),
                der(0xa3, der(0x30, subjectAltName))));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(pair.getPrivate());
        signer.update(tbs);
        byte[] signature = signer.sign();
        byte[] certificate = der(0x30, concat(tbs, algorithm, der(0x03, concat(new byte[] {0}, signature))));
        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate));
        return new KeyStore.PrivateKeyEntry(pair.getPrivate(), new X509Certificate[] {parsed});
    }

    /** UTCTime up to 2049, GeneralizedTime from 2050 (RFC 5280, 4.1.2.5). */
    private static byte[] time(Instant instant) {
        java.time.ZonedDateTime utc = instant.atZone(java.time.ZoneOffset.UTC);
        boolean utcTime = utc.getYear() < 2050;
        String text = java.time.format.DateTimeFormatter.ofPattern(utcTime ? "yyMMddHHmmss'Z'" : "yyyyMMddHHmmss'Z'")
                .format(utc);
        return der(utcTime ? 0x17 : 0x18, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] utf8(String text) {
        return der(0x0c, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes of an IPv4 or IPv6 literal, or null for a DNS name (never a name look-up). */
    private static byte[] ipLiteral(String text) {
        boolean v4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = text.indexOf(':') >= 0 && text.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            return java.net.InetAddress.getByName(text).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + text, e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static void writeSynced(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            try {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's rights apply
            }
            channel.write(java.nio.ByteBuffer.wrap(bytes));
            channel.force(true);
        }
    }

    private static void bounded(int length) throws InvalidCertificateException {
        if (length > MAX_INPUT_BYTES) {
            throw new InvalidCertificateException("certificate-too-large",
                    "Ce fichier est trop grand pour un certificat ou une clé (64 Ko au plus).");
        }
    }

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----");

    private static List<X509Certificate> certificates(String pem) throws InvalidCertificateException {
        List<X509Certificate> chain = new ArrayList<>();
        Matcher m = PEM.matcher(pem);
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            while (m.find()) {
                if (!"CERTIFICATE".equals(m.group(1))) {
                    continue;
                }
                byte[] der = Base64.getMimeDecoder().decode(m.group(2));
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new InvalidCertificateException("certificate-unreadable",
                    "Le certificat n’a pas pu être lu : il faut un fichier PEM (« -----BEGIN CERTIFICATE----- »).");
        }
        if (chain.isEmpty()) {
            throw new InvalidCertificateException("certificate-missing",
                    "Aucun certificat trouvé : le fichier doit contenir « -----BEGIN CERTIFICATE----- ».");
        }
        return chain;
    }

    private static PrivateKey privateKey(String pem, PublicKey publicKey) throws InvalidCertificateException {
        Matcher m = PEM.matcher(pem);
        while (m.find()) {
            String type = m.group(1);
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                break;
            }
            switch (type) {
                case "PRIVATE KEY":
                    return pkcs8(der, publicKey.getAlgorithm());
                case "RSA PRIVATE KEY":
                    return pkcs8(rsaPkcs1ToPkcs8(der), "RSA");
                case "ENCRYPTED PRIVATE KEY":
                    throw new InvalidCertificateException("key-encrypted",
                            "La clé privée est protégée par un mot de passe : envoyez-la sans mot de passe, "
                            + "ou envoyez plutôt un fichier PKCS#12 avec son mot de passe.");
                case "EC PRIVATE KEY":
                    throw new InvalidCertificateException("key-format",
                            "Ce format de clé EC n’est pas pris en charge : convertissez-la en PKCS#8 "
                            + "(openssl pkcs8 -topk8 -nocrypt -in cle.pem -out cle-pkcs8.pem) ou envoyez un fichier PKCS#12.");
                default:
                    break;
            }
        }
        throw new InvalidCertificateException("key-missing",
                "Aucune clé privée trouvée : le fichier doit contenir « -----BEGIN PRIVATE KEY----- ».");
    }

    private static PrivateKey pkcs8(byte[] der, String algorithm) throws InvalidCertificateException {
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new InvalidCertificateException("key-mismatch",
                    "Cette clé privée ne correspond pas au certificat (type de clé différent ou fichier abîmé).");
        }
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, NULL). */
    static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
            0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        return der(0x30, concat(version, algorithm, der(0x04, pkcs1)));
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            byte[] length = BigInteger.valueOf(n).toByteArray();
            int start = length[0] == 0 ? 1 : 0;
            out.write(0x80 | (length.length - start));
            out.write(length, start, length.length - start);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static KeyStore.PrivateKeyEntry checked(List<X509Certificate> chain, PrivateKey key, Instant now)
            throws InvalidCertificateException {
        X509Certificate leaf = chain.get(0);
        if (!matches(key, leaf.getPublicKey())) {
            throw new InvalidCertificateException("key-mismatch",
                    "Cette clé privée ne correspond pas au certificat : vérifiez que vous envoyez la clé faite avec "
                    + "ce certificat.");
        }
        if (leaf.getNotAfter().toInstant().isBefore(now)) {
            throw new InvalidCertificateException("certificate-expired",
                    "Ce certificat a expiré le " + frenchDate(leaf.getNotAfter().toInstant())
                    + " : demandez-en un nouveau à votre fournisseur.");
        }
        if (leaf.getNotBefore().toInstant().isAfter(now)) {
            throw new InvalidCertificateException("certificate-not-yet-valid",
                    "Ce certificat ne sera valable qu’à partir du " + frenchDate(leaf.getNotBefore().toInstant())
                    + " : envoyez-le à partir de ce jour-là.");
        }
        return new KeyStore.PrivateKeyEntry(key, chain.toArray(new X509Certificate[0]));
    }

    private static boolean matches(PrivateKey key, PublicKey publicKey) {
        String algorithm = switch (publicKey.getAlgorithm().toUpperCase(Locale.ROOT)) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "ED25519", "EDDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null || !key.getAlgorithm().equalsIgnoreCase(publicKey.getAlgorithm())) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String frenchDate(Instant instant) {
        return java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRENCH)
                .withZone(java.time.ZoneId.of("Europe/Paris")).format(instant);
    }
}
