package fr.preau.api.spi;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A cheap check that a part of the box is ready to serve (its database answers, its index is
 * open). The health endpoint answers 503 while any registered check reports a problem.
 * {@link #problem()} must return within a second.
 */
@ConsumerType
public interface ReadinessCheck {

    /** Short English name for operators, e.g. {@code store:auth}. */
    String name();

    /** Empty when ready; otherwise an English description for the operator (no personal data). */
    Optional<String> problem();
}
