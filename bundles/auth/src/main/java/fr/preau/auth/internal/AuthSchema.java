package fr.preau.auth.internal;

import fr.preau.store.ChangelogPreHook;
import fr.preau.store.SchemaMigrator;
import org.ops4j.pax.jdbc.hook.PreHook;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Brings the authentication schema up to date before pax-jdbc-config publishes {@code jdbc/preau-auth}
 * (its factory configuration names {@code ops4j.preHook=preau-auth}).
 */
@Component(service = PreHook.class, property = PreHook.KEY_NAME + "=" + AuthSchema.NAME)
public final class AuthSchema extends ChangelogPreHook {

    static final String NAME = "preau-auth";
    static final String CHANGELOG = "fr/preau/auth/db/changelog.xml";

    @Activate
    public AuthSchema(@Reference(name = "migrator") SchemaMigrator migrator) {
        super(migrator, CHANGELOG);
    }
}
