package fr.preau.web.internal;

import fr.preau.web.ModuleSwaps;
import fr.preau.web.PreauApi;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Path;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The modules' root resources, by first path segment: {@code /api/v1/<segment>/…}. Tracks every
 * service registered as a JAX-RS resource of {@link PreauApi#MODULES} and keeps an immutable
 * snapshot, swapped atomically when a module comes or goes, so a request sees either the old
 * or the new set, never a half-built one. When two resources claim one segment, the higher
 * {@code service.ranking} answers and the other waits in reserve (the portal's simple search stands
 * behind the search module's {@code /api/v1/search}).
 */
@Component(service = {ModuleRoutes.class, ModuleSwaps.class})
public final class ModuleRoutes implements ModuleSwaps {

    private static final Logger LOG = LoggerFactory.getLogger(ModuleRoutes.class);
    static final Pattern SEGMENT = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    /** A module's root resource and where it came from, with its resource methods by HTTP method and path template. */
    record Route(String segment, Object resource, ServiceReference<Object> reference, List<Endpoint> endpoints,
            java.util.concurrent.atomic.AtomicInteger inFlight, java.util.concurrent.atomic.AtomicBoolean retired) {
        Route(String segment, Object resource, ServiceReference<Object> reference) {
            this(segment, resource, reference, ModuleRoutes.endpoints(resource.getClass()),
                    new java.util.concurrent.atomic.AtomicInteger(), new java.util.concurrent.atomic.AtomicBoolean());
        }
    }

    /** How long a module's withdrawal waits for the requests it is still serving (a big download included). */
    static final java.time.Duration DRAIN = java.time.Duration.ofSeconds(30);

    /**
     * The routes the current request thread holds (see {@link #awaitResource}), released by {@link #endRequest} when
     * the request ends ({@link ModuleRequestsFilter}).
     */
    private static final ThreadLocal<List<Route>> HELD = ThreadLocal.withInitial(ArrayList::new);

    /** One resource method: its HTTP method and its {@code @Path} template as a regular expression. */
    record Endpoint(String httpMethod, Pattern path, Method method) {
    }

    private final AtomicReference<Map<String, Route>> routes = new AtomicReference<>(Map.of());
    /** Every claim on each segment (guarded by this): the best one is published in {@link #routes}. */
    private final Map<String, List<Route>> candidates = new HashMap<>();
    private final ServiceTracker<Object, Route> tracker;

    @Activate
    public ModuleRoutes(BundleContext context) throws InvalidSyntaxException {
        String filter = "(&(osgi.jaxrs.resource=true)(osgi.jaxrs.application.select=" + escape(PreauApi.MODULES) + "))";
        this.tracker = new ServiceTracker<>(context, context.createFilter(filter), null) {
            @Override
            public Route addingService(ServiceReference<Object> reference) {
                return ModuleRoutes.this.add(context, reference);
            }

            @Override
            public void removedService(ServiceReference<Object> reference, Route route) {
                ModuleRoutes.this.remove(context, route);
            }
        };
        tracker.open(true);
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }

    /**
     * The method of the module's root resource that will answer {@code httpMethod} on {@code path}
     * ({@code <segment>/…}, relative to {@code /api/v1/}), if any: the request guard reads its
     * annotations ({@code @Public}, {@code @StreamedBody}, {@code @CsrfExempt}), which CXF only
     * finds once the router has handed the request over, after the filters ran.
     */
    Optional<Method> method(String httpMethod, String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        int slash = p.indexOf('/');
        Route route = routes.get().get(slash < 0 ? p : p.substring(0, slash));
        if (route == null) {
            return Optional.empty();
        }
        String rest = slash < 0 ? "" : p.substring(slash + 1).replaceAll("/+$", "");
        for (Endpoint e : route.endpoints()) {
            if (e.httpMethod().equals(httpMethod) && e.path().matcher(rest).matches()) {
                return Optional.of(e.method());
            }
        }
        return Optional.empty();
    }

    static List<Endpoint> endpoints(Class<?> type) {
        List<Endpoint> out = new ArrayList<>();
        for (Method m : type.getMethods()) {
            String http = null;
            for (Annotation a : m.getAnnotations()) {
                HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
                if (h != null) {
                    http = h.value();
                }
            }
            if (http == null) {
                continue;
            }
            Path path = m.getAnnotation(Path.class);
            out.add(new Endpoint(http, template(path == null ? "" : path.value()), m));
        }
        // literal paths before templates, as JAX-RS prefers them
        out.sort(java.util.Comparator.comparingInt((Endpoint e) -> e.path().pattern().contains("(") ? 1 : 0)
                .thenComparing(e -> -e.path().pattern().length()));
        return List.copyOf(out);
    }

    /** A JAX-RS path template ({@code pieces/{id}}, {@code feed/{token: [a-z]+}.ics}) as a regular expression. */
    static Pattern template(String template) {
        String t = template.replaceAll("^/+|/+$", "");
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < t.length()) {
            int open = t.indexOf('{', i);
            if (open < 0) {
                regex.append(Pattern.quote(t.substring(i)));
                break;
            }
            if (open > i) {
                regex.append(Pattern.quote(t.substring(i, open)));
            }
            int depth = 0;
            int close = open;
            for (; close < t.length(); close++) {
                char c = t.charAt(close);
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    break;
                }
            }
            String variable = t.substring(open + 1, Math.min(close, t.length()));
            int colon = variable.indexOf(':');
            regex.append('(').append(colon < 0 ? "[^/]+" : variable.substring(colon + 1).trim()).append(')');
            i = close + 1;
        }
        return Pattern.compile(regex.toString());
    }

    /** End (System.nanoTime) of each open swap window. */
    private final java.util.Set<long[]> windows = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public Window begin(java.time.Duration max) {
        long[] end = {System.nanoTime() + max.toNanos()};
        windows.add(end);
        return () -> windows.remove(end);
    }

    /** The latest end of the open windows, or empty when none is open. */
    private java.util.OptionalLong swapping() {
        long now = System.nanoTime();
        windows.removeIf(w -> w[0] - now <= 0);
        return windows.stream().mapToLong(w -> w[0]).max();
    }

    /**
     * {@link #resource}, but while modules are being replaced (an open {@link ModuleSwaps} window), waits
     * for an absent segment to come (back) until the window closes.
     */
    Optional<Object> awaitResource(String segment) {
        Optional<Object> found = hold(segment);
        while (found.isEmpty()) {
            java.util.OptionalLong until = swapping();
            if (until.isEmpty()) {
                return found;
            }
            try {
                Thread.sleep(Math.max(1, Math.min(50, (until.getAsLong() - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return found;
            }
            found = hold(segment);
        }
        return found;
    }

    /**
     * The resource serving {@code segment} now, counted as in use by this thread until {@link #endRequest}: a module
     * being withdrawn waits for it ({@link #remove}), so a request that reached a module's old version is served by
     * it to the end instead of failing half-way when its bundle stops. A route retired meanwhile is not taken.
     */
    private Optional<Object> hold(String segment) {
        while (true) {
            Route route = routes.get().get(segment);
            if (route == null) {
                return Optional.empty();
            }
            route.inFlight().incrementAndGet();
            if (!route.retired().get()) {
                HELD.get().add(route);
                return Optional.of(route.resource());
            }
            release(route); // withdrawn in between: look again (the new version, or nothing)
        }
    }

    /** Ends the current thread's request: the modules it used may be withdrawn. Called by {@link ModuleRequestsFilter}. */
    static void endRequest() {
        List<Route> held = HELD.get();
        for (Route route : held) {
            release(route);
        }
        held.clear();
    }

    private static void release(Route route) {
        if (route.inFlight().decrementAndGet() == 0) {
            synchronized (route) {
                route.notifyAll();
            }
        }
    }

    /**
     * Waits until no other request uses {@code route} any more, {@code max} at most; false when some still do. The
     * calling thread's own use is not waited for (a request whose work withdraws the module it came through).
     */
    static boolean drained(Route route, java.time.Duration max) {
        long end = System.nanoTime() + max.toNanos();
        int own = (int) HELD.get().stream().filter(r -> r == route).count();
        synchronized (route) {
            while (route.inFlight().get() > own) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    route.wait(Math.max(1, Math.min(left / 1_000_000, 100)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return route.inFlight().get() <= own;
                }
            }
        }
        return true;
    }

    /** The root resource serving {@code segment}, if a module provides it now. */
    Optional<Object> resource(String segment) {
        Route route = routes.get().get(segment);
        return route == null ? Optional.empty() : Optional.of(route.resource());
    }

    Route add(BundleContext context, ServiceReference<Object> reference) {
        ServiceObjects<Object> objects = context.getServiceObjects(reference);
        Object resource = objects == null ? null : objects.getService();
        if (resource == null) {
            return null;
        }
        String segment = segmentOf(resource.getClass());
        if (segment == null) {
            LOG.error("Module resource {} from bundle {} has no valid @Path (one lower-case segment); ignored",
                    resource.getClass().getName(), reference.getBundle().getSymbolicName());
            objects.ungetService(resource);
            return null;
        }
        Route route = new Route(segment, resource, reference);
        Route shadowed;
        synchronized (this) {
            List<Route> claims = candidates.computeIfAbsent(segment, k -> new ArrayList<>());
            claims.add(route);
            shadowed = publishBest(segment);
        }
        if (shadowed != null) {
            LOG.info("Module resource /api/v1/{} of bundle {} stands in reserve behind a higher-ranked one", segment,
                    shadowed.reference().getBundle().getSymbolicName());
        }
        LOG.info("Module resource /api/v1/{} published by bundle {}", segment, reference.getBundle().getSymbolicName());
        return route;
    }

    /**
     * Publishes the best claim on {@code segment}: the highest {@code service.ranking}, then the oldest
     * service (a platform fallback registers with a negative ranking, and a module taking over the path
     * with the default one). Returns a claim left in reserve, if any. Called holding the lock.
     */
    private Route publishBest(String segment) {
        List<Route> claims = candidates.getOrDefault(segment, List.of());
        Route best = null;
        for (Route r : claims) {
            if (best == null || r.reference().compareTo(best.reference()) > 0) {
                best = r;
            }
        }
        Map<String, Route> next = new HashMap<>(routes.get());
        if (best == null) {
            next.remove(segment);
            candidates.remove(segment);
        } else {
            next.put(segment, best);
        }
        routes.set(Map.copyOf(next));
        for (Route r : claims) {
            if (r != best) {
                return r;
            }
        }
        return null;
    }

    void remove(BundleContext context, Route route) {
        synchronized (this) {
            route.retired().set(true);
            List<Route> claims = candidates.get(route.segment());
            if (claims != null) {
                claims.remove(route);
            }
            publishBest(route.segment());
        }
        // called while the module's service is being unregistered (its bundle stopping or its component going
        // away): the requests already inside it finish before it goes; new ones no longer reach it
        if (!drained(route, DRAIN)) {
            LOG.warn("Module resource /api/v1/{} withdrawn with {} request(s) still in it after {} s", route.segment(),
                    route.inFlight().get(), DRAIN.toSeconds());
        }
        ServiceObjects<Object> objects = context.getServiceObjects(route.reference());
        if (objects != null) {
            try {
                objects.ungetService(route.resource());
            } catch (IllegalStateException | IllegalArgumentException alreadyGone) {
                // the providing bundle is stopping: its service objects are released by the framework
            }
        }
        LOG.info("Module resource /api/v1/{} of bundle {} withdrawn", route.segment(), route.reference().getBundle() == null ? "?"
                : route.reference().getBundle().getSymbolicName());
    }

    static String segmentOf(Class<?> type) {
        Path path = type.getAnnotation(Path.class);
        if (path == null) {
            return null;
        }
        String value = path.value().replaceAll("^/+|/+$", "");
        return SEGMENT.matcher(value).matches() ? value : null;
    }

    private static String escape(String filter) {
        return filter.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("*", "\\*");
    }
}
