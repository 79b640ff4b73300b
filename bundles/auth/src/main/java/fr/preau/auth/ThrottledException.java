package fr.preau.auth;

import fr.preau.api.ProblemException;

/**
 * 429 {@code throttled}: too many failed attempts on an account or from an address. The web layer
 * sends {@link #retryAfterSeconds()} as the {@code Retry-After} header; the French title already
 * says when to try again.
 */
public class ThrottledException extends ProblemException {

    private static final long serialVersionUID = 1L;

    public static final String CODE = "throttled";

    private final long retryAfterSeconds;

    /**
     * @param title             French sentence saying when to retry
     * @param retryAfterSeconds seconds to wait before the next attempt, at least 1
     */
    public ThrottledException(String title, long retryAfterSeconds) {
        super(429, CODE, title);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** Seconds to wait before trying again (for the {@code Retry-After} header). */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
