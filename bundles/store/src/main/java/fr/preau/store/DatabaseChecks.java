package fr.preau.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** Readiness probes shared by the concerns' {@code ReadinessCheck} components. */
public final class DatabaseChecks {

    private DatabaseChecks() {
    }

    /**
     * Whether {@code dataSource} hands out a valid connection within {@code timeoutSeconds}.
     *
     * @return empty when the database answers; otherwise an English sentence for the operator,
     *         naming the SQLState only (never a URL, user or message that might carry one)
     */
    public static Optional<String> problem(DataSource dataSource, int timeoutSeconds) {
        if (dataSource == null) {
            return Optional.of("database not available (DataSource not registered)");
        }
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(Math.max(1, timeoutSeconds))
                    ? Optional.empty()
                    : Optional.of("database connection is not valid");
        } catch (SQLException e) {
            return Optional.of("database unreachable (SQLState " + e.getSQLState() + ")");
        } catch (RuntimeException e) {
            return Optional.of("database check failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** {@link #problem(DataSource, int)} with a one-second timeout. */
    public static Optional<String> problem(DataSource dataSource) {
        return problem(dataSource, 1);
    }
}
