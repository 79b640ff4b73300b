package fr.preau.store.internal.backup;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key behind encrypted backups, derived from the referent's passphrase with
 * PBKDF2-HMAC-SHA256 (the JDK's own: the restore tool runs with nothing but the JDK) and a random
 * salt. The box keeps this derived master key (never the passphrase) to encrypt its scheduled
 * backups; each archive then gets its own AES-256 key and check value, derived from the master key
 * and the archive's random salt with HMAC-SHA256 (HKDF-expand with one block).
 */
final class BackupKey {

    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
    static final int DEFAULT_ITERATIONS = 600_000;
    static final int MIN_ITERATIONS = 100_000;
    static final int MAX_ITERATIONS = 10_000_000;
    static final int SALT_BYTES = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] master;

    BackupKey(int iterations, byte[] salt, byte[] master) {
        this.iterations = iterations;
        this.salt = salt.clone();
        this.master = master.clone();
    }

    /** A new master key from a passphrase, with a fresh salt. */
    static BackupKey fromPassphrase(char[] passphrase, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return derive(passphrase, salt, iterations);
    }

    /** The master key of a passphrase with a known salt (what a restore does). */
    static BackupKey derive(char[] passphrase, byte[] salt, int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations out of range");
        }
        char[] normalized = java.text.Normalizer.normalize(CharBuffer.wrap(passphrase), java.text.Normalizer.Form.NFC)
                .toCharArray();
        PBEKeySpec spec = new PBEKeySpec(normalized, salt, iterations, 256);
        try {
            byte[] master = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return new BackupKey(iterations, salt, master);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2-HMAC-SHA256 unavailable", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(normalized, '\0');
        }
    }

    int iterations() {
        return iterations;
    }

    byte[] salt() {
        return salt.clone();
    }

    byte[] master() {
        return master.clone();
    }

    /** The AES-256 key of one archive. */
    SecretKeySpec archiveKey(byte[] archiveSalt) {
        return new SecretKeySpec(expand("preau-backup-aes-256-gcm", archiveSalt), "AES");
    }

    /** A value the archive header carries so that a wrong passphrase is told apart from damage. */
    byte[] check(byte[] archiveSalt) {
        return expand("preau-backup-check", archiveSalt);
    }

    boolean matches(byte[] archiveSalt, byte[] storedCheck) {
        return MessageDigest.isEqual(check(archiveSalt), storedCheck);
    }

    private byte[] expand(String label, byte[] archiveSalt) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master, "HmacSHA256"));
            mac.update(label.getBytes(StandardCharsets.US_ASCII));
            mac.update(archiveSalt);
            mac.update(ByteBuffer.allocate(1).put((byte) 1).array());
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
