package fr.preau.auth.internal;

import fr.preau.store.SchemaMigrator;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.ops4j.pax.jdbc.hook.PreHook;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Brings {@code jdbc/preau-auth} up to date before pax-jdbc-config publishes it (the DataSource
 * factory configuration names this hook with {@code ops4j.preHook=preau-auth}).
 */
@Component(service = PreHook.class, property = "name=preau-auth")
public final class AuthSchema implements PreHook {

    static final String NAME = "preau-auth";
    static final String CHANGELOG = "fr/preau/auth/db/changelog.xml";

    private final SchemaMigrator migrator;

    @Activate
    public AuthSchema(@Reference(name = "migrator") SchemaMigrator migrator) {
        this.migrator = migrator;
    }

    @Override
    public void prepare(DataSource ds) throws SQLException {
        migrator.migrate(ds, CHANGELOG, getClass().getClassLoader());
    }
}
