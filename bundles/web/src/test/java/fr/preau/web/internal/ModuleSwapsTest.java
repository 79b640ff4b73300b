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

    @Test
    void aModuleBeingWithdrawnFinishesTheRequestsItHadBegunAndTakesNoNewOne() throws Exception {
        BundleContext context = mock(BundleContext.class);
        when(context.createFilter(anyString())).thenReturn(mock(Filter.class));
        ModuleRoutes routes = new ModuleRoutes(context);
        Object v1 = new ModuleRoutesRankingTest.Module();
        ModuleRoutes.Route r1 = routes.add(context, ModuleRoutesRankingTest.reference(context, v1, 0));

        // a request thread reaches version 1 and is still inside it
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch finish = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<Object> request = CompletableFuture.supplyAsync(() -> {
            Object served = routes.awaitResource("search").orElseThrow();
            inside.countDown();
            try {
                finish.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ModuleRoutes.endRequest(); // the response is written
            return served;
        });
        assertTrue(inside.await(5, TimeUnit.SECONDS));

        try (ModuleSwaps.Window w = routes.begin(Duration.ofSeconds(30))) {
            // the module's bundle stops: its withdrawal waits for the request
            CompletableFuture<Void> withdrawal = CompletableFuture.runAsync(() -> routes.remove(context, r1));
            Thread.sleep(300);
            assertTrue(!withdrawal.isDone(), "version 1 stays while a request is inside it");
            // meanwhile a new request no longer reaches version 1: it waits for version 2
            CompletableFuture<Optional<Object>> next = CompletableFuture.supplyAsync(() -> {
                Optional<Object> found = routes.awaitResource("search");
                ModuleRoutes.endRequest();
                return found;
            });
            Thread.sleep(100);
            assertTrue(!next.isDone(), "a new request does not enter the version being withdrawn");
            finish.countDown();
            assertSame(v1, request.get(5, TimeUnit.SECONDS));
            withdrawal.get(5, TimeUnit.SECONDS);
            Object v2 = new ModuleRoutesRankingTest.Module();
            routes.add(context, ModuleRoutesRankingTest.reference(context, v2, 0));
            assertSame(v2, next.get(5, TimeUnit.SECONDS).orElseThrow());
        }
        routes.deactivate();
    }

    @Test
    void aRequestThatNeverEndsHoldsTheWithdrawalOnlyUntilTheDrainTimeout() {
        ModuleRoutes.Route route = new ModuleRoutes.Route("search", new ModuleRoutesRankingTest.Module(), null);
        route.inFlight().incrementAndGet();
        long start = System.nanoTime();
        assertTrue(!ModuleRoutes.drained(route, Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - start >= 150_000_000L);
        route.inFlight().decrementAndGet();
        assertTrue(ModuleRoutes.drained(route, Duration.ofMillis(200)));
    }

    @Test
    void aRequestWithdrawingTheModuleItCameThroughDoesNotWaitForItself() throws Exception {
        BundleContext context = mock(BundleContext.class);
        when(context.createFilter(anyString())).thenReturn(mock(Filter.class));
        ModuleRoutes routes = new ModuleRoutes(context);
        ModuleRoutes.Route r1 = routes.add(context, ModuleRoutesRankingTest.reference(context, new ModuleRoutesRankingTest.Module(), 0));
        CompletableFuture<Long> took = CompletableFuture.supplyAsync(() -> {
            routes.awaitResource("search").orElseThrow();
            long start = System.nanoTime();
            routes.remove(context, r1); // e.g. the module's own request uninstalls it
            long ms = (System.nanoTime() - start) / 1_000_000;
            ModuleRoutes.endRequest();
            return ms;
        });
        assertTrue(took.get(10, TimeUnit.SECONDS) < 5_000, "no wait for its own request");
        assertTrue(routes.awaitResource("search").isEmpty());
        routes.deactivate();
    }
}
