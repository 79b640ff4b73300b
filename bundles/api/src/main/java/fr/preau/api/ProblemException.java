package fr.preau.api;

import java.util.Objects;

/**
 * A failure a person or a program can act on. The web layer turns it into an
 * {@code application/problem+json} answer: {@code type} becomes {@code urn:preau:problem:<code>},
 * {@code title} is the French sentence shown to people, {@code status} the HTTP status.
 * <p>
 * The title is shown to end users: it must never contain a secret, a stack trace or another
 * person's data.
 */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String title;

    /**
     * @param status HTTP status (400–599)
     * @param code   stable machine-readable code, lower-case words joined by dashes (e.g. {@code invalid-credentials})
     * @param title  French sentence saying what happened and what to do
     */
    public ProblemException(int status, String code, String title) {
        this(status, code, title, null);
    }

    public ProblemException(int status, String code, String title, Throwable cause) {
        super(code + ": " + status, cause, false, cause != null);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
        this.title = Objects.requireNonNull(title, "title");
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }
}
