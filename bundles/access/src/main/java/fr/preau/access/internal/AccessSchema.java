package fr.preau.access.internal;

import fr.preau.store.SchemaMigrator;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Brings the access schema (the référent's communication rules) up to date before pax-jdbc-config publishes
 * {@code jdbc/preau-access} (its factory configuration names {@code ops4j.preHook=preau-access}).
 */
@Component(immediate = true)
public final class AccessSchema {

    static final String NAME = "preau-access";
    static final String CHANGELOG = "fr/preau/access/db/changelog.xml";

    private final SchemaMigrator.Registration hook;

    @Activate
    public AccessSchema(BundleContext context, @Reference(name = "migrator") SchemaMigrator migrator) {
        this.hook = migrator.publish(context, NAME, CHANGELOG);
    }

    @Deactivate
    void deactivate() {
        hook.close();
    }
}
