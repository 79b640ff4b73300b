package fr.preau.web.internal;

import fr.preau.api.spi.ReadinessCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

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
        List<Bundle> preau = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            String name = b.getSymbolicName();
            if (name == null || !name.startsWith("fr.preau.")) {
                continue;
            }
            boolean fragment = b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (b.getState() != expected) {
                problems.add("bundle " + name + " is " + stateName(b.getState()));
            } else if (!fragment) {
                preau.add(b);
            }
        }
        int components = 0;
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(preau.toArray(Bundle[]::new))) {
            if (!scr.isComponentEnabled(description)) {
                continue;
            }
            for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                components++;
                switch (configuration.state) {
                    case ComponentConfigurationDTO.UNSATISFIED_REFERENCE,
                            ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION ->
                        problems.add("component " + description.name + " is waiting for "
                                + unsatisfied(configuration));
                    case ComponentConfigurationDTO.FAILED_ACTIVATION ->
                        problems.add("component " + description.name + " failed to activate");
                    default -> {
                        // SATISFIED or ACTIVE
                    }
                }
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
        return new Report(List.copyOf(problems), preau.size(), components, current.size());
    }

    private static String unsatisfied(ComponentConfigurationDTO configuration) {
        if (configuration.unsatisfiedReferences == null || configuration.unsatisfiedReferences.length == 0) {
            return "its configuration";
        }
        StringBuilder sb = new StringBuilder();
        for (var ref : configuration.unsatisfiedReferences) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(ref.name);
        }
        return sb.toString();
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
