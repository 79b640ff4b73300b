package fr.preau.audit.internal;

import fr.preau.store.SchemaMigrator;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Brings the audit schema up to date before pax-jdbc-config publishes {@code jdbc/preau-audit}
 * (its factory configuration names {@code ops4j.preHook=preau-audit}).
 * The hook is published through {@link SchemaMigrator#publish}, so the migration runs in the
 * migrator's thread.
 */
@Component(immediate = true)
public final class AuditSchema {

    static final String NAME = "preau-audit";
    static final String CHANGELOG = "fr/preau/audit/db/changelog.xml";

    private final SchemaMigrator.Registration hook;

    @Activate
    public AuditSchema(BundleContext context, @Reference(name = "migrator") SchemaMigrator migrator) {
        this.hook = migrator.publish(context, NAME, CHANGELOG);
    }

    @Deactivate
    void deactivate() {
        hook.close();
    }
}
