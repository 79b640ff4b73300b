package fr.preau.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
