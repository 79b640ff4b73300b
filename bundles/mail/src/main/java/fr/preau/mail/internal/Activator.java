package fr.preau.mail.internal;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * Ends, when the bundle stops (feature uninstalled or updated), the threads of James's static reactor
 * schedulers: they live as long as the class loader, so a mere restart of the server (new configuration)
 * keeps them, and nothing of them must outlive the bundle.
 */
public class Activator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        // nothing: the server is the MailServer component
    }

    @Override
    public void stop(BundleContext context) {
        Threads.shutdownStatics();
    }
}
