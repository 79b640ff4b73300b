package fr.preau.auth.internal;

import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.audit.AuditActions;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.auth.AccountState;
import fr.preau.auth.ActivationCode;
import fr.preau.auth.AuthSession;
import fr.preau.auth.Authenticator;
import fr.preau.directory.DirectoryService;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.UsernamePasswordToken;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Authenticator}: Shiro 2 realm and native sessions, Argon2id hashes, throttling per
 * login and per address, lockout, activation codes.
 * <p>
 * Order of checks on every password or code attempt: per-address limit, then lockout and
 * exponential delay of the login typed (both keyed by the login string, so an unknown login is
 * treated exactly like a known one), then the Argon2 verification (against a dummy hash when there
 * is nothing to compare with). Throttled attempts are refused before any hashing.
 * <p>
 * Audit events name the login typed (truncated) or the person id, and the address — never a
 * password, code, token or session id. Log lines carry opaque person ids only.
 */
@Component(service = Authenticator.class, configurationPid = "fr.preau.auth", immediate = true) // warms Argon2 up at boot
@Designate(ocd = AuthenticatorImpl.Config.class)
public final class AuthenticatorImpl implements Authenticator {

    @ObjectClassDefinition(name = "Préau – authentification",
            description = "Sessions, verrouillage après échecs, codes d'activation, coût des empreintes Argon2id")
    public @interface Config {
        @AttributeDefinition(description = "Minutes without a request after which a session ends")
        int session_idle_minutes() default 30;

        @AttributeDefinition(description = "Hours after login after which a session ends, used or not")
        int session_max_hours() default 12;

        @AttributeDefinition(description = "Minutes between sweeps of expired sessions from memory")
        int session_sweep_minutes() default 5;

        @AttributeDefinition(description = "Consecutive failures on one login that lock it")
        int lockout_failures() default 5;

        @AttributeDefinition(description = "Minutes a lockout lasts unless a referent lifts it")
        int lockout_minutes() default 15;

        @AttributeDefinition(description = "Seconds to wait after a failure, doubled after each further failure (0: none)")
        int failure_delay_seconds() default 1;

        @AttributeDefinition(description = "Failures allowed from one client address within the window")
        int address_max_failures() default 30;

        @AttributeDefinition(description = "Minutes of the per-address window")
        int address_window_minutes() default 10;

        @AttributeDefinition(description = "Days an activation code stays valid")
        int activation_code_validity_days() default 60;

        @AttributeDefinition(description = "Argon2id memory in KiB for new hashes (at least 19456)")
        int argon2_memory_kib() default 19456;

        @AttributeDefinition(description = "Argon2id iterations for new hashes (at least 2 below 64 MiB)")
        int argon2_iterations() default 2;

        @AttributeDefinition(description = "Argon2id lanes for new hashes")
        int argon2_parallelism() default 1;

        @AttributeDefinition(description = "Argon2 computations allowed at once (each takes the memory above)")
        int argon2_max_concurrent() default 2;
    }

    private static final Logger LOG = LoggerFactory.getLogger(AuthenticatorImpl.class);

    /** Audit subjects are cut to this length. */
    static final int SUBJECT_MAX = 64;

    private final DirectoryService directory;
    private final AuditLog audit;
    private final Clock clock;
    private final Settings settings;
    private final CredentialStore store;
    private final AccountThrottle accounts;
    private final AddressThrottle addresses;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy = new PasswordPolicy();
    private final SecureRandom random;
    private final Sessions sessions;
    private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.MIN);
    private volatile boolean closed;

    @Activate
    public AuthenticatorImpl(
            @Reference(name = "db", target = "(osgi.jndi.service.name=jdbc/preau-auth)") DataSource db,
            @Reference(name = "directory") DirectoryService directory,
            @Reference(name = "audit") AuditLog audit,
            @Reference(name = "clock") Clock clock,
            Config config) {
        this(db, directory, audit, clock, toSettings(config));
    }

    AuthenticatorImpl(DataSource db, DirectoryService directory, AuditLog audit, Clock clock, Settings settings) {
        this(db, directory, audit, clock, settings, null);
    }

    /** {@code hasher} may be given by tests (a spy); null builds the real one. */
    AuthenticatorImpl(DataSource db, DirectoryService directory, AuditLog audit, Clock clock, Settings settings,
            PasswordHasher hasher) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = new SecureRandom();
        this.store = new CredentialStore(db);
        this.accounts = new AccountThrottle(db);
        this.addresses = new AddressThrottle(settings.addressMaxFailures(), settings.addressWindow());
        this.hasher = hasher != null ? hasher : new PasswordHasher(settings.argon2(), settings.maxConcurrentHashes(), random);
        this.sessions = new Sessions(new CredentialRealm(directory, store, this.hasher), clock, settings, new Secrets(random));
    }

    static Settings toSettings(Config c) {
        Argon2Params argon2 = new Argon2Params(c.argon2_memory_kib(), c.argon2_iterations(), c.argon2_parallelism());
        if (argon2.memoryKib() < Argon2Params.PRODUCTION_FLOOR.memoryKib()
                || argon2.memoryKib() < 65536 && argon2.iterations() < Argon2Params.PRODUCTION_FLOOR.iterations()) {
            LOG.warn("Argon2 parameters below the floor (19 MiB, t=2); using the defaults");
            argon2 = Argon2Params.DEFAULT;
        }
        return new Settings(Duration.ofMinutes(c.session_idle_minutes()), Duration.ofHours(c.session_max_hours()),
                Duration.ofMinutes(Math.max(0, c.session_sweep_minutes())),
                c.lockout_failures(), Duration.ofMinutes(c.lockout_minutes()),
                Duration.ofSeconds(Math.max(0, c.failure_delay_seconds())),
                c.address_max_failures(), Duration.ofMinutes(c.address_window_minutes()),
                Duration.ofDays(c.activation_code_validity_days()), argon2, c.argon2_max_concurrent());
    }

    @Deactivate
    void deactivate() {
        closed = true;
        sessions.close();
    }

    // ---------------------------------------------------------------- sign in and out

    @Override
    public AuthSession login(String login, String password, String clientAddress) {
        open();
        String typed = login == null ? "" : login.strip();
        String key = AccountThrottle.key(typed);
        String subject = subject(typed);
        guard(key, clientAddress, AuditActions.LOGIN, subject, null);

        Person person = authenticate(typed, password, clientAddress);
        if (person == null) {
            failed(key, clientAddress, AuditActions.LOGIN, subject, null, "invalid-credentials");
            throw Titles.invalidCredentials();
        }
        Instant now = clock.instant();
        try {
            accounts.clear(key);
            store.recordLogin(person.id(), now);
        } catch (SQLException e) {
            throw unavailable(e);
        }
        upgradeHash(person, password);
        audit.record(event(AuditActions.LOGIN, person.id(), subject, clientAddress, true, Map.of()));
        LOG.info("Login of person {}", person.id());
        return toSession(sessions.open(person, clientAddress));
    }

    @Override
    public Optional<AuthSession> session(String sessionId) {
        open();
        return sessions.use(sessionId).map(AuthenticatorImpl::toSession);
    }

    @Override
    public void logout(String sessionId, String clientAddress) {
        open();
        Optional<Sessions.Live> live = sessions.peek(sessionId);
        if (live.isPresent() && sessions.stop(sessionId)) {
            PersonId who = live.get().person().id();
            audit.record(event(AuditActions.LOGOUT, who, who.value(), clientAddress, true, Map.of()));
            LOG.info("Logout of person {}", who);
        }
    }

    // ---------------------------------------------------------------- passwords

    @Override
    public AuthSession activate(String login, String code, String newPassword, String clientAddress) {
        open();
        String typed = login == null ? "" : login.strip();
        String key = AccountThrottle.key(typed);
        String subject = subject(typed);
        guard(key, clientAddress, AuditActions.ACTIVATION, subject, null);
        try {
            policy.check(newPassword, typed);
        } catch (ProblemException weak) {
            audit.record(event(AuditActions.ACTIVATION, null, subject, clientAddress, false, Map.of("reason", weak.code())));
            throw weak;
        }

        Instant now = clock.instant();
        Person person;
        CredentialStore.Credential credential;
        try {
            person = typed.isEmpty() ? null : directory.findByLogin(typed).orElse(null);
            credential = person == null ? null : store.find(person.id()).orElse(null);
        } catch (SQLException | RuntimeException e) {
            throw unavailable(e);
        }
        String codeHash = credential != null && credential.activationUsableAt(now) ? credential.activationHash() : null;
        String normalised = ActivationCodes.normalise(code);
        boolean matches = hasher.verify(normalised, codeHash) && ActivationCodes.wellFormed(normalised);
        if (!matches) {
            failed(key, clientAddress, AuditActions.ACTIVATION, subject, null, "invalid-activation");
            throw Titles.invalidActivation();
        }
        String passwordHash = hasher.hash(newPassword);
        try {
            if (!store.consumeActivation(person.id(), codeHash, passwordHash, now)) {
                // used by a concurrent activation a moment ago
                failed(key, clientAddress, AuditActions.ACTIVATION, subject, person.id(), "invalid-activation");
                throw Titles.invalidActivation();
            }
            accounts.clear(key);
        } catch (SQLException e) {
            throw unavailable(e);
        }
        int ended = sessions.stopAllOf(person.id(), null);
        audit.record(event(AuditActions.ACTIVATION, person.id(), subject, clientAddress, true,
                ended > 0 ? Map.of("signedOutElsewhere", Integer.toString(ended)) : Map.of()));
        LOG.info("Activation of person {}", person.id());
        return toSession(sessions.open(person, clientAddress));
    }

    @Override
    public void changePassword(String sessionId, String currentPassword, String newPassword, String clientAddress) {
        open();
        Sessions.Live live = sessions.use(sessionId).orElseThrow(Titles::sessionExpired);
        Person person = live.person();
        String key = AccountThrottle.key(person.login());
        String subject = person.id().value();
        guard(key, clientAddress, AuditActions.PASSWORD_CHANGE, subject, person.id());

        String stored;
        try {
            stored = store.find(person.id()).map(CredentialStore.Credential::passwordHash).orElse(null);
        } catch (SQLException e) {
            throw unavailable(e);
        }
        if (!hasher.verify(currentPassword, stored)) {
            failed(key, clientAddress, AuditActions.PASSWORD_CHANGE, subject, person.id(), "invalid-credentials");
            throw Titles.invalidCredentials();
        }
        try {
            policy.check(newPassword, person.login());
        } catch (ProblemException weak) {
            audit.record(event(AuditActions.PASSWORD_CHANGE, person.id(), subject, clientAddress, false,
                    Map.of("reason", weak.code())));
            throw weak;
        }
        try {
            store.setPassword(person.id(), hasher.hash(newPassword), clock.instant());
            accounts.clear(key);
        } catch (SQLException e) {
            throw unavailable(e);
        }
        int ended = sessions.stopAllOf(person.id(), live.id());
        audit.record(event(AuditActions.PASSWORD_CHANGE, person.id(), subject, clientAddress, true,
                Map.of("signedOutElsewhere", Integer.toString(ended))));
        LOG.info("Password change of person {} ({} other sessions ended)", person.id(), ended);
    }

    @Override
    public void setPassword(PersonId person, String newPassword) {
        open();
        Person target = directory.find(person).orElseThrow(Titles::unknownPerson);
        policy.check(newPassword, target.login());
        storeDirectly(person, hasher.hash(newPassword));
    }

    @Override
    public PreparedPassword preparePassword(String login, String password) {
        open();
        policy.check(password, login);
        return new Prepared(login, hasher.hash(password));
    }

    @Override
    public void setPassword(PersonId person, PreparedPassword password) {
        open();
        if (!(password instanceof Prepared prepared)) {
            throw new IllegalArgumentException("a prepared password comes from preparePassword");
        }
        Person target = directory.find(person).orElseThrow(Titles::unknownPerson);
        if (!target.login().equals(prepared.login())) {
            throw new IllegalArgumentException("this password was prepared for another login");
        }
        storeDirectly(person, prepared.hash());
    }

    private void storeDirectly(PersonId person, String hash) {
        try {
            store.setPassword(person, hash, clock.instant());
        } catch (SQLException e) {
            throw unavailable(e);
        }
        int ended = sessions.stopAllOf(person, null);
        audit.record(event(AuditActions.PASSWORD_CHANGE, null, person.value(), null, true,
                Map.of("mode", "setup", "signedOutElsewhere", Integer.toString(ended))));
        LOG.info("Password of person {} set directly", person);
    }

    /** A checked and hashed password; its hash never appears in a log or a message. */
    private record Prepared(String login, String hash) implements PreparedPassword {
        @Override
        public String toString() {
            return "PreparedPassword[" + login + "]";
        }
    }

    // ---------------------------------------------------------------- referent actions

    @Override
    public ActivationCode issueActivation(PersonId person, Person actor) {
        open();
        Objects.requireNonNull(actor, "actor");
        directory.find(person).orElseThrow(Titles::unknownPerson);
        String code = ActivationCodes.generate(random);
        Instant expires = clock.instant().plus(settings.activationValidity());
        try {
            store.setActivation(person, hasher.hash(ActivationCodes.normalise(code)), expires);
        } catch (SQLException e) {
            throw unavailable(e);
        }
        audit.record(event(AuditActions.ACTIVATION_CODE_ISSUED, actor.id(), person.value(), null, true,
                Map.of("validUntil", expires.toString())));
        LOG.info("Activation code issued for person {} by {}", person, actor.id());
        return new ActivationCode(code, expires);
    }

    @Override
    public void unlock(PersonId person, Person actor, String clientAddress) {
        open();
        Objects.requireNonNull(actor, "actor");
        Person target = directory.find(person).orElseThrow(Titles::unknownPerson);
        try {
            accounts.clear(AccountThrottle.key(target.login()));
        } catch (SQLException e) {
            throw unavailable(e);
        }
        audit.record(event(AuditActions.UNLOCK, actor.id(), person.value(), clientAddress, true, Map.of()));
        LOG.info("Person {} unlocked by {}", person, actor.id());
    }

    @Override
    public int endSessions(PersonId person) {
        open();
        Objects.requireNonNull(person, "person");
        int ended = sessions.stopAllOf(person, null);
        if (ended > 0) {
            LOG.info("{} session(s) of person {} ended", ended, person);
        }
        return ended;
    }

    @Override
    public AccountState state(PersonId person) {
        open();
        Instant now = clock.instant();
        try {
            Optional<CredentialStore.Credential> credential = store.find(person);
            Optional<Person> target = directory.find(person);
            Instant lockedUntil = null;
            if (target.isPresent()) {
                AccountThrottle.State throttle = accounts.state(AccountThrottle.key(target.get().login()));
                lockedUntil = throttle.lockedAt(now) ? throttle.lockedUntil() : null;
            }
            return new AccountState(
                    credential.map(CredentialStore.Credential::hasPassword).orElse(false),
                    credential.map(c -> c.activationUsableAt(now)).orElse(false),
                    lockedUntil,
                    credential.map(CredentialStore.Credential::lastLoginAt).orElse(null));
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void checkPasswordPolicy(String login, String password) {
        policy.check(password, login);
    }

    @Override
    public String passwordPolicy() {
        return policy.describe();
    }

    // ---------------------------------------------------------------- internals

    /** Refuses an attempt the throttles forbid, before any hashing (429, audited). */
    private void guard(String key, String address, String action, String subject, PersonId actor) {
        Instant now = clock.instant();
        Duration addressWait = addresses.waitFor(address, now);
        if (!addressWait.isZero() && !addressWait.isNegative()) {
            audit.record(event(action, actor, subject, address, false, Map.of("reason", "throttled-address")));
            throw Titles.addressThrottled(addressWait, clock);
        }
        AccountThrottle.State state;
        try {
            state = accounts.state(key);
        } catch (SQLException e) {
            throw unavailable(e);
        }
        if (state.lockedAt(now)) {
            audit.record(event(action, actor, subject, address, false, Map.of("reason", "locked")));
            throw Titles.locked(Duration.between(now, state.lockedUntil()), clock);
        }
        Instant next = state.nextAttemptAt(now, settings);
        if (next != null && now.isBefore(next)) {
            audit.record(event(action, actor, subject, address, false, Map.of("reason", "throttled-delay")));
            throw Titles.tooFast(Duration.between(now, next), clock);
        }
    }

    /** Counts a failure against the login and the address; audits it, and the lockout it may cause. */
    private void failed(String key, String address, String action, String subject, PersonId actor, String reason) {
        Instant now = clock.instant();
        addresses.recordFailure(address, now);
        AccountThrottle.Failure failure;
        try {
            failure = accounts.recordFailure(key, now, settings);
            purgeNowAndThen(now);
        } catch (SQLException e) {
            throw unavailable(e);
        }
        audit.record(event(action, actor, subject, address, false, Map.of("reason", reason)));
        if (failure.lockedNow()) {
            audit.record(event(AuditActions.LOCKOUT, actor, subject, address, true,
                    Map.of("failures", Integer.toString(failure.failures()), "until", failure.lockedUntil().toString())));
            LOG.info("A login was locked after {} consecutive failures{}", failure.failures(),
                    actor == null ? "" : " (person " + actor + ")");
        }
    }

    /** Checks the password through Shiro; the person, or null for any mismatch. */
    private Person authenticate(String login, String password, String address) {
        UsernamePasswordToken token = new UsernamePasswordToken(login, password == null ? new char[0] : password.toCharArray(),
                false, AddressThrottle.key(address));
        try {
            AuthenticationInfo info = sessions.authenticate(token);
            return ((CredentialInfo) info).person();
        } catch (CredentialRealm.Unavailable e) {
            if (e.getCause() instanceof ProblemException problem) {
                throw problem;
            }
            throw unavailable(e.getCause());
        } catch (AuthenticationException e) {
            return null;
        } finally {
            token.clear();
        }
    }

    /** Re-hashes a password made with older Argon2 parameters, now that we have it in clear. */
    private void upgradeHash(Person person, String password) {
        try {
            String stored = store.find(person.id()).map(CredentialStore.Credential::passwordHash).orElse(null);
            if (stored != null && hasher.needsRehash(stored)) {
                store.rehash(person.id(), stored, hasher.hash(password));
                LOG.info("Password hash of person {} upgraded to {}", person.id(), hasher.params().cryptParameters());
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not upgrade the password hash of person {}: {}", person.id(), e.getClass().getSimpleName());
        }
    }

    private void purgeNowAndThen(Instant now) throws SQLException {
        Instant last = lastPurge.get();
        if (last.isBefore(now.minus(Duration.ofHours(1))) && lastPurge.compareAndSet(last, now)) {
            int purged = accounts.purge(now, now.minus(Settings.FAILURE_MEMORY));
            if (purged > 0) {
                LOG.debug("Forgot {} stale failure streaks", purged);
            }
        }
    }

    private static AuditEvent event(String action, PersonId actor, String subject, String address, boolean success,
            Map<String, String> details) {
        return new AuditEvent(action, actor, subject, address, success, details);
    }

    /** The login as typed, for the audit log: trimmed, control characters dropped, at most 64 characters. */
    static String subject(String typed) {
        StringBuilder b = new StringBuilder(Math.min(typed.length(), SUBJECT_MAX));
        typed.codePoints().filter(cp -> !Character.isISOControl(cp)).limit(SUBJECT_MAX).forEach(b::appendCodePoint);
        return b.toString();
    }

    private static AuthSession toSession(Sessions.Live live) {
        return new AuthSession(live.id(), live.person(), live.csrfToken(), live.expiresAt());
    }

    /** Sessions held in memory, live or expired but not yet swept (for tests and health). */
    int sessionsInMemory() {
        return sessions.liveCount();
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("authenticator deactivated");
        }
    }

    private static ProblemException unavailable(Throwable cause) {
        LOG.error("Credential store unavailable: {}", cause == null ? "?" : cause.getClass().getName());
        return Titles.unavailable(cause);
    }
}
