package fr.preau.portal.internal;

import fr.preau.store.SchemaMigrator;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Brings the portal's schema up to date before pax-jdbc-config publishes {@code jdbc/preau-portal}
 * (its factory configuration names {@code ops4j.preHook=preau-portal}).
 * The hook is published through {@link SchemaMigrator#publish}, so the migration runs in the
 * migrator's thread.
 */
@Component(immediate = true)
public final class PortalSchema {

    static final String NAME = "preau-portal";
    static final String CHANGELOG = "fr/preau/portal/db/changelog.xml";
    static final String TARGET = "(osgi.jndi.service.name=jdbc/preau-portal)";

    private final SchemaMigrator.Registration hook;

    @Activate
    public PortalSchema(BundleContext context, @Reference(name = "migrator") SchemaMigrator migrator) {
        this.hook = migrator.publish(context, NAME, CHANGELOG);
    }

    @Deactivate
    void deactivate() {
        hook.close();
    }
}
