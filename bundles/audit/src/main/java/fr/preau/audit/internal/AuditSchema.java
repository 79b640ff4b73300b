package fr.preau.audit.internal;

import fr.preau.store.ChangelogPreHook;
import fr.preau.store.SchemaMigrator;
import org.ops4j.pax.jdbc.hook.PreHook;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Brings the audit schema up to date before pax-jdbc-config publishes {@code jdbc/preau-audit}
 * (its factory configuration names {@code ops4j.preHook=preau-audit}).
 */
@Component(service = PreHook.class, property = PreHook.KEY_NAME + "=" + AuditSchema.NAME,
        configurationPid = "fr.preau.audit.schema")
public final class AuditSchema extends ChangelogPreHook {

    static final String NAME = "preau-audit";
    static final String CHANGELOG = "fr/preau/audit/db/changelog.xml";

    @Activate
    public AuditSchema(@Reference(name = "migrator") SchemaMigrator migrator) {
        super(migrator, CHANGELOG);
    }
}
