package fr.preau.web.internal;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;

/** Two claims on one segment: the higher service.ranking answers, the other takes over when it leaves. */
class ModuleRoutesRankingTest {

    @Path("search")
    public static class Fallback {
        @GET
        public String search() {
            return "fallback";
        }
    }

    @Path("search")
    public static class Module {
        @GET
        public String search() {
            return "module";
        }
    }

    @SuppressWarnings("unchecked")
    static ServiceReference<Object> reference(BundleContext context, Object resource, int ranking) {
        ServiceReference<Object> ref = mock(ServiceReference.class);
        Bundle bundle = mock(Bundle.class);
        when(bundle.getSymbolicName()).thenReturn("b" + ranking);
        when(ref.getBundle()).thenReturn(bundle);
        when(ref.getProperty("service.ranking")).thenReturn(ranking);
        ServiceObjects<Object> objects = mock(ServiceObjects.class);
        when(objects.getService()).thenReturn(resource);
        when(context.getServiceObjects(ref)).thenReturn(objects);
        return ref;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theHigherRankingAnswersAndTheOtherWaitsInReserve() throws Exception {
        BundleContext context = mock(BundleContext.class);
        when(context.createFilter(anyString())).thenReturn(mock(Filter.class));
        ModuleRoutes routes = new ModuleRoutes(context);
        Object fallback = new Fallback();
        Object module = new Module();
        ServiceReference<Object> low = reference(context, fallback, -1000);
        ServiceReference<Object> high = reference(context, module, 0);
        when(high.compareTo(any())).thenAnswer(i -> i.getArgument(0) == low ? 1 : 0);
        when(low.compareTo(any())).thenAnswer(i -> i.getArgument(0) == high ? -1 : 0);

        ModuleRoutes.Route f = routes.add(context, low);
        assertSame(fallback, routes.resource("search").orElseThrow());
        ModuleRoutes.Route m = routes.add(context, high);
        assertSame(module, routes.resource("search").orElseThrow(), "the module takes the path over");
        routes.remove(context, m);
        assertSame(fallback, routes.resource("search").orElseThrow(), "the fallback answers again");
        routes.remove(context, f);
        assertTrue(routes.resource("search").isEmpty());

        // the other order: the module first, the fallback stays in reserve
        m = routes.add(context, high);
        routes.add(context, low);
        assertSame(module, routes.resource("search").orElseThrow());
        routes.deactivate();
    }
}
