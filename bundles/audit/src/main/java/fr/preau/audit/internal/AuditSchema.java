package fr.preau.audit.internal;

import fr.preau.store.SchemaMigrator;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.ops4j.pax.jdbc.hook.PreHook;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Brings the audit schema up to date before pax-jdbc-config publishes
 * {@code jdbc/preau-audit} (its factory configuration names {@code ops4j.preHook=preau-audit}).
 * Nothing to configure, hence no metatype.
 */
@Component(service = PreHook.class, property = PreHook.KEY_NAME + "=" + AuditSchema.NAME,
        configurationPid = "fr.preau.audit.schema")
public final class AuditSchema implements PreHook {

    static final String NAME = "preau-audit";
    static final String CHANGELOG = "fr/preau/audit/db/changelog.xml";

    private final SchemaMigrator migrator;

    @Activate
    public AuditSchema(@Reference(name = "migrator") SchemaMigrator migrator) {
        this.migrator = migrator;
    }

    @Override
    public void prepare(DataSource dataSource) throws SQLException {
        migrator.migrate(dataSource, CHANGELOG, AuditSchema.class.getClassLoader());
    }
}
