package fr.preau.web.internal;

import fr.preau.api.spi.ReadinessCheck;
import fr.preau.web.PreauApi;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.BaseDTO;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;
import org.osgi.service.jaxrs.whiteboard.JaxrsWhiteboardConstants;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers again the REST resources of the box's own bundles that the JAX-RS whiteboard lost.
 * <p>
 * Why: the Aries JAX-RS Whiteboard 2.0.2 keeps, per {@code osgi.jaxrs.name}, its state in an
 * unsynchronised {@code HashMap} (component-dsl 1.2.2, {@code OSGi.splitBy}). When two threads
 * register whiteboard services at the same moment at start-up (the start-level thread and Pax
 * Web's configuration thread), one registration can fail inside the whiteboard's service
 * listener with a {@code ConcurrentModificationException}, which the framework only reports as
 * an error event of the whiteboard bundle: that service is then never served (404) although its
 * component is active. Seen on about one boot in twenty-five in the integration tests (the
 * console's modules resource, twice).
 * <p>
 * After such an error event, this compares the resources of {@code fr.preau.*} bundles with the
 * whiteboard's runtime DTO, where every resource it has taken up appears, served or failed with a
 * reason, every {@value #PERIOD_MS} ms until none is missing. A resource still absent after
 * {@value #MISSES} checks in a row has been lost (while the whiteboard deploys the application
 * again, which takes seconds on a busy machine, a resource it is taking up is briefly absent
 * too); its declarative-services component is disabled and enabled again, which registers a new
 * service that the whiteboard takes up. From the loss until it is taken up again, the box is not ready. Only after an error: the
 * DTO is built by introspecting every resource class, too costly to poll, and its brief gaps
 * would make a poll repair what is not broken.
 * <p>
 * Not watched: module resources routed by {@link ModuleRoutes} (the whiteboard does not serve
 * them), and extensions, which the DTO leaves out for seconds at a time while the application is
 * deployed again; the application requires the box's extensions, so losing one stops the whole
 * API, health included, which the start-up monitor and every health check report.
 */
@Component(service = ReadinessCheck.class)
public final class WhiteboardWatch implements ReadinessCheck {

    private static final Logger LOG = LoggerFactory.getLogger(WhiteboardWatch.class);
    static final String WHITEBOARD_BUNDLE = "org.apache.aries.jax.rs.whiteboard";
    static final long PERIOD_MS = 2000;
    /** Checks in a row that must miss a resource before it is taken for lost. */
    static final int MISSES = 3;
    /** Checks after an error event at most (a minute). */
    static final int MAX_CHECKS = 30;
    /** Re-registrations of one component at most: a service the whiteboard keeps losing is a defect to report. */
    static final int MAX_REPAIRS = 3;

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final JaxrsServiceRuntime runtime;
    private final ServiceTracker<Object, ServiceReference<Object>> tracker;
    private final FrameworkListener errors;
    private final ScheduledExecutorService timer;
    private final boolean scheduled;
    private final Takeup takeup = new Takeup(MISSES);
    private final Map<String, Integer> repairs = new HashMap<>();
    private ScheduledFuture<?> next; // guarded by this
    private int checksLeft; // guarded by this
    private volatile Set<String> missing = Set.of();

    @Activate
    public WhiteboardWatch(BundleContext context, @Reference(name = "scr") ServiceComponentRuntime scr,
            @Reference(name = "runtime") JaxrsServiceRuntime runtime) throws InvalidSyntaxException {
        this(context, scr, runtime, true);
    }

    /** {@code scheduled} false: checks run only when a test calls {@link #check()} after an error event. */
    WhiteboardWatch(BundleContext context, ServiceComponentRuntime scr, JaxrsServiceRuntime runtime, boolean scheduled)
            throws InvalidSyntaxException {
        this.context = context;
        this.scr = scr;
        this.runtime = runtime;
        this.scheduled = scheduled;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "preau-whiteboard-watch");
            t.setDaemon(true);
            return t;
        });
        this.errors = event -> {
            Bundle b = event.getBundle();
            if (event.getType() == FrameworkEvent.ERROR && b != null && WHITEBOARD_BUNDLE.equals(b.getSymbolicName())) {
                afterError();
            }
        };
        context.addFrameworkListener(errors);
        // the references themselves: never getService, which would create a prototype resource for nothing
        this.tracker = new ServiceTracker<>(context,
                context.createFilter("(" + JaxrsWhiteboardConstants.JAX_RS_RESOURCE + "=true)"), null) {
            @Override
            public ServiceReference<Object> addingService(ServiceReference<Object> reference) {
                return reference;
            }

            @Override
            public void modifiedService(ServiceReference<Object> reference, ServiceReference<Object> service) {
            }

            @Override
            public void removedService(ServiceReference<Object> reference, ServiceReference<Object> service) {
            }
        };
        tracker.open(true);
    }

    @Deactivate
    void deactivate() {
        context.removeFrameworkListener(errors);
        timer.shutdownNow();
        tracker.close();
    }

    @Override
    public String name() {
        return "web:whiteboard";
    }

    /**
     * Not ready only while a resource is known lost (missing at {@link #MISSES} checks in a row) and not yet taken up
     * again: an error of the whiteboard alone, or a resource it is still taking up, does not make the health flap.
     */
    @Override
    public Optional<String> problem() {
        Set<String> lost = missing;
        return lost.isEmpty() ? Optional.empty()
            : Optional.of("the JAX-RS whiteboard lost " + String.join(", ", lost) + " (registering again)");
    }

    /** Starts (or extends) checking: the whiteboard failed while handling some service. */
    private synchronized void afterError() {
        LOG.info("The JAX-RS whiteboard reported an error: checking that it took up every REST resource");
        checksLeft = MAX_CHECKS;
        schedule();
    }

    private synchronized void schedule() {
        if (!scheduled || (next != null && !next.isDone())) {
            return;
        }
        try {
            next = timer.schedule(this::check, PERIOD_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // deactivated
        }
    }

    /**
     * Compares, repairs what has been missing long enough, and checks again while anything is missing or the
     * comparison failed (the whiteboard may throw while it is busy), until {@link #MAX_CHECKS} have run.
     */
    void check() {
        Set<String> now = null;
        try {
            Map<Long, ServiceReference<Object>> watched = watched();
            Set<Long> known = known(runtime.getRuntimeDTO());
            Set<String> absent = new TreeSet<>();
            watched.forEach((id, ref) -> {
                if (!known.contains(id)) {
                    absent.add(describe(ref));
                }
            });
            Set<String> lost = new TreeSet<>();
            for (long id : takeup.lost(watched.keySet(), known)) {
                lost.add(describe(watched.get(id)));
                repair(watched.get(id));
            }
            missing = Set.copyOf(lost); // a resource still being taken up does not make the box unready
            now = absent;
        } catch (RuntimeException e) {
            LOG.warn("Could not compare the REST resources with the JAX-RS whiteboard this time ({}); trying again", e.toString());
        }
        synchronized (this) {
            next = null;
            checksLeft--;
            if ((now == null || !now.isEmpty()) && checksLeft > 0) {
                schedule();
            } else {
                if (now == null) {
                    LOG.error("Could not compare the REST resources with the JAX-RS whiteboard after {} tries", MAX_CHECKS);
                } else if (!now.isEmpty()) {
                    LOG.error("The JAX-RS whiteboard still lacks {}", now);
                }
            }
        }
    }

    /** Disables and enables again the component behind a lost service, so that it is registered anew. */
    private void repair(ServiceReference<Object> ref) {
        Bundle bundle = ref.getBundle();
        Object name = ref.getProperty(ComponentConstants.COMPONENT_NAME);
        if (bundle == null || !(name instanceof String component)) {
            LOG.error("The JAX-RS whiteboard lost {} and it is not a component that can be registered again", describe(ref));
            return;
        }
        int done = repairs.merge(component, 1, Integer::sum);
        if (done > MAX_REPAIRS) {
            if (done == MAX_REPAIRS + 1) {
                LOG.error("The JAX-RS whiteboard keeps losing {}; giving up after {} re-registrations", component, MAX_REPAIRS);
            }
            return;
        }
        ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(bundle, component);
        if (description == null) {
            return;
        }
        LOG.warn("The JAX-RS whiteboard lost {} at registration; registering it again (disable and enable its component)",
                describe(ref));
        try {
            scr.disableComponent(description).getValue();
            scr.enableComponent(description).getValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.error("Could not register {} again", component, e);
        }
    }

    /** The resources of the box's own bundles that the whiteboard itself serves, by service id. */
    private Map<Long, ServiceReference<Object>> watched() {
        Map<Long, ServiceReference<Object>> out = new HashMap<>();
        ServiceReference<Object>[] refs = tracker.getServiceReferences();
        if (refs == null) {
            return out;
        }
        for (ServiceReference<Object> ref : refs) {
            Bundle b = ref.getBundle();
            String bsn = b == null ? null : b.getSymbolicName();
            if (bsn != null && bsn.startsWith("fr.preau.")
                    && !PreauApi.MODULES.equals(ref.getProperty(JaxrsWhiteboardConstants.JAX_RS_APPLICATION_SELECT))) {
                out.put((Long) ref.getProperty(org.osgi.framework.Constants.SERVICE_ID), ref);
            }
        }
        return out;
    }

    private static String describe(ServiceReference<?> ref) {
        Object component = ref.getProperty(ComponentConstants.COMPONENT_NAME);
        Object name = ref.getProperty(JaxrsWhiteboardConstants.JAX_RS_NAME);
        return (component != null ? component : name != null ? name : "service")
                + " (service " + ref.getProperty(org.osgi.framework.Constants.SERVICE_ID) + ")";
    }

    /** Every service id the whiteboard knows: served in an application, or failed with a reason. */
    static Set<Long> known(RuntimeDTO dto) {
        Set<Long> ids = new HashSet<>();
        if (dto == null) {
            return ids;
        }
        List<ApplicationDTO> applications = new ArrayList<>();
        if (dto.defaultApplication != null) {
            applications.add(dto.defaultApplication);
        }
        add(applications, dto.applicationDTOs);
        for (ApplicationDTO app : applications) {
            ids.add(app.serviceId);
            addIds(ids, app.resourceDTOs);
            addIds(ids, app.extensionDTOs);
        }
        addIds(ids, dto.failedApplicationDTOs);
        addIds(ids, dto.failedResourceDTOs);
        addIds(ids, dto.failedExtensionDTOs);
        return ids;
    }

    private static <T> void add(List<T> to, T[] items) {
        if (items != null) {
            to.addAll(List.of(items));
        }
    }

    private static void addIds(Set<Long> ids, BaseDTO[] dtos) {
        if (dtos != null) {
            for (BaseDTO d : dtos) {
                ids.add(d.serviceId);
            }
        }
    }

    /**
     * Which resources are lost: absent from the whiteboard at {@code misses} checks in a row (one the
     * whiteboard is still taking up is absent for a while too).
     */
    static final class Takeup {
        private final int misses;
        private Map<Long, Integer> missed = Map.of();

        Takeup(int misses) {
            this.misses = misses;
        }

        synchronized Set<Long> lost(Set<Long> watched, Set<Long> known) {
            Map<Long, Integer> now = new HashMap<>();
            Set<Long> lost = new TreeSet<>();
            for (Long id : watched) {
                if (!known.contains(id)) {
                    int n = missed.getOrDefault(id, 0) + 1;
                    now.put(id, n);
                    if (n >= misses) {
                        lost.add(id);
                    }
                }
            }
            missed = now;
            return lost;
        }
    }
}
