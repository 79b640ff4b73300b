package fr.preau.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The cahier's PDF export and the devoirs' iCal feed on the demo box (PDFBox and ical4j embedded in the module). */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CahierExportIT {

    static final String API = "/api/v1/cahier";
    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Paris"));

    static Box box;
    static Client teacher;
    static String classe;
    static String devoir;

    @BeforeAll
    static void boot() {
        box = Box.demo("cahier-export").startAndAwaitUp();
        teacher = box.client();
        assertEquals(200, teacher.login("julien.dumas", Box.DEMO_PASSWORD).status());
        JsonNode context = teacher.get(API + "/context").json();
        JsonNode maths = null;
        for (JsonNode t : context.path("teachings")) {
            if (t.path("classe").path("label").asText().equals("5A")) {
                maths = t;
            }
        }
        assertTrue(maths != null, context.toString());
        classe = maths.path("classe").path("id").asText();
        String seance = Client.json(Map.of("classe", classe, "matiere", maths.path("matiere").path("code").asText(), "kind", "SEANCE",
                "date", TODAY.toString(), "debut", "08:30", "fin", "09:25", "titre", "Fractions : l’essentiel…",
                "contenu", "<p>Révision des fractions — « œuvre » à Noël</p><ul><li>addition</li><li>soustraction</li></ul>",
                "liens", List.of(Map.of("url", "https://exemple.fr/fractions", "label", "Vidéo")),
                "devoirs", List.of(Map.of("pour", TODAY.plusDays(3).toString(), "kind", "SUR_TABLE",
                        "instructions", "<p>Réviser le théorème de Pythagore</p>", "minutes", 45))));
        Client.Response created = teacher.post(API + "/seances", seance);
        assertEquals(201, created.status(), created.toString());
        devoir = created.json().path("devoirs").get(0).path("id").asText();
    }

    @AfterAll
    static void shutdown() {
        if (box != null) {
            box.close();
        }
    }

    /** A GET of bytes in the session of {@code login} (the shared Client reads text). */
    static HttpResponse<byte[]> bytes(String login, String password, String path) {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).build();
        String base = "http://127.0.0.1:" + box.port();
        try {
            HttpResponse<String> in = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Client.json(Map.of("login", login, "password", password)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, in.statusCode(), in.body());
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String pdfText(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    String exportPath() {
        return API + "/export?classe=" + classe + "&from=" + TODAY.minusDays(1) + "&to=" + TODAY.plusDays(5);
    }

    @Test
    @Order(1)
    void theDirectionAndTheTeacherExportTheClasssCahierAsAPdf() throws IOException {
        for (String login : List.of("anne.verger", "julien.dumas")) {
            HttpResponse<byte[]> r = bytes(login, Box.DEMO_PASSWORD, exportPath());
            assertEquals(200, r.statusCode(), () -> login + ": " + new String(r.body()));
            assertEquals("application/pdf", r.headers().firstValue("Content-Type").orElse(""));
            assertEquals("attachment; filename=\"cahier-de-textes-5A-" + TODAY.minusDays(1) + "-" + TODAY.plusDays(5) + ".pdf\"",
                    r.headers().firstValue("Content-Disposition").orElse(""));
            String text = pdfText(r.body());
            for (String expected : List.of("Cahier de textes – 5A", "Fractions : l’essentiel…", "Révision des fractions — « œuvre » à Noël",
                    "• addition", "Vidéo – https://exemple.fr/fractions", "Devoir sur table / contrôle (environ 45 min)",
                    "Réviser le théorème de Pythagore", "Page 1 / ")) {
                assertTrue(text.contains(expected), () -> login + ": missing « " + expected + " » in\n" + text);
            }
            assertTrue(text.toLowerCase().contains("julien dumas"), text);
        }
    }

    @Test
    @Order(2)
    void aPupilOfAnotherClassMayNotExportIt() {
        Client referent = box.client();
        assertEquals(200, referent.login("referent", Box.DEMO_PASSWORD).status());
        JsonNode pupils = referent.get("/api/v1/admin/accounts?class=3B&profile=ELEVE&limit=1").json();
        String login = pupils.path("items").get(0).path("login").asText();
        String code = referent.post("/api/v1/admin/accounts/" + login + "/activation-code", null).json().path("code").asText();
        String password = "Troisième-B-" + TODAY + "!";
        Client other = box.client();
        Client.Response activated = other.post("/api/v1/auth/activate", Client.json(Map.of("login", login, "code", code,
                "newPassword", password)));
        assertEquals(200, activated.status(), activated.toString());
        Client.Response refused = other.get(exportPath(), "*/*");
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("urn:preau:problem:forbidden", refused.json().path("type").asText());
        assertEquals(400, teacher.get(API + "/export?classe=" + classe + "&from=2026-01-01&to=2026-06-01", "*/*").status());
    }

    static String unfolded(String ics) {
        return ics.replace("\r\n ", "");
    }

    @Test
    @Order(3)
    void aPupilsSecretFeedListsTheDevoirUntilItIsReplacedOrRevoked() {
        Client leo = box.client();
        assertEquals(200, leo.login("leo.marchand", Box.DEMO_PASSWORD).status());
        assertEquals("{\"active\":false,\"url\":null}", leo.get(API + "/agenda").body());
        Client.Response created = leo.post(API + "/agenda", "{}");
        assertEquals(200, created.status(), created.toString());
        String url = created.json().path("url").asText();
        assertTrue(url.matches("/api/v1/cahier/agenda/[A-Za-z0-9_-]{43}\\.ics"), url);
        assertEquals("{\"active\":true,\"url\":null}", leo.get(API + "/agenda").body());

        Client anonymous = box.client();
        Client.Response ics = anonymous.get(url, "text/calendar");
        assertEquals(200, ics.status(), ics.toString());
        assertTrue(ics.contentType().toLowerCase().startsWith("text/calendar"), ics.contentType());
        String text = unfolded(ics.body());
        assertTrue(text.startsWith("BEGIN:VCALENDAR\r\n"), text);
        assertTrue(text.contains("X-WR-CALNAME:Devoirs de Léo\r\n"), text);
        assertTrue(text.contains("UID:devoir-" + devoir + "@"), text);
        assertTrue(text.contains("DTSTART;VALUE=DATE:" + TODAY.plusDays(3).toString().replace("-", "") + "\r\n"), text);
        assertTrue(text.contains(" : devoir sur table / contrôle\r\n"), text);
        assertTrue(text.contains("DESCRIPTION:Réviser le théorème de Pythagore\\n\\nDurée estimée : 45 min."), text);

        String second = leo.post(API + "/agenda", "{}").json().path("url").asText();
        assertNotEquals(url, second);
        assertEquals(404, anonymous.get(url, "text/calendar").status(), "the old address stops working");
        assertEquals(200, anonymous.get(second, "text/calendar").status());
        Client.Response revoked = leo.send("DELETE", API + "/agenda", null, null, Map.of("X-CSRF-Token", leo.csrfToken()));
        assertEquals(204, revoked.status(), revoked.toString());
        Client.Response gone = anonymous.get(second, "text/calendar");
        assertEquals(404, gone.status(), gone.toString());
        assertFalse(box.log().contains(second.substring(second.lastIndexOf('/') + 1, second.length() - 4)), "no token in the log");
    }

    @Test
    @Order(4)
    void aParentsFeedIsForOneChild() {
        Client leo = box.client();
        Client.Response in = leo.login("leo.marchand", Box.DEMO_PASSWORD);
        assertEquals(200, in.status());
        String leoId = in.json().path("person").path("id").asText();
        Client helene = box.client();
        assertEquals(200, helene.login("helene.marchand", Box.DEMO_PASSWORD).status());
        Client.Response noChild = helene.post(API + "/agenda", "{}");
        assertEquals(400, noChild.status(), noChild.toString());
        assertEquals("urn:preau:problem:child-required", noChild.json().path("type").asText());
        Client.Response created = helene.post(API + "/agenda?child=" + leoId, "{}");
        assertEquals(200, created.status(), created.toString());
        Client.Response ics = box.client().get(created.json().path("url").asText(), "*/*");
        assertEquals(200, ics.status(), ics.toString());
        assertTrue(unfolded(ics.body()).contains("X-WR-CALNAME:Devoirs de Léo"), ics.body());
        assertEquals(403, teacher.post(API + "/agenda", "{}").status());
    }
}
