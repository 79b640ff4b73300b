package fr.preau.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A new box with an empty data directory asks for the school and the referent's password, and nothing else. */
class FirstBootIT {

    static Box box;

    @AfterAll
    static void shutdown() {
        if (box != null) {
            box.close();
        }
    }

    /** Runs the portal's set-up spec (bundles/portal/src/test/browser/setup.spec.mjs) in Debian's Chromium. */
    private static void setUpInChromium(String code, String password) throws Exception {
        String report = BrowserSpecs.run(box, "setup-browser", List.of(BrowserSpecs.spec(null, "setup.spec.mjs").toString()),
                Map.of("SETUP_CODE", code, "PASSWORD", password), Duration.ofMinutes(5));
        assertTrue(report.contains("# pass 1"), "the set-up spec ran (not skipped):\n" + report);
    }

    @Test
    void setUpThenRefuseDemoModeOnARealSchool() throws Exception {
        box = Box.unpack("firstboot").startAndAwaitUp();
        Client c = box.client();
        assertEquals(true, c.get("/api/v1/setup").json().path("required").asBoolean());
        Path tokenFile = box.data().resolve("preau/setup-token");
        assertTrue(Files.exists(tokenFile));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(tokenFile));
        String code = Files.readString(tokenFile).trim();
        assertTrue(box.consoleOutput().contains(code), "the code is shown on the console");
        assertFalse(box.log().contains(code), "the code is never logged");

        String password = "Mon collège, ma box 2026";
        PlatformIT.assertProblem(c.post("/api/v1/setup", Client.json(Map.of("token", "AAAA-BBBB-CCCC", "uai", "0999999Z",
                "schoolName", "Collège Jean Rostand", "referentPassword", password))), 401, "invalid-setup-code");
        PlatformIT.assertProblem(c.post("/api/v1/setup", Client.json(Map.of("token", code, "uai", "12", "schoolName",
                "Collège Jean Rostand", "referentPassword", password))), 400, "invalid-uai");
        PlatformIT.assertProblem(c.post("/api/v1/setup", Client.json(Map.of("token", code, "uai", "0999999Z", "schoolName",
                "Collège Jean Rostand", "mailDomain", "collège.fr", "referentPassword", password))), 400, "invalid-mail-domain");
        assertEquals(true, c.get("/api/v1/setup").json().path("required").asBoolean(), "a refused set-up changes nothing");
        // the set-up itself in a real browser: the referent, then the annuaire (LDAP settings tested), then the updates
        setUpInChromium(code, password);
        assertEquals(false, c.get("/api/v1/setup").json().path("required").asBoolean());
        assertFalse(Files.exists(tokenFile));
        PlatformIT.assertProblem(c.post("/api/v1/setup", Client.json(Map.of("token", code, "uai", "0999999Z",
                "schoolName", "Collège Jean Rostand", "referentPassword", password))), 409, "already-set-up");

        Client referent = box.client();
        Client.Response login = referent.login("referent", password);
        assertEquals(200, login.status(), login.toString());
        assertEquals("Collège Jean Rostand", login.json().path("person").path("school").path("name").asText());
        assertTrue(login.json().path("person").path("profiles").toString().contains("REFERENT"));
        Client.Response schools = referent.get("/api/v1/admin/schools");
        assertEquals(200, schools.status(), schools.toString());
        assertEquals("clg-rostand.ac-fictive.fr", schools.json().path(0).path("mailDomain").asText(), schools.body());
        box.stop();

        // the same data directory in demo mode: the start script refuses it before Java starts
        assertEquals("0999999Z", Files.readString(box.data().resolve("preau/real-school")).trim());
        int boots = box.logCount("Starting with globalExtender");
        box.env("PREAU_MODE", "demo").env("PREAU_DEMO_PASSWORD", Box.DEMO_PASSWORD).start();
        assertTrue(box.waitExit(Duration.ofSeconds(30)), "demo mode must refuse a real school's data\n" + box.diagnostics());
        assertEquals(1, box.exitValue());
        assertTrue(box.consoleOutput().contains("Le mode démo refuse de démarrer : ce dossier de données contient un "
                + "établissement réel (0999999Z)"), box.consoleOutput());
        assertEquals(boots, box.logCount("Starting with globalExtender"), "Java never started");

        // without the marker (a box set up by an older version), the box itself refuses and stops
        Files.delete(box.data().resolve("preau/real-school"));
        box.start();
        assertTrue(box.waitExit(Duration.ofSeconds(150)), "demo mode must refuse a real school's data\n" + box.diagnostics());
        assertTrue(box.log().contains("Demo mode refused"), box.diagnostics());
        if (box.log().contains("did not stop within")) {
            System.out.println("The refused box had to be halted:\n" + box.diagnostics());
        }
    }
}
