package fr.preau.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The portal in a real browser (Debian's Chromium driven by playwright-core) against the real
 * box: login, home with the school and the catalogue, logout, the referent's console (accounts of
 * a class, imports, schools), the journeys of a first login with a code from the console, a lockout
 * lifted by the referent, an import with its confirmation step, the direction's read-only console and
 * a teacher's portal, and axe-core finds no serious or critical accessibility violation at 360 px and
 * 1280 px. The script lives with the portal
 * ({@code bundles/portal/src/test/browser/portal.spec.mjs}); the cahier de textes' journey (a devoir sur table
 * from the teacher to the pupil, the parent and the direction's visa) with the cahier
 * ({@code bundles/cahier/src/test/browser/cahier.spec.mjs}, {@code BROWSER_ONLY=cahier} runs it alone).
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
        // the modules' screens have their own specs beside their bundles (the cahier's journey of a devoir)
        Path cahier = portal.resolveSibling("cahier").resolve("src/test/browser/cahier.spec.mjs");
        // one spec file after the other: they share the box and its demo accounts
        List<String> command = new ArrayList<>(List.of("node", "--test", "--test-concurrency=1"));
        // a quick iteration on some tests only: BROWSER_ONLY=<regular expression of test names>
        String only = System.getenv("BROWSER_ONLY");
        if (only != null && !only.isBlank()) {
            command.add("--test-name-pattern=" + only);
        }
        command.add(spec.toString());
        if (Files.isRegularFile(cahier)) {
            command.add(cahier.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("BASE_URL", "http://127.0.0.1:" + box.port());
        pb.environment().put("LOGIN", "leo.marchand");
        pb.environment().put("PASSWORD", Box.DEMO_PASSWORD);
        pb.environment().put("REFERENT_LOGIN", "referent");
        pb.environment().put("PARENT_LOGIN", "helene.marchand");
        pb.environment().put("DIRECTION_LOGIN", "anne.verger");
        pb.environment().put("TEACHER_LOGIN", "julien.dumas");
        // an école's AAF export the referent imports from the console (ImportIT's fixtures)
        pb.environment().put("AAF_DIR", Path.of(BrowserIT.class.getResource("/aaf").toURI()).toString());
        // a module the referent installs from the console while a pupil's portal is open
        HotPlugIT.offerProbe(box);
        pb.environment().put("MODULE_NAME", "Sonde de test");
        // the académie's next catalogue (probe 0.2.0), which the spec drops into deploy/ to offer an upgrade
        Path upgrade = box.home().resolve("catalogue-upgrade.xml");
        Files.writeString(upgrade, HotPlugIT.upgradeCatalogue(box));
        pb.environment().put("UPGRADE_CATALOGUE", upgrade.toString());
        pb.environment().put("DEPLOY_DIR", box.home().resolve("deploy").toString());
        pb.environment().put("CHROMIUM", chromium);
        pb.environment().put("SCREENSHOTS", output.resolveSibling("screenshots").toString());
        pb.redirectErrorStream(true).redirectOutput(output.toFile());
        Process node = pb.start();
        assertTrue(node.waitFor(720, TimeUnit.SECONDS), "browser test timed out");
        String report = Files.readString(output);
        System.out.println(report);
        assertEquals(0, node.exitValue(), "browser test failed:\n" + report + "\n" + box.diagnostics());
    }
}
