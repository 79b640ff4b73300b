package fr.preau.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import fr.preau.auth.Authenticator;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.audit.AuditActions;
import fr.preau.audit.AuditEvent;
import fr.preau.auth.AccountState;
import fr.preau.auth.AuthSession;
import fr.preau.auth.ThrottledException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthenticatorImplTest {

    private static final String ADDR = "192.0.2.10";
    private static final String PW = "Cheval-Batterie-7";
    private static final String NEW_PW = "le chat de Léa dort au soleil";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    private EmbeddedDataSource db;
    private TestSupport.MutableClock clock;
    private TestSupport.FakeDirectory directory;
    private TestSupport.CapturingAudit audit;
    private AuthenticatorImpl auth;
    private final List<AuthenticatorImpl> opened = new ArrayList<>();

    private Person alice;
    private Person carol;
    private Person referent;

    @BeforeEach
    void setUp() throws Exception {
        db = TestSupport.derby();
        clock = new TestSupport.MutableClock(Instant.parse("2026-09-01T06:00:00Z"));
        directory = new TestSupport.FakeDirectory();
        audit = new TestSupport.CapturingAudit();
        alice = directory.add(TestSupport.person("alice.martin", Profile.ENSEIGNANT));
        carol = directory.add(TestSupport.person("carol.petit", Profile.ELEVE));
        referent = directory.add(TestSupport.person("rene.ferent", Profile.REFERENT));
        auth = open(TestSupport.settings(), null);
        auth.setPassword(alice.id(), PW);
    }

    @AfterEach
    void tearDown() {
        opened.forEach(AuthenticatorImpl::deactivate);
        TestSupport.drop(db);
    }

    private AuthenticatorImpl open(Settings settings, PasswordHasher hasher) {
        AuthenticatorImpl a = new AuthenticatorImpl(db, directory, audit, clock, settings, hasher);
        opened.add(a);
        return a;
    }

    private ProblemException failLogin(String login, String password) {
        return assertThrows(ProblemException.class, () -> auth.login(login, password, ADDR));
    }

    // ------------------------------------------------------------ login and sessions

    @Test
    void loginOpensASession() {
        AuthSession s = auth.login("  Alice.Martin ", PW, ADDR);
        assertEquals(alice, s.person());
        assertTrue(TOKEN.matcher(s.id()).matches());
        assertTrue(TOKEN.matcher(s.csrfToken()).matches());
        assertEquals(32, Base64.getUrlDecoder().decode(s.id()).length, "256-bit session id");
        assertEquals(32, Base64.getUrlDecoder().decode(s.csrfToken()).length, "256-bit CSRF token");
        assertNotEquals(s.id(), s.csrfToken());
        assertEquals(clock.instant().plus(Duration.ofMinutes(30)), s.expiresAt());
        assertEquals(s.person(), auth.session(s.id()).orElseThrow().person());
        assertEquals(s.csrfToken(), auth.session(s.id()).orElseThrow().csrfToken());

        AuditEvent login = audit.of(AuditActions.LOGIN).get(0);
        assertTrue(login.success());
        assertEquals(alice.id(), login.actor());
        assertEquals("Alice.Martin", login.subject());
        assertEquals(ADDR, login.address());
        assertNotNull(auth.state(alice.id()).lastLogin());
    }

    @Test
    void unknownLoginAndWrongPasswordGetTheSameAnswer() {
        ProblemException wrong = failLogin("alice.martin", "Cheval-Batterie-8");
        ProblemException unknown = failLogin("alice.martn", PW);
        ProblemException empty = failLogin("", "");
        for (ProblemException e : List.of(wrong, unknown, empty)) {
            assertSame(ProblemException.class, e.getClass());
            assertEquals(401, e.status());
            assertEquals("invalid-credentials", e.code());
            assertEquals("Identifiant ou mot de passe incorrect.", e.title());
        }
        List<AuditEvent> failures = audit.of(AuditActions.LOGIN);
        assertEquals(3, failures.size());
        failures.forEach(f -> assertFalse(f.success()));
        assertEquals("invalid-credentials", failures.get(0).details().get("reason"));
        assertEquals(failures.get(0).details(), failures.get(1).details());
    }

    @Test
    void unknownLoginAndPersonWithoutPasswordStillCostAnArgon2Verification() {
        PasswordHasher hasher = spy(new PasswordHasher(TestSupport.CHEAP, 2, new SecureRandom()));
        AuthenticatorImpl a = open(TestSupport.settings(), hasher);
        clearInvocations(hasher);
        assertThrows(ProblemException.class, () -> a.login("nobody.here", PW, ADDR));
        verify(hasher, times(1)).verify(any(CharSequence.class), isNull());
        a.issueActivationCode(carol.id(), referent);
        clearInvocations(hasher);
        ProblemException e = assertThrows(ProblemException.class, () -> a.login("carol.petit", PW, "192.0.2.99"));
        assertEquals("invalid-credentials", e.code());
        verify(hasher, times(1)).verify(any(CharSequence.class), isNull());
    }

    @Test
    void aDeactivatedPersonCannotLogInAndTheirSessionsEnd() {
        AuthSession first = auth.login("alice.martin", PW, ADDR);
        AuthSession second = auth.login("alice.martin", PW, "192.0.2.11");
        assertTrue(auth.session(first.id()).isPresent());
        directory.deactivate(alice.id(), fr.preau.directory.PersonRecord.Deactivation.REFERENT);
        assertEquals(2, auth.endSessions(alice.id()));
        assertTrue(auth.session(first.id()).isEmpty(), "signed out at once");
        assertTrue(auth.session(second.id()).isEmpty());
        ProblemException refused = failLogin("alice.martin", PW);
        assertEquals("invalid-credentials", refused.code(), "like an unknown login: nothing tells the account exists");
        assertEquals(0, auth.endSessions(alice.id()));
    }

    @Test
    void aPersonWithOnlyAnActivationCodeCannotLogInWithAPassword() {
        String code = auth.issueActivationCode(carol.id(), referent);
        ProblemException withCode = failLogin("carol.petit", code);
        clock.advance(Duration.ofMinutes(1));
        ProblemException withAnything = failLogin("carol.petit", PW);
        assertEquals("invalid-credentials", withCode.code());
        assertEquals(Titles.INVALID_CREDENTIALS, withAnything.title());
    }

    @Test
    void sessionIdsAndCsrfTokensAreDistinctAndFullLength() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            AuthSession s = auth.login("alice.martin", PW, ADDR);
            assertTrue(seen.add(s.id()));
            assertTrue(seen.add(s.csrfToken()));
            assertEquals(43, s.id().length());
            assertEquals(43, s.csrfToken().length());
        }
    }

    @Test
    void unknownOrMalformedSessionIdsAreEmpty() {
        assertEquals(Optional.empty(), auth.session(null));
        assertEquals(Optional.empty(), auth.session(""));
        assertEquals(Optional.empty(), auth.session("abc"));
        assertEquals(Optional.empty(), auth.session("A".repeat(43)));
        assertEquals(Optional.empty(), auth.session("../../../etc/passwd"));
    }

    @Test
    void aSessionEndsAfterIdleTimeButUseExtendsIt() {
        AuthSession s = auth.login("alice.martin", PW, ADDR);
        clock.advance(Duration.ofMinutes(29));
        AuthSession used = auth.session(s.id()).orElseThrow();
        assertEquals(clock.instant().plus(Duration.ofMinutes(30)), used.expiresAt(), "use extends the idle timeout");
        clock.advance(Duration.ofMinutes(29));
        assertTrue(auth.session(s.id()).isPresent());
        clock.advance(Duration.ofMinutes(30));
        assertEquals(Optional.empty(), auth.session(s.id()));
        clock.advance(Duration.ofMinutes(-40));
        assertEquals(Optional.empty(), auth.session(s.id()), "an expired session is deleted, not revived");
    }

    @Test
    void aSessionEndsAfterTwelveHoursEvenIfUsed() {
        AuthSession s = auth.login("alice.martin", PW, ADDR);
        for (int i = 0; i < 35; i++) { // 11 h 40
            clock.advance(Duration.ofMinutes(20));
            assertTrue(auth.session(s.id()).isPresent(), "after " + (i + 1) * 20 + " min");
        }
        assertEquals(s.expiresAt().plus(Duration.ofHours(11).plusMinutes(30)),
                auth.session(s.id()).orElseThrow().expiresAt(), "capped at 12 h after login");
        clock.advance(Duration.ofMinutes(20)); // 12 h
        assertEquals(Optional.empty(), auth.session(s.id()));
    }

    @Test
    void logoutEndsTheSession() {
        AuthSession s = auth.login("alice.martin", PW, ADDR);
        auth.logout(s.id(), ADDR);
        assertEquals(Optional.empty(), auth.session(s.id()));
        auth.logout(s.id(), ADDR); // ignored
        auth.logout("junk", ADDR);
        List<AuditEvent> logouts = audit.of(AuditActions.LOGOUT);
        assertEquals(1, logouts.size());
        assertEquals(alice.id(), logouts.get(0).actor());
    }

    @Test
    void expiredSessionsAreSweptByADaemonThreadStoppedOnDeactivate() throws Exception {
        Settings d = TestSupport.settings();
        Settings sweeping = new Settings(d.sessionIdle(), d.sessionMax(), Duration.ofMillis(50), d.lockoutFailures(),
                d.lockoutDuration(), d.failureDelay(), d.addressMaxFailures(), d.addressWindow(), d.activationValidity(),
                d.argon2(), d.maxConcurrentHashes());
        AuthenticatorImpl a = open(sweeping, null);
        List<Thread> sweepers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(Sessions.SWEEPER_THREAD) && t.isAlive()).toList();
        assertFalse(sweepers.isEmpty());
        sweepers.forEach(t -> assertTrue(t.isDaemon()));

        a.login("alice.martin", PW, ADDR);
        a.login("alice.martin", PW, ADDR);
        assertEquals(2, a.sessionsInMemory());
        clock.advance(Duration.ofMinutes(31));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (a.sessionsInMemory() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, a.sessionsInMemory(), "expired sessions swept from memory");

        a.deactivate();
        for (Thread t : sweepers) {
            t.join(5_000);
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals(Sessions.SWEEPER_THREAD) && t.isAlive()), "sweeper stopped on deactivate");
    }

    // ------------------------------------------------------------ throttling

    @Test
    void fiveFailuresLockKnownAndUnknownLoginsAlike() {
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(2)); // past the exponential delay
            assertEquals("invalid-credentials", failLogin("alice.martin", "Wrong-password-1").code());
            assertEquals("invalid-credentials", failLogin("ghost.user", "Wrong-password-1").code());
        }
        clock.advance(Duration.ofSeconds(30));
        ThrottledException known = assertThrows(ThrottledException.class, () -> auth.login("alice.martin", PW, ADDR));
        ThrottledException unknown = assertThrows(ThrottledException.class, () -> auth.login("ghost.user", PW, ADDR));
        assertEquals(429, known.status());
        assertEquals("throttled", known.code());
        assertEquals(known.title(), unknown.title());
        assertEquals(known.retryAfterSeconds(), unknown.retryAfterSeconds());
        assertEquals(15 * 60 - 30, known.retryAfterSeconds());
        assertTrue(known.title().startsWith("Trop de tentatives incorrectes pour cet identifiant. Réessayez dans 15 minutes"),
                known.title());

        List<AuditEvent> lockouts = audit.of(AuditActions.LOCKOUT);
        assertEquals(List.of("alice.martin", "ghost.user"), lockouts.stream().map(AuditEvent::subject).toList());
        assertEquals("locked", audit.of(AuditActions.LOGIN).get(audit.of(AuditActions.LOGIN).size() - 1).details().get("reason"));
        assertNotNull(auth.state(alice.id()).lockedUntil());
    }

    @Test
    void aLockoutSurvivesARestartAndAReferentCanLiftIt() {
        lock("alice.martin");
        auth.deactivate();
        assertThrows(IllegalStateException.class, () -> auth.login("alice.martin", PW, ADDR));

        AuthenticatorImpl restarted = open(TestSupport.settings(), null);
        assertThrows(ThrottledException.class, () -> restarted.login("alice.martin", PW, ADDR));
        AccountState state = restarted.state(alice.id());
        assertEquals(clock.instant().plus(Duration.ofMinutes(15)), state.lockedUntil());

        restarted.unlock(alice.id(), referent, ADDR);
        assertNull(restarted.state(alice.id()).lockedUntil());
        assertEquals(alice, restarted.login("alice.martin", PW, ADDR).person());
        AuditEvent unlock = audit.of(AuditActions.UNLOCK).get(0);
        assertEquals(referent.id(), unlock.actor());
        assertEquals(alice.id().value(), unlock.subject());
    }

    @Test
    void aLockoutEndsWithTime() {
        lock("alice.martin");
        clock.advance(Duration.ofMinutes(14));
        assertThrows(ThrottledException.class, () -> auth.login("alice.martin", PW, ADDR));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(alice, auth.login("alice.martin", PW, ADDR).person());
        // the streak starts again from zero
        failLogin("alice.martin", "Wrong-password-1");
    }

    @Test
    void failuresAskForExponentiallyLongerWaits() {
        failLogin("alice.martin", "Wrong-password-1");
        assertEquals(1, assertThrows(ThrottledException.class, () -> auth.login("alice.martin", PW, ADDR)).retryAfterSeconds());
        clock.advance(Duration.ofSeconds(1));
        failLogin("alice.martin", "Wrong-password-1");
        ThrottledException second = assertThrows(ThrottledException.class, () -> auth.login("alice.martin", PW, ADDR));
        assertEquals(2, second.retryAfterSeconds());
        assertEquals("Tentatives trop rapprochées. Réessayez dans 2 secondes.", second.title());
        clock.advance(Duration.ofSeconds(2));
        failLogin("alice.martin", "Wrong-password-1");
        assertEquals(4, assertThrows(ThrottledException.class, () -> auth.login("alice.martin", PW, ADDR)).retryAfterSeconds());
        // a refused attempt does not count as a failure: after the wait the right password works
        clock.advance(Duration.ofSeconds(4));
        assertEquals(alice, auth.login("alice.martin", PW, ADDR).person());
        assertNull(auth.state(alice.id()).lockedUntil());
    }

    @Test
    void oneAddressGetsThirtyFailuresPerTenMinutes() {
        for (int i = 0; i < 30; i++) {
            failLogin("guess" + i, "Wrong-password-1"); // different logins: no account lockout
        }
        ThrottledException e = assertThrows(ThrottledException.class, () -> auth.login("alice.martin", PW, ADDR));
        assertTrue(e.title().startsWith("Trop de tentatives incorrectes depuis cet appareil ou ce réseau. Réessayez dans 10 minutes"),
                e.title());
        assertEquals(600, e.retryAfterSeconds());
        assertEquals("throttled-address", audit.last().details().get("reason"));
        // another address is not affected
        assertEquals(alice, auth.login("alice.martin", PW, "192.0.2.11").person());
        clock.advance(Duration.ofMinutes(10));
        assertEquals(alice, auth.login("alice.martin", PW, ADDR).person());
    }

    private void lock(String login) {
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(2));
            failLogin(login, "Wrong-password-1");
        }
        assertThrows(ThrottledException.class, () -> auth.login(login, PW, ADDR));
    }

    // ------------------------------------------------------------ activation

    @Test
    void activationSetsThePasswordConsumesTheCodeAndOpensASession() {
        String code = auth.issueActivationCode(carol.id(), referent);
        assertTrue(code.matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}"), code);
        AccountState pending = auth.state(carol.id());
        assertTrue(pending.activationPending());
        assertFalse(pending.hasPassword());

        AuthSession s = auth.activate("Carol.Petit", " " + code.toLowerCase().replace("-", " ") + " ", NEW_PW, ADDR);
        assertEquals(carol, s.person());
        assertTrue(auth.session(s.id()).isPresent());
        AccountState done = auth.state(carol.id());
        assertTrue(done.hasPassword());
        assertFalse(done.activationPending());
        assertNotNull(done.lastLogin());
        assertEquals(carol, auth.login("carol.petit", NEW_PW, ADDR).person());

        AuditEvent issued = audit.of(AuditActions.ACTIVATION_CODE_ISSUED).get(0);
        assertEquals(referent.id(), issued.actor());
        assertEquals(carol.id().value(), issued.subject());
        AuditEvent activation = audit.of(AuditActions.ACTIVATION).get(0);
        assertTrue(activation.success());
        assertEquals(carol.id(), activation.actor());
    }

    @Test
    void aCodeWorksOnce() {
        String code = auth.issueActivationCode(carol.id(), referent);
        auth.activate("carol.petit", code, NEW_PW, ADDR);
        clock.advance(Duration.ofMinutes(1));
        ProblemException again = assertThrows(ProblemException.class, () -> auth.activate("carol.petit", code, "une autre phrase de passe", ADDR));
        assertEquals(401, again.status());
        assertEquals("invalid-activation", again.code());
    }

    @Test
    void wrongExpiredAndUnknownActivationsGetTheSameAnswer() {
        String code = auth.issueActivationCode(carol.id(), referent);
        ProblemException wrong = assertThrows(ProblemException.class, () -> auth.activate("carol.petit", "AAAA-BBBB-CC", NEW_PW, ADDR));
        ProblemException unknown = assertThrows(ProblemException.class, () -> auth.activate("nobody.here", code, NEW_PW, ADDR));
        ProblemException noCode = assertThrows(ProblemException.class, () -> auth.activate("alice.martin", code, NEW_PW, ADDR));
        clock.advance(Duration.ofDays(60));
        ProblemException expired = assertThrows(ProblemException.class, () -> auth.activate("carol.petit", code, NEW_PW, ADDR));
        for (ProblemException e : List.of(wrong, unknown, noCode, expired)) {
            assertSame(ProblemException.class, e.getClass());
            assertEquals(401, e.status());
            assertEquals("invalid-activation", e.code());
            assertEquals(Titles.INVALID_ACTIVATION, e.title());
        }
        assertFalse(auth.state(carol.id()).activationPending());
    }

    @Test
    void activationFailuresAreThrottledLikeLogins() {
        String code = auth.issueActivationCode(carol.id(), referent);
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(2));
            assertThrows(ProblemException.class, () -> auth.activate("carol.petit", "AAAA-BBBB-CC", NEW_PW, ADDR));
        }
        clock.advance(Duration.ofMinutes(2));
        assertThrows(ThrottledException.class, () -> auth.activate("carol.petit", code, NEW_PW, ADDR));
        auth.unlock(carol.id(), referent, ADDR);
        assertEquals(carol, auth.activate("carol.petit", code, NEW_PW, ADDR).person());
    }

    @Test
    void activationEnforcesThePolicyWithoutSpendingTheCode() {
        String code = auth.issueActivationCode(carol.id(), referent);
        ProblemException weak = assertThrows(ProblemException.class, () -> auth.activate("carol.petit", code, "court", ADDR));
        assertEquals(400, weak.status());
        assertEquals("weak-password", weak.code());
        ProblemException withLogin = assertThrows(ProblemException.class,
                () -> auth.activate("carol.petit", code, "Carol.Petit-2026!", ADDR));
        assertEquals("weak-password", withLogin.code());
        assertEquals(carol, auth.activate("carol.petit", code, NEW_PW, ADDR).person());
    }

    @Test
    void aNewCodeReplacesTheOldOne() {
        String first = auth.issueActivationCode(carol.id(), referent);
        String second = auth.issueActivationCode(carol.id(), referent);
        assertThrows(ProblemException.class, () -> auth.activate("carol.petit", first, NEW_PW, ADDR));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(carol, auth.activate("carol.petit", second, NEW_PW, ADDR).person());
    }

    @Test
    void codesForUnknownPeopleAreRefused() {
        ProblemException e = assertThrows(ProblemException.class, () -> auth.issueActivationCode(new PersonId("nobody"), referent));
        assertEquals(404, e.status());
        assertEquals(404, assertThrows(ProblemException.class, () -> auth.unlock(new PersonId("nobody"), referent, ADDR)).status());
        assertEquals(new AccountState(false, false, null, null), auth.state(new PersonId("nobody")));
    }

    // ------------------------------------------------------------ password change

    @Test
    void changingThePasswordEndsTheOtherSessions() {
        AuthSession here = auth.login("alice.martin", PW, ADDR);
        AuthSession phone = auth.login("alice.martin", PW, "198.51.100.7");
        auth.changePassword(here.id(), PW, NEW_PW, ADDR);
        assertTrue(auth.session(here.id()).isPresent());
        assertEquals(Optional.empty(), auth.session(phone.id()));
        assertEquals("invalid-credentials", failLogin("alice.martin", PW).code());
        clock.advance(Duration.ofSeconds(5));
        assertEquals(alice, auth.login("alice.martin", NEW_PW, ADDR).person());
        AuditEvent change = audit.of(AuditActions.PASSWORD_CHANGE).get(audit.of(AuditActions.PASSWORD_CHANGE).size() - 1);
        assertTrue(change.success());
        assertEquals("1", change.details().get("signedOutElsewhere"));
    }

    @Test
    void changingThePasswordChecksTheCurrentOneAndThePolicy() {
        AuthSession s = auth.login("alice.martin", PW, ADDR);
        ProblemException wrong = assertThrows(ProblemException.class, () -> auth.changePassword(s.id(), "Not-the-password-1", NEW_PW, ADDR));
        assertEquals(401, wrong.status());
        assertEquals("invalid-credentials", wrong.code());
        clock.advance(Duration.ofSeconds(5));
        ProblemException weak = assertThrows(ProblemException.class, () -> auth.changePassword(s.id(), PW, "motdepasse", ADDR));
        assertEquals("weak-password", weak.code());
        ProblemException expired = assertThrows(ProblemException.class, () -> auth.changePassword("x".repeat(43), PW, NEW_PW, ADDR));
        assertEquals("session-expired", expired.code());
        assertEquals(401, expired.status());
    }

    @Test
    void setPasswordEnforcesThePolicy() {
        assertEquals("weak-password", assertThrows(ProblemException.class, () -> auth.setPassword(carol.id(), "azerty")).code());
        assertEquals("weak-password", assertThrows(ProblemException.class, () -> auth.checkPasswordPolicy("carol.petit", "CarolPetit2026!")).code());
        auth.checkPasswordPolicy("carol.petit", NEW_PW);
        auth.setPassword(carol.id(), NEW_PW);
        assertTrue(auth.state(carol.id()).hasPassword());
        assertTrue(auth.passwordPolicy().contains("12 caractères"));
    }

    @Test
    void aPreparedPasswordIsCheckedWhenPreparedAndSetOnlyForItsLogin() {
        assertEquals("weak-password",
                assertThrows(ProblemException.class, () -> auth.preparePassword("carol.petit", "CarolPetit2026!")).code());
        Authenticator.PreparedPassword prepared = auth.preparePassword("carol.petit", NEW_PW);
        assertEquals("carol.petit", prepared.login());
        assertFalse(prepared.toString().contains("$"), "the hash is never printed: " + prepared);
        assertThrows(IllegalArgumentException.class, () -> auth.setPassword(alice.id(), prepared));
        assertThrows(IllegalArgumentException.class, () -> auth.setPassword(carol.id(), () -> "carol.petit"));
        assertFalse(auth.state(carol.id()).hasPassword());

        auth.setPassword(carol.id(), prepared);
        assertTrue(auth.state(carol.id()).hasPassword());
        assertEquals(carol, auth.login("carol.petit", NEW_PW, ADDR).person());
    }

    @Test
    void hashesMadeWithOlderParametersAreUpgradedAtLogin() throws Exception {
        Settings stronger = TestSupport.settings().withArgon2(new Argon2Params(2048, 2, 1));
        AuthenticatorImpl upgraded = open(stronger, null);
        upgraded.login("alice.martin", PW, ADDR);
        String hash = new CredentialStore(db).find(alice.id()).orElseThrow().passwordHash();
        assertTrue(hash.startsWith("$shiro2$argon2id$v=19$t=2,m=2048,p=1$"), hash);
        assertEquals(alice, upgraded.login("alice.martin", PW, ADDR).person());
    }

    // ------------------------------------------------------------ audit hygiene

    @Test
    void noSecretEverReachesTheAuditLog() {
        List<String> secrets = new ArrayList<>(List.of(PW, NEW_PW, "Wrong-password-1"));
        AuthSession a = auth.login("alice.martin", PW, ADDR);
        secrets.add(a.id());
        secrets.add(a.csrfToken());
        failLogin("alice.martin", "Wrong-password-1");
        clock.advance(Duration.ofMinutes(1));
        auth.changePassword(a.id(), PW, NEW_PW, ADDR);
        String code = auth.issueActivationCode(carol.id(), referent);
        secrets.add(code);
        secrets.add(ActivationCodes.normalise(code));
        assertThrows(ProblemException.class, () -> auth.activate("carol.petit", "AAAA-BBBB-CC", "une phrase bien longue", ADDR));
        clock.advance(Duration.ofMinutes(1));
        AuthSession c = auth.activate("carol.petit", code, "une phrase bien longue", ADDR);
        secrets.add("une phrase bien longue");
        secrets.add(c.id());
        secrets.add(c.csrfToken());
        lock("ghost.user");
        auth.unlock(alice.id(), referent, ADDR);
        auth.logout(a.id(), ADDR);
        auth.logout(c.id(), ADDR);
        String longLogin = "x".repeat(100);
        assertThrows(ProblemException.class, () -> auth.login(longLogin, "Wrong-password-1", ADDR));

        Set<String> actions = new HashSet<>();
        for (AuditEvent e : audit.events) {
            actions.add(e.action());
            String all = e.toString() + e.details();
            for (String secret : secrets) {
                assertFalse(all.contains(secret), e.action() + " leaks a secret: " + all);
            }
            assertTrue(e.subject() == null || e.subject().length() <= 64);
        }
        assertEquals(64, audit.last().subject().length());
        assertTrue(actions.containsAll(List.of(AuditActions.LOGIN, AuditActions.LOGOUT, AuditActions.ACTIVATION,
                AuditActions.PASSWORD_CHANGE, AuditActions.LOCKOUT, AuditActions.UNLOCK, AuditActions.ACTIVATION_CODE_ISSUED)),
                actions.toString());
    }
}
