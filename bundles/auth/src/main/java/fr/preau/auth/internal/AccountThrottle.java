package fr.preau.auth.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Table {@code auth_throttle}: consecutive failures and lockouts, keyed by the login as typed
 * (trimmed, lower-cased), <em>whether or not a person has that login</em>: an unknown login is
 * throttled and locked exactly like a known one, so the answers never tell them apart. Being in
 * the database, a lockout survives a restart.
 * <p>
 * A streak of failures ends with a success, an unlock, the end of a lockout, or 24 hours without
 * a failure.
 */
final class AccountThrottle {

    /** Longest key stored; a longer login cannot exist, so truncating only merges junk. */
    static final int MAX_KEY = 128;

    /** A row as read. */
    record State(int failures, Instant lastFailure, Instant lockedUntil) {
        static final State NONE = new State(0, null, null);

        /** The failures that still count at {@code now}. */
        int streakAt(Instant now) {
            if (lockedUntil != null && !now.isBefore(lockedUntil)) {
                return 0; // the lockout was served
            }
            if (lastFailure != null && lastFailure.plus(Settings.FAILURE_MEMORY).isBefore(now)) {
                return 0;
            }
            return failures;
        }

        boolean lockedAt(Instant now) {
            return lockedUntil != null && now.isBefore(lockedUntil);
        }

        /**
         * When the next attempt is allowed under the exponential delay: {@code base × 2^(n-1)} after
         * n failures (capped), or null when no wait applies.
         */
        Instant nextAttemptAt(Instant now, Settings settings) {
            int streak = streakAt(now);
            if (streak == 0 || lastFailure == null || settings.failureDelay().isZero()) {
                return null;
            }
            Duration wait = settings.failureDelay().multipliedBy(1L << Math.min(streak - 1, 20));
            if (wait.compareTo(Settings.MAX_FAILURE_DELAY) > 0) {
                wait = Settings.MAX_FAILURE_DELAY;
            }
            return lastFailure.plus(wait);
        }
    }

    /** The outcome of a recorded failure. */
    record Failure(int failures, Instant lockedUntil, boolean lockedNow) {
    }

    private final DataSource db;

    AccountThrottle(DataSource db) {
        this.db = db;
    }

    /** The key for a typed login. */
    static String key(String typedLogin) {
        String key = typedLogin == null ? "" : typedLogin.strip().toLowerCase(Locale.ROOT);
        return key.length() > MAX_KEY ? key.substring(0, MAX_KEY) : key;
    }

    State state(String key) throws SQLException {
        try (Connection c = db.getConnection()) {
            State s = read(c, key);
            return s == null ? State.NONE : s;
        }
    }

    /** Counts one more failure; locks the key when the streak reaches the threshold. */
    Failure recordFailure(String key, Instant now, Settings settings) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = db.getConnection()) {
                State current = read(c, key);
                int failures = (current == null ? 0 : current.streakAt(now)) + 1;
                boolean lockNow = failures >= settings.lockoutFailures();
                Instant lockedUntil = lockNow ? now.plus(settings.lockoutDuration()) : null;
                if (current == null) {
                    try (PreparedStatement st = c.prepareStatement("INSERT INTO auth_throttle "
                            + "(login_key, failed_count, last_failure_at, locked_until) VALUES (?, ?, ?, ?)")) {
                        st.setString(1, key);
                        st.setInt(2, failures);
                        Jdbc.setInstant(st, 3, now);
                        Jdbc.setInstant(st, 4, lockedUntil);
                        st.executeUpdate();
                        return new Failure(failures, lockedUntil, lockNow);
                    }
                }
                // optimistic: only if nobody counted a failure since we read
                try (PreparedStatement st = c.prepareStatement("UPDATE auth_throttle SET failed_count = ?, last_failure_at = ?, "
                        + "locked_until = ? WHERE login_key = ? AND failed_count = ? AND last_failure_at = ?")) {
                    st.setInt(1, failures);
                    Jdbc.setInstant(st, 2, now);
                    Jdbc.setInstant(st, 3, lockedUntil);
                    st.setString(4, key);
                    st.setInt(5, current.failures());
                    Jdbc.setInstant(st, 6, current.lastFailure());
                    if (st.executeUpdate() == 1) {
                        return new Failure(failures, lockedUntil, lockNow);
                    }
                }
            } catch (SQLException e) {
                if (!Jdbc.isDuplicate(e) || attempt >= 5) {
                    throw e;
                }
            }
            if (attempt >= 5) {
                throw new SQLException("auth_throttle row changed under us five times", "40001");
            }
        }
    }

    /** Ends the streak and any lockout (success or unlock). */
    void clear(String key) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement st = c.prepareStatement("DELETE FROM auth_throttle WHERE login_key = ?")) {
            st.setString(1, key);
            st.executeUpdate();
        }
    }

    /** Forgets rows that no longer count: no lockout in force and no failure since {@code before}. */
    int purge(Instant now, Instant before) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement st = c.prepareStatement("DELETE FROM auth_throttle WHERE last_failure_at < ? "
                        + "AND (locked_until IS NULL OR locked_until < ?)")) {
            Jdbc.setInstant(st, 1, before);
            Jdbc.setInstant(st, 2, now);
            return st.executeUpdate();
        }
    }

    private static State read(Connection c, String key) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT failed_count, last_failure_at, locked_until FROM auth_throttle WHERE login_key = ?")) {
            st.setString(1, key);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next()
                        ? new State(rs.getInt("failed_count"), Jdbc.getInstant(rs, "last_failure_at"), Jdbc.getInstant(rs, "locked_until"))
                        : null;
            }
        }
    }
}
