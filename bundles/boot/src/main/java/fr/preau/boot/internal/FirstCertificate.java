package fr.preau.boot.internal;

import fr.preau.web.BoxTls;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Makes the box's self-signed TLS certificate at its first start, at start level 2, before Pax Web starts Jetty
 * (start level 30), which reads it for HTTPS. {@code bin/setenv} has drawn the keystore's password (Jetty gets it
 * from the environment) and names the box in {@value #NAMES} (its host names and loopback address); the key and
 * certificate are made here ({@link BoxTls#createIfMissing}) rather than by a {@code keytool} process before Java
 * starts, which cost a second Java start on every first boot. A keystore already there is never touched.
 * <p>
 * {@code fr.preau.web} is imported dynamically: the web bundle is resolved by {@link ResolveAll} just before, and
 * reading a class from a resolved bundle does not start it.
 */
final class FirstCertificate {

    static final String NAMES = "PREAU_TLS_NAMES";
    static final List<String> DEFAULT_NAMES = List.of("localhost", "127.0.0.1");

    private FirstCertificate() {
    }

    /** The names to certify: {@code PREAU_TLS_NAMES} (comma-separated), else localhost and 127.0.0.1. */
    static List<String> names(String configured) {
        if (configured == null) {
            return DEFAULT_NAMES;
        }
        List<String> names = Arrays.stream(configured.split(",")).map(String::trim)
                .filter(n -> n.matches("[A-Za-z0-9.:-]{1,253}")).distinct().toList();
        return names.isEmpty() ? DEFAULT_NAMES : names;
    }

    /** Makes the certificate when there is none; a failure is told on {@code problems} (logging is not up yet). */
    static void makeIfMissing(Consumer<String> problems) {
        try {
            if (BoxTls.createIfMissing(BoxTls.directory(), names(System.getenv(NAMES)), Instant.now())) {
                System.out.println("Préau : certificat TLS autosigné de la box créé dans " + BoxTls.directory() + ".");
            }
        } catch (Exception | LinkageError e) {
            problems.accept("Préau : impossible de créer le certificat TLS de la box (" + e + ") : HTTPS ne démarrera pas.");
        }
    }
}
