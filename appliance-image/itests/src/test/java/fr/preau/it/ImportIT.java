package fr.preau.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import fr.preau.directory.internal.ldap.Slapd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
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

    @Test
    @Order(11)
    void theReferentOpensAnAccountDeactivatesItAndCreatesAGuest() {
        // the detail: classes, responsables with their kind, last login; the read is in the audit log
        Client.Response detail = referent.get("/api/v1/admin/accounts/leo.marchand/detail");
        assertEquals(200, detail.status(), detail.toString());
        JsonNode leo = detail.json();
        assertEquals("ACTIVE", leo.path("state").asText(), leo.toString());
        assertEquals("5A", leo.path("classes").get(0).path("label").asText(), leo.toString());
        assertTrue(leo.path("responsables").toString().contains("\"login\":\"helene.marchand\""), leo.toString());
        assertTrue(leo.path("responsables").toString().contains("\"kind\":\"MERE\""), leo.toString());
        assertFalse(leo.path("lastLogin").isNull(), "Léo signed in earlier: " + leo);
        assertTrue(leo.path("manageable").asBoolean());
        assertEquals("leo.marchand", referent.get("/api/v1/admin/accounts/" + leo.path("id").asText() + "/detail").json()
                .path("login").asText(), "by id too");
        JsonNode reads = referent.get("/api/v1/admin/audit?action=data.person.read&limit=5").json();
        assertTrue(reads.toString().contains("\"login\":\"leo.marchand\""), "the read is recorded: " + reads);
        PlatformIT.assertProblem(referent.get("/api/v1/admin/accounts/personne.inconnue/detail"), 404, "unknown-account");

        // deactivated: signed out at once, login refused; reactivated: login works again
        Client pupil = box.client();
        assertEquals(200, pupil.login("leo.marchand", Box.DEMO_PASSWORD).status());
        Client.Response off = referent.post("/api/v1/admin/accounts/leo.marchand/deactivate", null);
        assertEquals(200, off.status(), off.toString());
        assertEquals("DEACTIVATED", off.json().path("state").asText());
        assertEquals("REFERENT", off.json().path("deactivatedBy").asText());
        PlatformIT.assertProblem(pupil.get("/api/v1/me"), 401, "not-authenticated");
        PlatformIT.assertProblem(box.client().login("leo.marchand", Box.DEMO_PASSWORD), 401, "invalid-credentials");
        assertEquals("DEACTIVATED", referent.get("/api/v1/admin/accounts?state=DEACTIVATED&q=leo%20marchand").json()
                .path("items").get(0).path("state").asText());
        PlatformIT.assertProblem(referent.post("/api/v1/admin/accounts/referent/deactivate", null), 409, "own-account");
        Client.Response on = referent.post("/api/v1/admin/accounts/leo.marchand/reactivate", null);
        assertEquals(200, on.status(), on.toString());
        assertEquals("ACTIVE", on.json().path("state").asText());
        Box.sleep(2500); // the refused login above asks for a pause before the next try
        assertEquals(200, pupil.login("leo.marchand", Box.DEMO_PASSWORD).status());
        JsonNode journal = referent.get("/api/v1/admin/audit?action=admin.account.&limit=5").json();
        assertTrue(journal.toString().contains("admin.account.deactivate") && journal.toString().contains("admin.account.reactivate"),
                journal.toString());

        // a guest with an end date, its letter, a new end date
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris"));
        Client.Response created = referent.post("/api/v1/admin/guests", "{\"firstName\":\"Zoé\",\"lastName\":\"Intervenante\","
                + "\"uai\":\"0999999Z\",\"email\":\"zoe@example.invalid\",\"until\":\"" + today.plusDays(30) + "\"}");
        assertEquals(201, created.status(), created.toString());
        String guest = created.json().path("login").asText();
        assertEquals("zoe.intervenante", guest);
        JsonNode guests = referent.get("/api/v1/admin/accounts?profile=INVITE").json();
        assertEquals(today.plusDays(30).toString(), guests.path("items").get(0).path("guestUntil").asText(), guests.toString());
        assertEquals("PENDING", guests.path("items").get(0).path("state").asText());
        Client.Response letter = referent.post("/api/v1/admin/letters", "{\"uai\":\"0999999Z\",\"logins\":[\"" + guest + "\"]}");
        assertEquals(200, letter.status(), letter.toString());
        assertTrue(letter.body().startsWith("%PDF-"));
        PlatformIT.assertProblem(referent.putJson("/api/v1/admin/accounts/" + guest + "/end-date",
                "{\"until\":\"" + today.plusYears(1).plusDays(1) + "\"}"), 400, "invalid-end-date");
        PlatformIT.assertProblem(referent.post("/api/v1/admin/guests", "{\"firstName\":\"A\",\"lastName\":\"B\"}"), 400,
                "invalid-end-date");
        Client.Response moved = referent.putJson("/api/v1/admin/accounts/" + guest + "/end-date", "{\"until\":\"" + today.plusDays(60) + "\"}");
        assertEquals(200, moved.status(), moved.toString());
        assertEquals(today.plusDays(60).toString(), moved.json().path("guestUntil").asText());
        PlatformIT.assertProblem(referent.putJson("/api/v1/admin/accounts/leo.marchand/end-date",
                "{\"until\":\"" + today.plusDays(3) + "\"}"), 409, "not-a-guest");

        // the box's health, for the referent and the direction
        JsonNode health = referent.get("/api/v1/admin/health").json();
        assertTrue(health.path("bundles").toString().contains("{\"name\":\"fr.preau.directory\",\"label\":\"Annuaire\""), health.toString());
        for (JsonNode b : health.path("bundles")) {
            assertTrue(b.path("ok").asBoolean(), "every Préau bundle works: " + b);
        }
        assertTrue(health.path("lastBackup").isMissingNode() || health.path("lastBackup").isNull(), "no backup machinery yet: " + health);
        assertEquals("preau/backup/last-backup.properties", health.path("backupMarker").asText());
        assertTrue(health.path("disk").path("freeBytes").asLong() > 0 && health.path("uptimeSeconds").asLong() > 0, health.toString());
        assertFalse(health.path("lastImport").isNull(), health.toString());
        assertEquals(200, box.client().get("/api/v1/health").status(), "the public health stays");

        // everyone else: 403; the direction reads only
        for (String path : List.of("/api/v1/admin/accounts/leo.marchand/detail", "/api/v1/admin/accounts/helene.marchand/detail",
                "/api/v1/admin/health")) {
            PlatformIT.assertProblem(pupil.get(path), 403, "forbidden");
        }
        PlatformIT.assertProblem(pupil.post("/api/v1/admin/accounts/helene.marchand/deactivate", null), 403, "forbidden");
        PlatformIT.assertProblem(pupil.post("/api/v1/admin/accounts/leo.marchand/reactivate", null), 403, "forbidden");
        PlatformIT.assertProblem(pupil.putJson("/api/v1/admin/accounts/" + guest + "/end-date", "{\"until\":\"" + today + "\"}"), 403,
                "forbidden");
        PlatformIT.assertProblem(pupil.post("/api/v1/admin/guests", "{\"firstName\":\"A\",\"lastName\":\"B\",\"until\":\""
                + today + "\"}"), 403, "forbidden");
        Client head = box.client();
        assertEquals(200, head.login("anne.verger", Box.DEMO_PASSWORD).status());
        JsonNode read = head.get("/api/v1/admin/accounts/leo.marchand/detail").json();
        assertEquals("leo.marchand", read.path("login").asText(), read.toString());
        assertFalse(read.path("manageable").asBoolean());
        assertEquals(200, head.get("/api/v1/admin/health").status());
        PlatformIT.assertProblem(head.post("/api/v1/admin/accounts/leo.marchand/deactivate", null), 403, "forbidden");
        assertEquals(200, pupil.get("/api/v1/me").status(), "Léo is still signed in");
    }

    /** The LDAP settings of the sync test: the école of the seed only (the collège's UAI is the demo school's). */
    static Map<String, Object> ldapSettings(Slapd slapd, String password) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", slapd.url());
        m.put("bindDn", Slapd.SYNC_DN);
        if (password != null) {
            m.put("password", password);
        }
        m.put("baseDn", Slapd.BASE);
        m.put("structureFilter", "(&(objectClass=ENTEtablissement)(ENTStructureUAI=0999998Y))");
        m.put("pageSize", 2);
        m.put("intervalMinutes", 0);
        return m;
    }

    @Test
    @Order(20)
    void theReferentSetsUpTheLdapSyncFromTheConsoleTestsItAndSyncs() throws Exception {
        Optional<String> missing = Slapd.missing();
        if (Boolean.getBoolean("preau.require.slapd")) {
            assertTrue(missing.isEmpty(), () -> "OpenLDAP is required here (preau.require.slapd=true) but " + missing.get()
                    + ": run provisioning/host-deps.sh");
        }
        Assumptions.assumeTrue(missing.isEmpty(), () -> "OpenLDAP is not installed (" + missing.orElse("") + "): LDAP sync skipped");
        Path cfg = box.data().resolve("preau/etc/fr.preau.directory.ldap.cfg");
        Path dir = Files.createTempDirectory(box.data().getParent(), "slapd");
        try (Slapd slapd = Slapd.start(dir)) {
            // other profiles are refused everywhere
            Client pupil = box.client();
            assertEquals(200, pupil.login("leo.marchand", Box.DEMO_PASSWORD).status());
            PlatformIT.assertProblem(pupil.get("/api/v1/admin/ldap"), 403, "forbidden");
            PlatformIT.assertProblem(pupil.get("/api/v1/admin/ldap/settings"), 403, "forbidden");
            PlatformIT.assertProblem(pupil.putJson("/api/v1/admin/ldap/settings", Client.json(ldapSettings(slapd, "x"))), 403, "forbidden");
            PlatformIT.assertProblem(pupil.post("/api/v1/admin/ldap/test", "{}"), 403, "forbidden");
            PlatformIT.assertProblem(pupil.post("/api/v1/admin/ldap/sync", "{}"), 403, "forbidden");
            assertFalse(Files.exists(cfg), "nothing stored by a pupil");

            JsonNode none = referent.get("/api/v1/admin/ldap/settings").json();
            assertEquals("", none.path("url").asText());
            assertFalse(none.path("passwordSet").asBoolean());
            assertFalse(referent.get("/api/v1/admin/ldap").json().path("configured").asBoolean());

            // refused settings: a French title, nothing stored
            Map<String, Object> wrong = ldapSettings(slapd, Slapd.SYNC_PASSWORD);
            wrong.put("url", "http://" + slapd.url().substring("ldap://".length()));
            Client.Response refused = referent.putJson("/api/v1/admin/ldap/settings", Client.json(wrong));
            PlatformIT.assertProblem(refused, 400, "ldap-settings-invalid");
            assertTrue(refused.json().path("title").asText().startsWith("Adresse du serveur LDAP invalide"), refused.toString());
            assertFalse(Files.exists(cfg));

            // the form's values are tested before anything is saved
            JsonNode tried = referent.post("/api/v1/admin/ldap/test", Client.json(ldapSettings(slapd, Slapd.SYNC_PASSWORD))).json();
            assertTrue(tried.path("ok").asBoolean(), tried.toString());
            assertEquals(1, tried.path("structures").asInt(), tried.toString());
            assertFalse(referent.get("/api/v1/admin/ldap").json().path("configured").asBoolean(), "a test stores nothing");

            // saved: effective at once, stored owner-only where it survives a new version, never given back
            Client.Response saved = referent.putJson("/api/v1/admin/ldap/settings", Client.json(ldapSettings(slapd, Slapd.SYNC_PASSWORD)));
            assertEquals(200, saved.status(), saved.toString());
            assertTrue(saved.json().path("passwordSet").asBoolean());
            assertFalse(saved.body().contains(Slapd.SYNC_PASSWORD));
            assertTrue(referent.get("/api/v1/admin/ldap").json().path("configured").asBoolean(), "effective at once");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cfg)));
            assertTrue(Files.readString(cfg, StandardCharsets.ISO_8859_1).contains("url = " + slapd.url()));

            JsonNode ok = referent.post("/api/v1/admin/ldap/test", "").json();
            assertTrue(ok.path("ok").asBoolean(), ok.toString());
            assertEquals(1, ok.path("structures").asInt());
            assertTrue(ok.path("people").asInt() > 0, ok.toString());
            assertTrue(ok.path("message").asText().startsWith("Connexion réussie : 1 établissement, "), ok.toString());
            // a wrong password typed in the form is diagnosed, and the stored one stays
            JsonNode refusedBind = referent.post("/api/v1/admin/ldap/test", Client.json(ldapSettings(slapd, "not-the-password"))).json();
            assertFalse(refusedBind.path("ok").asBoolean());
            assertTrue(refusedBind.path("message").asText().startsWith("Connexion refusée"), refusedBind.toString());

            Client.Response started = referent.post("/api/v1/admin/ldap/sync", "{}");
            assertEquals(202, started.status(), started.toString());
            String id = started.json().path("id").asText();
            JsonNode run = null;
            for (int i = 0; i < 120 && (run == null || !run.path("status").asText().matches("DONE|FAILED|CONFIRMATION_REQUIRED")); i++) {
                Box.sleep(500);
                run = referent.get("/api/v1/admin/imports/" + id).json();
            }
            assertEquals("DONE", run.path("status").asText(), run.toString());
            assertEquals("LDAP", run.path("source").asText());
            JsonNode last = null;
            // the run is DONE a moment before the sync's own record says so (a missing finishedAt is not null: hasNonNull)
            for (int i = 0; i < 40 && (last == null || !last.hasNonNull("finishedAt")); i++) {
                last = referent.get("/api/v1/admin/ldap").json().path("last");
                Box.sleep(250);
            }
            assertEquals(id, last.path("importId").asText(), last.toString());
            assertTrue(last.path("ok").asBoolean(), last.toString());
            assertTrue(last.path("message").asText().startsWith("Synchronisation terminée"), last.toString());

            // fileinstall watches the file too: after its polls, the settings are the same and the file holds them
            Box.sleep(5000);
            JsonNode after = referent.get("/api/v1/admin/ldap/settings").json();
            assertEquals(slapd.url(), after.path("url").asText());
            assertEquals(Slapd.SYNC_DN, after.path("bindDn").asText());
            assertEquals(2, after.path("pageSize").asInt());
            assertTrue(after.path("passwordSet").asBoolean());
            assertFalse(after.has("password"));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cfg)));
            assertTrue(referent.post("/api/v1/admin/ldap/test", "").json().path("ok").asBoolean(), "the stored password still works");

            JsonNode journal = referent.get("/api/v1/admin/audit?action=directory.ldap.&limit=20").json();
            assertTrue(journal.toString().contains("directory.ldap.settings"), journal.toString());
            assertFalse(journal.toString().contains(Slapd.SYNC_PASSWORD));
            assertFalse(box.log().contains(Slapd.SYNC_PASSWORD), "the bind password is never logged");

            // an empty address turns the sync off
            Client.Response off = referent.putJson("/api/v1/admin/ldap/settings", "{\"url\":\"\",\"password\":\"\"}");
            assertEquals(200, off.status(), off.toString());
            assertFalse(off.json().path("passwordSet").asBoolean());
            assertFalse(referent.get("/api/v1/admin/ldap").json().path("configured").asBoolean());
            assertFalse(Files.readString(cfg, StandardCharsets.ISO_8859_1).contains(Slapd.SYNC_PASSWORD));
        }
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
