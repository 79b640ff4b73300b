package fr.preau.store;

import java.sql.SQLException;
import java.util.Hashtable;
import java.util.Map;
import javax.sql.DataSource;
import org.ops4j.pax.jdbc.hook.PreHook;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.annotation.versioning.ProviderType;

/** Runs a concern's Liquibase changelog against its DataSource. */
@ProviderType
public interface SchemaMigrator {

    /**
     * Brings the schema of {@code dataSource} up to the latest change set of {@code changelog}.
     * Idempotent; safe to call on every start. Changelogs use portable SQL only (Derby and
     * PostgreSQL must both accept them).
     *
     * @param dataSource the concern's database
     * @param changelog  resource path of the master changelog, e.g. {@code fr/preau/cahier/db/changelog.xml}
     * @param resources  class loader that sees the changelog (the concern's bundle class loader)
     * @throws SQLException when the migration fails; the database is left as the last complete change set left it
     */
    void migrate(DataSource dataSource, String changelog, ClassLoader resources) throws SQLException;

    /**
     * Publishes, for the bundle of {@code context}, the pax-jdbc {@code PreHook} named {@code hookName}
     * (the {@code ops4j.preHook} of the concern's DataSource configuration) that migrates
     * {@code changelog}, read through that bundle's class loader.
     * <p>
     * The hook is registered from the migrator's own thread, not the caller's: pax-jdbc-config runs
     * a hook in the thread that completes its DataSource's requirements, so migrations run there,
     * one at a time, instead of holding Configuration Admin's only update thread (which every other
     * configured service, the web server's first, waits for) or the framework's start-level thread.
     * A concern calls this from its schema component's activation and closes the returned
     * registration on deactivation:
     * <pre>
     * &#64;Component(immediate = true)
     * public final class CahierSchema {
     *     private final SchemaMigrator.Registration hook;
     *     &#64;Activate
     *     public CahierSchema(BundleContext context, &#64;Reference(name = "migrator") SchemaMigrator migrator) {
     *         hook = migrator.publish(context, "preau-cahier", "fr/preau/cahier/db/changelog.xml");
     *     }
     *     &#64;Deactivate
     *     void deactivate() {
     *         hook.close();
     *     }
     * }
     * </pre>
     *
     * @param context   the concern bundle's context: the hook is that bundle's service
     * @param hookName  the hook's {@code name} service property
     * @param changelog resource path of the master changelog in that bundle
     * @return the registration; closing it withdraws the hook (or cancels it if not yet published)
     */
    default Registration publish(BundleContext context, String hookName, String changelog) {
        // the plain way, in the caller's thread; the box's migrator overrides it with its own thread
        ClassLoader resources = context.getBundle().adapt(BundleWiring.class).getClassLoader();
        PreHook hook = ChangelogPreHook.of(this, changelog, resources);
        ServiceRegistration<PreHook> registered = context.registerService(PreHook.class, hook,
                new Hashtable<>(Map.of(PreHook.KEY_NAME, hookName)));
        return () -> {
            try {
                registered.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping: the framework withdrew the hook already
            }
        };
    }

    /** A published schema hook. */
    @ProviderType
    interface Registration extends AutoCloseable {
        /** Withdraws the hook; idempotent. */
        @Override
        void close();
    }
}
