package fr.preau.search.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.ProblemException;
import java.time.LocalDate;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.Test;

/** Bad input answers 400 with a stable code and a French title a person can act on. */
class SearchResourceTest {

    static void refused(String code, Executable work) {
        ProblemException e = assertThrows(ProblemException.class, work);
        assertEquals(400, e.status());
        assertEquals(code, e.code());
        assertTrue(e.title().endsWith("."), e.title());
    }

    @Test
    void queries() {
        assertEquals("fractions", SearchResource.query("  fractions "));
        refused("invalid-query", () -> SearchResource.query(null));
        refused("invalid-query", () -> SearchResource.query("   "));
        refused("query-too-long", () -> SearchResource.query("a".repeat(201)));
        assertEquals(200, SearchResource.query("a".repeat(200)).length());
    }

    @Test
    void datesPagesAndFilters() {
        assertEquals(LocalDate.of(2026, 12, 7), SearchResource.day("2026-12-07", "from"));
        assertNull(SearchResource.day("", "from"));
        refused("invalid-date", () -> SearchResource.day("07/12/2026", "from"));
        refused("invalid-date", () -> SearchResource.day("2026-02-30", "to"));
        assertEquals(1, SearchResource.page(null));
        assertEquals(3, SearchResource.page("3"));
        refused("invalid-page", () -> SearchResource.page("0"));
        refused("invalid-page", () -> SearchResource.page("51"));
        refused("invalid-page", () -> SearchResource.page("deux"));
        assertEquals(new SearchResource.Window(40, 20), SearchResource.window("3", null, null));
        assertEquals(new SearchResource.Window(0, 20), SearchResource.window(null, null, null));
        assertEquals(new SearchResource.Window(5, 20), SearchResource.window(null, "5", null));
        assertEquals(new SearchResource.Window(0, 7), SearchResource.window("", null, "7"));
        assertEquals(new SearchResource.Window(999, 50), SearchResource.window(null, "999", "50"));
        assertEquals(3, new SearchResource.Window(40, 20).page());
        refused("invalid-offset", () -> SearchResource.window(null, "-1", "10"));
        refused("invalid-offset", () -> SearchResource.window(null, "1000", "10"));
        refused("invalid-limit", () -> SearchResource.window(null, "0", "0"));
        refused("invalid-limit", () -> SearchResource.window(null, "0", "51"));
        refused("invalid-limit", () -> SearchResource.window(null, null, "dix"));
        refused("invalid-page", () -> SearchResource.window("2", "20", null));
        assertEquals("cahier", SearchResource.filter("cahier", "module"));
        assertNull(SearchResource.filter(" ", "module"));
        refused("invalid-filter", () -> SearchResource.filter("cahier)*", "module"));
    }
}
