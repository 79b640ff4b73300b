package fr.preau.boot.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Consumer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Defines Jetty's few classes that call {@code java.util.ServiceLoader} before SPI Fly starts, so
 * that SPI Fly never weaves them.
 * <p>
 * SPI Fly (start level 25, needed by Liquibase and Shiro) weaves every class of a bundle that asks
 * for the ServiceLoader mediator, and Jetty's bundles ask for it (optionally). A woven class calls
 * {@code org.apache.aries.spifly.Util} through a dynamic import, resolved the first time the class
 * runs. Jetty runs those classes late (a servlet context created by a whiteboard registration, the
 * first response), possibly while the features service resolves modules; a dynamic import resolved
 * at that moment can fail (Felix gives up when it cannot take its global lock), and the class's
 * static initialiser then fails for good: every servlet context of the box answered 404 until a
 * restart ({@code NoClassDefFoundError}: {@code org.apache.aries.spifly.Util not found by
 * org.eclipse.jetty.security}). Jetty needs no mediation (its look-ups fall back to its own
 * class loader, as they did before SPI Fly was in the box), so a class defined before the weaving
 * hook exists keeps its original bytes and no dynamic import is ever needed.
 * <p>
 * Only the classes are defined here (no static initialiser runs). The classes are found by their
 * bytes (a constant naming {@code java/util/ServiceLoader}), not by a list of names, so that a Jetty
 * update needs nothing here; the cost is one read of Jetty's four small bundles at boot.
 */
final class JettyBeforeWeaving {

    /** Bundles whose ServiceLoader users must stay unwoven. */
    static final String PREFIX = "org.eclipse.jetty.";

    /** The ServiceLoader mediator's extender, as named in a Require-Capability header. */
    static final String MEDIATOR = "osgi.serviceloader.processor";

    private static final byte[] SERVICE_LOADER = "java/util/ServiceLoader".getBytes(StandardCharsets.US_ASCII);

    private JettyBeforeWeaving() {
    }

    /**
     * Defines the ServiceLoader users of every resolved Jetty bundle asking for the mediator.
     *
     * @return the names of the classes defined
     */
    static List<String> define(BundleContext context, Consumer<String> warn) {
        List<String> defined = new ArrayList<>();
        Bundle[] bundles = context.getBundles();
        if (bundles == null) {
            return defined;
        }
        for (Bundle b : bundles) {
            if (!wanted(b)) {
                continue;
            }
            for (String name : serviceLoaderUsers(b, warn)) {
                try {
                    b.loadClass(name);
                    defined.add(name);
                } catch (ClassNotFoundException | LinkageError e) {
                    warn.accept("Préau boot: " + name + " of " + b.getSymbolicName() + " could not be defined before SPI Fly: " + e);
                }
            }
        }
        return defined;
    }

    static boolean wanted(Bundle b) {
        String name = b.getSymbolicName();
        if (name == null || !name.startsWith(PREFIX) || (b.getState() & (Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE)) == 0) {
            return false;
        }
        String requirements = b.getHeaders("").get("Require-Capability");
        return requirements != null && requirements.contains(MEDIATOR);
    }

    /** The classes of the bundle whose bytes name {@code java/util/ServiceLoader} (META-INF left out). */
    static List<String> serviceLoaderUsers(Bundle b, Consumer<String> warn) {
        List<String> names = new ArrayList<>();
        Enumeration<URL> entries = b.findEntries("/", "*.class", true);
        while (entries != null && entries.hasMoreElements()) {
            URL entry = entries.nextElement();
            String path = entry.getPath().replaceFirst("^/+", "");
            if (path.startsWith("META-INF/") || path.endsWith("module-info.class") || path.endsWith("package-info.class")) {
                continue;
            }
            try (InputStream in = entry.openStream()) {
                if (contains(in.readAllBytes(), SERVICE_LOADER)) {
                    names.add(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
                }
            } catch (IOException | RuntimeException e) {
                warn.accept("Préau boot: cannot read " + path + " of " + b.getSymbolicName() + ": " + e);
            }
        }
        names.sort(null);
        return names;
    }

    static boolean contains(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i <= bytes.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
