package fr.preau.cahier.internal;

import fr.preau.store.SchemaMigrator;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** Migrates {@code jdbc/preau-cahier} before pax-jdbc publishes it (the hook named {@value #NAME}). */
@Component(immediate = true)
public final class CahierSchema {

    static final String NAME = "preau-cahier";
    static final String CHANGELOG = "fr/preau/cahier/db/changelog.xml";

    private final SchemaMigrator.Registration hook;

    @Activate
    public CahierSchema(BundleContext context, @Reference(name = "migrator") SchemaMigrator migrator) {
        this.hook = migrator.publish(context, NAME, CHANGELOG);
    }

    @Deactivate
    void deactivate() {
        hook.close();
    }
}
