package fr.preau.admin.internal;

import fr.preau.api.spi.ReadinessCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.karaf.features.BootFinished;
import org.apache.karaf.features.BundleInfo;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The box is ready once its modules are: while it starts, the health stays 503 until the features service has installed
 * the boot features (Karaf's {@link BootFinished}) and every bundle of every installed module ({@code preau-*} feature)
 * is active — its servers listening, its resources registered. Otherwise a referent, a script or a test would meet the
 * box while the mail server is still opening its store and the JAX-RS application is rebuilt as each module's resources
 * arrive. Only the start: once ready, it stays so (a module installed or removed later is the console's business), and a
 * module still not active two minutes after the boot features is logged and no longer waited for (a broken module must
 * not keep the rest of the box unready).
 */
@Component(service = ReadinessCheck.class)
public final class BootReadiness implements ReadinessCheck {

    private static final Logger LOG = LoggerFactory.getLogger(BootReadiness.class);
    static final long PATIENCE_NANOS = TimeUnit.MINUTES.toNanos(2);

    @Reference(name = "features", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile FeaturesService features;
    @Reference(name = "bootFinished", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BootFinished bootFinished;

    private final BundleContext context;
    private final LongSupplier nanos;
    private volatile boolean ready;
    private long finishedAt = -1;

    @Activate
    public BootReadiness(BundleContext context) {
        this(context, System::nanoTime);
    }

    BootReadiness(BundleContext context, LongSupplier nanos) {
        this.context = context;
        this.nanos = nanos;
    }

    void bind(FeaturesService f, BootFinished b) {
        features = f;
        bootFinished = b;
    }

    @Override
    public String name() {
        return "modules:boot";
    }

    @Override
    public synchronized Optional<String> problem() {
        if (ready) {
            return Optional.empty();
        }
        FeaturesService f = features;
        if (f == null) {
            return Optional.of("the features service has not started yet");
        }
        if (bootFinished == null) {
            return Optional.of("the default modules are being installed");
        }
        long now = nanos.getAsLong();
        if (finishedAt < 0) {
            finishedAt = now;
        }
        List<String> waiting;
        try {
            waiting = notActive(f);
        } catch (Exception e) {
            return Optional.of("the installed modules cannot be listed: " + e.getMessage());
        }
        if (waiting.isEmpty()) {
            ready = true;
            return Optional.empty();
        }
        if (now - finishedAt > PATIENCE_NANOS) {
            LOG.warn("Modules still not started two minutes after the boot features, no longer waited for: {}", waiting);
            ready = true;
            return Optional.empty();
        }
        return Optional.of("modules starting: " + String.join(", ", waiting));
    }

    /** The bundles of installed module features that are not active (fragments never are). */
    private List<String> notActive(FeaturesService f) throws Exception {
        List<String> waiting = new ArrayList<>();
        for (Feature feature : f.listInstalledFeatures()) {
            if (!feature.getName().startsWith("preau-")) {
                continue;
            }
            for (BundleInfo info : feature.getBundles()) {
                Bundle b = context.getBundle(info.getLocation());
                if (b != null && b.getState() != Bundle.ACTIVE && b.getHeaders().get(Constants.FRAGMENT_HOST) == null
                        && !waiting.contains(b.getSymbolicName())) {
                    waiting.add(b.getSymbolicName());
                }
            }
        }
        return waiting;
    }
}
