package fr.preau.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.store.SchemaMigrator;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Dictionary;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ops4j.pax.jdbc.hook.PreHook;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleWiring;

/**
 * {@link SchemaMigrator#publish}: the hook is registered from the migrator's own thread (where
 * pax-jdbc-config then runs it), under the concern's bundle, with its name, reading the changelog
 * through the concern bundle's class loader; closing withdraws or cancels it.
 */
class SchemaHookPublishingTest {

    private final LiquibaseSchemaMigrator migrator = new LiquibaseSchemaMigrator(1, true);
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final CountDownLatch registered = new CountDownLatch(1);
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    private volatile PreHook hook;
    private volatile Dictionary<String, ?> properties;
    private volatile CountDownLatch holdRegistration = new CountDownLatch(0);

    @AfterEach
    void stop() {
        migrator.deactivate();
    }

    @Test
    void theHookIsRegisteredFromTheSchemaThreadAndMigratesWithTheConcernsClassLoader() throws Exception {
        SchemaMigrator.Registration registration = migrator.publish(concern(), "preau-test", "fr/preau/store/test/changelog.xml");
        assertTrue(registered.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("register preau-test on preau-schema"), events);
        assertEquals("preau-test", properties.get(PreHook.KEY_NAME));

        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:hook-" + System.nanoTime());
        ds.setCreateDatabase("create");
        hook.prepare(ds); // what pax-jdbc-config does before publishing the DataSource
        try (Connection c = ds.getConnection(); ResultSet rs = c.getMetaData().getTables(null, null, "WIDGET", null)) {
            assertTrue(rs.next(), "the concern's changelog ran");
        }

        registration.close();
        registration.close();
        assertEquals(List.of("register preau-test on preau-schema", "unregister"), events);
    }

    @Test
    void aHookClosedBeforeOrWhileItIsPublishedDoesNotStayRegistered() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        holdRegistration = hold;
        BundleContext context = concern();
        SchemaMigrator.Registration kept = migrator.publish(context, "kept", "fr/preau/store/test/changelog.xml");
        SchemaMigrator.Registration closed = migrator.publish(context, "closed", "fr/preau/store/test/changelog.xml");
        closed.close(); // its thread has not registered it yet (registrations are held)
        hold.countDown();
        for (int i = 0; i < 250 && !live.contains("kept"); i++) {
            Thread.sleep(20);
        }
        Thread.sleep(100);
        assertEquals(Set.of("kept"), Set.copyOf(live));
        kept.close();
        assertEquals(Set.of(), Set.copyOf(live));
    }

    @Test
    void databasesAreMigratedSideBySideButTheirDataSourcesArePublishedOneAtATime() throws Exception {
        ClassLoader loader = getClass().getClassLoader();
        BundleWiring wiring = proxy(BundleWiring.class, (name, args) -> "getClassLoader".equals(name) ? loader : null);
        Bundle bundle = proxy(Bundle.class, (name, args) -> "adapt".equals(name) && args[0] == BundleWiring.class ? wiring : null);
        List<String> steps = new CopyOnWriteArrayList<>();
        CountDownLatch published = new CountDownLatch(3);
        BundleContext context = proxy(BundleContext.class, (name, args) -> {
            if ("getBundle".equals(name)) {
                return bundle;
            }
            if (!"registerService".equals(name)) {
                return null;
            }
            // what pax-jdbc-config does in the registering thread: run the hook, then publish the DataSource
            String hookName = (String) ((Dictionary<?, ?>) args[2]).get(PreHook.KEY_NAME);
            EmbeddedDataSource ds = new EmbeddedDataSource();
            ds.setDatabaseName("memory:publish-" + hookName + "-" + System.nanoTime());
            ds.setCreateDatabase("create");
            ((PreHook) args[1]).prepare(ds);
            steps.add("publish " + hookName);
            Thread.sleep(1000); // the components waiting for the DataSource activate (longer than a migration)
            steps.add("published " + hookName);
            published.countDown();
            return proxy(ServiceRegistration.class, (method, none) -> null);
        });
        for (String name : List.of("a", "b", "c")) {
            migrator.publish(context, name, "fr/preau/store/test/changelog.xml");
        }
        assertTrue(published.await(60, TimeUnit.SECONDS));
        assertEquals(6, steps.size());
        for (int i = 0; i < 6; i += 2) {
            String hookName = steps.get(i).substring("publish ".length());
            assertEquals("published " + hookName, steps.get(i + 1), "publications never overlap: " + steps);
        }
    }

    /** A concern bundle whose class loader holds fr/preau/store/test/changelog.xml (this test's resources). */
    private BundleContext concern() {
        ClassLoader loader = getClass().getClassLoader();
        BundleWiring wiring = proxy(BundleWiring.class, (name, args) -> "getClassLoader".equals(name) ? loader : null);
        Bundle bundle = proxy(Bundle.class, (name, args) -> "adapt".equals(name) && args[0] == BundleWiring.class ? wiring : null);
        return proxy(BundleContext.class, (name, args) -> {
            switch (name) {
                case "getBundle":
                    return bundle;
                case "registerService":
                    try {
                        holdRegistration.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    hook = (PreHook) args[1];
                    @SuppressWarnings("unchecked")
                    Dictionary<String, ?> props = (Dictionary<String, ?>) args[2];
                    properties = props;
                    events.add("register " + props.get(PreHook.KEY_NAME) + " on " + Thread.currentThread().getName().replaceAll("-\\d+$", ""));
                    String hookName = (String) props.get(PreHook.KEY_NAME);
                    live.add(hookName);
                    registered.countDown();
                    return proxy(ServiceRegistration.class, (method, none) -> {
                        if ("unregister".equals(method)) {
                            events.add("unregister");
                            live.remove(hookName);
                        }
                        return null;
                    });
                default:
                    return null;
            }
        });
    }

    interface Answer {
        Object answer(String method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return "equals".equals(method.getName()) ? p == args[0]
                                : "hashCode".equals(method.getName()) ? System.identityHashCode(p) : type.getSimpleName();
                    }
                    return answer.answer(method.getName(), args);
                }));
    }
}
