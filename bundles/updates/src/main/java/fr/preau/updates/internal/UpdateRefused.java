package fr.preau.updates.internal;

/**
 * An update the box will not take: {@code code} is stable (for programs and the audit log),
 * {@code getMessage()} is the French sentence the referent reads in the console.
 */
public final class UpdateRefused extends Exception {
    private static final long serialVersionUID = 1L;

    private final String code;

    public UpdateRefused(String code, String frenchMessage) {
        super(frenchMessage);
        this.code = code;
    }

    public UpdateRefused(String code, String frenchMessage, Throwable cause) {
        super(frenchMessage, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
