package fr.preau.web.internal;

import fr.preau.api.spi.ReadinessCheck;
import fr.preau.web.BoxBundles;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * Is the box ready? Every installed Préau bundle ({@code fr.preau.*}) is active (fragments
 * resolved), none of its components is waiting for a reference or failed, and every
 * {@link ReadinessCheck} is satisfied.
 */
@Component(service = HealthService.class)
public final class HealthService {

    /** The outcome. {@code problems} is empty when ready; English, for operators, no personal data. */
    public record Report(List<String> problems, int bundles, int components, int checks) {
        public boolean up() {
            return problems.isEmpty();
        }
    }

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final List<ReadinessCheck> checks = new CopyOnWriteArrayList<>();

    @Activate
    public HealthService(BundleContext context, @Reference(name = "scr") ServiceComponentRuntime scr) {
        this.context = context;
        this.scr = scr;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCheck(ReadinessCheck check) {
        checks.add(check);
    }

    void removeCheck(ReadinessCheck check) {
        checks.remove(check);
    }

    public Report check() {
        List<String> problems = new ArrayList<>();
        int bundles = 0;
        int components = 0;
        for (BoxBundles.Status status : BoxBundles.inspect(context, scr)) {
            Bundle b = status.bundle();
            if (!status.inExpectedState()) {
                problems.add("bundle " + b.getSymbolicName() + " is " + stateName(b.getState()));
            } else if (!status.fragment()) {
                bundles++;
            }
            components += status.components();
            for (BoxBundles.ComponentTrouble t : status.troubles()) {
                problems.add("component " + t.component() + switch (t.trouble()) {
                    case UNSATISFIED_REFERENCE -> " is waiting for " + String.join(", ", t.missing());
                    case UNSATISFIED_CONFIGURATION -> " is waiting for its configuration";
                    case FAILED_ACTIVATION -> " failed to activate";
                });
            }
        }
        List<ReadinessCheck> current = List.copyOf(checks);
        for (ReadinessCheck check : current) {
            try {
                Optional<String> problem = check.problem();
                problem.ifPresent(p -> problems.add(check.name() + ": " + p));
            } catch (RuntimeException e) {
                problems.add(check.name() + ": " + e);
            }
        }
        return new Report(List.copyOf(problems), bundles, components, current.size());
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "installed (not resolved)";
            case Bundle.RESOLVED -> "resolved (not started)";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.ACTIVE -> "active";
            default -> "uninstalled";
        };
    }
}
