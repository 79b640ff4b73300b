package fr.preau.store;

import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.ops4j.pax.jdbc.hook.PreHook;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The schema step of a concern: runs its Liquibase changelog before pax-jdbc-config publishes
 * its DataSource. Concerns normally let {@link SchemaMigrator#publish} register one for them,
 * from the migrator's thread (see there why). A concern may also extend it as a DS component
 * named like the {@code ops4j.preHook} of its DataSource configuration; its migration then runs
 * in whichever thread pax-jdbc-config happens to use (often Configuration Admin's only one):
 * <pre>
 * &#64;Component(service = PreHook.class, property = PreHook.KEY_NAME + "=preau-cahier")
 * public final class CahierSchema extends ChangelogPreHook {
 *     &#64;Activate
 *     public CahierSchema(&#64;Reference(name = "migrator") SchemaMigrator migrator) {
 *         super(migrator, "fr/preau/cahier/db/changelog.xml");
 *     }
 * }
 * </pre>
 * The changelog is read with the concrete class's class loader, i.e. from the concern's bundle.
 */
@ConsumerType
public abstract class ChangelogPreHook implements PreHook {

    private final SchemaMigrator migrator;
    private final String changelog;
    private final ClassLoader resources;

    protected ChangelogPreHook(SchemaMigrator migrator, String changelog) {
        this(migrator, changelog, null);
    }

    private ChangelogPreHook(SchemaMigrator migrator, String changelog, ClassLoader resources) {
        this.migrator = Objects.requireNonNull(migrator, "migrator");
        this.changelog = Objects.requireNonNull(changelog, "changelog");
        this.resources = resources;
    }

    /**
     * A hook migrating {@code changelog} read through {@code resources} (a concern bundle's class
     * loader): what {@link SchemaMigrator#publish} registers.
     */
    public static PreHook of(SchemaMigrator migrator, String changelog, ClassLoader resources) {
        return new Reading(migrator, changelog, Objects.requireNonNull(resources, "resources"));
    }

    @Override
    public final void prepare(DataSource dataSource) throws SQLException {
        migrator.migrate(dataSource, changelog, resources());
    }

    /** The class loader that sees the changelog: by default, the concrete class's. */
    protected ClassLoader resources() {
        return resources != null ? resources : getClass().getClassLoader();
    }

    private static final class Reading extends ChangelogPreHook {
        Reading(SchemaMigrator migrator, String changelog, ClassLoader resources) {
            super(migrator, changelog, resources);
        }
    }
}
