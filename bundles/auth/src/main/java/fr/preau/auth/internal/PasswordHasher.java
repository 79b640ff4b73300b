package fr.preau.auth.internal;

import fr.preau.api.ProblemException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.shiro.crypto.hash.Hash;
import org.apache.shiro.crypto.hash.HashRequest;
import org.apache.shiro.crypto.hash.HashSpi;
import org.apache.shiro.crypto.hash.format.Shiro2CryptFormat;
import org.apache.shiro.crypto.support.hashes.argon2.Argon2HashProvider;
import org.apache.shiro.lang.util.SimpleByteSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Argon2id hashes through Shiro 2, stored as self-describing {@code $shiro2$argon2id$v=19$t=…,m=…,p=…$salt$hash}
 * strings (Shiro's {@link Shiro2CryptFormat}).
 * <p>
 * The Argon2 provider is constructed here rather than found through {@code ServiceLoader}
 * ({@code HashProvider}), so hashing works inside OSGi whether or not SPI Fly has processed
 * Shiro's bundles. Secrets are NFC-normalised and UTF-8 encoded, so "é" typed on any keyboard
 * gives the same hash.
 * <p>
 * Each Argon2 computation takes {@link Argon2Params#memoryKib()} of heap: a semaphore bounds how
 * many run at once, so a burst of logins queues instead of exhausting the heap.
 */
final class PasswordHasher {

    private static final Logger LOG = LoggerFactory.getLogger(PasswordHasher.class);

    static final String ALGORITHM = "argon2id";
    /** Every hash this class writes starts with this. */
    static final String PREFIX = Shiro2CryptFormat.MCF_PREFIX + ALGORITHM + "$";

    private static final int SALT_BYTES = 16;
    private static final long QUEUE_TIMEOUT_SECONDS = 15;

    private final HashSpi provider = new Argon2HashProvider();
    private final Shiro2CryptFormat format = new Shiro2CryptFormat();
    private final SecureRandom random;
    private final Argon2Params params;
    private final Semaphore permits;
    private final String currentPrefix;
    /** Computed in the background: the box need not wait for it to start. */
    private final CompletableFuture<String> dummy;

    PasswordHasher(Argon2Params params, int maxConcurrent, SecureRandom random) {
        this.params = params;
        this.random = random;
        this.permits = new Semaphore(maxConcurrent, true);
        this.currentPrefix = PREFIX + "v=19$" + params.cryptParameters() + "$";
        // a hash of a random secret nobody knows: verified when a login is unknown, so that an
        // unknown login costs the same time as a wrong password (and it warms up the JIT); made
        // on another core while the box starts, waited for by the first unknown login only
        byte[] unknowable = new byte[32];
        random.nextBytes(unknowable);
        long start = System.nanoTime();
        this.dummy = CompletableFuture.supplyAsync(() -> {
            String h = hash(Base64.getEncoder().encodeToString(unknowable));
            LOG.info("Argon2id ready ({}, first hash {} ms)", params.cryptParameters(), (System.nanoTime() - start) / 1_000_000);
            return h;
        });
    }

    /** Hashes a secret with a fresh salt and the configured cost. */
    String hash(CharSequence secret) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] bytes = encode(secret);
        try {
            HashRequest request = new HashRequest.Builder()
                    .setSource(new SimpleByteSource(bytes))
                    .setAlgorithmName(ALGORITHM)
                    .addParameter(Argon2HashProvider.Parameters.PARAMETER_ALGORITHM_NAME, ALGORITHM)
                    .addParameter(Argon2HashProvider.Parameters.PARAMETER_SALT, Base64.getEncoder().encodeToString(salt))
                    .addParameter(Argon2HashProvider.Parameters.PARAMETER_MEMORY_KIB, Integer.toString(params.memoryKib()))
                    .addParameter(Argon2HashProvider.Parameters.PARAMETER_ITERATIONS, Integer.toString(params.iterations()))
                    .addParameter(Argon2HashProvider.Parameters.PARAMETER_PARALLELISM, Integer.toString(params.parallelism()))
                    .build();
            Hash hash = bounded(() -> provider.newHashFactory(random).generate(request));
            return format.format(hash);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * Whether {@code secret} matches {@code stored}. A null or unreadable {@code stored} is checked
     * against the dummy hash (same cost) and never matches.
     */
    boolean verify(CharSequence secret, String stored) {
        Hash hash = parse(stored);
        boolean real = hash != null;
        if (!real) {
            hash = parse(dummy.join());
        }
        byte[] bytes = encode(secret == null ? "" : secret);
        try {
            Hash expected = hash;
            boolean matches = bounded(() -> expected.matchesPassword(new SimpleByteSource(bytes)));
            return real && matches;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Spends the time of one verification without any hash to compare with. */
    void verifyNothing(CharSequence secret) {
        verify(secret, null);
    }

    /** Whether {@code stored} was made with other parameters than the configured ones. */
    boolean needsRehash(String stored) {
        return stored == null || !stored.startsWith(currentPrefix);
    }

    Argon2Params params() {
        return params;
    }

    private Hash parse(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            if (stored != null) {
                LOG.warn("Ignoring a stored hash in an unknown format");
            }
            return null;
        }
        try {
            // what Shiro2CryptFormat.parse does, without its ServiceLoader lookup
            return provider.fromString(stored.substring(Shiro2CryptFormat.MCF_PREFIX.length() - 1));
        } catch (RuntimeException e) {
            LOG.warn("Ignoring an unreadable stored hash ({})", e.getClass().getSimpleName());
            return null;
        }
    }

    private static byte[] encode(CharSequence secret) {
        String normalised = Normalizer.normalize(secret, Normalizer.Form.NFC);
        ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(normalised));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), (byte) 0);
        }
        return bytes;
    }

    private interface Work<T> {
        T run();
    }

    private <T> T bounded(Work<T> work) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(QUEUE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            LOG.warn("Too many password hashes waiting; refusing one");
            throw new ProblemException(503, "auth-busy",
                    "Préau vérifie beaucoup de mots de passe en ce moment. Réessayez dans quelques secondes.");
        }
        try {
            return work.run();
        } finally {
            permits.release();
        }
    }
}
