package fr.preau.auth.internal;

import fr.preau.api.PersonId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Table {@code auth_credential}: one row per person id with a password hash and/or an activation
 * code hash. Plain JDBC, one statement per call (autocommit), portable SQL.
 */
final class CredentialStore {

    /** A person's credentials; hashes are Argon2id crypt strings, never the secrets. */
    record Credential(PersonId person, String passwordHash, Instant passwordChangedAt, String activationHash,
            Instant activationExpiresAt, Instant lastLoginAt) {

        boolean hasPassword() {
            return passwordHash != null;
        }

        boolean activationUsableAt(Instant now) {
            return activationHash != null && activationExpiresAt != null && now.isBefore(activationExpiresAt);
        }

        @Override
        public String toString() {
            return "Credential[person=" + person + "]"; // no hashes in logs
        }
    }

    private static final String COLUMNS =
            "person_id, password_hash, password_changed_at, activation_hash, activation_expires_at, last_login_at";

    private final DataSource db;

    CredentialStore(DataSource db) {
        this.db = db;
    }

    Optional<Credential> find(PersonId person) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM auth_credential WHERE person_id = ?")) {
            st.setString(1, person.value());
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Credential(person, rs.getString("password_hash"),
                        Jdbc.getInstant(rs, "password_changed_at"), rs.getString("activation_hash"),
                        Jdbc.getInstant(rs, "activation_expires_at"), Jdbc.getInstant(rs, "last_login_at")));
            }
        }
    }

    /** Sets the password and drops any pending activation code (a code must not outlive a new password). */
    void setPassword(PersonId person, String hash, Instant now) throws SQLException {
        upsert(person,
                "UPDATE auth_credential SET password_hash = ?, password_changed_at = ?, activation_hash = NULL, "
                        + "activation_expires_at = NULL WHERE person_id = ?",
                "INSERT INTO auth_credential (person_id, password_hash, password_changed_at) VALUES (?, ?, ?)",
                hash, now);
    }

    /** Stores a new activation code hash, replacing any earlier code; the password (if any) stays. */
    void setActivation(PersonId person, String hash, Instant expiresAt) throws SQLException {
        upsert(person,
                "UPDATE auth_credential SET activation_hash = ?, activation_expires_at = ? WHERE person_id = ?",
                "INSERT INTO auth_credential (person_id, activation_hash, activation_expires_at) VALUES (?, ?, ?)",
                hash, expiresAt);
    }

    /**
     * Sets the password and consumes the activation code, if the code is still {@code codeHash}:
     * of two concurrent activations with the same code, one wins.
     */
    boolean consumeActivation(PersonId person, String codeHash, String passwordHash, Instant now) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement st = c.prepareStatement("UPDATE auth_credential SET password_hash = ?, password_changed_at = ?, "
                        + "activation_hash = NULL, activation_expires_at = NULL, last_login_at = ? "
                        + "WHERE person_id = ? AND activation_hash = ?")) {
            st.setString(1, passwordHash);
            Jdbc.setInstant(st, 2, now);
            Jdbc.setInstant(st, 3, now);
            st.setString(4, person.value());
            st.setString(5, codeHash);
            return st.executeUpdate() == 1;
        }
    }

    /** Replaces a hash made with old parameters, unless the password changed meanwhile. */
    void rehash(PersonId person, String oldHash, String newHash) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement st = c.prepareStatement(
                        "UPDATE auth_credential SET password_hash = ? WHERE person_id = ? AND password_hash = ?")) {
            st.setString(1, newHash);
            st.setString(2, person.value());
            st.setString(3, oldHash);
            st.executeUpdate();
        }
    }

    void recordLogin(PersonId person, Instant now) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement st = c.prepareStatement("UPDATE auth_credential SET last_login_at = ? WHERE person_id = ?")) {
            Jdbc.setInstant(st, 1, now);
            st.setString(2, person.value());
            st.executeUpdate();
        }
    }

    private void upsert(PersonId person, String update, String insert, String hash, Instant instant) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = db.getConnection()) {
                try (PreparedStatement st = c.prepareStatement(update)) {
                    st.setString(1, hash);
                    Jdbc.setInstant(st, 2, instant);
                    st.setString(3, person.value());
                    if (st.executeUpdate() > 0) {
                        return;
                    }
                }
                try (PreparedStatement st = c.prepareStatement(insert)) {
                    st.setString(1, person.value());
                    st.setString(2, hash);
                    Jdbc.setInstant(st, 3, instant);
                    st.executeUpdate();
                    return;
                }
            } catch (SQLException e) {
                if (!Jdbc.isDuplicate(e) || attempt >= 3) {
                    throw e;
                }
                // a concurrent insert of the same person: update its row instead
            }
        }
    }
}
