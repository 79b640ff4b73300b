/**
 * Authentication: passwords (Argon2id), sessions, CSRF tokens, throttling and lockout, and
 * first login with a one-time activation code.
 * <p>
 * Errors are {@link fr.preau.api.ProblemException}s with stable codes:
 * {@code invalid-credentials} (401, the same for an unknown login and a wrong password),
 * {@code throttled} (429, always a {@link fr.preau.auth.ThrottledException} carrying the
 * {@code Retry-After} delay), {@code weak-password} (400), {@code invalid-activation} (401),
 * {@code session-expired} (401), {@code unknown-person} (404) and {@code auth-busy} (503, too
 * many password checks at once).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package fr.preau.auth;
