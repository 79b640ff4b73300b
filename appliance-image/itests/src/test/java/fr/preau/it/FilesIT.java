package fr.preau.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import fr.preau.files.internal.Davfs2;
import fr.preau.files.internal.RealClamd;
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
 * The files module on the demo box (one boot): a default module, installed at the first start; REST round
 * trip of a file over 1 MiB, a pupil refused in a class space, a quota refused with a clear problem,
 * trash and restore, litmus over /dav/ with 0 failures, the « Documents » screen in Chromium (a teacher
 * uploads into a class space, a pupil of that class downloads the file: the box journey of
 * {@code bundles/files/src/test/browser/files.spec.mjs}), sharing (REST and WebDAV, revocation), a drop box (two pupils,
 * one late, kept apart; the teacher's zip by pupil; a corrected file back), hot-plug keeping the files, and the
 * antivirus: a real clamd started here ({@link RealClamd}: its own clamd.conf, only the project's EICAR signature) is the
 * box's {@code clamd.address} from the boot, so every upload of this class is scanned; EICAR is refused over REST, WebDAV
 * and a drop box, a clean file goes through, clamd stopped refuses uploads (fail closed). Served types are sniffed.
 * Previews: a PNG's thumbnail and a PDF's first page come back as JPEGs (headless AWT and PDFBox inside Karaf), with
 * their ETag (304), for whoever may download the file only. A resumable upload goes in three pieces, one of them cut,
 * resumes from the offset the box gives and ends as the same bytes; a declared size over the quota is refused.
 * davfs2: its exact listing PROPFIND gets an answer of the shape it reads ({@link Davfs2}); a real davfs2 mount (skipped,
 * saying why, only without /dev/fuse or root) lists, reads, writes, renames and deletes.
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
    /** The real clamd the box scans with, or null where clamd is absent (the antivirus test then says so). */
    static RealClamd clamd;
    static Path clamdDir;

    @BeforeAll
    static void boot() throws Exception {
        // pupils get 1 MiB so that the quota is reached with a small file
        Map<String, String> config = new java.util.HashMap<>(Map.of("quota.eleve.mb", "1"));
        if (RealClamd.missing().isEmpty()) {
            clamdDir = Files.createTempDirectory("preau-clamd"); // short: a unix socket path is 107 bytes at most
            clamd = RealClamd.start(clamdDir);
            config.put("clamd.address", clamd.address());
        }
        box = Box.demo("files").config("fr.preau.files", config).startAndAwaitUp();
        referent = box.signedIn("referent");
        teacher = box.signedIn("julien.dumas");
        pupil = box.signedIn("leo.marchand");
        HotPlugIT.awaitStatusOn(box, teacher, "/api/v1/files/espaces", 200, Duration.ofSeconds(120));
        teacherSpace = personal(teacher);
        pupilSpace = personal(pupil);
        // the demo's documents (FilesDemo) are written once the demo annuaire is in: wait for them, so that no test
        // meets them arriving — the pupil's own folders are written last
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!listed(pupil, pupilSpace, "Brouillons") && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertTrue(listed(pupil, pupilSpace, "Brouillons"), "the demo's documents");
        assertTrue(listed(pupil, "etab:0999999Z", "Règlement intérieur 2026-2027.pdf"), "the school's documents of the demo");
    }

    @AfterAll
    static void shutdown() throws InterruptedException {
        if (box != null) {
            box.close();
        }
        if (clamd != null) {
            clamd.close();
        }
        if (clamdDir != null) {
            try (java.util.stream.Stream<Path> all = Files.walk(clamdDir)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException e) {
                // a temporary folder left behind harms nobody
            }
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
        return upload(c, space, name, "application/octet-stream", bytes);
    }

    /** An upload declaring {@code type} (which the box does not believe: it looks at the bytes). */
    static Client.Response upload(Client c, String space, String name, String type, byte[] bytes) {
        return c.sendWith("POST", "/api/v1/files/fichiers?espace=" + q(space) + "&nom=" + q(name), type,
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
        long used = pupil.get("/api/v1/files/quota?espace=" + q(pupilSpace)).json().path("used").asLong();
        Client.Response refused = upload(pupil, pupilSpace, "trop-gros.bin", new byte[2 * 1024 * 1024]);
        PlatformIT.assertProblem(refused, 507, "quota-exceeded");
        assertTrue(refused.json().path("title").asText().startsWith("Espace plein"), refused.toString());
        assertEquals(used, pupil.get("/api/v1/files/quota?espace=" + q(pupilSpace)).json().path("used").asLong(), "nothing kept");
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

    static String personId(String space) {
        return space.substring(space.indexOf(':') + 1);
    }

    static Client.Response dav(String login, String password, String path) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String auth = java.util.Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
        java.net.http.HttpResponse<String> r = http.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + box.port() + path))
                .header("Authorization", "Basic " + auth).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return new Client.Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body(), r.headers());
    }

    @Test
    @Order(5)
    void aTeacherSharesAFileWithAPupilWhoDownloadsItUntilItIsRevoked() throws Exception {
        byte[] text = "Fiche de révision : les fractions".getBytes(StandardCharsets.UTF_8);
        String id = upload(teacher, teacherSpace, "Fiche partagée.txt", text).json().path("id").asText();
        assertEquals(404, pupil.get("/api/v1/files/noeuds/" + id).status(), "not shared yet");
        String leo = personId(pupilSpace);
        assertTrue(teacher.get("/api/v1/files/partages/destinataires?q=marchand").body().contains(leo), "the picker offers the pupil");

        Client.Response shared = teacher.post("/api/v1/files/partages", Client.json(Map.of("noeud", id,
                "destinataires", java.util.List.of(Map.of("type", "PERSONNE", "id", leo)), "ecriture", false)));
        assertEquals(201, shared.status(), shared.toString());
        String shareId = shared.json().path("items").get(0).path("id").asText();

        Client.Response mine = pupil.get("/api/v1/files/partages/avec-moi");
        assertEquals("Fiche partagée.txt", mine.json().path("items").get(0).path("noeud").path("name").asText(), mine.toString());
        assertTrue(mine.json().path("items").get(0).path("par").asText().equalsIgnoreCase("Julien Dumas"), mine.toString());
        assertArrayEquals(text, pupil.getBytes("/api/v1/files/fichiers/" + id));
        Client.Response overDav = dav("leo.marchand", Box.DEMO_PASSWORD, "/dav/Partag%C3%A9s%20avec%20moi/Fiche%20partag%C3%A9e.txt");
        assertEquals(200, overDav.status(), overDav.toString());
        assertEquals(new String(text, StandardCharsets.UTF_8), overDav.body());
        PlatformIT.assertProblem(pupil.post("/api/v1/files/noeuds/" + id + "/renommer", Client.json(Map.of("nom", "à moi.txt"))), 403,
                "read-only-share");

        assertEquals(204, teacher.send("DELETE", "/api/v1/files/partages/" + shareId, null, null,
                Map.of("X-CSRF-Token", teacher.csrfToken())).status());
        assertEquals(404, pupil.get("/api/v1/files/noeuds/" + id).status(), "revoked at once");
        assertEquals(404, dav("leo.marchand", Box.DEMO_PASSWORD, "/dav/Partag%C3%A9s%20avec%20moi/Fiche%20partag%C3%A9e.txt").status());
    }

    @Test
    @Order(6)
    void aDropBoxCollectsHandInsKeepsThemApartZipsThemAndReturnsACorrectedFile() throws Exception {
        // a second pupil of 5A, signed in with an activation code the referent issues
        String other = null;
        for (JsonNode a : referent.get("/api/v1/admin/accounts?class=5A&profile=ELEVE&limit=5").json().path("items")) {
            if (!a.path("login").asText().equals("leo.marchand")) {
                other = a.path("login").asText();
                break;
            }
        }
        assertTrue(other != null, "a second pupil in 5A");
        String code = referent.post("/api/v1/admin/accounts/" + other + "/activation-code", null).json().path("code").asText();
        Client second = box.client();
        String password = "Cinquième-A-Dépôt-2026!";
        assertEquals(200, second.post("/api/v1/auth/activate", Client.json(Map.of("login", other, "code", code,
                "newPassword", password))).status());
        assertEquals(200, second.login(other, password).status());
        assertTrue(teacher.get("/api/v1/files/depots/classes").body().contains("0999999Z:CLASSE:5A"));

        java.time.Instant deadline = java.time.Instant.now().plusSeconds(12);
        Client.Response opened = teacher.post("/api/v1/files/depots", Client.json(Map.of("classe", "0999999Z:CLASSE:5A",
                "titre", "Rédaction : mon quartier", "consignes", "Une page.", "echeance", deadline.toString())));
        assertEquals(201, opened.status(), opened.toString());
        String boxId = opened.json().path("id").asText();
        String base = "/api/v1/files/depots/" + boxId;

        Client.Response onTime = pupil.sendWith("POST", base + "/rendus?nom=" + q("rédaction.txt"), "text/plain",
                HttpRequest.BodyPublishers.ofString("Léo, à l'heure"), Map.of("X-CSRF-Token", pupil.csrfToken()));
        assertEquals(201, onTime.status(), onTime.toString());
        assertFalse(onTime.json().path("enRetard").asBoolean());
        while (java.time.Instant.now().isBefore(deadline.plusSeconds(1))) {
            Thread.sleep(250);
        }
        Client.Response late = second.sendWith("POST", base + "/rendus?nom=" + q("rédaction.txt"), "text/plain",
                HttpRequest.BodyPublishers.ofString("En retard"), Map.of("X-CSRF-Token", second.csrfToken()));
        assertEquals(201, late.status(), late.toString());
        assertTrue(late.json().path("enRetard").asBoolean(), "marked late");
        String lateId = late.json().path("id").asText();

        // pupils see only their own
        assertEquals(404, pupil.get(base + "/fichiers/" + lateId).status(), "another pupil's hand-in is not found");
        JsonNode leos = pupil.get(base).json();
        assertEquals(1, leos.path("mesRendus").size(), leos.toString());
        assertTrue(leos.path("eleves").isNull() || leos.path("eleves").isMissingNode(), leos.toString());

        JsonNode seen = teacher.get(base).json();
        assertEquals(2, seen.path("depot").path("rendus").asInt(), seen.toString());
        assertEquals(1, seen.path("depot").path("enRetardCount").asInt(), seen.toString());

        // folders « NOM Prénom » as the annuaire writes names (the AAF's nom in capitals)
        java.util.Map<String, String> entries = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(
                teacher.getBytes(base + "/archive")), StandardCharsets.UTF_8)) {
            for (java.util.zip.ZipEntry e; (e = zip.getNextEntry()) != null;) {
                entries.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(2, entries.size(), entries.toString());
        assertEquals("Léo, à l'heure", entries.get("Marchand Léo/rédaction.txt"), entries.toString());
        assertTrue(entries.entrySet().stream().anyMatch(e -> !e.getKey().equalsIgnoreCase("Marchand Léo/rédaction.txt") && e.getKey().endsWith("/rédaction.txt")
                && e.getValue().equals("En retard")), entries.toString());
        assertEquals(404, pupil.get(base + "/archive", "*/*").status(), "the zip is the teacher's");

        Client.Response back = teacher.sendWith("POST", base + "/eleves/" + personId(pupilSpace) + "/corriges?nom=" + q("corrigé.txt"),
                "text/plain", HttpRequest.BodyPublishers.ofString("Très bien, Léo"), Map.of("X-CSRF-Token", teacher.csrfToken()));
        assertEquals(201, back.status(), back.toString());
        JsonNode corrected = pupil.get(base).json().path("corriges");
        assertEquals("corrigé.txt", corrected.get(0).path("nom").asText(), corrected.toString());
        assertEquals("Très bien, Léo", new String(pupil.getBytes(corrected.get(0).path("url").asText()), StandardCharsets.UTF_8));
        assertEquals(0, second.get(base).json().path("corriges").size());
    }

    @Test
    @Order(7)
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
    @Order(9)
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
        pb.environment().put("DIRECTION_LOGIN", "anne.verger");
        pb.environment().put("PASSWORD", Box.DEMO_PASSWORD);
        // the PDF the direction shares with the teacher, who finds it by a word inside
        Path shared = output.resolveSibling("conseil-pedagogique.pdf");
        Files.write(shared, pdf("Compte rendu du conseil pedagogique", "Projet interdisciplinaire sur les energies renouvelables"));
        pb.environment().put("SHARED_PDF", shared.toString());
        pb.environment().put("CHROMIUM", chromium);
        pb.environment().put("SCREENSHOTS", output.resolveSibling("files-screenshots").toString());
        pb.redirectErrorStream(true).redirectOutput(output.toFile());
        Process node = pb.start();
        assertTrue(node.waitFor(300, TimeUnit.SECONDS), "browser test timed out");
        String report = Files.readString(output);
        System.out.println(report);
        assertEquals(0, node.exitValue(), "browser test failed:\n" + report + "\n" + box.diagnostics());
        // the journeys ran (and were not skipped for want of the module): the class space, the drop box, the search
        assertTrue(report.contains("# pass 3") && report.contains("# skipped 6"), report);
    }

    @Test
    @Order(10)
    void hotPlugKeepsTheFiles() {
        Client.Response removing = referent.post("/api/v1/admin/modules/preau-files/uninstall", "{}");
        assertEquals(202, removing.status(), removing.toString());
        HotPlugIT.awaitStatusOn(box, teacher, "/api/v1/files/espaces", 404, Duration.ofSeconds(90));
        assertEquals(200, teacher.get("/api/v1/me").status(), "the rest of the box works");
        // the files' search hits leave with the module, and come back with it
        SearchIT.awaitTrue(box, () -> filesHits(pupil, "photosynthese") == 0, "the files' hits vanish", Duration.ofSeconds(10));
        Client.Response adding = Box.installModule(referent, "preau-files");
        assertEquals(202, adding.status(), adding.toString());
        HotPlugIT.awaitStatusOn(box, teacher, "/api/v1/files/espaces", 200, Duration.ofSeconds(120));
        assertArrayEquals(big, teacher.getBytes("/api/v1/files/fichiers/" + bigId));
        SearchIT.awaitTrue(box, () -> filesHits(pupil, "photosynthese") == 1, "the files' hits come back", Duration.ofSeconds(60));
    }

    /** The search's hits from the files module for {@code q}, as {@code c} gets them. */
    static int filesHits(Client c, String q) {
        Client.Response r = c.get("/api/v1/search?module=files&q=" + q(q));
        assertEquals(200, r.status(), r.toString());
        return r.json().path("total").asInt();
    }

    /**
     * A one-page PDF showing {@code lines} (ASCII, Helvetica), written here byte by byte with its cross-reference table:
     * what a word processor would give, without a PDF library in the tests.
     */
    static byte[] pdf(String... lines) {
        StringBuilder text = new StringBuilder("BT /F1 14 Tf 16 TL 72 770 Td\n");
        for (String line : lines) {
            text.append('(').append(line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")).append(") Tj T*\n");
        }
        text.append("ET");
        String[] objects = {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length " + text.length() + " >>\nstream\n" + text + "\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        };
        StringBuilder out = new StringBuilder("%PDF-1.4\n");
        StringBuilder xref = new StringBuilder("xref\n0 " + (objects.length + 1) + "\n0000000000 65535 f \n");
        for (int i = 0; i < objects.length; i++) {
            xref.append(String.format("%010d 00000 n \n", out.length()));
            out.append(i + 1).append(" 0 obj\n").append(objects[i]).append("\nendobj\n");
        }
        int start = out.length();
        out.append(xref).append("trailer\n<< /Size ").append(objects.length + 1).append(" /Root 1 0 R >>\nstartxref\n").append(start)
                .append("\n%%EOF\n");
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    @Order(8)
    void aPupilFindsAClassPdfByAWordInsideAndNobodyOutsideTheClassDoes() {
        Client parent = box.signedIn("helene.marchand");
        Client head = box.signedIn("anne.verger");
        byte[] cours = pdf("Sciences de la vie et de la Terre - 5e A", "La photosynthese des plantes vertes", "Exercices 1 a 4");
        Client.Response up = upload(teacher, A5, "SVT chapitre 3.pdf", "application/pdf", cours);
        assertEquals(201, up.status(), up.toString());
        String id = up.json().path("id").asText();
        long start = System.nanoTime();
        SearchIT.awaitTrue(box, () -> filesHits(pupil, "photosynthese") == 1, "a pupil of 5e A finds it by a word inside", Duration.ofSeconds(10));
        System.out.println("a class PDF found by a word inside " + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms after its upload");
        JsonNode hit = pupil.get("/api/v1/search?module=files&q=" + q("photosynthèse")).json().path("hits").get(0);
        assertEquals("files", hit.path("module").asText(), hit.toString());
        assertEquals("fichier", hit.path("type").asText(), hit.toString());
        assertEquals("SVT chapitre 3.pdf", hit.path("title").asText(), hit.toString());
        assertEquals("/#/module/files/ouvrir/" + id, hit.path("url").asText(), hit.toString());
        assertTrue(hit.path("snippet").asText().contains("<mark>photosynthese</mark>"), hit.toString());
        // a misspelt word finds it too; the direction reads every class space; a parent does not read class spaces
        assertEquals(1, filesHits(pupil, "photosyntese"));
        assertEquals(1, filesHits(head, "photosynthese"));
        assertEquals(0, filesHits(parent, "photosynthese"), "parents do not read class spaces");
        // where the pupil opens it: its folder (the class space's root), the file in it
        JsonNode at = pupil.get("/api/v1/files/noeuds/" + id + "/emplacement").json();
        assertEquals(A5, at.path("espace").asText(), at.toString());
        assertEquals(id, at.path("fichier").asText(), at.toString());
        PlatformIT.assertProblem(parent.get("/api/v1/files/noeuds/" + id + "/emplacement"), 404, "file-not-found");
        // renamed: found by its new name at once
        assertEquals(200, teacher.post("/api/v1/files/noeuds/" + id + "/renommer", Client.json(Map.of("nom", "SVT vegetaux.pdf"))).status());
        SearchIT.awaitTrue(box, () -> filesHits(pupil, "vegetaux") == 1, "found by its new name", Duration.ofSeconds(10));
    }

    static Client.Response davPut(String login, String path, byte[] bytes) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String auth = java.util.Base64.getEncoder().encodeToString((login + ":" + Box.DEMO_PASSWORD).getBytes(StandardCharsets.UTF_8));
        java.net.http.HttpResponse<String> r = http.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + box.port() + path))
                .header("Authorization", "Basic " + auth).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return new Client.Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body(), r.headers());
    }

    static boolean listed(Client c, String space, String name) {
        for (JsonNode n : c.get("/api/v1/files/dossier?espace=" + q(space)).json().path("items")) {
            if (n.path("name").asText().equals(name)) {
                return true;
            }
        }
        return false;
    }

    @Test
    @Order(11)
    void theAntivirusRefusesEicarOverRestWebDavAndADropBoxAndFailsClosed() throws Exception {
        RealClamd.assumePresent();
        byte[] eicar = ("Devoir de Léo\n" + RealClamd.EICAR + "\n").getBytes(StandardCharsets.ISO_8859_1);
        long used = pupil.get("/api/v1/files/quota?espace=" + q(pupilSpace)).json().path("used").asLong();
        // REST: 422 naming what clamd found; nothing stored, the quota untouched
        Client.Response refused = upload(pupil, pupilSpace, "devoir.txt", eicar);
        PlatformIT.assertProblem(refused, 422, "file-infected");
        assertTrue(refused.json().path("title").asText().contains("« " + RealClamd.SIGNATURE + ".UNOFFICIAL »"), refused.toString());
        assertFalse(listed(pupil, pupilSpace, "devoir.txt"));
        assertEquals(used, pupil.get("/api/v1/files/quota?espace=" + q(pupilSpace)).json().path("used").asLong());
        // WebDAV PUT: a 4xx with the same sentence, nothing there afterwards
        Client.Response overDav = davPut("julien.dumas", "/dav/Mes%20documents/virus.txt", eicar);
        assertEquals(422, overDav.status(), overDav.toString());
        assertTrue(overDav.body().contains(RealClamd.SIGNATURE), overDav.body());
        assertEquals(404, dav("julien.dumas", Box.DEMO_PASSWORD, "/dav/Mes%20documents/virus.txt").status());
        // a drop box hand-in
        Client.Response box8 = teacher.post("/api/v1/files/depots", Client.json(Map.of("classe", "0999999Z:CLASSE:5A", "titre", "Antivirus",
                "echeance", java.time.Instant.now().plus(Duration.ofDays(2)).toString())));
        assertEquals(201, box8.status(), box8.toString());
        Client.Response handIn = pupil.sendWith("POST", "/api/v1/files/depots/" + box8.json().path("id").asText() + "/rendus?nom=" + q("rendu.txt"),
                "text/plain", HttpRequest.BodyPublishers.ofByteArray(eicar), Map.of("X-CSRF-Token", pupil.csrfToken()));
        PlatformIT.assertProblem(handIn, 422, "file-infected");
        // clean files go through the same clamd, over REST and WebDAV
        assertEquals(201, upload(pupil, pupilSpace, "devoir.txt", "Devoir de Léo, sans virus.".getBytes(StandardCharsets.UTF_8)).status());
        assertEquals(201, davPut("julien.dumas", "/dav/Mes%20documents/propre.txt", "propre".getBytes(StandardCharsets.UTF_8)).status());
        // audited, without the bytes
        Client.Response audit = referent.get("/api/v1/admin/audit?action=files.infected");
        assertEquals(200, audit.status(), audit.toString());
        assertEquals(3, audit.json().path("total").asInt(), audit.body());
        assertFalse(audit.body().contains("EICAR-STANDARD"), audit.body());
        // the referent's « Tester »
        JsonNode test = referent.get("/api/v1/files/antivirus").json();
        assertTrue(test.path("actif").asBoolean(), test.toString());
        assertTrue(test.path("version").asText().startsWith("ClamAV "), test.toString());
        PlatformIT.assertProblem(teacher.get("/api/v1/files/antivirus"), 403, "forbidden");
        // clamd gone: uploads are refused (fail closed), then accepted again once it is back
        clamd.stop();
        try {
            PlatformIT.assertProblem(upload(pupil, pupilSpace, "pendant.txt", "x".getBytes(StandardCharsets.UTF_8)), 503, "antivirus-unavailable");
            assertEquals(503, davPut("julien.dumas", "/dav/Mes%20documents/pendant.txt", new byte[] {'x'}).status());
            PlatformIT.assertProblem(referent.get("/api/v1/files/antivirus"), 503, "antivirus-unavailable");
        } finally {
            clamd.start();
        }
        assertEquals(201, upload(pupil, pupilSpace, "après.txt", "x".getBytes(StandardCharsets.UTF_8)).status());
    }

    @Test
    @Order(12)
    void downloadsCarryTheSniffedTypeAndNeverActiveContent() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R'};
        Client.Response p = upload(teacher, teacherSpace, "dessin.html", "text/html", png);
        assertEquals(201, p.status(), p.toString());
        assertEquals("image/png", p.json().path("type").asText());
        Client.Response got = teacher.get("/api/v1/files/fichiers/" + p.json().path("id").asText(), "*/*");
        assertEquals("image/png", got.contentType());
        byte[] page = "<!DOCTYPE html><html><body><script>fetch('/api/v1/me')</script></body></html>".getBytes(StandardCharsets.UTF_8);
        Client.Response h = upload(teacher, teacherSpace, "photo.png", "image/png", page);
        assertEquals(201, h.status(), h.toString());
        assertEquals("text/html", h.json().path("type").asText());
        Client.Response served = teacher.get("/api/v1/files/fichiers/" + h.json().path("id").asText(), "*/*");
        assertEquals("application/octet-stream", served.contentType());
        assertEquals("nosniff", served.header("X-Content-Type-Options"));
        assertTrue(served.header("Content-Disposition").startsWith("attachment;"), served.toString());
        Client.Response overDav = dav("julien.dumas", Box.DEMO_PASSWORD, "/dav/Mes%20documents/photo.png");
        assertEquals("application/octet-stream", overDav.contentType());
        assertEquals("nosniff", overDav.header("X-Content-Type-Options"));
    }

    static byte[] png(int width, int height) throws java.io.IOException {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(java.awt.Color.ORANGE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** A one-page PDF (A4, its top half filled black), written by hand with a correct cross-reference table. */
    static byte[] pdf() {
        String content = "0 0 0 rg 0 421 595 421 re f\n";
        String[] objects = {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
            "<< /Length " + content.length() + " >>\nstream\n" + content + "endstream"};
        StringBuilder b = new StringBuilder("%PDF-1.4\n");
        int[] offsets = new int[objects.length];
        for (int i = 0; i < objects.length; i++) {
            offsets[i] = b.length();
            b.append(i + 1).append(" 0 obj\n").append(objects[i]).append("\nendobj\n");
        }
        int xref = b.length();
        b.append("xref\n0 ").append(objects.length + 1).append("\n0000000000 65535 f \n");
        for (int o : offsets) {
            b.append(String.format("%010d 00000 n \n", o));
        }
        b.append("trailer\n<< /Size ").append(objects.length + 1).append(" /Root 1 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static java.awt.image.BufferedImage jpeg(Client c, String path) throws java.io.IOException {
        byte[] bytes = c.getBytes(path);
        assertEquals(0xff, bytes[0] & 0xff, "a JPEG");
        assertEquals(0xd8, bytes[1] & 0xff, "a JPEG");
        return javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(bytes));
    }

    @Test
    @Order(13)
    void thumbnailsOfAnImageAndAPdfComeFromTheBoxForWhoeverMayDownload() throws Exception {
        Client.Response up = upload(teacher, teacherSpace, "affiche.png", png(2000, 1000));
        assertEquals(201, up.status(), up.toString());
        String id = up.json().path("id").asText();
        String url = "/api/v1/files/fichiers/" + id + "/apercu";
        java.awt.image.BufferedImage thumb = jpeg(teacher, url);
        assertEquals(256, thumb.getWidth());
        assertEquals(128, thumb.getHeight());
        java.awt.Color c = new java.awt.Color(thumb.getRGB(128, 64));
        assertTrue(c.getRed() > 220 && c.getGreen() > 150 && c.getBlue() < 60, c.toString());
        assertEquals(1024, jpeg(teacher, url + "?taille=grande").getWidth());
        Client.Response head = teacher.get(url, "*/*");
        assertEquals("image/jpeg", head.contentType());
        String etag = head.header("ETag");
        assertTrue(etag != null && etag.startsWith("\""), head.toString());
        assertEquals(304, teacher.send("GET", url, null, null, Map.of("Accept", "*/*", "If-None-Match", etag)).status());
        // read permission exactly as the download: another person's file is not found
        PlatformIT.assertProblem(pupil.get(url), 404, "file-not-found");
        // overwritten: a new preview, a new ETag
        Client.Response replaced = teacher.sendWith("POST", "/api/v1/files/fichiers?espace=" + q(teacherSpace) + "&nom=" + q("affiche.png")
                + "&remplacer=true", "image/png", HttpRequest.BodyPublishers.ofByteArray(png(300, 600)), Map.of("X-CSRF-Token", teacher.csrfToken()));
        assertEquals(200, replaced.status(), replaced.toString());
        assertEquals(256, jpeg(teacher, url).getHeight());
        assertFalse(etag.equals(teacher.get(url, "*/*").header("ETag")));
        // a PDF's first page, in a class space, seen by a pupil of the class
        Client.Response doc = upload(teacher, A5, "Cours fractions.pdf", pdf());
        assertEquals(201, doc.status(), doc.toString());
        assertEquals("application/pdf", doc.json().path("type").asText());
        java.awt.image.BufferedImage page = jpeg(pupil, "/api/v1/files/fichiers/" + doc.json().path("id").asText() + "/apercu");
        assertEquals(256, page.getHeight());
        assertTrue(new java.awt.Color(page.getRGB(page.getWidth() / 2, 40)).getRed() < 60, "the top half is black");
        assertTrue(new java.awt.Color(page.getRGB(page.getWidth() / 2, 220)).getRed() > 200, "the bottom half is white");
        // no preview for a text, nor for a damaged image
        Client.Response text = upload(teacher, teacherSpace, "notes.txt", "Bonjour".getBytes(StandardCharsets.UTF_8));
        PlatformIT.assertProblem(teacher.get("/api/v1/files/fichiers/" + text.json().path("id").asText() + "/apercu"), 404, "preview-unavailable");
        byte[] cut = java.util.Arrays.copyOf(png(400, 400), 70);
        Client.Response broken = upload(teacher, teacherSpace, "abîmée.png", cut);
        PlatformIT.assertProblem(teacher.get("/api/v1/files/fichiers/" + broken.json().path("id").asText() + "/apercu"), 404,
                "preview-unavailable");
    }

    /** A body that sends {@code first} bytes then breaks, as a connection cut mid-piece. */
    static HttpRequest.BodyPublisher cutAfter(byte[] bytes, int first) {
        java.util.concurrent.Flow.Publisher<java.nio.ByteBuffer> p = subscriber -> subscriber.onSubscribe(new java.util.concurrent.Flow.Subscription() {
            boolean done;

            @Override
            public void request(long n) {
                if (done) {
                    return;
                }
                done = true;
                subscriber.onNext(java.nio.ByteBuffer.wrap(bytes, 0, first));
                subscriber.onError(new java.io.IOException("connection cut"));
            }

            @Override
            public void cancel() {
                done = true;
            }
        });
        return HttpRequest.BodyPublishers.fromPublisher(p, bytes.length);
    }

    @Test
    @Order(14)
    void aBigFileGoesUpInPiecesResumesAfterACutAndArrivesWhole() throws Exception {
        int mib = 1024 * 1024;
        byte[] film = new byte[3 * mib];
        new Random(13).nextBytes(film);
        Client.Response open = teacher.post("/api/v1/files/envois", Client.json(Map.of("espace", teacherSpace, "nom", "Sortie au musée.mp4",
                "taille", film.length, "type", "video/mp4")));
        assertEquals(201, open.status(), open.toString());
        String session = "/api/v1/files/envois/" + open.json().path("id").asText();
        assertEquals(0, open.json().path("recu").asLong());
        Map<String, String> csrf = Map.of("X-CSRF-Token", teacher.csrfToken());
        // piece 1 by position, piece 2 by Content-Range: both above the 1 MiB body limit of ordinary requests
        Client.Response one = teacher.sendWith("PUT", session + "?position=0", "application/octet-stream",
                HttpRequest.BodyPublishers.ofByteArray(java.util.Arrays.copyOfRange(film, 0, mib + 1000)), csrf);
        assertEquals(200, one.status(), one.toString());
        assertEquals(mib + 1000, one.json().path("recu").asLong());
        Client.Response two = teacher.sendWith("PUT", session, "application/octet-stream",
                HttpRequest.BodyPublishers.ofByteArray(java.util.Arrays.copyOfRange(film, mib + 1000, 2 * mib)),
                Map.of("X-CSRF-Token", teacher.csrfToken(), "Content-Range", "bytes " + (mib + 1000) + "-" + (2 * mib - 1) + "/" + film.length));
        assertEquals(200, two.status(), two.toString());
        assertEquals(2 * mib, two.json().path("recu").asLong());
        // piece 3 is cut after 300 KB: the client fails, the box keeps what came
        byte[] third = java.util.Arrays.copyOfRange(film, 2 * mib, 3 * mib);
        try {
            Client.Response r = teacher.sendWith("PUT", session + "?position=" + 2 * mib, "application/octet-stream", cutAfter(third, 300_000), csrf);
            throw new AssertionError("the cut piece got an answer: " + r);
        } catch (java.io.UncheckedIOException expected) {
            // the connection broke, as on a train
        }
        long received = -1;
        for (long previous = -2, until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); received != previous || received < 0;) {
            assertTrue(System.nanoTime() < until, "the box settles on an offset");
            Thread.sleep(500);
            previous = received;
            Client.Response status = teacher.get(session);
            assertEquals(200, status.status(), status.toString());
            received = status.json().path("recu").asLong();
        }
        assertTrue(received >= 2 * mib && received <= 2 * mib + 300_000, "received " + received);
        // a piece from the old offset is refused with the offset to resume from (unless nothing of the cut piece arrived)
        if (received > 2 * mib) {
            PlatformIT.assertProblem(teacher.sendWith("PUT", session + "?position=" + 2 * mib, "application/octet-stream",
                    HttpRequest.BodyPublishers.ofByteArray(third), csrf), 409, "upload-offset-mismatch");
        }
        PlatformIT.assertProblem(teacher.post(session + "/terminer", "{}"), 409, "upload-incomplete");
        Client.Response rest = teacher.sendWith("PUT", session + "?position=" + received, "application/octet-stream",
                HttpRequest.BodyPublishers.ofByteArray(java.util.Arrays.copyOfRange(film, (int) received, film.length)), csrf);
        assertEquals(200, rest.status(), rest.toString());
        assertEquals(film.length, rest.json().path("recu").asLong());
        Client.Response done = teacher.post(session + "/terminer", "{}");
        assertEquals(201, done.status(), done.toString());
        assertEquals(film.length, done.json().path("size").asLong());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(film)), done.json().path("sha256").asText());
        assertArrayEquals(film, teacher.getBytes("/api/v1/files/fichiers/" + done.json().path("id").asText()));
        PlatformIT.assertProblem(teacher.get(session), 404, "upload-not-found");
        // the pupil's 1 MiB: a declared 2 MiB is refused before a byte; someone else's session is not found
        Client.Response full = pupil.post("/api/v1/files/envois", Client.json(Map.of("espace", pupilSpace, "nom", "film.mp4", "taille", 2 * mib)));
        PlatformIT.assertProblem(full, 507, "quota-exceeded");
        Client.Response mine = teacher.post("/api/v1/files/envois", Client.json(Map.of("espace", teacherSpace, "nom", "b.bin", "taille", 10)));
        assertEquals(201, mine.status(), mine.toString());
        PlatformIT.assertProblem(pupil.get("/api/v1/files/envois/" + mine.json().path("id").asText()), 404, "upload-not-found");
        assertEquals(204, teacher.send("DELETE", "/api/v1/files/envois/" + mine.json().path("id").asText(), null, null, csrf).status());
    }
    @Test
    @Order(15)
    void aTeachersGroupOpensToAPupilAndAGuestUntilTheGuestIsRemoved() throws Exception {
        // a guest of the school, signed in with the activation code the referent issues
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris"));
        Client.Response created = referent.post("/api/v1/admin/guests", Client.json(Map.of("firstName", "Marc", "lastName", "Comédien",
                "uai", "0999999Z", "email", "marc@example.invalid", "until", today.plusDays(30).toString())));
        assertEquals(201, created.status(), created.toString());
        String guestLogin = created.json().path("login").asText();
        String guestId = created.json().path("id").asText();
        String code = referent.post("/api/v1/admin/accounts/" + guestLogin + "/activation-code", null).json().path("code").asText();
        Client guest = box.client();
        String password = "Groupe-Théâtre-Invité-2026!";
        assertEquals(200, guest.post("/api/v1/auth/activate", Client.json(Map.of("login", guestLogin, "code", code, "newPassword", password)))
                .status());
        assertEquals(200, guest.login(guestLogin, password).status());

        PlatformIT.assertProblem(pupil.post("/api/v1/files/groupes", Client.json(Map.of("nom", "Club"))), 403, "workgroup-create-denied");
        assertTrue(teacher.get("/api/v1/files/groupes").json().path("peutCreer").asBoolean());
        Client.Response group = teacher.post("/api/v1/files/groupes", Client.json(Map.of("nom", "Projet théâtre",
                "membres", java.util.List.of(personId(pupilSpace), guestId))));
        assertEquals(201, group.status(), group.toString());
        String groupId = group.json().path("id").asText();
        String space = group.json().path("espace").asText();
        assertEquals(3, group.json().path("membres").size(), group.toString());
        assertTrue(guest.get("/api/v1/files/espaces").body().contains(space), "the group is among the guest's spaces");

        byte[] text = "Acte I, scène 1".getBytes(StandardCharsets.UTF_8);
        Client.Response put = upload(pupil, space, "scène 1.txt", text);
        assertEquals(201, put.status(), put.toString());
        String fileId = put.json().path("id").asText();
        assertArrayEquals(text, guest.getBytes("/api/v1/files/fichiers/" + fileId));
        String davPath = "/dav/Projet%20th%C3%A9%C3%A2tre/sc%C3%A8ne%201.txt";
        assertEquals(200, dav(guestLogin, password, davPath).status(), "over WebDAV too");
        PlatformIT.assertProblem(guest.send("DELETE", "/api/v1/files/groupes/" + groupId + "/membres/" + personId(pupilSpace), null, null,
                Map.of("X-CSRF-Token", guest.csrfToken())), 403, "workgroup-not-manager");

        Client.Response removed = teacher.send("DELETE", "/api/v1/files/groupes/" + groupId + "/membres/" + guestId, null, null,
                Map.of("X-CSRF-Token", teacher.csrfToken()));
        assertEquals(200, removed.status(), removed.toString());
        assertEquals(2, removed.json().path("membres").size(), removed.toString());
        PlatformIT.assertProblem(guest.get("/api/v1/files/fichiers/" + fileId), 404, "file-not-found");
        assertEquals(404, guest.get("/api/v1/files/dossier?espace=" + q(space)).status());
        assertEquals(404, dav(guestLogin, password, davPath).status(), "nor over WebDAV");
        assertArrayEquals(text, pupil.getBytes("/api/v1/files/fichiers/" + fileId), "the pupil keeps it");
        String journal = referent.get("/api/v1/admin/audit?action=files.workgroup.&limit=5").body();
        assertTrue(journal.contains("files.workgroup.member.remove") && journal.contains("files.workgroup.create"), journal);
    }

    /** davfs2's own listing request (captured from a real mount), answered in the shape it reads: checked where mounting is not possible too. */
    @Test
    @Order(16)
    void davfs2sListingRequestGetsAnAnswerItReads() throws Exception {
        Map<String, Long> spaces = Davfs2.checkListing(Davfs2.list(box.port(), "/dav/", "julien.dumas", Box.DEMO_PASSWORD), "/dav/");
        assertTrue(spaces.containsKey("Mes documents") && spaces.containsKey("Salle des profs"), spaces.toString());
        Map<String, Long> mine = Davfs2.checkListing(Davfs2.list(box.port(), "/dav/Mes%20documents/", "julien.dumas", Box.DEMO_PASSWORD),
                "/dav/Mes%20documents/");
        assertFalse(mine.isEmpty(), "the demo's documents");
        for (JsonNode n : teacher.get("/api/v1/files/dossier?espace=" + q(teacherSpace)).json().path("items")) {
            assertTrue(mine.containsKey(n.path("name").asText()), n.path("name").asText() + " in " + mine);
        }
    }

    /**
     * A real davfs2 mount of /dav/ (skipped, saying why, only where FUSE or mounting is not allowed): lists the spaces,
     * reads a file sent over REST, writes one that REST then serves, renames and deletes it, unmounts.
     */
    @Test
    @Order(17)
    void davfs2MountsListsReadsWritesRenamesAndDeletes() throws Exception {
        String folderName = "Monté par davfs2";
        byte[] sent = "Consigne envoyée par le navigateur\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(201, upload(teacher, teacherSpace, "consigne davfs2.txt", sent).status());
        Path work = box.data().resolveSibling("davfs2");
        try (Davfs2.Mount mount = Davfs2.mount("http://127.0.0.1:" + box.port() + "/dav/", "julien.dumas", Box.DEMO_PASSWORD, work)) {
            Path root = mount.point();
            try (java.util.stream.Stream<Path> listed = Files.list(root)) {
                java.util.Set<String> names = listed.map(x -> x.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
                assertTrue(names.contains("Mes documents") && names.contains("Établissement"), names.toString());
            }
            Path mine = root.resolve("Mes documents");
            assertArrayEquals(sent, Files.readAllBytes(mine.resolve("consigne davfs2.txt")), "a file sent over REST, read through the mount");
            Path folder = Files.createDirectory(mine.resolve(folderName));
            byte[] written = new byte[300_000];
            new Random(8).nextBytes(written);
            Files.write(folder.resolve("écrit.bin"), written);
            // davfs2 locks the new name first (which creates an empty file), then sends the bytes when the file is closed
            SearchIT.awaitTrue(box, () -> folderItem(folderName, "écrit.bin") != null
                    && folderItem(folderName, "écrit.bin").path("size").asLong() == written.length, "the written file over REST", Duration.ofSeconds(30));
            assertArrayEquals(written, teacher.getBytes("/api/v1/files/fichiers/" + folderItem(folderName, "écrit.bin").path("id").asText()));
            Files.move(folder.resolve("écrit.bin"), folder.resolve("renommé.bin"));
            SearchIT.awaitTrue(box, () -> folderItem(folderName, "renommé.bin") != null && folderItem(folderName, "écrit.bin") == null,
                    "renamed over REST", Duration.ofSeconds(30));
            Files.delete(folder.resolve("renommé.bin"));
            SearchIT.awaitTrue(box, () -> folderItem(folderName, "renommé.bin") == null, "deleted over REST", Duration.ofSeconds(30));
            assertTrue(teacher.get("/api/v1/files/corbeille?espace=" + q(teacherSpace)).body().contains("renommé.bin"), "in the trash");
        }
    }

    /** An item of a folder of the teacher's personal space, by names (null when absent). */
    static JsonNode folderItem(String folder, String name) {
        for (JsonNode f : teacher.get("/api/v1/files/dossier?espace=" + q(teacherSpace)).json().path("items")) {
            if (f.path("name").asText().equals(folder)) {
                for (JsonNode n : teacher.get("/api/v1/files/dossier?espace=" + q(teacherSpace) + "&dossier=" + f.path("id").asText()).json()
                        .path("items")) {
                    if (n.path("name").asText().equals(name)) {
                        return n;
                    }
                }
            }
        }
        return null;
    }
}
