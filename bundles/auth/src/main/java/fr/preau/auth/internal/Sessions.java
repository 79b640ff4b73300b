package fr.preau.auth.internal;

import fr.preau.api.Person;
import fr.preau.api.PersonId;
import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.mgt.DefaultSecurityManager;
import org.apache.shiro.realm.Realm;
import org.apache.shiro.session.Session;
import org.apache.shiro.session.SessionException;
import org.apache.shiro.session.mgt.DefaultSessionContext;
import org.apache.shiro.session.mgt.DefaultSessionKey;
import org.apache.shiro.session.mgt.DefaultSessionManager;
import org.apache.shiro.session.mgt.eis.MemorySessionDAO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Shiro {@link DefaultSecurityManager}, built in code (no INI, no {@code SecurityUtils}):
 * the credential realm, and Shiro's native session manager over an in-memory session DAO.
 * Session ids are 256-bit random base64url strings; sessions read the box clock
 * ({@link ClockedSession}); expired sessions are deleted when met, and swept every
 * {@link Settings#sessionSweep()} by one daemon thread of ours, stopped by {@link #close()}
 * (Shiro's own validation scheduler is off: it logs two INFO lines per run).
 * Sessions live in memory: a restart signs everybody out.
 */
final class Sessions implements AutoCloseable {

    static final String PERSON = "preau.person";
    static final String CSRF = "preau.csrf";
    static final String SWEEPER_THREAD = "preau-auth-session-sweeper";

    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

    /** A live session as read, with its secrets. */
    record Live(String id, Person person, String csrfToken, Instant expiresAt) {
        @Override
        public String toString() {
            return "Live[" + person.id() + "]";
        }
    }

    private final DefaultSecurityManager securityManager;
    private final DefaultSessionManager sessionManager;
    private final MemorySessionDAO dao;
    private final Secrets secrets;
    private final ScheduledExecutorService sweeper;

    Sessions(Realm realm, Clock clock, Settings settings, Secrets secrets) {
        this.secrets = secrets;
        this.dao = new MemorySessionDAO();
        dao.setSessionIdGenerator(session -> secrets.token());
        this.sessionManager = new DefaultSessionManager();
        sessionManager.setSessionDAO(dao);
        sessionManager.setSessionFactory(context -> new ClockedSession(clock, settings.sessionMax(), context.getHost()));
        sessionManager.setGlobalSessionTimeout(settings.sessionIdle().toMillis());
        sessionManager.setDeleteInvalidSessions(true);
        sessionManager.setSessionValidationSchedulerEnabled(false);
        this.securityManager = new DefaultSecurityManager(realm);
        securityManager.setSessionManager(sessionManager);
        securityManager.setRememberMeManager(null);
        if (settings.sessionSweep().isZero()) {
            this.sweeper = null;
        } else {
            this.sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread t = new Thread(task, SWEEPER_THREAD);
                t.setDaemon(true);
                return t;
            });
            long every = settings.sessionSweep().toMillis();
            sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Deletes the sessions that expired without being asked for again. */
    int sweep() {
        int before = dao.getActiveSessions().size();
        try {
            for (Session s : dao.getActiveSessions()) {
                find((String) s.getId(), false); // Shiro validates, and deletes an expired one
            }
        } catch (RuntimeException e) {
            LOG.warn("Session sweep failed: {}", e.getClass().getName());
        }
        return before - dao.getActiveSessions().size();
    }

    /** Runs the realm through the security manager; throws Shiro's {@code AuthenticationException} on failure. */
    AuthenticationInfo authenticate(AuthenticationToken token) {
        return securityManager.authenticate(token);
    }

    Live open(Person person, String address) {
        DefaultSessionContext context = new DefaultSessionContext();
        if (address != null) {
            context.setHost(AddressThrottle.key(address));
        }
        Session session = securityManager.start(context);
        session.setAttribute(PERSON, person);
        session.setAttribute(CSRF, secrets.token());
        return read(session);
    }

    /** The live session with this id, used now (extends it), or empty. */
    Optional<Live> use(String id) {
        return find(id, true);
    }

    /** The live session with this id, without extending it. */
    Optional<Live> peek(String id) {
        return find(id, false);
    }

    /** Ends the session; true when it was live. */
    boolean stop(String id) {
        if (!Secrets.looksLikeToken(id)) {
            return false;
        }
        try {
            Session session = securityManager.getSession(new DefaultSessionKey(id));
            if (session == null) {
                return false;
            }
            session.stop();
            return true;
        } catch (SessionException e) {
            return false;
        }
    }

    /** Ends every live session of {@code person} except {@code keep} (may be null); returns how many. */
    int stopAllOf(PersonId person, String keep) {
        List<Serializable> ids = new ArrayList<>();
        for (Session s : dao.getActiveSessions()) {
            Object p = s.getAttribute(PERSON);
            if (p instanceof Person found && found.id().equals(person) && !s.getId().equals(keep)) {
                ids.add(s.getId());
            }
        }
        int stopped = 0;
        for (Serializable id : ids) {
            if (stop((String) id)) {
                stopped++;
            }
        }
        return stopped;
    }

    int liveCount() {
        return dao.getActiveSessions().size();
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            try {
                sweeper.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        securityManager.destroy();
    }

    private Optional<Live> find(String id, boolean touch) {
        if (!Secrets.looksLikeToken(id)) {
            return Optional.empty();
        }
        try {
            Session session = securityManager.getSession(new DefaultSessionKey(id));
            if (session == null) {
                return Optional.empty();
            }
            if (touch) {
                session.touch();
            }
            return Optional.of(read(session));
        } catch (SessionException e) {
            return Optional.empty(); // unknown, expired or stopped: Shiro has already deleted an invalid one
        }
    }

    /**
     * Reads a session that the session manager has just looked up and validated. Its attributes
     * are read on the stored session itself: through Shiro's handle, every read would look the
     * session up and validate it again (three more times per request).
     */
    private Live read(Session session) {
        ClockedSession raw = (ClockedSession) dao.readSession(session.getId());
        return new Live((String) raw.getId(), (Person) raw.getAttribute(PERSON), (String) raw.getAttribute(CSRF),
                raw.expiresAt());
    }
}
