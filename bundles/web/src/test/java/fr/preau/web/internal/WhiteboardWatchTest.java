package fr.preau.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import fr.preau.web.PreauApi;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.ExtensionDTO;
import org.osgi.service.jaxrs.runtime.dto.FailedApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.FailedExtensionDTO;
import org.osgi.service.jaxrs.runtime.dto.FailedResourceDTO;
import org.osgi.service.jaxrs.runtime.dto.ResourceDTO;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;
import org.osgi.util.promise.Promise;

class WhiteboardWatchTest {

    private WhiteboardWatch watch;

    @AfterEach
    void close() {
        if (watch != null) {
            watch.deactivate();
        }
    }

    @Test
    void theWhiteboardKnowsEveryServiceItServesOrRefused() {
        RuntimeDTO dto = runtime(
                app(1, new long[] {10, 11}, new long[] {12}),
                app(2, new long[] {20}, new long[0]));
        dto.failedApplicationDTOs = new FailedApplicationDTO[] {failedApp(30)};
        dto.failedResourceDTOs = new FailedResourceDTO[] {failedResource(31)};
        dto.failedExtensionDTOs = new FailedExtensionDTO[] {failedExtension(32)};

        assertEquals(Set.of(1L, 10L, 11L, 12L, 2L, 20L, 30L, 31L, 32L), WhiteboardWatch.known(dto));
        assertTrue(WhiteboardWatch.known(new RuntimeDTO()).isEmpty());
        assertTrue(WhiteboardWatch.known(null).isEmpty());
    }

    @Test
    void aResourceIsLostOnlyWhenMissingAtEnoughChecksInARow() {
        WhiteboardWatch.Takeup takeup = new WhiteboardWatch.Takeup(2);
        assertEquals(Set.of(), takeup.lost(Set.of(1L, 2L), Set.of(1L)), "first miss: maybe being taken up");
        assertEquals(Set.of(2L), takeup.lost(Set.of(1L, 2L), Set.of(1L)));
        assertEquals(Set.of(), takeup.lost(Set.of(1L, 3L), Set.of(1L)), "2 is gone, 3 only missed once");
        assertEquals(Set.of(), takeup.lost(Set.of(1L, 3L), Set.of(1L, 3L)), "3 arrived");
        assertEquals(Set.of(), takeup.lost(Set.of(1L, 3L), Set.of(1L)), "a new miss starts over");
    }

    @Test
    void aLostResourceIsRegisteredAgainThroughItsComponentAndOnlyAFewTimes() throws Exception {
        Bundle admin = bundle("fr.preau.admin");
        ServiceReference<Object> modules = ref(admin, 40, "fr.preau.admin.internal.ModulesResource", PreauApi.SELECT);
        ServiceReference<Object> health = ref(bundle("fr.preau.web"), 41, "fr.preau.web.internal.HealthResource", PreauApi.SELECT);
        ServiceReference<Object> cahier = ref(bundle("fr.preau.cahier"), 42, "fr.preau.cahier.internal.CahierResource", PreauApi.MODULES);
        ServiceReference<Object> foreign = ref(bundle("org.example.other"), 43, "org.example.Foreign", null);
        JaxrsServiceRuntime runtime = mock(JaxrsServiceRuntime.class);
        // the whiteboard serves health, never saw the modules resource; cahier and the foreign one are none of our business
        when(runtime.getRuntimeDTO()).thenReturn(runtime(app(1, new long[] {41}, new long[0])));
        ServiceComponentRuntime scr = mock(ServiceComponentRuntime.class);
        ComponentDescriptionDTO description = new ComponentDescriptionDTO();
        when(scr.getComponentDescriptionDTO(admin, "fr.preau.admin.internal.ModulesResource")).thenReturn(description);
        @SuppressWarnings("unchecked")
        Promise<Void> done = mock(Promise.class);
        when(scr.disableComponent(description)).thenReturn(done);
        when(scr.enableComponent(description)).thenReturn(done);

        BundleContext context = context(modules, health, cahier, foreign);
        watch = new WhiteboardWatch(context, scr, runtime, false);
        ArgumentCaptor<FrameworkListener> listener = ArgumentCaptor.forClass(FrameworkListener.class);
        verify(context).addFrameworkListener(listener.capture());

        assertTrue(watch.problem().isEmpty(), "nothing to check without an error of the whiteboard");
        listener.getValue().frameworkEvent(new FrameworkEvent(FrameworkEvent.ERROR, bundle("org.example.other"), null));
        assertTrue(watch.problem().isEmpty(), "another bundle's error is none of our business");
        verify(runtime, never()).getRuntimeDTO();

        listener.getValue().frameworkEvent(new FrameworkEvent(FrameworkEvent.ERROR,
                bundle(WhiteboardWatch.WHITEBOARD_BUNDLE), new java.util.ConcurrentModificationException()));
        assertTrue(watch.problem().isEmpty(), "an error alone does not make the health flap");
        for (int i = 1; i < WhiteboardWatch.MISSES; i++) {
            watch.check();
            verify(scr, never()).disableComponent(any());
            assertTrue(watch.problem().isEmpty(), "maybe still being taken up");
        }
        watch.check();
        assertEquals("the JAX-RS whiteboard lost fr.preau.admin.internal.ModulesResource (service 40) (registering again)",
                watch.problem().orElseThrow());
        verify(scr).disableComponent(description);
        verify(scr).enableComponent(description);
        for (int i = 0; i < 10; i++) {
            watch.check();
        }
        verify(scr, times(WhiteboardWatch.MAX_REPAIRS)).disableComponent(description);

        when(runtime.getRuntimeDTO()).thenReturn(runtime(app(1, new long[] {40, 41}, new long[0])));
        watch.check();
        assertTrue(watch.problem().isEmpty(), "taken up at last");
    }

    @Test
    void aComparisonThatFailsIsTriedAgainAndNeverLeavesTheBoxNotReadyForEver() throws Exception {
        Bundle web = bundle("fr.preau.web");
        ServiceReference<Object> health = ref(web, 41, "fr.preau.web.internal.HealthResource", PreauApi.SELECT);
        JaxrsServiceRuntime runtime = mock(JaxrsServiceRuntime.class);
        // the whiteboard, busy, throws while building its DTO (seen at a boot of the Debian package), then answers
        when(runtime.getRuntimeDTO()).thenThrow(new NullPointerException("array is null"))
                .thenReturn(runtime(app(1, new long[] {41}, new long[0])));
        BundleContext context = context(health);
        watch = new WhiteboardWatch(context, mock(ServiceComponentRuntime.class), runtime, false);
        ArgumentCaptor<FrameworkListener> listener = ArgumentCaptor.forClass(FrameworkListener.class);
        verify(context).addFrameworkListener(listener.capture());
        listener.getValue().frameworkEvent(new FrameworkEvent(FrameworkEvent.ERROR, bundle(WhiteboardWatch.WHITEBOARD_BUNDLE), null));

        watch.check();
        assertTrue(watch.problem().isEmpty(), "a failed comparison proves no loss");
        watch.check();
        assertTrue(watch.problem().isEmpty(), "compared at the second try: nothing lost");
        verify(runtime, times(2)).getRuntimeDTO();

        when(runtime.getRuntimeDTO()).thenThrow(new IllegalStateException("busy"));
        listener.getValue().frameworkEvent(new FrameworkEvent(FrameworkEvent.ERROR, bundle(WhiteboardWatch.WHITEBOARD_BUNDLE), null));
        for (int i = 0; i < WhiteboardWatch.MAX_CHECKS; i++) {
            watch.check();
        }
        assertTrue(watch.problem().isEmpty(), "a whiteboard that never answers does not keep the box not ready for ever");
    }

    private static BundleContext context(ServiceReference<?>... refs) throws Exception {
        BundleContext context = mock(BundleContext.class);
        Filter filter = mock(Filter.class);
        when(filter.toString()).thenReturn("(osgi.jaxrs.resource=true)");
        when(context.createFilter(anyString())).thenReturn(filter);
        when(context.getAllServiceReferences(any(), anyString())).thenReturn(refs);
        return context;
    }

    private static Bundle bundle(String name) {
        Bundle b = mock(Bundle.class);
        when(b.getSymbolicName()).thenReturn(name);
        return b;
    }

    @SuppressWarnings("unchecked")
    private static ServiceReference<Object> ref(Bundle bundle, long id, String component, String select) {
        ServiceReference<Object> ref = mock(ServiceReference.class);
        when(ref.getBundle()).thenReturn(bundle);
        Map<String, Object> props = new java.util.HashMap<>(Map.of(Constants.SERVICE_ID, id,
                ComponentConstants.COMPONENT_NAME, component, "osgi.jaxrs.resource", "true"));
        if (select != null) {
            props.put("osgi.jaxrs.application.select", select);
        }
        when(ref.getProperty(anyString())).thenAnswer(a -> props.get(a.getArgument(0, String.class)));
        when(ref.compareTo(any())).thenAnswer(a -> Long.compare(id,
                (Long) ((ServiceReference<?>) a.getArgument(0)).getProperty(Constants.SERVICE_ID)));
        return ref;
    }

    private static RuntimeDTO runtime(ApplicationDTO... apps) {
        RuntimeDTO dto = new RuntimeDTO();
        dto.applicationDTOs = apps;
        return dto;
    }

    private static ApplicationDTO app(long id, long[] resources, long[] extensions) {
        ApplicationDTO app = new ApplicationDTO();
        app.serviceId = id;
        app.resourceDTOs = new ResourceDTO[resources.length];
        for (int i = 0; i < resources.length; i++) {
            app.resourceDTOs[i] = new ResourceDTO();
            app.resourceDTOs[i].serviceId = resources[i];
        }
        app.extensionDTOs = new ExtensionDTO[extensions.length];
        for (int i = 0; i < extensions.length; i++) {
            app.extensionDTOs[i] = new ExtensionDTO();
            app.extensionDTOs[i].serviceId = extensions[i];
        }
        return app;
    }

    private static FailedApplicationDTO failedApp(long id) {
        FailedApplicationDTO d = new FailedApplicationDTO();
        d.serviceId = id;
        return d;
    }

    private static FailedResourceDTO failedResource(long id) {
        FailedResourceDTO d = new FailedResourceDTO();
        d.serviceId = id;
        return d;
    }

    private static FailedExtensionDTO failedExtension(long id) {
        FailedExtensionDTO d = new FailedExtensionDTO();
        d.serviceId = id;
        return d;
    }
}
