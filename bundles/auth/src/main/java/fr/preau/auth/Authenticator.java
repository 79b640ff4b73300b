package fr.preau.auth;

import fr.preau.api.Person;
import fr.preau.api.PersonId;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Signs people in and out. Every failure is a {@link fr.preau.api.ProblemException} (see the
 * package documentation for codes). {@code clientAddress} is the caller's IP address, used for
 * throttling and the audit log.
 */
@ProviderType
public interface Authenticator {

    /** Checks the password and opens a session. */
    AuthSession login(String login, String password, String clientAddress);

    /** The live session with this id (and extends it), or empty when unknown or expired. */
    Optional<AuthSession> session(String sessionId);

    /** Ends the session; unknown ids are ignored. */
    void logout(String sessionId, String clientAddress);

    /**
     * First login: checks the one-time activation code, sets the chosen password (which must
     * satisfy the policy), consumes the code and opens a session.
     */
    AuthSession activate(String login, String code, String newPassword, String clientAddress);

    /** Changes the signed-in person's password; other sessions of that person end. */
    void changePassword(String sessionId, String currentPassword, String newPassword, String clientAddress);

    /**
     * Issues a new one-time activation code for {@code person} (printed on a credential letter),
     * replacing any earlier one. The caller must have checked the actor's permission in {@code access}.
     *
     * @return the code, shown once; only its hash is stored
     */
    default String issueActivationCode(PersonId person, Person actor) {
        return issueActivation(person, actor).code();
    }

    /**
     * Like {@link #issueActivationCode} and also says until when the code is valid (for the letter).
     */
    ActivationCode issueActivation(PersonId person, Person actor);

    /**
     * Ends every session of {@code person} at once (the account was deactivated, or its guest
     * invitation ended). The caller must have checked the actor's permission.
     *
     * @return how many sessions ended
     */
    int endSessions(PersonId person);

    /** Lifts a lockout of {@code person}. The caller must have checked the actor's permission. */
    void unlock(PersonId person, Person actor, String clientAddress);

    /** Sets a password directly (box set-up and demo school only); it must satisfy the policy. */
    void setPassword(PersonId person, String newPassword);

    /**
     * Checks a password for {@code login} against the policy and hashes it now (with its own salt),
     * for {@link #setPassword(PersonId, PreparedPassword)} later: the box's set-up prepares the demo
     * accounts' passwords while the people are still being imported.
     *
     * @throws fr.preau.api.ProblemException 400 {@code weak-password} with the French rule
     */
    PreparedPassword preparePassword(String login, String password);

    /**
     * Sets a password prepared by {@link #preparePassword} (box set-up and demo school only).
     *
     * @throws IllegalArgumentException when it was prepared for another login or by another authenticator
     */
    void setPassword(PersonId person, PreparedPassword password);

    /** A password already checked and hashed, for one login; opaque, and never printed. */
    @ProviderType
    interface PreparedPassword {
        /** The login it was checked against. */
        String login();
    }

    AccountState state(PersonId person);

    /**
     * Checks a password against the policy without storing anything (so a set-up form can be
     * validated before anything is created).
     *
     * @param login the login it is meant for (a password must not contain it)
     * @throws fr.preau.api.ProblemException 400 {@code weak-password} with the French rule
     */
    void checkPasswordPolicy(String login, String password);

    /** A French description of the password policy, shown next to the password field. */
    String passwordPolicy();
}
