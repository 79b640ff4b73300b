package fr.preau.store.backup;

/** A refused backup request: {@link #code()} is stable for programs, the message French for people. */
public final class BackupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final int status;

    public BackupException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status that fits: 400 bad input, 409 a backup already running, 500 the box failed. */
    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
