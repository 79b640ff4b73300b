package fr.preau.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A one-time activation code as issued: shown once (on a credential letter), only its hash is stored.
 *
 * @param code      the code, {@code XXXX-XXXX-XX}
 * @param expiresAt until when it opens the account
 */
public record ActivationCode(String code, Instant expiresAt) {
    public ActivationCode {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "ActivationCode[code=…, expiresAt=" + expiresAt + "]";
    }
}
