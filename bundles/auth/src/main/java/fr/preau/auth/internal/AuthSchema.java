package fr.preau.auth.internal;

import fr.preau.store.SchemaMigrator;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Brings the authentication schema up to date before pax-jdbc-config publishes {@code jdbc/preau-auth}
 * (its factory configuration names {@code ops4j.preHook=preau-auth}).
 * The hook is published through {@link SchemaMigrator#publish}, so the migration runs in the
 * migrator's thread.
 */
@Component(immediate = true)
public final class AuthSchema {

    static final String NAME = "preau-auth";
    static final String CHANGELOG = "fr/preau/auth/db/changelog.xml";

    private final SchemaMigrator.Registration hook;

    @Activate
    public AuthSchema(BundleContext context, @Reference(name = "migrator") SchemaMigrator migrator) {
        this.hook = migrator.publish(context, NAME, CHANGELOG);
    }

    @Deactivate
    void deactivate() {
        hook.close();
    }
}
