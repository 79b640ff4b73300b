package fr.preau.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.boot.internal.fixture.LooksUpServices;
import fr.preau.boot.internal.fixture.Plain;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

class JettyBeforeWeavingTest {

    private static final String JETTY_REQUIREMENTS = "osgi.serviceloader;filter:=\"(osgi.serviceloader=org.eclipse.jetty.security.Authenticator$Factory)\";"
            + "resolution:=optional;cardinality:=multiple,osgi.extender;filter:=\"(osgi.extender=osgi.serviceloader.processor)\";resolution:=optional";

    @TempDir
    Path root;

    /** A bundle whose entries are the files under {@link #root}; loadClass records the names asked for. */
    private Bundle bundle(String symbolicName, int state, String requirements, List<String> loaded, String failing) {
        Dictionary<String, String> headers = new Hashtable<>();
        if (requirements != null) {
            headers.put("Require-Capability", requirements);
        }
        return (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class}, (p, m, a) -> {
            switch (m.getName()) {
                case "getSymbolicName":
                    return symbolicName;
                case "getState":
                    return state;
                case "getHeaders":
                    return headers;
                case "findEntries": {
                    // bundle entry URLs carry the path from the bundle's root
                    List<URL> found = new ArrayList<>();
                    try (Stream<Path> walk = Files.walk(root)) {
                        walk.filter(f -> f.toString().endsWith(".class"))
                                .forEach(f -> found.add(entry(root.relativize(f).toString().replace('\\', '/'), f)));
                    }
                    return Collections.enumeration(found);
                }
                case "loadClass":
                    if (a[0].equals(failing)) {
                        throw new ClassNotFoundException((String) a[0]);
                    }
                    loaded.add((String) a[0]);
                    return Object.class;
                default:
                    return null;
            }
        });
    }

    /** A URL whose path is the entry's path in the bundle, read from the file. */
    private static URL entry(String path, Path file) {
        try {
            return new URL("bundleentry", "7.0", -1, "/" + path, new URLStreamHandler() {
                @Override
                protected URLConnection openConnection(URL u) {
                    return new URLConnection(u) {
                        @Override
                        public void connect() {
                        }

                        @Override
                        public InputStream getInputStream() throws IOException {
                            return Files.newInputStream(file);
                        }
                    };
                }
            });
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BundleContext context(Bundle... bundles) {
        return (BundleContext) Proxy.newProxyInstance(JettyBeforeWeavingTest.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (p, m, a) -> "getBundles".equals(m.getName()) ? bundles : null);
    }

    private void copy(Class<?> type, String under) throws IOException {
        String path = type.getName().replace('.', '/') + ".class";
        Path target = root.resolve(under + path);
        Files.createDirectories(target.getParent());
        try (InputStream in = type.getClassLoader().getResourceAsStream(path)) {
            Files.write(target, in.readAllBytes());
        }
    }

    @Test
    void definesOnlyTheClassesThatCallServiceLoaderAndSkipsMetaInf() throws IOException {
        copy(LooksUpServices.class, "");
        copy(Plain.class, "");
        // a multi-release copy under META-INF is not the bundle's class
        copy(LooksUpServices.class, "META-INF/versions/11/");
        List<String> loaded = new ArrayList<>();
        List<String> warnings = new ArrayList<>();

        List<String> defined = JettyBeforeWeaving.define(
                context(bundle("org.eclipse.jetty.security", Bundle.RESOLVED, JETTY_REQUIREMENTS, loaded, null)), warnings::add);

        assertEquals(List.of(LooksUpServices.class.getName()), defined);
        assertEquals(defined, loaded);
        assertEquals(List.of(), warnings);
    }

    @Test
    void leavesAloneWhatIsNotJettyAskingForTheMediatorOrNotResolved() throws IOException {
        copy(LooksUpServices.class, "");
        List<String> loaded = new ArrayList<>();

        List<String> defined = JettyBeforeWeaving.define(context(
                // Shiro needs SPI Fly's weaving (its Argon2 provider): never touched
                bundle("org.apache.shiro.crypto.hash", Bundle.RESOLVED, JETTY_REQUIREMENTS, loaded, null),
                // a Jetty bundle that does not ask for the mediator is not woven anyway
                bundle("org.eclipse.jetty.server", Bundle.RESOLVED, null, loaded, null),
                // loading from an unresolved bundle would resolve it outside the boot's one resolution
                bundle("org.eclipse.jetty.http", Bundle.INSTALLED, JETTY_REQUIREMENTS, loaded, null)), s -> { });

        assertEquals(List.of(), defined);
        assertEquals(List.of(), loaded);
    }

    @Test
    void aClassThatCannotBeDefinedIsReportedAndTheOthersStillAre() throws IOException {
        copy(LooksUpServices.class, "");
        List<String> loaded = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Bundle failing = bundle("org.eclipse.jetty.util", Bundle.ACTIVE, JETTY_REQUIREMENTS, loaded, LooksUpServices.class.getName());
        Bundle fine = bundle("org.eclipse.jetty.xml", Bundle.STARTING, JETTY_REQUIREMENTS, loaded, null);

        List<String> defined = JettyBeforeWeaving.define(context(failing, fine), warnings::add);

        assertEquals(List.of(LooksUpServices.class.getName()), defined);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("org.eclipse.jetty.util"), warnings.get(0));
    }

    @Test
    void findsTheConstantAnywhereInTheBytes() {
        byte[] name = "java/util/ServiceLoader".getBytes();
        assertTrue(JettyBeforeWeaving.contains("xxjava/util/ServiceLoader".getBytes(), name));
        assertTrue(JettyBeforeWeaving.contains(name, name));
        assertFalse(JettyBeforeWeaving.contains("java/util/ServiceLoade".getBytes(), name));
        assertFalse(JettyBeforeWeaving.contains(new byte[0], name));
    }
}
