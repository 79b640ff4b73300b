package fr.preau.auth.internal;

import java.time.Duration;

/**
 * The tunables of authentication, checked once. {@link AuthenticatorImpl.Config} is turned into
 * this; tests build it directly (with cheap Argon2 parameters).
 *
 * @param sessionIdle         a session ends after this long without a request
 * @param sessionMax          a session ends this long after login, used or not
 * @param sessionSweep        how often expired sessions are swept from memory; zero: never (tests)
 * @param lockoutFailures     consecutive failures on one login that lock it
 * @param lockoutDuration     how long a lockout lasts unless a referent lifts it
 * @param failureDelay        wait after the first failure, doubled after each further one; zero: none
 * @param addressMaxFailures  failures allowed from one address within {@code addressWindow}
 * @param addressWindow       the sliding window of the per-address limit
 * @param activationValidity  how long an activation code stays usable
 * @param argon2              the Argon2id cost of new hashes
 * @param maxConcurrentHashes Argon2 computations allowed at once (each takes {@code argon2.memoryKib()})
 */
record Settings(Duration sessionIdle, Duration sessionMax, Duration sessionSweep,
        int lockoutFailures, Duration lockoutDuration, Duration failureDelay,
        int addressMaxFailures, Duration addressWindow,
        Duration activationValidity, Argon2Params argon2, int maxConcurrentHashes) {

    /** The longest wait the exponential delay asks for before the lockout takes over. */
    static final Duration MAX_FAILURE_DELAY = Duration.ofMinutes(1);

    /** A streak of failures is forgotten after this long without another failure. */
    static final Duration FAILURE_MEMORY = Duration.ofHours(24);

    Settings {
        positive(sessionIdle, "session idle timeout");
        positive(sessionMax, "session maximum duration");
        if (sessionSweep.isNegative()) {
            throw new IllegalArgumentException("session sweep interval must not be negative");
        }
        if (lockoutFailures < 1) {
            throw new IllegalArgumentException("lockout needs at least one failure");
        }
        positive(lockoutDuration, "lockout duration");
        if (failureDelay.isNegative()) {
            throw new IllegalArgumentException("failure delay must not be negative");
        }
        if (addressMaxFailures < 1) {
            throw new IllegalArgumentException("address limit needs at least one failure");
        }
        positive(addressWindow, "address window");
        positive(activationValidity, "activation code validity");
        if (maxConcurrentHashes < 1) {
            throw new IllegalArgumentException("at least one concurrent hash");
        }
    }

    /** The production defaults (also those of {@link AuthenticatorImpl.Config}). */
    static Settings defaults() {
        return new Settings(Duration.ofMinutes(30), Duration.ofHours(12), Duration.ofMinutes(5),
                5, Duration.ofMinutes(15), Duration.ofSeconds(1),
                30, Duration.ofMinutes(10),
                Duration.ofDays(60), Argon2Params.DEFAULT, 2);
    }

    Settings withArgon2(Argon2Params params) {
        return new Settings(sessionIdle, sessionMax, sessionSweep, lockoutFailures, lockoutDuration, failureDelay,
                addressMaxFailures, addressWindow, activationValidity, params, maxConcurrentHashes);
    }

    private static void positive(Duration d, String what) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }
}
