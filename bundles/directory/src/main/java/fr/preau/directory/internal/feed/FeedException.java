package fr.preau.directory.internal.feed;

/**
 * A whole file cannot be used (not XML, truncated, wrong root, forbidden DTD, unknown category):
 * nothing of it is applied. The message is French, for the referent; the code is stable.
 */
public final class FeedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String code;

    public FeedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public FeedException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** Stable code, e.g. {@code not-xml}. */
    public String code() {
        return code;
    }
}
