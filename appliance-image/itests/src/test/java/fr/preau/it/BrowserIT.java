package fr.preau.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The portal in a real browser (Debian's Chromium driven by playwright-core) against the real
 * box: login, home with the school and the catalogue, logout, the referent's console (accounts of
 * a class, imports, schools), and axe-core finds no serious or critical accessibility violation at
 * 360 px and 1280 px. The script lives with the portal
 * ({@code bundles/portal/src/test/browser/portal.spec.mjs}).
 */
class BrowserIT {

    static Box box;

    @BeforeAll
    static void boot() {
        box = Box.demo("browser").startAndAwaitUp();
    }

    @AfterAll
    static void shutdown() {
        if (box != null) {
            box.close();
        }
    }

    @Test
    void portalWorksAndIsAccessibleInChromium() throws Exception {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        assertTrue(Files.isExecutable(Path.of(chromium)),
                chromium + " is missing: run provisioning/host-deps.sh (./preau test does it)");
        Path portal = Path.of(Box.required("preau.portal.dir"));
        Path spec = portal.resolve("src/test/browser/portal.spec.mjs");
        Path output = Path.of(System.getProperty("preau.it.work", "target/it")).resolve("browser-output.txt");
        ProcessBuilder pb = new ProcessBuilder("node", "--test", spec.toString());
        pb.environment().put("BASE_URL", "http://127.0.0.1:" + box.port());
        pb.environment().put("LOGIN", "leo.marchand");
        pb.environment().put("PASSWORD", Box.DEMO_PASSWORD);
        pb.environment().put("REFERENT_LOGIN", "referent");
        pb.environment().put("PARENT_LOGIN", "helene.marchand");
        // a module the referent installs from the console while a pupil's portal is open
        HotPlugIT.offerProbe(box);
        pb.environment().put("MODULE_NAME", "Sonde de test");
        pb.environment().put("CHROMIUM", chromium);
        pb.environment().put("SCREENSHOTS", output.resolveSibling("screenshots").toString());
        pb.redirectErrorStream(true).redirectOutput(output.toFile());
        Process node = pb.start();
        assertTrue(node.waitFor(480, TimeUnit.SECONDS), "browser test timed out");
        String report = Files.readString(output);
        System.out.println(report);
        assertEquals(0, node.exitValue(), "browser test failed:\n" + report + "\n" + box.diagnostics());
    }
}
