package fr.preau.portal.internal;

import fr.preau.store.ChangelogPreHook;
import fr.preau.store.SchemaMigrator;
import org.ops4j.pax.jdbc.hook.PreHook;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Brings the portal's schema up to date before pax-jdbc-config publishes {@code jdbc/preau-portal}
 * (its factory configuration names {@code ops4j.preHook=preau-portal}).
 */
@Component(service = PreHook.class, property = PreHook.KEY_NAME + "=" + PortalSchema.NAME,
        configurationPid = "fr.preau.portal.schema")
public final class PortalSchema extends ChangelogPreHook {

    static final String NAME = "preau-portal";
    static final String CHANGELOG = "fr/preau/portal/db/changelog.xml";
    static final String TARGET = "(osgi.jndi.service.name=jdbc/preau-portal)";

    @Activate
    public PortalSchema(@Reference(name = "migrator") SchemaMigrator migrator) {
        super(migrator, CHANGELOG);
    }
}
