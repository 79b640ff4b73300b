package fr.preau.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The search module on the demo school (installed by default beside the cahier): a pupil finds a devoir by a
 * misspelt word within seconds of its publication, a parent finds only their children's items, the cahier's
 * hits leave and come back with the module, and an index deleted while the module is away is rebuilt.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SearchIT {

    static final String A5 = "0999999Z:CLASSE:5A";
    static final String B3 = "0999999Z:CLASSE:3B";
    static final String MATHS = "061300";

    static Box box;
    static Client teacher;
    static Client pupil;
    static Client parent;
    static Client referent;
    static LocalDate day;

    @BeforeAll
    static void boot() {
        box = Box.demo("search").startAndAwaitUp();
        teacher = signedIn("julien.dumas");
        pupil = signedIn("leo.marchand");
        parent = signedIn("helene.marchand");
        referent = signedIn("referent");
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        day = today.getDayOfWeek().getValue() >= DayOfWeek.FRIDAY.getValue() ? today.with(TemporalAdjusters.next(DayOfWeek.MONDAY)) : today;
        if (today.getMonthValue() == 8 || (today.getMonthValue() == 9 && today.getDayOfMonth() < 3)) {
            day = LocalDate.of(today.getYear(), 9, 7);
        }
        HotPlugIT.awaitStatusOn(box, teacher, "/api/v1/cahier/context", 200, Duration.ofSeconds(90));
        awaitTrue(() -> {
            Client.Response s = referent.get("/api/v1/search/status");
            return s.status() == 200 && "READY".equals(s.json().path("state").asText()) && cahierDocuments(s.json()) > 0;
        }, "the search module indexes the demo cahier", Duration.ofSeconds(120));
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

    static long cahierDocuments(JsonNode status) {
        for (JsonNode m : status.path("modules")) {
            if ("cahier".equals(m.path("module").asText())) {
                return m.path("documents").asLong();
            }
        }
        return 0;
    }

    static Map<String, Object> devoir(String classe, String instructions) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("classe", classe);
        d.put("matiere", MATHS);
        d.put("pour", day.plusDays(1).toString());
        d.put("kind", "MAISON");
        d.put("instructions", instructions);
        return d;
    }

    static int cahierHits(Client c, String q) {
        Client.Response r = c.get("/api/v1/search?q=" + q);
        assertEquals(200, r.status(), r.toString());
        int n = 0;
        for (JsonNode h : r.json().path("hits")) {
            if ("cahier".equals(h.path("module").asText())) {
                n++;
            }
        }
        return n;
    }

    static void awaitTrue(BooleanSupplier condition, String what, Duration timeout) {
        awaitTrue(box, condition, what, timeout);
    }

    /** Waits until {@code condition} holds, else fails with {@code what} and the box's diagnostics. */
    static void awaitTrue(Box box, BooleanSupplier condition, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + timeout + "\n" + box.diagnostics());
            }
            Box.sleep(100);
        }
    }

    @Test
    @Order(1)
    void aPupilFindsANewDevoirByAMisspeltWord() {
        Client.Response created = teacher.post("/api/v1/cahier/devoirs",
                Client.json(devoir(A5, "<p>Construire un parallélogramme et mesurer ses angles</p>")));
        assertEquals(201, created.status(), created.toString());
        long start = System.nanoTime();
        awaitTrue(() -> cahierHits(pupil, "paralelograme") == 1, "the pupil finds it", Duration.ofSeconds(10));
        long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
        System.out.println("new devoir found by a pupil " + ms + " ms after it was written");
        JsonNode hit = pupil.get("/api/v1/search?q=paralelograme").json();
        JsonNode first = hit.path("hits").get(0);
        assertEquals("devoir", first.path("type").asText(), hit.toString());
        assertTrue(first.path("snippet").asText().contains("<mark>parallélogramme</mark>"), hit.toString());
        assertEquals(1, hit.path("facets").path("module").path("cahier").asInt(), hit.toString());
        // the contract's offset and limit: the same first hit, then nothing after the last one
        JsonNode windowed = pupil.get("/api/v1/search?q=paralelograme&module=cahier&offset=0&limit=1").json();
        assertEquals(1, windowed.path("hits").size(), windowed.toString());
        assertEquals(1, windowed.path("limit").asInt(), windowed.toString());
        assertEquals(first.path("title").asText(), windowed.path("hits").get(0).path("title").asText(), windowed.toString());
        PlatformIT.assertProblem(pupil.get("/api/v1/search?q=paralelograme&module=cahier&offset=" + windowed.path("total").asInt()),
                400, "invalid-offset");
        JsonNode suggest = pupil.get("/api/v1/search/suggest?q=parallelo").json();
        assertTrue(suggest.path("items").size() >= 1, suggest.toString());
    }

    @Test
    @Order(2)
    void aParentFindsOnlyTheirChildrensItems() {
        // a class none of Hélène's children attends, taught by the same teacher
        String other = null;
        for (JsonNode t : teacher.get("/api/v1/cahier/context").json().path("teachings")) {
            String id = t.path("classe").path("id").asText();
            if (!id.equals(A5) && !id.equals(B3) && id.contains(":CLASSE:")) {
                other = id;
                break;
            }
        }
        assertTrue(other != null, "the demo teacher teaches another class");
        Client.Response created = teacher.post("/api/v1/cahier/devoirs", Client.json(devoir(other, "<p>Le rhomboèdre : patron et volume</p>")));
        assertEquals(201, created.status(), created.toString());
        awaitTrue(() -> cahierHits(teacher, "rhomboedre") == 1, "its author finds it", Duration.ofSeconds(10));
        assertEquals(0, cahierHits(parent, "rhomboedre"), "not a class of her children");
        assertEquals(0, cahierHits(pupil, "rhomboedre"), "not the pupil's class");
        assertEquals(1, cahierHits(parent, "parallelogramme"), "her son's class");
        Client.Response status = pupil.get("/api/v1/search/status");
        PlatformIT.assertProblem(status, 403, "forbidden");
    }

    @Test
    @Order(3)
    void badInputGetsClearProblems() {
        PlatformIT.assertProblem(pupil.get("/api/v1/search?q="), 400, "invalid-query");
        PlatformIT.assertProblem(pupil.get("/api/v1/search?q=" + "a".repeat(201)), 400, "query-too-long");
        PlatformIT.assertProblem(pupil.get("/api/v1/search?q=x&from=07/12/2026"), 400, "invalid-date");
        PlatformIT.assertProblem(pupil.get("/api/v1/search?q=x&page=0"), 400, "invalid-page");
        PlatformIT.assertProblem(pupil.get("/api/v1/search?q=x&limit=500"), 400, "invalid-limit");
        PlatformIT.assertProblem(pupil.get("/api/v1/search?q=x&offset=-3"), 400, "invalid-offset");
        assertEquals(200, pupil.get("/api/v1/search?q=*%3A*%20AND%20(%22").status(), "Lucene syntax is plain text");
    }

    @Test
    @Order(4)
    void theCahiersHitsLeaveAndComeBackWithTheModule() {
        Client.Response removing = referent.post("/api/v1/admin/modules/preau-cahier/uninstall", "{}");
        assertEquals(202, removing.status(), removing.toString());
        HotPlugIT.awaitStatusOn(box, pupil, "/api/v1/cahier/context", 404, Duration.ofSeconds(90));
        awaitTrue(() -> cahierHits(pupil, "parallelogramme") == 0, "its hits vanish", Duration.ofSeconds(10));

        Client.Response adding = Box.installModule(referent, "preau-cahier");
        assertEquals(202, adding.status(), adding.toString());
        HotPlugIT.awaitStatusOn(box, pupil, "/api/v1/cahier/context", 200, Duration.ofSeconds(120));
        awaitTrue(() -> cahierHits(pupil, "parallelogramme") == 1, "its hits come back", Duration.ofSeconds(60));
    }

    @Test
    @Order(5)
    void aDeletedIndexIsRebuiltWhenTheModuleStarts() throws IOException {
        Client.Response removing = referent.post("/api/v1/admin/modules/preau-search/uninstall", "{}");
        assertEquals(202, removing.status(), removing.toString());
        HotPlugIT.awaitStatusOn(box, referent, "/api/v1/search/status", 404, Duration.ofSeconds(90));
        // without the module, the portal's simple search answers
        assertEquals(200, pupil.get("/api/v1/search?q=fractions").status());
        Path index = box.data().resolve("preau/search/index");
        awaitTrue(() -> Files.notExists(index.resolve("write.lock")) || deleted(index), "the index is released", Duration.ofSeconds(30));
        deleteTree(index);

        Client.Response adding = Box.installModule(referent, "preau-search");
        assertEquals(202, adding.status(), adding.toString());
        HotPlugIT.awaitStatusOn(box, referent, "/api/v1/search/status", 200, Duration.ofSeconds(120));
        assertEquals("MISSING", referent.get("/api/v1/search/status").json().path("rebuildReason").asText());
        awaitTrue(() -> cahierHits(pupil, "paralelograme") == 1, "found again once rebuilt", Duration.ofSeconds(60));
        assertTrue(Files.isDirectory(index));
        assertFalse(referent.get("/api/v1/search/status").json().path("modules").isEmpty());
    }

    static boolean deleted(Path index) {
        try {
            deleteTree(index);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
