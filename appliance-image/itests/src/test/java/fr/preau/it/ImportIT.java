package fr.preau.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Annuaire imports through the referent API on the assembled box. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImportIT {

    static final List<String> ECOLE = List.of("ENT_0999998Y_Complet_20250901_EtabEducNat_0000.xml",
            "ENT_0999998Y_Complet_20250901_PersEducNat_0000.xml", "ENT_0999998Y_Complet_20250901_PersRelEleve_0000.xml",
            "ENT_0999998Y_Complet_20250901_Eleve_0000.xml");

    static Box box;
    static Client referent;

    @BeforeAll
    static void boot() {
        box = Box.demo("import").startAndAwaitUp();
        referent = box.client();
        assertEquals(200, referent.login("referent", Box.DEMO_PASSWORD).status());
    }

    @AfterAll
    static void shutdown() {
        if (box != null) {
            box.close();
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = ImportIT.class.getClassLoader().getResourceAsStream("aaf/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode runToEnd(String id) {
        Client.Response start = referent.post("/api/v1/admin/imports/" + id + "/start", "{}");
        assertEquals(202, start.status(), start.toString());
        for (int i = 0; i < 120; i++) {
            JsonNode run = referent.get("/api/v1/admin/imports/" + id).json();
            String status = run.path("status").asText();
            if (status.equals("DONE") || status.equals("FAILED") || status.equals("CONFIRMATION_REQUIRED")) {
                return run;
            }
            Box.sleep(500);
        }
        throw new AssertionError("import " + id + " did not end");
    }

    @Test
    @Order(1)
    void referentImportsAZipOfAFirstDegreeExportAndGetsAReport() throws IOException {
        Client.Response created = referent.post("/api/v1/admin/imports", "{}");
        assertEquals(201, created.status(), created.toString());
        String id = created.json().path("id").asText();
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            for (String f : ECOLE) {
                z.putNextEntry(new ZipEntry("ENT1DVA.20250901/" + f));
                z.write(resource(f));
                z.closeEntry();
            }
        }
        Client.Response up = referent.put("/api/v1/admin/imports/" + id + "/files/ENT1DVA.20250901.zip", zip.toByteArray());
        assertEquals(200, up.status(), up.toString());
        assertEquals(4, up.json().path("files").size(), up.body());
        JsonNode run = runToEnd(id);
        assertEquals("DONE", run.path("status").asText(), run.toString());
        assertTrue(run.path("counts").path("created").asInt() >= 10, run.toString());
        Client.Response report = referent.get("/api/v1/admin/imports/" + id + "/report", "text/csv");
        assertEquals(200, report.status());
        assertTrue(report.contentType().startsWith("text/csv"), report.contentType());
        assertTrue(report.body().contains("créé"), report.body());
        assertTrue(report.body().contains("9500004"), "the dangling parent link is reported: " + report.body());
        assertTrue(box.log().contains("Import " + id + " ended DONE"));
    }

    @Test
    @Order(2)
    void reimportingTheSameFilesChangesNothing() {
        String id = referent.post("/api/v1/admin/imports", "{}").json().path("id").asText();
        for (String f : ECOLE) {
            assertEquals(200, referent.put("/api/v1/admin/imports/" + id + "/files/" + f, resource(f)).status());
        }
        JsonNode counts = runToEnd(id).path("counts");
        assertEquals(0, counts.path("created").asInt() + counts.path("updated").asInt() + counts.path("deactivated").asInt(),
                counts.toString());
        assertTrue(counts.path("unchanged").asInt() >= 10, counts.toString());
        JsonNode imports = referent.get("/api/v1/admin/imports").json();
        assertEquals(3, imports.size(), imports.toString());
        assertEquals("DEMO", imports.get(2).path("source").asText(), "the demo school came by an import too: " + imports);
    }

    @Test
    @Order(3)
    void badFilesGetClearErrors() {
        String id = referent.post("/api/v1/admin/imports", "{}").json().path("id").asText();
        PlatformIT.assertProblem(referent.put("/api/v1/admin/imports/" + id + "/files/photo.png", new byte[] {1, 2, 3}), 400,
                "invalid-file-type");
        PlatformIT.assertProblem(referent.put("/api/v1/admin/imports/" + id + "/files/export.zip", "not a zip".getBytes()), 400,
                "empty-zip");
        PlatformIT.assertProblem(referent.post("/api/v1/admin/imports/" + id + "/start", "{}"), 400, "import-empty");
        assertEquals(200, referent.put("/api/v1/admin/imports/" + id + "/files/ENT_0999998Y_Complet_20250901_Eleve_0000.xml",
                "<html>pas un export</html>".getBytes()).status());
        JsonNode run = runToEnd(id);
        assertEquals("FAILED", run.path("status").asText(), run.toString());
        assertTrue(run.path("message").asText().contains("Aucun fichier utilisable"), run.toString());
        assertTrue(referent.get("/api/v1/admin/imports/" + id + "/report", "text/csv").body().contains("<ficAlimMENESR>"));
        PlatformIT.assertProblem(referent.get("/api/v1/admin/imports/00000000-0000-0000-0000-000000000000"), 404, "unknown-import");
    }

    @Test
    @Order(4)
    void uploadsAreNotLimitedByTheGeneralBodyLimit() {
        String id = referent.post("/api/v1/admin/imports", "{}").json().path("id").asText();
        String file = new String(resource(ECOLE.get(0)), java.nio.charset.StandardCharsets.UTF_8);
        String big = file.replace("<ficAlimMENESR>", "<ficAlimMENESR>\n<!-- " + "x".repeat(3 * 1024 * 1024) + " -->");
        Client.Response up = referent.put("/api/v1/admin/imports/" + id + "/files/" + ECOLE.get(0), big.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(200, up.status(), "a 3 MiB export is accepted: " + up);
        assertEquals("DONE", runToEnd(id).path("status").asText());
    }

    @Test
    @Order(5)
    void credentialLettersForAClassComeAsAPdfForTheReferentOnly() {
        // the maths club's only teacher is a printed demo account: he has his password already
        String club = "{\"uai\":\"0999999Z\",\"division\":\"0999999Z:GROUPE:ATELIER-MATHS\",\"profiles\":[\"ENSEIGNANT\"]";
        PlatformIT.assertProblem(referent.post("/api/v1/admin/letters", club + "}"), 404, "no-letters");
        assertEquals(200, referent.post("/api/v1/admin/letters", club + ",\"includeActivated\":true}").status());
        // the pupils and parents of 4A imported from the demo files wait for their letters
        Client.Response r = referent.post("/api/v1/admin/letters",
                "{\"uai\":\"0999999Z\",\"division\":\"0999999Z:CLASSE:4A\",\"profiles\":[\"ELEVE\",\"PARENT\"]}");
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.contentType().startsWith("application/pdf"), r.contentType());
        assertTrue(r.body().startsWith("%PDF-"), "a PDF");
        String c = "[0-9A-HJKMNP-TV-Z]";
        assertFalse(java.util.regex.Pattern.compile("(?<![A-Za-z0-9-])" + c + "{4}-" + c + "{4}-" + c + "{2}(?![A-Za-z0-9-])")
                .matcher(box.log()).find(), "no activation code in the log");
        PlatformIT.assertProblem(referent.post("/api/v1/admin/letters", "{\"uai\":\"0999999Z\",\"division\":\"nope\"}"), 404,
                "unknown-division");
        // the referent administers the box: the école imported beside the collège too
        Client.Response ecole = referent.post("/api/v1/admin/letters", "{\"uai\":\"0999998Y\"}");
        assertEquals(200, ecole.status(), ecole.toString());
        Client pupil = box.client();
        assertEquals(200, pupil.login("leo.marchand", Box.DEMO_PASSWORD).status());
        PlatformIT.assertProblem(pupil.post("/api/v1/admin/letters", "{\"uai\":\"0999999Z\"}"), 403, "forbidden");
    }

    @Test
    @Order(6)
    void onlyTheReferentMayImport() {
        Client pupil = box.client();
        assertEquals(200, pupil.login("leo.marchand", Box.DEMO_PASSWORD).status());
        PlatformIT.assertProblem(pupil.post("/api/v1/admin/imports", "{}"), 403, "forbidden");
        PlatformIT.assertProblem(pupil.get("/api/v1/admin/imports"), 403, "forbidden");
        Client anonymous = box.client();
        PlatformIT.assertProblem(anonymous.get("/api/v1/admin/imports"), 401, "not-authenticated");
        assertFalse(box.log().contains(Box.DEMO_PASSWORD));
    }

    @Test
    @Order(7)
    void theConsoleListsASchoolsAccountsForTheReferentAndTheDirectionOnly() {
        JsonNode page = referent.get("/api/v1/admin/accounts?class=5A&profile=ELEVE&limit=100").json();
        int total = page.path("total").asInt();
        assertTrue(total >= 20 && total <= 30, page.toString());
        assertEquals(total, page.path("items").size());
        JsonNode leo = null;
        for (JsonNode item : page.path("items")) {
            assertEquals("5A", item.path("classes").get(0).asText(), item.toString());
            if (item.path("login").asText().equals("leo.marchand")) {
                leo = item;
            }
        }
        assertTrue(leo != null && leo.path("state").asText().equals("ACTIVE"), page.toString());
        JsonNode pending = referent.get("/api/v1/admin/accounts?class=5A&profile=ELEVE&state=PENDING").json();
        assertEquals(total - 1, pending.path("total").asInt(), "everyone but Léo waits for a letter: " + pending);
        JsonNode helene = referent.get("/api/v1/admin/accounts?q=helene%20marchand").json();
        assertEquals("helene.marchand", helene.path("items").get(0).path("login").asText(), helene.toString());
        assertEquals(List.of("3B", "5A"), List.of(helene.path("items").get(0).path("classes").get(0).asText(),
                helene.path("items").get(0).path("classes").get(1).asText()));
        PlatformIT.assertProblem(referent.get("/api/v1/admin/accounts?state=perdu"), 400, "invalid-state");
        // the referent reads the école's accounts too; the direction only its own school's
        assertTrue(referent.get("/api/v1/admin/accounts?school=0999997X").json().path("total").asInt() > 100);
        Client head = box.client();
        assertEquals(200, head.login("anne.verger", Box.DEMO_PASSWORD).status());
        assertTrue(head.get("/api/v1/admin/accounts?profile=ENSEIGNANT").json().path("total").asInt() >= 18);
        PlatformIT.assertProblem(head.get("/api/v1/admin/accounts?school=0999997X"), 403, "forbidden");
        Client pupil = box.client();
        assertEquals(200, pupil.login("leo.marchand", Box.DEMO_PASSWORD).status());
        PlatformIT.assertProblem(pupil.get("/api/v1/admin/accounts"), 403, "forbidden");
        // the account detail of the platform still answers beside the list
        assertEquals("helene.marchand", referent.get("/api/v1/admin/accounts/helene.marchand").json().path("login").asText());
    }

    @Test
    @Order(8)
    void everySchoolHasAMailDomainTheReferentChooses() {
        JsonNode schools = referent.get("/api/v1/admin/schools").json();
        assertTrue(schools.toString().contains("\"mailDomain\":\"rostand.preau.test\""), schools.toString());
        assertTrue(schools.toString().contains("\"mailDomain\":\"0999998y.preau.invalid\""), "a placeholder for the école: " + schools);
        assertTrue(schools.toString().contains("{\"uai\":\"0999998Y\",\"name\":\"École élémentaire des Tilleuls\",\"demo\":true"),
                "an export tried on the demo box makes a demo school (the demo stays a demo): " + schools);
        PlatformIT.assertProblem(referent.putJson("/api/v1/admin/schools/0999998Y/mail-domain", "{\"domain\":\"pas un domaine\"}"),
                400, "invalid-mail-domain");
        Client.Response set = referent.putJson("/api/v1/admin/schools/0999998Y/mail-domain", "{\"domain\":\"Tilleuls.ac-fictive.fr\"}");
        assertEquals(200, set.status(), set.toString());
        assertEquals("tilleuls.ac-fictive.fr", set.json().path("mailDomain").asText());
        Client head = box.client();
        assertEquals(200, head.login("anne.verger", Box.DEMO_PASSWORD).status());
        assertEquals(1, head.get("/api/v1/admin/schools").json().size(), "the direction sees its own school");
        PlatformIT.assertProblem(head.putJson("/api/v1/admin/schools/0999999Z/mail-domain", "{\"domain\":\"x.fr\"}"), 403,
                "forbidden");
    }

    @Test
    @Order(9)
    void theReferentReadsTheAuditLogAndTheDirectionTheStatistics() {
        JsonNode page = referent.get("/api/v1/admin/audit?action=auth.&success=true&limit=5").json();
        assertTrue(page.path("total").asInt() >= 3, page.toString());
        assertTrue(page.toString().contains("\"login\":\"leo.marchand\""), "actors are named for the referent: " + page);
        Client.Response csv = referent.get("/api/v1/admin/audit/export?action=auth.login", "text/csv");
        assertEquals(200, csv.status(), csv.toString());
        assertTrue(csv.body().startsWith("\uFEFFnumero;date;action;identifiant;nom"), csv.body().substring(0, Math.min(200, csv.body().length())));
        PlatformIT.assertProblem(referent.get("/api/v1/admin/audit?from=hier"), 400, "invalid-date");
        String today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")).toString();
        Client head = box.client();
        assertEquals(200, head.login("anne.verger", Box.DEMO_PASSWORD).status());
        PlatformIT.assertProblem(head.get("/api/v1/admin/audit"), 403, "forbidden");
        JsonNode stats = head.get("/api/v1/admin/statistics/connections?day=" + today).json();
        assertEquals(48, stats.path("slots").size(), stats.toString());
        assertTrue(stats.path("people").asInt() >= 2, "Léo and Anne signed in today: " + stats);
        assertFalse(stats.toString().contains("leo.marchand"), "statistics name nobody");
        PlatformIT.assertProblem(head.get("/api/v1/admin/statistics/connections?school=0999997X"), 403, "forbidden");
        Client pupil = box.client();
        assertEquals(200, pupil.login("leo.marchand", Box.DEMO_PASSWORD).status());
        PlatformIT.assertProblem(pupil.get("/api/v1/admin/statistics/connections"), 403, "forbidden");
    }

    @Test
    @Order(10)
    void theReferentInstallsAndUninstallsAModuleFromTheConsole() {
        // the académie offers a module: a catalogue (deployed) names its features repository; nothing is installed
        HotPlugIT.offerProbe(box);
        JsonNode probe = awaitModule("preau-probe", "AVAILABLE");
        assertFalse(probe.toString().contains("preau-web"), "platform features are not modules");
        JsonNode list = referent.get("/api/v1/admin/modules").json();
        for (JsonNode m : list.path("items")) {
            assertFalse(m.path("id").asText().matches("preau-(web|auth|directory|portal|admin|platform|appliance)"), list.toString());
        }
        Client pupil = box.client();
        assertEquals(200, pupil.login("leo.marchand", Box.DEMO_PASSWORD).status());
        PlatformIT.assertProblem(pupil.post("/api/v1/admin/modules/preau-probe/install", null), 403, "forbidden");
        assertFalse(HotPlugIT.catalogueHas(pupil, "probe"));

        assertEquals(202, referent.post("/api/v1/admin/modules/preau-probe/install", null).status());
        awaitModule("preau-probe", "INSTALLED");
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (!HotPlugIT.catalogueHas(pupil, "probe") && System.nanoTime() < deadline) {
            Box.sleep(200);
        }
        assertTrue(HotPlugIT.catalogueHas(pupil, "probe"), "the pupil's catalogue shows the new module");
        PlatformIT.assertProblem(referent.post("/api/v1/admin/modules/preau-probe/install", null), 409, "module-installed");

        assertEquals(202, referent.post("/api/v1/admin/modules/preau-probe/uninstall", null).status());
        awaitModule("preau-probe", "AVAILABLE");
        assertFalse(HotPlugIT.catalogueHas(pupil, "probe"));
        PlatformIT.assertProblem(referent.post("/api/v1/admin/modules/preau-web/install", null), 404, "unknown-module");
        assertTrue(box.log().contains("Module preau-probe install: done"), "logged");
    }

    static JsonNode awaitModule(String id, String state) {
        JsonNode last = null;
        for (int i = 0; i < 120; i++) {
            last = referent.get("/api/v1/admin/modules").json();
            for (JsonNode m : last.path("items")) {
                if (m.path("id").asText().equals(id) && m.path("state").asText().equals(state)) {
                    return m;
                }
            }
            Box.sleep(500);
        }
        throw new AssertionError(id + " never " + state + ": " + last + "\n" + box.diagnostics());
    }
}
