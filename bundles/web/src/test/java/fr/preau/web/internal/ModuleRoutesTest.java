package fr.preau.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.List;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import org.junit.jupiter.api.Test;

class ModuleRoutesTest {

    @Path("cahier")
    static class Cahier {
    }

    @Path("/files/")
    static class Files {
    }

    @Path("cahier/seances")
    static class TwoSegments {
    }

    @Path("Cahier")
    static class UpperCase {
    }

    static class NoPath {
    }

    @Test
    void aModuleRootResourceClaimsOneLowerCaseSegment() {
        assertEquals("cahier", ModuleRoutes.segmentOf(Cahier.class));
        assertEquals("files", ModuleRoutes.segmentOf(Files.class));
        assertNull(ModuleRoutes.segmentOf(TwoSegments.class));
        assertNull(ModuleRoutes.segmentOf(UpperCase.class));
        assertNull(ModuleRoutes.segmentOf(NoPath.class));
    }

    @Path("cahier")
    public static class Endpoints {
        @GET
        public String root() {
            return "";
        }

        @GET
        @Path("seances")
        public String list() {
            return "";
        }

        @GET
        @Path("seances/{id}")
        public String one() {
            return "";
        }

        @POST
        @Path("seances/{id}/pieces")
        public String upload() {
            return "";
        }

        @GET
        @Path("agenda/{token: [A-Za-z0-9_-]{20,64}}.ics")
        public String feed() {
            return "";
        }

        @GET
        @Path("seances/copie")
        public String literal() {
            return "";
        }

        @DELETE
        @Path("/pieces/{id}/")
        public String delete() {
            return "";
        }
    }

    static String matched(String http, String path) {
        List<ModuleRoutes.Endpoint> endpoints = ModuleRoutes.endpoints(Endpoints.class);
        for (ModuleRoutes.Endpoint e : endpoints) {
            if (e.httpMethod().equals(http) && e.path().matcher(path).matches()) {
                return e.method().getName();
            }
        }
        return null;
    }

    @Test
    void theGuardFindsTheModuleMethodARequestWillReach() {
        assertEquals("root", matched("GET", ""));
        assertEquals("list", matched("GET", "seances"));
        assertEquals("one", matched("GET", "seances/12"));
        assertEquals("literal", matched("GET", "seances/copie"), "a literal path wins over a template");
        assertEquals("upload", matched("POST", "seances/12/pieces"));
        assertNull(matched("GET", "seances/12/pieces"), "another HTTP method");
        assertEquals("feed", matched("GET", "agenda/abcdefghijklmnopqrstuvwxyz012345.ics"));
        assertNull(matched("GET", "agenda/short.ics"), "the template's own expression applies");
        assertNull(matched("GET", "agenda/abcdefghijklmnopqrstuvwxyz012345.ics/x"));
        assertEquals("delete", matched("DELETE", "pieces/3"));
        assertTrue(ModuleRoutes.template("a.b/{x}").matcher("a.b/y").matches());
        assertNull(matched("GET", "a(b"), "quoted literal parts");
        Method m = ModuleRoutes.endpoints(Endpoints.class).get(0).method();
        assertEquals(Endpoints.class, m.getDeclaringClass());
    }
}
