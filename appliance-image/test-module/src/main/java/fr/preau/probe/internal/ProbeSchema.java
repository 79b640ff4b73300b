package fr.preau.probe.internal;

import fr.preau.store.SchemaMigrator;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.ops4j.pax.jdbc.hook.PreHook;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Migrates jdbc/preau-probe before pax-jdbc publishes it. */
@Component(service = PreHook.class, property = "name=preau-probe")
public final class ProbeSchema implements PreHook {
    private final SchemaMigrator migrator;

    @Activate
    public ProbeSchema(@Reference(name = "migrator") SchemaMigrator migrator) {
        this.migrator = migrator;
    }

    @Override
    public void prepare(DataSource dataSource) throws SQLException {
        migrator.migrate(dataSource, "fr/preau/probe/db/changelog.xml", ProbeSchema.class.getClassLoader());
    }
}
