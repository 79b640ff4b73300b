package fr.preau.boot.internal;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Resolves every installed bundle in one resolution, at start level 2.
 * <p>
 * The box's bundles are installed from {@code etc/startup.properties} (no features resolver at
 * boot). Left to itself, the framework would resolve them one at a time, as the start level
 * reaches each; meanwhile other threads (the features service installing the deployer, dynamic
 * imports, extenders) resolve too, and a bundle whose resolution meets another one can be left
 * unresolved for good ("Unable to acquire global lock for resolve"). One resolution of everything,
 * before any of those threads exists, gives the same wiring the build computed, and nothing is
 * left for the start levels to resolve. A bundle that cannot be resolved stays installed, as it
 * would have anyway; the box's readiness check names it.
 * <p>
 * Then it makes the box's TLS certificate at its first start ({@link FirstCertificate}), defines Jetty's
 * ServiceLoader users before SPI Fly can weave them ({@link JettyBeforeWeaving}) and boots the database engine on
 * its own thread ({@link DerbyWarmUp}).
 * Logging is not running yet at level 2: a problem goes to the console (standard error).
 */
public final class ResolveAll implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        wiring.resolveBundles(null);
        FirstCertificate.makeIfMissing(System.err::println);
        JettyBeforeWeaving.define(context, System.err::println);
        DerbyWarmUp.start(context);
    }

    @Override
    public void stop(BundleContext context) {
        // nothing to undo
    }
}
