package fr.preau.web.internal;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import fr.preau.web.ModuleSwaps;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.ServiceReference;

/** While a module is replaced in place, a request to it waits for the new version instead of failing. */
class ModuleSwapsTest {

    @Test
    void anAbsentModuleIsWaitedForOnlyWhileAWindowIsOpen() throws Exception {
        BundleContext context = mock(BundleContext.class);
        when(context.createFilter(anyString())).thenReturn(mock(Filter.class));
        ModuleRoutes routes = new ModuleRoutes(context);
        Object v1 = new ModuleRoutesRankingTest.Module();
        ServiceReference<Object> first = ModuleRoutesRankingTest.reference(context, v1, 0);
        ModuleRoutes.Route r1 = routes.add(context, first);

        // outside a window: absent means 404 at once
        routes.remove(context, r1);
        assertTrue(routes.awaitResource("search").isEmpty());

        // inside a window: the request waits for the new version
        Object v2 = new ModuleRoutesRankingTest.Module();
        ServiceReference<Object> second = ModuleRoutesRankingTest.reference(context, v2, 0);
        try (ModuleSwaps.Window w = routes.begin(Duration.ofSeconds(30))) {
            CompletableFuture<Optional<Object>> waiting = CompletableFuture.supplyAsync(() -> routes.awaitResource("search"));
            Thread.sleep(200);
            assertTrue(!waiting.isDone(), "still waiting while the module is away");
            routes.add(context, second);
            assertSame(v2, waiting.get(5, TimeUnit.SECONDS).orElseThrow());

            // an address no module comes back to is answered when the window closes
            CompletableFuture<Optional<Object>> unknown = CompletableFuture.supplyAsync(() -> routes.awaitResource("nothing"));
            Thread.sleep(100);
            w.close();
            assertTrue(unknown.get(5, TimeUnit.SECONDS).isEmpty());
        }

        // a window closes by itself at its end
        routes.begin(Duration.ofMillis(200));
        assertTrue(CompletableFuture.supplyAsync(() -> routes.awaitResource("nothing")).get(5, TimeUnit.SECONDS).isEmpty());
        routes.deactivate();
    }
}
