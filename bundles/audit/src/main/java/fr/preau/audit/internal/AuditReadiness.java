package fr.preau.audit.internal;

import fr.preau.api.spi.ReadinessCheck;
import fr.preau.store.DatabaseChecks;
import java.util.Optional;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Whether the audit log's database answers. The DataSource reference is optional and dynamic on
 * purpose: the check must exist, and report the problem, precisely when the DataSource does not
 * (its migration failed, or its configuration is missing).
 */
@Component(service = ReadinessCheck.class, configurationPid = "fr.preau.audit.readiness")
@Designate(ocd = AuditReadiness.Config.class)
public final class AuditReadiness implements ReadinessCheck {

    @ObjectClassDefinition(name = "Préau – disponibilité du journal d'audit")
    public @interface Config {
        @AttributeDefinition(description = "Seconds the database has to answer")
        int timeout_seconds() default 1;
    }

    @Reference(name = "db", target = "(osgi.jndi.service.name=jdbc/preau-audit)",
            cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DataSource db;

    private final int timeoutSeconds;

    @Activate
    public AuditReadiness(Config config) {
        this.timeoutSeconds = config.timeout_seconds();
    }

    AuditReadiness(DataSource db) {
        this.db = db;
        this.timeoutSeconds = 1;
    }

    @Override
    public String name() {
        return "store:audit";
    }

    @Override
    public Optional<String> problem() {
        DataSource current = db;
        return DatabaseChecks.problem(current, timeoutSeconds)
                .map(p -> current == null ? "jdbc/preau-audit is not registered (schema migration failed or configuration missing)" : p);
    }
}
