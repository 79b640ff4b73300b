package fr.preau.boot.internal;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Boots the embedded Derby engine while Karaf starts everything else.
 * <p>
 * The engine's first boot (loading a few hundred classes, starting its services) and the first
 * statement it compiles take about a second on a small box, and they used to happen inside the
 * first schema migration, on the path to "ready". Done here, on its own thread from start level 2,
 * they overlap with the start of Jetty, CXF and the rest; the databases then open in an engine
 * already running. The warm-up uses a throw-away in-memory database: nothing is written to disk.
 * <p>
 * Derby is looked up by bundle (a site on PostgreSQL has none: nothing happens); its driver class
 * comes from the engine's own class loader, as {@code fr.preau.store}'s shutdown does. Set the
 * framework property {@value #DISABLE} to {@code false} to turn it off.
 */
final class DerbyWarmUp implements Runnable {

    static final String DISABLE = "preau.derby.warmup";
    static final String ENGINE_BUNDLE = "derby";
    static final String DRIVER = "org.apache.derby.jdbc.EmbeddedDriver";
    static final String DATABASE = "jdbc:derby:memory:preau-warmup";

    private final Bundle engine;

    private DerbyWarmUp(Bundle engine) {
        this.engine = engine;
    }

    /** Starts the warm-up on a daemon thread if Derby is installed and the warm-up is wanted. */
    static boolean start(BundleContext context) {
        if ("false".equalsIgnoreCase(context.getProperty(DISABLE))) {
            return false;
        }
        Bundle[] bundles = context.getBundles();
        if (bundles == null) {
            return false;
        }
        for (Bundle b : bundles) {
            if (ENGINE_BUNDLE.equals(b.getSymbolicName()) && (b.getState() & (Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE)) != 0) {
                Thread t = new Thread(new DerbyWarmUp(b), "preau-derby-warmup");
                t.setDaemon(true);
                t.setPriority(Thread.NORM_PRIORITY - 1);
                t.start();
                return true;
            }
        }
        return false;
    }

    @Override
    public void run() {
        try {
            Driver driver = (Driver) engine.loadClass(DRIVER).getDeclaredConstructor().newInstance();
            warmUp(driver);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // only an optimisation: the databases boot the engine themselves
        }
    }

    /** Creates the in-memory database, compiles and runs a statement, drops the database. */
    static void warmUp(Driver driver) {
        try (Connection c = driver.connect(DATABASE + ";create=true", new Properties());
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE warm_up (id INTEGER PRIMARY KEY, label VARCHAR(32))");
            s.execute("INSERT INTO warm_up VALUES (1, 'préau')");
            s.executeQuery("SELECT label FROM warm_up WHERE id = 1").close();
        } catch (SQLException e) {
            // only an optimisation
        }
        try {
            driver.connect(DATABASE + ";drop=true", new Properties());
        } catch (SQLException dropped) {
            // Derby reports a dropped database as an SQLException (08006)
        }
    }
}
