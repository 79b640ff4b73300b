package fr.preau.store.internal;

import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shuts the embedded Derby engine down cleanly when the box stops, so the next boot does not
 * replay the transaction logs.
 * <p>
 * <b>Only when the framework itself is stopping.</b> The engine is shared by every concern's
 * pax-jdbc DataSource; shutting it down because this bundle is updated or refreshed would break
 * their open connections (and Derby's own bundle also shuts the engine down when it stops).
 * <p>
 * Derby is optional: a site on PostgreSQL has no Derby bundle. The driver is looked up by name
 * through a {@code DynamicImport-Package} of {@code org.apache.derby.jdbc}, and used directly (not
 * through {@code DriverManager}, whose caller check cannot see Derby's internal driver class).
 */
@Component(immediate = true, service = {}, configurationPid = "fr.preau.store.derby")
@Designate(ocd = DerbyShutdown.Config.class)
public final class DerbyShutdown {

    @ObjectClassDefinition(name = "Préau – arrêt de Derby")
    public @interface Config {
        @AttributeDefinition(description = "Shut the embedded Derby engine down cleanly when the box stops")
        boolean enabled() default true;
    }

    static final String DRIVER = "org.apache.derby.jdbc.EmbeddedDriver";
    static final String SHUTDOWN_URL = "jdbc:derby:;shutdown=true";
    /** SQLState of a successful engine shutdown. */
    static final String SHUTDOWN_OK = "XJ015";

    private static final Logger LOG = LoggerFactory.getLogger(DerbyShutdown.class);

    private final boolean enabled;
    private final BooleanSupplier boxStopping;
    private final ClassLoader loader;

    @Activate
    public DerbyShutdown(BundleContext context, Config config) {
        this(config.enabled(), () -> frameworkStopping(context), DerbyShutdown.class.getClassLoader());
    }

    DerbyShutdown(boolean enabled, BooleanSupplier boxStopping, ClassLoader loader) {
        this.enabled = enabled;
        this.boxStopping = boxStopping;
        this.loader = loader;
    }

    @Deactivate
    void deactivate() {
        if (!enabled) {
            return;
        }
        if (!boxStopping.getAsBoolean()) {
            LOG.debug("Framework not stopping: leaving the Derby engine to its DataSources");
            return;
        }
        shutdown();
    }

    /** @return true when Derby was present and reported a clean shutdown */
    boolean shutdown() {
        Driver driver;
        try {
            driver = (Driver) loader.loadClass(DRIVER).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            LOG.debug("Derby is not installed: nothing to shut down");
            return false;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Could not load the Derby driver to shut the engine down: {}", e.toString());
            return false;
        }
        try {
            driver.connect(SHUTDOWN_URL, new Properties());
            LOG.warn("Derby engine shutdown returned without its confirmation");
            return false;
        } catch (SQLException e) {
            if (SHUTDOWN_OK.equals(e.getSQLState())) {
                LOG.info("Derby engine shut down cleanly");
                return true;
            }
            LOG.warn("Derby engine shutdown failed (SQLState {})", e.getSQLState());
            return false;
        }
    }

    private static boolean frameworkStopping(BundleContext context) {
        try {
            Bundle system = context.getBundle(0);
            return system == null || (system.getState() & (Bundle.STOPPING | Bundle.RESOLVED)) != 0;
        } catch (IllegalStateException contextNoLongerValid) {
            return true;
        }
    }
}
