package fr.preau.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The cahier de textes through its REST API on the demo school (installed by default, with its
 * demo entries): the contract, permissions by profile and class, bad input, attachments, the
 * workload, visas, and hot-plug (the referent removes it and adds it back from the console).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CahierIT {

    static final String A5 = "0999999Z:CLASSE:5A";
    static final String B3 = "0999999Z:CLASSE:3B";
    static final String MATHS = "061300";

    static Box box;
    static Client teacher;
    static Client pupil;
    static Client parent;
    static Client head;
    static Client referent;
    /** A school day of this week or the next, in the school year, for the séances written here. */
    static LocalDate day;

    @BeforeAll
    static void boot() {
        box = Box.demo("cahier").startAndAwaitUp();
        teacher = signedIn("julien.dumas");
        pupil = signedIn("leo.marchand");
        parent = signedIn("helene.marchand");
        head = signedIn("anne.verger");
        referent = signedIn("referent");
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        day = today.getDayOfWeek().getValue() >= DayOfWeek.SATURDAY.getValue() ? today.with(TemporalAdjusters.next(DayOfWeek.MONDAY)) : today;
        if (today.getMonthValue() == 8 || (today.getMonthValue() == 9 && today.getDayOfMonth() < 3)) {
            day = LocalDate.of(today.getMonthValue() == 8 ? today.getYear() : today.getYear(), 9, 7);
        }
        awaitCahier(teacher);
    }

    @AfterAll
    static void shutdown() {
        if (box != null) {
            box.close();
        }
    }

    static Client signedIn(String login) {
        return box.signedIn(login);
    }

    /** The module is installed by the features service at the first boot, shortly after the box is up. */
    static void awaitCahier(Client c) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Client.Response last = null;
        while (System.nanoTime() < deadline) {
            last = c.get("/api/v1/cahier/context");
            if (last.status() == 200) {
                return;
            }
            Box.sleep(250);
        }
        throw new AssertionError("the cahier did not answer: " + last + "\n" + box.diagnostics());
    }

    static Map<String, Object> seance(String classe, String date, List<Map<String, Object>> devoirs) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("classe", classe);
        s.put("matiere", MATHS);
        s.put("date", date);
        s.put("debut", "08:30");
        s.put("fin", "09:25");
        s.put("titre", "Les fractions décimales");
        s.put("contenu", "<p>Cours : <strong>fractions décimales</strong><span class=\"x\"> et nombres décimaux</span></p>");
        s.put("liens", List.of(Map.of("url", "https://www.lumni.fr/", "label", "Lumni")));
        s.put("devoirs", devoirs);
        return s;
    }

    static Map<String, Object> devoir(String pour, String kind) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("pour", pour);
        d.put("kind", kind);
        d.put("instructions", "<p>Réviser la leçon sur les fractions décimales</p>");
        d.put("minutes", 55);
        return d;
    }

    static String iso(LocalDate d) {
        return d.toString();
    }

    @Test
    @Order(1)
    void theDemoSchoolHasWeeksOfCahierAndEachProfileSeesItsOwn() {
        JsonNode context = teacher.get("/api/v1/cahier/context").json();
        assertTrue(context.path("canWrite").asBoolean(), context.toString());
        boolean teachesMaths5A = false;
        for (JsonNode t : context.path("teachings")) {
            teachesMaths5A |= t.path("classe").path("id").asText().equals(A5) && t.path("matiere").path("code").asText().equals(MATHS);
        }
        assertTrue(teachesMaths5A, context.toString());
        assertTrue(context.path("progressions").isArray(), "past classes for « Reprendre une progression »: " + context);

        // the demo entries: a pupil's week has séances of their class and groupes, and devoirs to do
        LocalDate monday = LocalDate.now(ZoneId.of("Europe/Paris")).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        // the demo cahier is written a few seconds after the module starts
        String lastWeek = "/api/v1/cahier/seances?from=" + iso(monday.minusWeeks(1)) + "&to=" + iso(monday.minusDays(1));
        awaitTrue(() -> pupil.get(lastWeek).json().path("items").size() > 0, "the demo cahier");
        JsonNode week = pupil.get(lastWeek).json();
        assertTrue(week.path("items").size() >= 15, "a week of lessons: " + week.path("items").size());
        for (JsonNode s : week.path("items")) {
            String classe = s.path("classeId").asText();
            assertTrue(classe.equals(A5) || classe.contains(":GROUPE:"), "Léo's class or groupes only: " + classe);
        }
        JsonNode todo = pupil.get("/api/v1/cahier/devoirs?from=" + iso(monday) + "&to=" + iso(monday.plusDays(13))).json();
        assertTrue(todo.path("items").size() > 0, todo.toString());
        JsonNode first = todo.path("items").get(0);
        for (String field : List.of("id", "pour", "matiere", "classe", "kind", "instructions", "done")) {
            assertTrue(first.has(field), field + " in " + first);
        }
        // a parent: only with a child of theirs
        JsonNode children = parent.get("/api/v1/cahier/context").json().path("children");
        String leo = null;
        for (JsonNode c : children) {
            if (c.path("displayName").asText().startsWith("Léo")) {
                leo = c.path("id").asText();
            }
        }
        assertNotNull(leo, children.toString());
        assertEquals(todo.path("items").size(), parent.get("/api/v1/cahier/devoirs?from=" + iso(monday) + "&to=" + iso(monday.plusDays(13))
                + "&child=" + leo).json().path("items").size());
        assertEquals(leo, pupil.get("/api/v1/me").json().path("person").path("id").asText(), "the child is Léo");
        PlatformIT.assertProblem(pupil.get("/api/v1/cahier/devoirs?child=" + teacher.get("/api/v1/me").json().path("person").path("id")
                .asText()), 403, "forbidden");
        // the direction reads every class; a pupil and a parent not another class
        assertEquals(200, head.get("/api/v1/cahier/seances?classe=" + B3).status());
        PlatformIT.assertProblem(pupil.get("/api/v1/cahier/seances?classe=" + B3), 403, "forbidden");
        PlatformIT.assertProblem(teacher.get("/api/v1/cahier/seances?classe=0999999Z:CLASSE:6A"), 403, "forbidden");
        PlatformIT.assertProblem(referent.get("/api/v1/cahier/seances?classe=" + A5), 403, "forbidden");
    }

    @Test
    @Order(2)
    void aTeacherWritesASeanceWithADevoirSurTableThePupilTicksItTheWorkloadWarns() {
        LocalDate due = day.plusDays(3);
        Client.Response created = teacher.post("/api/v1/cahier/seances", Client.json(seance(A5, iso(day), List.of(devoir(iso(due),
                "SUR_TABLE")))));
        assertEquals(201, created.status(), created.toString());
        JsonNode s = created.json();
        assertFalse(s.path("id").asText().isEmpty());
        assertEquals("<p>Cours : <strong>fractions décimales</strong> et nombres décimaux</p>", s.path("contenu").asText(),
                "sanitized on the server");
        assertEquals("Mathématiques", s.path("matiere").asText());
        String devoirId = s.path("devoirs").get(0).path("id").asText();

        JsonNode list = teacher.get("/api/v1/cahier/seances?classe=" + A5 + "&from=" + iso(day) + "&to=" + iso(day)).json();
        assertTrue(anyId(list.path("items"), s.path("id").asText()), list.toString());

        JsonNode todo = pupil.get("/api/v1/cahier/devoirs?from=" + iso(day) + "&to=" + iso(due)).json();
        JsonNode mine = find(todo.path("items"), devoirId);
        assertEquals("SUR_TABLE", mine.path("kind").asText());
        assertFalse(mine.path("done").asBoolean());
        Client.Response ticked = pupil.putJson("/api/v1/cahier/devoirs/" + devoirId + "/fait", "{\"done\":true}");
        assertEquals(200, ticked.status(), ticked.toString());
        assertTrue(ticked.json().path("done").asBoolean());
        PlatformIT.assertProblem(parent.putJson("/api/v1/cahier/devoirs/" + devoirId + "/fait", "{\"done\":true}"), 403, "forbidden");

        JsonNode load = teacher.get("/api/v1/cahier/charge?classe=" + A5 + "&from=" + iso(due) + "&to=" + iso(due)).json();
        JsonNode dayLoad = load.path("days").get(0);
        assertTrue(dayLoad.path("surTable").asInt() >= 1, load.toString());
        assertTrue(dayLoad.path("warnings").get(0).asText().contains("sur table"), load.toString());

        // pupils of another class never see it; a pupil never writes
        PlatformIT.assertProblem(pupil.post("/api/v1/cahier/seances", Client.json(seance(A5, iso(day), List.of()))), 403, "forbidden");
        PlatformIT.assertProblem(parent.post("/api/v1/cahier/devoirs", Client.json(Map.of("classe", A5, "matiere", MATHS, "pour", iso(due),
                "instructions", "x"))), 403, "forbidden");
        // the notification reaches Léo's « nouveautés » within the notifier's period
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        boolean told = false;
        while (!told && System.nanoTime() < deadline) {
            for (JsonNode n : pupil.get("/api/v1/notifications").json().path("items")) {
                told |= n.path("id").asText().equals("devoir-" + devoirId);
            }
            Box.sleep(500);
        }
        assertTrue(told, "the devoir was announced to Léo");
    }

    @Test
    @Order(3)
    void badInputGetsAClearErrorAndNothingIsStored() {
        int before = teacher.get("/api/v1/cahier/seances?classe=" + A5 + "&from=" + iso(day) + "&to=" + iso(day)).json().path("items").size();
        List<Client.Response> refused = new ArrayList<>();
        refused.add(teacher.post("/api/v1/cahier/seances", Client.json(seance(A5, "2019-01-07", List.of()))));
        refused.add(teacher.post("/api/v1/cahier/seances", Client.json(seance(A5, iso(day), List.of(devoir(iso(day.minusDays(1)), "MAISON"))))));
        refused.add(teacher.post("/api/v1/cahier/seances", Client.json(seance("0999999Z:CLASSE:9Z", iso(day), List.of()))));
        Map<String, Object> script = seance(A5, iso(day), List.of());
        script.put("contenu", "<p>Bonjour</p><script>fetch('/api/v1/me')</script>");
        refused.add(teacher.post("/api/v1/cahier/seances", Client.json(script)));
        Map<String, Object> handler = seance(A5, iso(day), List.of());
        handler.put("contenu", "<p onclick=\"steal()\">Cliquez</p>");
        refused.add(teacher.post("/api/v1/cahier/seances", Client.json(handler)));
        refused.add(teacher.post("/api/v1/cahier/seances", Client.json(seance("0999999Z:CLASSE:6A", iso(day), List.of()))));
        List<String> codes = List.of("outside-school-year", "due-before-seance", "unknown-classe", "unsafe-html", "unsafe-html", "forbidden");
        for (int i = 0; i < refused.size(); i++) {
            Client.Response r = refused.get(i);
            assertEquals(codes.get(i), r.json().path("type").asText().replace("urn:preau:problem:", ""), r.toString());
            assertFalse(r.json().path("title").asText().isBlank());
        }
        assertEquals(before, teacher.get("/api/v1/cahier/seances?classe=" + A5 + "&from=" + iso(day) + "&to=" + iso(day)).json()
                .path("items").size(), "nothing stored");
    }

    @Test
    @Order(4)
    void attachmentsAreBoundedAndReadableByTheClassOnly() {
        String id = teacher.post("/api/v1/cahier/seances", Client.json(seance(A5, iso(day), List.of()))).json().path("id").asText();
        byte[] pdf = new byte[3 * 1024 * 1024]; // above the general 1 MiB request limit: the module bounds its uploads itself
        pdf[0] = '%';
        Map<String, String> csrf = Map.of("X-CSRF-Token", teacher.csrfToken());
        Client.Response up = teacher.sendWith("POST", "/api/v1/cahier/seances/" + id + "/pieces?nom=exercices%20fractions.pdf", "application/pdf",
                HttpRequest.BodyPublishers.ofByteArray(pdf), csrf);
        assertEquals(201, up.status(), up.toString());
        String url = up.json().path("url").asText();
        Client.Response down = pupil.get(url, "*/*");
        assertEquals(200, down.status());
        assertEquals("application/pdf", down.contentType());
        assertTrue(down.header("Content-Disposition").contains("filename*=UTF-8''exercices%20fractions.pdf"), down.toString());
        assertEquals(pdf.length, down.body().length(), "the same bytes come back");
        Client other = signedIn("referent");
        PlatformIT.assertProblem(other.get(url), 404, "not-found");

        byte[] big = new byte[21 * 1024 * 1024];
        Client.Response tooBig = teacher.sendWith("POST", "/api/v1/cahier/seances/" + id + "/pieces?nom=film.mp4", "video/mp4",
                HttpRequest.BodyPublishers.ofByteArray(big), csrf);
        PlatformIT.assertProblem(tooBig, 413, "attachment-too-large");
        assertEquals(1, teacher.get("/api/v1/cahier/seances/" + id).json().path("pieces").size(), "nothing kept of the refused file");
        PlatformIT.assertProblem(pupil.sendWith("POST", "/api/v1/cahier/seances/" + id + "/pieces?nom=x.pdf", "application/pdf",
                HttpRequest.BodyPublishers.ofByteArray(new byte[10]), Map.of("X-CSRF-Token", pupil.csrfToken())), 403, "forbidden");
    }

    @Test
    @Order(5)
    void aVisaMakesTheEntriesReadOnlyToTheTeacherWhoAddsAnAmendment() {
        LocalDate past = day.minusDays(7).isBefore(schoolYearStart()) ? day : day.minusDays(7);
        if (past.equals(day) || past.isAfter(LocalDate.now(ZoneId.of("Europe/Paris")))) {
            return; // the first week of the school year: nothing in the past to visa
        }
        String id = teacher.post("/api/v1/cahier/seances", Client.json(seance(A5, iso(past), List.of()))).json().path("id").asText();
        PlatformIT.assertProblem(teacher.post("/api/v1/cahier/visas", Client.json(Map.of("classe", A5, "until", iso(past)))), 403, "forbidden");
        Client.Response visa = head.post("/api/v1/cahier/visas", Client.json(Map.of("classe", A5, "until", iso(past))));
        assertEquals(201, visa.status(), visa.toString());
        JsonNode s = teacher.get("/api/v1/cahier/seances/" + id).json();
        assertTrue(s.path("locked").asBoolean());
        assertFalse(s.path("editable").asBoolean());
        PlatformIT.assertProblem(teacher.putJson("/api/v1/cahier/seances/" + id, Client.json(seance(A5, iso(past), List.of()))), 409,
                "visa-locked");
        Client.Response amended = teacher.post("/api/v1/cahier/seances/" + id + "/amendements",
                Client.json(Map.of("texte", "Exercice 12 remplacé par l'exercice 13.")));
        assertEquals(201, amended.status(), amended.toString());
        assertEquals("Exercice 12 remplacé par l'exercice 13.", pupil.get("/api/v1/cahier/seances/" + id).json().path("amendements").get(0)
                .path("texte").asText());
        assertEquals(1, head.get("/api/v1/cahier/visas?classe=" + A5).json().path("items").size());
    }

    static LocalDate schoolYearStart() {
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        return LocalDate.of(today.getMonthValue() >= 9 ? today.getYear() : today.getYear() - 1, 9, 1);
    }

    // --- PDF export and iCal feed ------------------------------------------------------------------

    /** A GET of bytes in a new session of {@code login} ({@link Client} reads text). */
    static java.net.http.HttpResponse<byte[]> bytes(String login, String path) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager(null, java.net.CookiePolicy.ACCEPT_ALL)).build();
        String base = "http://127.0.0.1:" + box.port();
        try {
            java.net.http.HttpResponse<String> in = http.send(HttpRequest.newBuilder(java.net.URI.create(base + "/api/v1/auth/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Client.json(Map.of("login", login, "password", Box.DEMO_PASSWORD)))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, in.statusCode(), in.body());
            return http.send(HttpRequest.newBuilder(java.net.URI.create(base + path)).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String pdfText(byte[] pdf) throws java.io.IOException {
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            return new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
        }
    }

    /** The devoir of the séance {@link #theCahierOfAClassExportsAsAPdfForThoseWhoReadIt} writes, for the feed. */
    static String exportedDevoir;

    @Test
    @Order(6)
    void theCahierOfAClassExportsAsAPdfForThoseWhoReadIt() throws java.io.IOException {
        Map<String, Object> s = seance(A5, iso(day), List.of(devoir(iso(day.plusDays(3)), "SUR_TABLE")));
        s.put("titre", "Fractions : l’essentiel…");
        s.put("contenu", "<p>Révision des fractions — « œuvre » à Noël</p><ul><li>addition</li><li>soustraction</li></ul>");
        Client.Response created = teacher.post("/api/v1/cahier/seances", Client.json(s));
        assertEquals(201, created.status(), created.toString());
        exportedDevoir = created.json().path("devoirs").get(0).path("id").asText();
        String path = "/api/v1/cahier/export?classe=" + A5 + "&from=" + iso(day.minusDays(1)) + "&to=" + iso(day.plusDays(5));
        for (String login : List.of("anne.verger", "julien.dumas")) {
            java.net.http.HttpResponse<byte[]> r = bytes(login, path);
            assertEquals(200, r.statusCode(), () -> login + ": " + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
            assertEquals("application/pdf", r.headers().firstValue("Content-Type").orElse(""));
            assertEquals("attachment; filename=\"cahier-de-textes-5A-" + day.minusDays(1) + "-" + day.plusDays(5) + ".pdf\"",
                    r.headers().firstValue("Content-Disposition").orElse(""));
            String text = pdfText(r.body());
            for (String expected : List.of("Cahier de textes – 5A", "Collège", "Fractions : l’essentiel…",
                    "Révision des fractions — « œuvre » à Noël", "• addition", "Lumni – https://www.lumni.fr/",
                    "Devoir sur table / contrôle (environ 55 min)", "Réviser la leçon sur les fractions décimales", "Page 1 / ")) {
                assertTrue(text.contains(expected), () -> login + ": missing « " + expected + " » in\n" + text);
            }
            assertTrue(text.toLowerCase().contains("julien dumas"), text);
        }
        // a pupil of another class (3e B), signed in with an activation code the referent issues
        String login = referent.get("/api/v1/admin/accounts?class=3B&profile=ELEVE&limit=1").json().path("items").get(0).path("login").asText();
        String code = referent.post("/api/v1/admin/accounts/" + login + "/activation-code", null).json().path("code").asText();
        Client other = box.client();
        Client.Response activated = other.post("/api/v1/auth/activate", Client.json(Map.of("login", login, "code", code,
                "newPassword", "Troisième-B-" + day + "!")));
        assertEquals(200, activated.status(), activated.toString());
        PlatformIT.assertProblem(other.get(path, "*/*"), 403, "forbidden");
        PlatformIT.assertProblem(teacher.get("/api/v1/cahier/export?classe=" + A5 + "&from=" + iso(day) + "&to=" + iso(day.plusDays(90)),
                "*/*"), 400, "invalid-range");
    }

    static String unfolded(String ics) {
        return ics.replace("\r\n ", "");
    }

    @Test
    @Order(7)
    void aPupilsSecretFeedListsTheDevoirUntilItIsReplacedOrRevoked() {
        assertEquals("{\"active\":false,\"url\":null}", pupil.get("/api/v1/cahier/agenda").body());
        Client.Response created = pupil.post("/api/v1/cahier/agenda", "{}");
        assertEquals(200, created.status(), created.toString());
        String url = created.json().path("url").asText();
        assertTrue(url.matches("/api/v1/cahier/agenda/[A-Za-z0-9_-]{43}\\.ics"), url);
        assertEquals("{\"active\":true,\"url\":null}", pupil.get("/api/v1/cahier/agenda").body(), "the address is not kept");

        Client anonymous = box.client();
        Client.Response ics = anonymous.get(url, "text/calendar");
        assertEquals(200, ics.status(), ics.toString());
        assertTrue(ics.contentType().toLowerCase().startsWith("text/calendar"), ics.contentType());
        String text = unfolded(ics.body());
        assertTrue(text.startsWith("BEGIN:VCALENDAR\r\n"), text);
        assertTrue(text.contains("X-WR-CALNAME:Devoirs de Léo\r\n"), text);
        int at = text.indexOf("UID:devoir-" + exportedDevoir + "@");
        assertTrue(at > 0, text);
        String event = text.substring(at, text.indexOf("END:VEVENT", at));
        assertTrue(event.contains("DTSTART;VALUE=DATE:" + iso(day.plusDays(3)).replace("-", "") + "\r\n"), event);
        assertTrue(event.contains("SUMMARY:Mathématiques : devoir sur table / contrôle\r\n"), event);
        assertTrue(event.contains("DESCRIPTION:Réviser la leçon sur les fractions décimales\\n\\nDurée estimée : 55 min."), event);

        String second = pupil.post("/api/v1/cahier/agenda", "{}").json().path("url").asText();
        assertFalse(url.equals(second));
        PlatformIT.assertProblem(anonymous.get(url, "text/calendar"), 404, "not-found");
        assertEquals(200, anonymous.get(second, "text/calendar").status());
        Client.Response revoked = pupil.send("DELETE", "/api/v1/cahier/agenda", null, null, Map.of("X-CSRF-Token", pupil.csrfToken()));
        assertEquals(204, revoked.status(), revoked.toString());
        PlatformIT.assertProblem(anonymous.get(second, "*/*"), 404, "not-found");
        assertFalse(box.log().contains(second.substring(second.lastIndexOf('/') + 1, second.length() - 4)), "no token in the log");
    }

    @Test
    @Order(8)
    void aParentsFeedIsForOneChild() {
        String leo = pupil.get("/api/v1/me").json().path("person").path("id").asText();
        PlatformIT.assertProblem(parent.post("/api/v1/cahier/agenda", "{}"), 400, "child-required");
        Client.Response created = parent.post("/api/v1/cahier/agenda?child=" + leo, "{}");
        assertEquals(200, created.status(), created.toString());
        assertEquals("{\"active\":true,\"url\":null}", parent.get("/api/v1/cahier/agenda?child=" + leo).body());
        Client.Response ics = box.client().get(created.json().path("url").asText(), "*/*");
        assertEquals(200, ics.status(), ics.toString());
        assertTrue(unfolded(ics.body()).contains("X-WR-CALNAME:Devoirs de Léo"), ics.body());
        PlatformIT.assertProblem(teacher.post("/api/v1/cahier/agenda", "{}"), 403, "forbidden");
        PlatformIT.assertProblem(pupil.post("/api/v1/cahier/agenda?child=" + teacher.get("/api/v1/me").json().path("person").path("id")
                .asText(), "{}"), 403, "forbidden");
    }

    @Test
    @Order(10)
    void theReferentRemovesTheModuleAndAddsItBackTheDataStays() {
        JsonNode before = pupil.get("/api/v1/cahier/devoirs").json();
        assertTrue(HotPlugIT.catalogueHas(pupil, "cahier"));
        Client.Response removing = referent.post("/api/v1/admin/modules/preau-cahier/uninstall", "{}");
        assertEquals(202, removing.status(), removing.toString());
        HotPlugIT.awaitStatusOn(box, pupil, "/api/v1/cahier/context", 404, Duration.ofSeconds(90));
        // the module's services leave one after the other while its bundle stops (milliseconds apart)
        awaitTrue(() -> !HotPlugIT.catalogueHas(pupil, "cahier"), "the tile goes with the module");
        awaitTrue(() -> pupil.get("/modules/cahier/index.js", "*/*").status() == 404, "and its screen");
        awaitTrue(() -> !HotPlugIT.anyItem(pupil.get("/api/v1/search?q=fractions"), h -> "cahier".equals(h.path("module").asText())),
                "and its search hits");
        assertEquals(200, pupil.get("/api/v1/me").status(), "the rest of the box works");

        // the console's uninstall job ends a moment after the module's routes are gone (longer for a larger bundle)
        Client.Response adding = Box.installModule(referent, "preau-cahier");
        assertEquals(202, adding.status(), adding.toString());
        HotPlugIT.awaitStatusOn(box, pupil, "/api/v1/cahier/context", 200, Duration.ofSeconds(120));
        assertTrue(HotPlugIT.catalogueHas(pupil, "cahier"));
        assertEquals(before.path("items").size(), pupil.get("/api/v1/cahier/devoirs").json().path("items").size(), "the same data");
    }

    /** Waits up to 30 s for {@code condition}. */
    static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 30 s\n" + box.diagnostics());
            }
            Box.sleep(100);
        }
    }

    static boolean anyId(JsonNode items, String id) {
        for (JsonNode i : items) {
            if (i.path("id").asText().equals(id)) {
                return true;
            }
        }
        return false;
    }

    static JsonNode find(JsonNode items, String id) {
        for (JsonNode i : items) {
            if (i.path("id").asText().equals(id)) {
                return i;
            }
        }
        throw new AssertionError(id + " not in " + items);
    }
}
