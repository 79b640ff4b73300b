package fr.preau.access;

/**
 * The answer to a permission question.
 *
 * @param allowed whether the action may go ahead
 * @param reason  English explanation for logs and tests (never shown to end users, no personal data)
 */
public record Decision(boolean allowed, String reason) {
    public static Decision allow(String reason) {
        return new Decision(true, reason);
    }

    public static Decision deny(String reason) {
        return new Decision(false, reason);
    }
}
