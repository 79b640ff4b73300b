package fr.preau.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * ({@code bundles/cahier/src/test/browser/cahier.spec.mjs}, {@code BROWSER_ONLY=cahier} runs it alone); the webmail's
 * (a teacher and a pupil write to each other; a pupil's message validated by the teacher once the referent asked for it)
 * with the mail module ({@code bundles/mail/src/test/browser/mail-box.spec.mjs}, {@code BROWSER_ONLY='mail \(box\)'}).
 * The modules' screens in every state, against mock boxes, in a second test.
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

    /**
     * node's options: one spec file after the other (they share the box and its demo accounts); for a quick iteration
     * on some tests only, BROWSER_ONLY=<regular expression of test names>.
     */
    static List<String> options() {
        List<String> arguments = new ArrayList<>(List.of("--test-concurrency=1"));
        String only = System.getenv("BROWSER_ONLY");
        if (only != null && !only.isBlank()) {
            arguments.add("--test-name-pattern=" + only);
        }
        return arguments;
    }

    @Test
    void portalWorksAndIsAccessibleInChromium() throws Exception {
        List<String> arguments = options();
        arguments.add(BrowserSpecs.spec(null, "portal.spec.mjs").toString());
        // the modules' screens have their own specs beside their bundles (the cahier's journey of a devoir)
        Path cahier = BrowserSpecs.spec("cahier", "cahier.spec.mjs");
        if (Files.isRegularFile(cahier)) {
            arguments.add(cahier.toString());
        }
        // the webmail's journeys against this box (teacher ↔ pupil, validation asked by the referent)
        Path mail = BrowserSpecs.spec("mail", "mail-box.spec.mjs");
        if (Files.isRegularFile(mail)) {
            arguments.add(mail.toString());
        }
        Map<String, String> env = new HashMap<>();
        env.put("LOGIN", "leo.marchand");
        env.put("PASSWORD", Box.DEMO_PASSWORD);
        env.put("REFERENT_LOGIN", "referent");
        env.put("PARENT_LOGIN", "helene.marchand");
        env.put("DIRECTION_LOGIN", "anne.verger");
        env.put("TEACHER_LOGIN", "julien.dumas");
        // an école's AAF export the referent imports from the console (ImportIT's fixtures)
        env.put("AAF_DIR", Path.of(BrowserIT.class.getResource("/aaf").toURI()).toString());
        // a module the referent installs from the console while a pupil's portal is open
        HotPlugIT.offerProbe(box);
        env.put("MODULE_NAME", "Sonde de test");
        // the académie's next catalogue (probe 0.2.0), which the spec drops into deploy/ to offer an upgrade
        Path upgrade = box.home().resolve("catalogue-upgrade.xml");
        Files.writeString(upgrade, HotPlugIT.upgradeCatalogue(box));
        env.put("UPGRADE_CATALOGUE", upgrade.toString());
        env.put("DEPLOY_DIR", box.home().resolve("deploy").toString());
        BrowserSpecs.run(box, "browser", arguments, env, Duration.ofSeconds(720));
    }

    /**
     * Every state of the modules' screens, each against a mock box of its spec's own (the portal's mock server and
     * the module's REST contract faked): the cahier de textes, the documents (drop boxes, sharing, versions), the
     * webmail (« À valider » included), at phone widths with axe, strict (a spec run by hand also does the desktop's).
     * The same spec files hold the journeys against the box, run above (cahier) or by FilesIT (documents): without
     * BASE_URL they skip those.
     */
    @Test
    void modulesScreensInEveryStateAgainstMockBoxes() throws Exception {
        List<String> arguments = options();
        for (String module : List.of("cahier", "files", "mail")) {
            arguments.add(BrowserSpecs.spec(module, module + ".spec.mjs").toString());
        }
        // at phone widths only (the desktop's run the same steps; the journeys above cover the desktop against the box),
        // to keep the whole test run within its time on a two-core machine
        BrowserSpecs.run(null, "browser-mocks", arguments, Map.of("BROWSER_PHONE_ONLY", "1"), Duration.ofSeconds(600));
    }

}
