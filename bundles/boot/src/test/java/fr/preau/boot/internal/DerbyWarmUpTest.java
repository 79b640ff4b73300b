package fr.preau.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

class DerbyWarmUpTest {

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, java.lang.reflect.InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(DerbyWarmUpTest.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static Bundle bundle(String name, int state, AtomicReference<String> loaded) {
        return fake(Bundle.class, (p, m, a) -> switch (m.getName()) {
            case "getSymbolicName" -> name;
            case "getState" -> state;
            case "loadClass" -> {
                // not the real driver: the warm-up thread then stops at once, and never races the test
                // that boots the engine on the same in-memory database
                loaded.set((String) a[0]);
                yield Object.class;
            }
            default -> null;
        });
    }

    private static BundleContext context(Map<String, String> properties, Bundle... bundles) {
        return fake(BundleContext.class, (p, m, a) -> switch (m.getName()) {
            case "getProperty" -> properties.get((String) a[0]);
            case "getBundles" -> bundles;
            default -> null;
        });
    }

    @Test
    void bootsTheEngineOnAnInMemoryDatabaseAndDropsIt(@TempDir Path home) throws Exception {
        String previous = System.getProperty("derby.system.home");
        System.setProperty("derby.system.home", home.toString());
        try {
            Driver driver = (Driver) Class.forName(DerbyWarmUp.DRIVER).getDeclaredConstructor().newInstance();
            DerbyWarmUp.warmUp(driver);
            // the database is gone, and nothing but Derby's own log was written
            SQLException gone = assertThrows(SQLException.class, () -> driver.connect(DerbyWarmUp.DATABASE, new Properties()));
            assertEquals("XJ004", gone.getSQLState(), gone.getMessage());
            try (var files = Files.list(home)) {
                assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(f -> !f.equals("derby.log")).toList());
            }
            // the engine stays up for the real databases
            try (Connection c = driver.connect("jdbc:derby:memory:after;create=true", new Properties());
                    ResultSet rs = c.createStatement().executeQuery("VALUES 1")) {
                assertTrue(rs.next());
            }
            driver.connect("jdbc:derby:memory:after;drop=true", new Properties());
        } catch (SQLException dropped) {
            assertEquals("08006", dropped.getSQLState());
        } finally {
            if (previous == null) {
                System.clearProperty("derby.system.home");
            } else {
                System.setProperty("derby.system.home", previous);
            }
        }
    }

    @Test
    void startsOnlyWithTheEngineBundleAndWhenNotTurnedOff() throws Exception {
        AtomicReference<String> loaded = new AtomicReference<>();
        assertFalse(DerbyWarmUp.start(context(Map.of(), bundle("org.postgresql.jdbc", Bundle.RESOLVED, loaded))), "no Derby: nothing");
        assertFalse(DerbyWarmUp.start(context(Map.of(DerbyWarmUp.DISABLE, "false"), bundle("derby", Bundle.RESOLVED, loaded))));
        assertFalse(DerbyWarmUp.start(context(Map.of(), bundle("derby", Bundle.INSTALLED, loaded))), "unresolved engine: nothing");
        assertTrue(DerbyWarmUp.start(context(Map.of(), bundle("derby", Bundle.RESOLVED, loaded))));
        for (int i = 0; i < 100 && loaded.get() == null; i++) {
            Thread.sleep(50);
        }
        assertEquals(DerbyWarmUp.DRIVER, loaded.get(), "the driver comes from the engine's bundle");
    }
}
