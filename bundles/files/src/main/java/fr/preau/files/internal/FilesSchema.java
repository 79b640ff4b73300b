package fr.preau.files.internal;

import fr.preau.store.SchemaMigrator;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** Migrates {@code jdbc/preau-files} before pax-jdbc publishes it (the hook named {@value #NAME}). */
@Component(immediate = true)
public final class FilesSchema {

    static final String NAME = "preau-files";
    static final String CHANGELOG = "fr/preau/files/db/changelog.xml";

    private final SchemaMigrator.Registration hook;

    @Activate
    public FilesSchema(BundleContext context, @Reference(name = "migrator") SchemaMigrator migrator) {
        this.hook = migrator.publish(context, NAME, CHANGELOG);
    }

    @Deactivate
    void deactivate() {
        hook.close();
    }
}
