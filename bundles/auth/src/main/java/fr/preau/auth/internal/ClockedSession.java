package fr.preau.auth.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.apache.shiro.session.mgt.SimpleSession;

/**
 * Shiro's session with time taken from the box {@link Clock} (Shiro's own reads the system clock),
 * and an absolute lifetime on top of the idle timeout: it ends {@code idle} after its last use or
 * {@code max} after it started, whichever comes first.
 */
final class ClockedSession extends SimpleSession {

    private static final long serialVersionUID = 1L;

    private final transient Clock clock;
    private final Duration max;

    ClockedSession(Clock clock, Duration max, String host) {
        super(host);
        this.clock = clock;
        this.max = max;
        Date now = Date.from(clock.instant());
        setStartTimestamp(now);
        setLastAccessTime(now);
    }

    @Override
    public void touch() {
        setLastAccessTime(Date.from(clock.instant()));
    }

    /** When it ends if not used again. */
    Instant expiresAt() {
        Instant idleEnd = getLastAccessTime().toInstant().plusMillis(getTimeout());
        Instant maxEnd = getStartTimestamp().toInstant().plus(max);
        return idleEnd.isBefore(maxEnd) ? idleEnd : maxEnd;
    }

    @Override
    protected boolean isTimedOut() {
        return isExpired() || !clock.instant().isBefore(expiresAt());
    }

    @Override
    public String toString() {
        return "ClockedSession"; // the id is a secret
    }
}
