package fr.preau.web;

import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The state of the box's own bundles ({@code fr.preau.*}) and of their components: what the
 * readiness check ({@code GET /api/v1/health}) and the referent console's "État de la box" both
 * report, each in its own words.
 */
public final class BoxBundles {

    /** Why a component is not running. */
    public enum Trouble {
        /** waiting for services ({@link ComponentTrouble#missing()} names the references) */
        UNSATISFIED_REFERENCE,
        /** waiting for its configuration */
        UNSATISFIED_CONFIGURATION,
        /** its activation threw */
        FAILED_ACTIVATION
    }

    /** A component of a bundle that does not run, and why. */
    public record ComponentTrouble(String component, Trouble trouble, List<String> missing) {
        public ComponentTrouble {
            missing = List.copyOf(missing);
        }
    }

    /**
     * One bundle: {@code ok} when it is in the state it should be (active; resolved for a fragment)
     * and none of its enabled components is in trouble; {@code components} counts the enabled
     * component configurations of an active bundle.
     */
    public record Status(Bundle bundle, boolean fragment, boolean inExpectedState, int components,
            List<ComponentTrouble> troubles) {
        public Status {
            troubles = List.copyOf(troubles);
        }

        public boolean ok() {
            return inExpectedState && troubles.isEmpty();
        }
    }

    private BoxBundles() {
    }

    /** Every installed {@code fr.preau.*} bundle, in the framework's order. */
    public static List<Status> inspect(BundleContext context, ServiceComponentRuntime scr) {
        List<Status> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            String name = b.getSymbolicName();
            if (name == null || !name.startsWith("fr.preau.")) {
                continue;
            }
            boolean fragment = b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
            boolean expected = b.getState() == (fragment ? Bundle.RESOLVED : Bundle.ACTIVE);
            int components = 0;
            List<ComponentTrouble> troubles = new ArrayList<>();
            if (!fragment && b.getState() == Bundle.ACTIVE) {
                for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
                    if (!scr.isComponentEnabled(d)) {
                        continue;
                    }
                    for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                        components++;
                        Trouble trouble = switch (c.state) {
                            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> Trouble.UNSATISFIED_REFERENCE;
                            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> Trouble.UNSATISFIED_CONFIGURATION;
                            case ComponentConfigurationDTO.FAILED_ACTIVATION -> Trouble.FAILED_ACTIVATION;
                            default -> null; // satisfied or active
                        };
                        if (trouble != null) {
                            troubles.add(new ComponentTrouble(d.name, trouble, missing(c)));
                        }
                    }
                }
            }
            out.add(new Status(b, fragment, expected, components, troubles));
        }
        return out;
    }

    private static List<String> missing(ComponentConfigurationDTO c) {
        List<String> names = new ArrayList<>();
        if (c.unsatisfiedReferences != null) {
            for (var ref : c.unsatisfiedReferences) {
                names.add(ref.name);
            }
        }
        return names;
    }
}
