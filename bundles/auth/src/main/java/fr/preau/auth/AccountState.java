package fr.preau.auth;

import java.time.Instant;

/**
 * What the referent sees of an account's credentials.
 *
 * @param hasPassword      the person has chosen a password
 * @param activationPending an activation code was issued and not yet used
 * @param lockedUntil      end of a lockout in force, or null
 * @param lastLogin        last successful login, or null
 */
public record AccountState(boolean hasPassword, boolean activationPending, Instant lockedUntil, Instant lastLogin) {
}
