package fr.preau.probe.internal;

import fr.preau.store.SchemaMigrator;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Migrates jdbc/preau-probe before pax-jdbc publishes it.
 * The hook is published through {@link SchemaMigrator#publish}, so the migration runs in the
 * migrator's thread.
 */
@Component(immediate = true)
public final class ProbeSchema {

    static final String NAME = "preau-probe";
    static final String CHANGELOG = "fr/preau/probe/db/changelog.xml";

    private final SchemaMigrator.Registration hook;

    @Activate
    public ProbeSchema(BundleContext context, @Reference(name = "migrator") SchemaMigrator migrator) {
        this.hook = migrator.publish(context, NAME, CHANGELOG);
    }

    @Deactivate
    void deactivate() {
        hook.close();
    }
}
