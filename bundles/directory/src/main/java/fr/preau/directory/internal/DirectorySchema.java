package fr.preau.directory.internal;

import fr.preau.store.ChangelogPreHook;
import fr.preau.store.SchemaMigrator;
import org.ops4j.pax.jdbc.hook.PreHook;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Brings the annuaire schema up to date before pax-jdbc-config publishes {@code jdbc/preau-directory}
 * (its factory configuration names {@code ops4j.preHook=preau-directory}).
 */
@Component(service = PreHook.class, property = PreHook.KEY_NAME + "=" + DirectorySchema.NAME,
        configurationPid = "fr.preau.directory.schema")
public final class DirectorySchema extends ChangelogPreHook {

    static final String NAME = "preau-directory";
    static final String CHANGELOG = "fr/preau/directory/db/changelog.xml";

    @Activate
    public DirectorySchema(@Reference(name = "migrator") SchemaMigrator migrator) {
        super(migrator, CHANGELOG);
    }
}
