package fr.preau.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Keys and certificates for the tests, made with the JDK's keytool as the box makes its own. */
public final class TestCertificates {

    private TestCertificates() {
    }

    /** Runs keytool with {@code args} and {@code -storepass storepass}; fails the test when it fails. */
    public static void keytool(String storepass, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(Arrays.asList(args));
        command.addAll(List.of("-storepass", storepass));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool ended");
        assertEquals(0, p.exitValue(), out);
    }

    /**
     * A PKCS#12 file in {@code dir} holding key entry {@code leaf}: an RSA key for {@code name} (subject CN and SAN)
     * whose certificate a test authority ({@code CN=Autorite de test}) issued, with the chain of two.
     */
    public static Path authoritySigned(Path dir, String name, String storepass) throws Exception {
        Path ca = dir.resolve("ca.p12");
        keytool(storepass, "-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=Autorite de test",
                "-ext", "bc:c", "-validity", "60", "-storetype", "PKCS12", "-keystore", ca.toString());
        Path leaf = dir.resolve("leaf.p12");
        keytool(storepass, "-genkeypair", "-alias", "leaf", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + name,
                "-validity", "30", "-storetype", "PKCS12", "-keystore", leaf.toString());
        Path csr = dir.resolve("leaf.csr");
        Path crt = dir.resolve("leaf.crt");
        Path caCrt = dir.resolve("ca.crt");
        keytool(storepass, "-certreq", "-alias", "leaf", "-keystore", leaf.toString(), "-file", csr.toString());
        keytool(storepass, "-gencert", "-alias", "ca", "-keystore", ca.toString(), "-infile", csr.toString(),
                "-outfile", crt.toString(), "-ext", "SAN=dns:" + name, "-validity", "30", "-rfc");
        keytool(storepass, "-exportcert", "-alias", "ca", "-keystore", ca.toString(), "-file", caCrt.toString(), "-rfc");
        keytool(storepass, "-importcert", "-noprompt", "-alias", "ca", "-keystore", leaf.toString(), "-file", caCrt.toString());
        keytool(storepass, "-importcert", "-noprompt", "-alias", "leaf", "-keystore", leaf.toString(), "-file", crt.toString());
        return leaf;
    }
}
