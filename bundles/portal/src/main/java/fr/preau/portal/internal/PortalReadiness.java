package fr.preau.portal.internal;

import fr.preau.api.spi.ReadinessCheck;
import fr.preau.store.DatabaseChecks;
import java.util.Optional;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Whether the portal's database answers. The DataSource reference is optional and dynamic on
 * purpose: the check must exist, and report the problem, precisely when the DataSource does not.
 */
@Component(service = ReadinessCheck.class)
public final class PortalReadiness implements ReadinessCheck {

    @Reference(name = "db", target = PortalSchema.TARGET, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC)
    private volatile DataSource db;

    public PortalReadiness() {
    }

    PortalReadiness(DataSource db) {
        this.db = db;
    }

    @Override
    public String name() {
        return "store:portal";
    }

    @Override
    public Optional<String> problem() {
        DataSource current = db;
        return DatabaseChecks.problem(current)
                .map(p -> current == null ? "jdbc/preau-portal is not registered (schema migration failed or configuration missing)" : p);
    }
}
