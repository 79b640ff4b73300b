package fr.preau.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs browser specs ({@code node --test} on {@code *.spec.mjs}, Debian's Chromium through playwright-core)
 * against a box, and fails with the spec's report and the box's diagnostics when a spec fails.
 */
final class BrowserSpecs {

    private BrowserSpecs() {
    }

    /** Debian's Chromium (CHROMIUM overrides it); fails when it is not installed. */
    static String chromium() {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        assertTrue(Files.isExecutable(Path.of(chromium)),
                chromium + " is missing: run provisioning/host-deps.sh (./preau test does it)");
        return chromium;
    }

    /** A spec of the portal's front end, or of a module's beside it ({@code module} null: the portal). */
    static Path spec(String module, String file) {
        Path portal = Path.of(Box.required("preau.portal.dir"));
        return (module == null ? portal : portal.resolveSibling(module)).resolve("src/test/browser").resolve(file);
    }

    /**
     * Runs {@code node --test} with these arguments (options, then spec files) against the box, with BASE_URL,
     * CHROMIUM and SCREENSHOTS set besides {@code env}; the report goes to {@code <name>-output.txt} in the
     * tests' work folder and to standard output. Returns the report of a run that passed. Without a box
     * ({@code box} null), no BASE_URL: the specs run against mock boxes of their own.
     */
    static String run(Box box, String name, List<String> arguments, Map<String, String> env, Duration timeout) throws Exception {
        Path output = Path.of(System.getProperty("preau.it.work", "target/it")).resolve(name + "-output.txt");
        Files.createDirectories(output.getParent());
        List<String> command = new ArrayList<>(List.of("node", "--test"));
        command.addAll(arguments);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("BASE_URL");
        if (box != null) {
            pb.environment().put("BASE_URL", "http://127.0.0.1:" + box.port());
        }
        pb.environment().put("CHROMIUM", chromium());
        pb.environment().put("SCREENSHOTS", output.resolveSibling(name + "-screenshots").toString());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(output.toFile());
        Process node = pb.start();
        assertTrue(node.waitFor(timeout.toSeconds(), TimeUnit.SECONDS), name + ": browser test timed out");
        String report = Files.readString(output);
        System.out.println(report);
        assertEquals(0, node.exitValue(), name + ": browser test failed:\n" + report + (box == null ? "" : "\n" + box.diagnostics()));
        return report;
    }
}
