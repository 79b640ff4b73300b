package fr.preau.store.testing;

import fr.preau.store.SchemaMigrator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.osgi.framework.BundleContext;

/**
 * A {@link SchemaMigrator} for a concern's schema-component test: records what the component
 * publishes ({@code hook name}, {@code changelog}) and when it withdraws it ({@code "closed"});
 * migrating directly is a test failure (the published hook does that, inside the box).
 */
public final class RecordingMigrator implements SchemaMigrator {

    /** hook name, changelog, then "closed" once the registration is closed. */
    public final List<Object> calls = new CopyOnWriteArrayList<>();

    @Override
    public void migrate(DataSource dataSource, String changelog, ClassLoader resources) {
        throw new AssertionError("the hook runs the migration, not the component");
    }

    @Override
    public Registration publish(BundleContext context, String hookName, String changelog) {
        calls.add(hookName);
        calls.add(changelog);
        return () -> calls.add("closed");
    }
}
