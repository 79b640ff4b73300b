package fr.preau.probe.internal;

import fr.preau.store.ChangelogPreHook;
import fr.preau.store.SchemaMigrator;
import org.ops4j.pax.jdbc.hook.PreHook;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Migrates jdbc/preau-probe before pax-jdbc publishes it. */
@Component(service = PreHook.class, property = PreHook.KEY_NAME + "=preau-probe")
public final class ProbeSchema extends ChangelogPreHook {
    @Activate
    public ProbeSchema(@Reference(name = "migrator") SchemaMigrator migrator) {
        super(migrator, "fr/preau/probe/db/changelog.xml");
    }
}
