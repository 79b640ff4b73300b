package fr.preau.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.FrameworkWiring;

class ResolveAllTest {

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, java.lang.reflect.InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(ResolveAllTest.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    @Test
    void resolvesEveryInstalledBundleInOneCallThenMakesTheFirstCertificate(@TempDir Path data) {
        List<String> calls = new ArrayList<>();
        FrameworkWiring wiring = fake(FrameworkWiring.class, (p, m, a) -> {
            calls.add(m.getName() + Arrays.toString(a));
            return Boolean.TRUE;
        });
        Bundle system = fake(Bundle.class, (p, m, a) -> "adapt".equals(m.getName()) && a[0] == FrameworkWiring.class ? wiring : null);
        BundleContext context = fake(BundleContext.class, (p, m, a) -> "getBundle".equals(m.getName()) && a != null && a.length == 1 && Long.valueOf(0).equals(a[0]) ? system : null);

        String previous = System.getProperty("karaf.data");
        System.setProperty("karaf.data", data.toString());
        try {
            new ResolveAll().start(context);
        } finally {
            if (previous == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", previous);
            }
        }

        assertEquals(List.of("resolveBundles[null]"), calls);
        assertTrue(Files.isRegularFile(data.resolve("preau/tls/keystore.p12")));
    }
}
