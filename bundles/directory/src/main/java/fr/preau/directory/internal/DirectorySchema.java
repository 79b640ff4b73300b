package fr.preau.directory.internal;

import fr.preau.store.SchemaMigrator;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.ops4j.pax.jdbc.hook.PreHook;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Brings the annuaire schema up to date before pax-jdbc-config publishes
 * {@code jdbc/preau-directory} (its factory configuration names {@code ops4j.preHook=preau-directory}).
 * Nothing to configure, hence no metatype.
 */
@Component(service = PreHook.class, property = PreHook.KEY_NAME + "=" + DirectorySchema.NAME,
        configurationPid = "fr.preau.directory.schema")
public final class DirectorySchema implements PreHook {

    static final String NAME = "preau-directory";
    static final String CHANGELOG = "fr/preau/directory/db/changelog.xml";

    private final SchemaMigrator migrator;

    @Activate
    public DirectorySchema(@Reference(name = "migrator") SchemaMigrator migrator) {
        this.migrator = migrator;
    }

    @Override
    public void prepare(DataSource dataSource) throws SQLException {
        migrator.migrate(dataSource, CHANGELOG, DirectorySchema.class.getClassLoader());
    }
}
