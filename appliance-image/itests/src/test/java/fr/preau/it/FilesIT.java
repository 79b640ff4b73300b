package fr.preau.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The files module on the demo box (one boot): the referent installs it from the console; REST round
 * trip of a file over 1 MiB, a pupil refused in a class space, a quota refused with a clear problem,
 * trash and restore, litmus over /dav/ with 0 failures, the « Documents » screen in Chromium (a teacher
 * uploads into a class space, a pupil of that class downloads the file: the box journey of
 * {@code bundles/files/src/test/browser/files.spec.mjs}), and hot-plug keeping the files.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FilesIT {

    static final String A5 = "classe:0999999Z:CLASSE:5A";

    static Box box;
    static Client teacher;
    static Client pupil;
    static Client referent;
    static String teacherSpace;
    static String pupilSpace;
    static byte[] big;
    static String bigId;

    @BeforeAll
    static void boot() {
        // pupils get 1 MiB so that the quota is reached with a small file
        box = Box.demo("files").config("fr.preau.files", Map.of("quota.eleve.mb", "1")).startAndAwaitUp();
        referent = box.signedIn("referent");
        Client.Response r = referent.post("/api/v1/admin/modules/preau-files/install", "{}");
        assertEquals(202, r.status(), r.toString());
        teacher = box.signedIn("julien.dumas");
        pupil = box.signedIn("leo.marchand");
        HotPlugIT.awaitStatusOn(box, teacher, "/api/v1/files/espaces", 200, Duration.ofSeconds(120));
        teacherSpace = personal(teacher);
        pupilSpace = personal(pupil);
    }

    @AfterAll
    static void shutdown() {
        if (box != null) {
            box.close();
        }
    }

    static String personal(Client c) {
        for (JsonNode s : c.get("/api/v1/files/espaces").json().path("items")) {
            if (s.path("kind").asText().equals("PERSO")) {
                return s.path("id").asText();
            }
        }
        throw new AssertionError("no personal space");
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static Client.Response upload(Client c, String space, String name, byte[] bytes) {
        return c.sendWith("POST", "/api/v1/files/fichiers?espace=" + q(space) + "&nom=" + q(name), "application/octet-stream",
                HttpRequest.BodyPublishers.ofByteArray(bytes), Map.of("X-CSRF-Token", c.csrfToken()));
    }

    @Test
    @Order(1)
    void aFileOverOneMebibyteGoesUpAndComesBackIntact() throws Exception {
        big = new byte[1_600_000];
        new Random(8).nextBytes(big);
        Client.Response up = upload(teacher, teacherSpace, "Séquence fractions.bin", big);
        assertEquals(201, up.status(), up.toString());
        JsonNode node = up.json();
        bigId = node.path("id").asText();
        assertEquals(big.length, node.path("size").asLong());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big)), node.path("sha256").asText());
        assertArrayEquals(big, teacher.getBytes("/api/v1/files/fichiers/" + bigId));
        Client.Response head = teacher.get("/api/v1/files/fichiers/" + bigId, "*/*");
        assertTrue(head.header("Content-Disposition").startsWith("attachment;"), head.toString());
        assertEquals(404, pupil.get("/api/v1/files/noeuds/" + bigId).status(), "another person's file is not found");
    }

    @Test
    @Order(2)
    void aPupilReadsButCannotWriteTheClassSpace() {
        Client.Response up = upload(teacher, A5, "cours.txt", "Cours du jour".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, up.status(), up.toString());
        assertEquals(200, pupil.get("/api/v1/files/dossier?espace=" + q(A5)).status());
        Client.Response refused = upload(pupil, A5, "moi.txt", "x".getBytes(StandardCharsets.UTF_8));
        PlatformIT.assertProblem(refused, 403, "read-only-space");
    }

    @Test
    @Order(3)
    void aQuotaExceededIsRefusedWithAClearProblem() {
        Client.Response refused = upload(pupil, pupilSpace, "trop-gros.bin", new byte[2 * 1024 * 1024]);
        PlatformIT.assertProblem(refused, 507, "quota-exceeded");
        assertTrue(refused.json().path("title").asText().startsWith("Espace plein"), refused.toString());
        assertEquals(0, pupil.get("/api/v1/files/quota?espace=" + q(pupilSpace)).json().path("used").asLong());
    }

    @Test
    @Order(4)
    void theTrashGivesAFileBack() {
        Client.Response up = upload(pupil, pupilSpace, "exposé.txt", "Les volcans".getBytes(StandardCharsets.UTF_8));
        String id = up.json().path("id").asText();
        assertEquals(204, pupil.send("DELETE", "/api/v1/files/noeuds/" + id, null, null, Map.of("X-CSRF-Token", pupil.csrfToken())).status());
        assertFalse(pupil.get("/api/v1/files/dossier?espace=" + q(pupilSpace)).body().contains("exposé.txt"));
        assertTrue(pupil.get("/api/v1/files/corbeille?espace=" + q(pupilSpace)).body().contains("exposé.txt"));
        Client.Response back = pupil.post("/api/v1/files/corbeille/" + id + "/restaurer", "{}");
        assertEquals(200, back.status(), back.toString());
        assertEquals("Les volcans", new String(pupil.getBytes("/api/v1/files/fichiers/" + id), StandardCharsets.UTF_8));
    }

    @Test
    @Order(5)
    void litmusPassesOverDav() throws Exception {
        Path litmus = Path.of("/usr/bin/litmus");
        assumeTrue(Files.isExecutable(litmus), "litmus is installed by provisioning/host-deps.sh");
        Path work = Files.createDirectories(box.data().resolveSibling("litmus"));
        ProcessBuilder pb = new ProcessBuilder(litmus.toString(), "http://127.0.0.1:" + box.port() + "/dav/Mes%20documents/",
                "julien.dumas", Box.DEMO_PASSWORD);
        pb.environment().put("TESTS", "basic copymove props locks http");
        pb.directory(work.toFile());
        pb.redirectErrorStream(true);
        Path out = work.resolve("litmus.txt");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "litmus did not finish");
        String report = Files.readString(out);
        int summaries = 0;
        for (String line : report.split("\n")) {
            if (line.startsWith("<- summary for")) {
                summaries++;
                assertTrue(line.contains(" 0 failed"), line + "\n" + report);
            }
        }
        assertEquals(5, summaries, report);
        assertEquals(0, p.exitValue(), report);
    }

    @Test
    @Order(6)
    void theScreenCarriesAFileFromATeacherToAPupilOfTheClass() throws Exception {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        assertTrue(Files.isExecutable(Path.of(chromium)),
                chromium + " is missing: run provisioning/host-deps.sh (./preau test does it)");
        Path spec = Path.of(Box.required("preau.portal.dir")).resolveSibling("files").resolve("src/test/browser/files.spec.mjs");
        Path output = Path.of(System.getProperty("preau.it.work", "target/it")).resolve("files-browser-output.txt");
        Files.createDirectories(output.getParent());
        ProcessBuilder pb = new ProcessBuilder("node", "--test", "--test-concurrency=1", spec.toString());
        pb.environment().put("BASE_URL", "http://127.0.0.1:" + box.port());
        pb.environment().put("LOGIN", "leo.marchand");
        pb.environment().put("TEACHER_LOGIN", "julien.dumas");
        pb.environment().put("PASSWORD", Box.DEMO_PASSWORD);
        pb.environment().put("CHROMIUM", chromium);
        pb.environment().put("SCREENSHOTS", output.resolveSibling("files-screenshots").toString());
        pb.redirectErrorStream(true).redirectOutput(output.toFile());
        Process node = pb.start();
        assertTrue(node.waitFor(300, TimeUnit.SECONDS), "browser test timed out");
        String report = Files.readString(output);
        System.out.println(report);
        assertEquals(0, node.exitValue(), "browser test failed:\n" + report + "\n" + box.diagnostics());
        // the journey ran (and was not skipped for want of the module)
        assertTrue(report.contains("# pass 1") && report.contains("# skipped 4"), report);
    }

    @Test
    @Order(7)
    void hotPlugKeepsTheFiles() {
        Client.Response removing = referent.post("/api/v1/admin/modules/preau-files/uninstall", "{}");
        assertEquals(202, removing.status(), removing.toString());
        HotPlugIT.awaitStatusOn(box, teacher, "/api/v1/files/espaces", 404, Duration.ofSeconds(90));
        assertEquals(200, teacher.get("/api/v1/me").status(), "the rest of the box works");
        Client.Response adding = Box.installModule(referent, "preau-files");
        assertEquals(202, adding.status(), adding.toString());
        HotPlugIT.awaitStatusOn(box, teacher, "/api/v1/files/espaces", 200, Duration.ofSeconds(120));
        assertArrayEquals(big, teacher.getBytes("/api/v1/files/fichiers/" + bigId));
    }
}
