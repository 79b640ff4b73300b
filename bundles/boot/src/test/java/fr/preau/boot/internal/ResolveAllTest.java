package fr.preau.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.FrameworkWiring;

class ResolveAllTest {

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, java.lang.reflect.InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(ResolveAllTest.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    @Test
    void resolvesEveryInstalledBundleInOneCall() {
        List<String> calls = new ArrayList<>();
        FrameworkWiring wiring = fake(FrameworkWiring.class, (p, m, a) -> {
            calls.add(m.getName() + Arrays.toString(a));
            return Boolean.TRUE;
        });
        Bundle system = fake(Bundle.class, (p, m, a) -> "adapt".equals(m.getName()) && a[0] == FrameworkWiring.class ? wiring : null);
        BundleContext context = fake(BundleContext.class, (p, m, a) -> "getBundle".equals(m.getName()) && a != null && a.length == 1 && Long.valueOf(0).equals(a[0]) ? system : null);

        new ResolveAll().start(context);

        assertEquals(List.of("resolveBundles[null]"), calls);
    }
}
