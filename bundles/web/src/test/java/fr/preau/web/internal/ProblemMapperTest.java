package fr.preau.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import fr.preau.api.ProblemException;
import fr.preau.auth.ThrottledException;
import java.util.Map;
import javax.ws.rs.BadRequestException;
import javax.ws.rs.NotAllowedException;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.NotSupportedException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class ProblemMapperTest {

    final ProblemMapper mapper = new ProblemMapper();

    @SuppressWarnings("unchecked")
    static Map<String, Object> body(Response r) {
        return (Map<String, Object>) r.getEntity();
    }

    void assertProblem(Throwable failure, int status, String code) {
        Response r = mapper.toResponse(failure);
        assertEquals(status, r.getStatus());
        assertEquals("application/problem+json", r.getMediaType().toString());
        Map<String, Object> body = body(r);
        assertEquals("urn:preau:problem:" + code, body.get("type"));
        assertEquals(status, body.get("status"));
        String title = (String) body.get("title");
        assertFalse(title.isBlank());
        assertFalse(title.contains("Exception"), title);
        assertEquals("no-store", r.getHeaderString("Cache-Control"));
    }

    @Test
    void domainProblemsKeepTheirCodeAndTitle() {
        Response r = mapper.toResponse(new ProblemException(409, "login-taken", "Cet identifiant est déjà pris."));
        assertEquals(409, r.getStatus());
        assertEquals("Cet identifiant est déjà pris.", body(r).get("title"));
        assertEquals("urn:preau:problem:login-taken", body(r).get("type"));
    }

    @Test
    void httpErrorsOfTheJaxRsRuntimeGetFrenchTitlesAndStableCodes() {
        assertProblem(new NotFoundException(), 404, "not-found");
        assertProblem(new NotAllowedException("POST"), 405, "method-not-allowed");
        assertProblem(new NotSupportedException(), 415, "unsupported-media-type");
        assertProblem(new WebApplicationException(413), 413, "body-too-large");
        assertProblem(new BadRequestException(), 400, "bad-request");
    }

    @Test
    void malformedJsonIs400() {
        assertProblem(new BadRequestException(new JsonParseException(null, "Unexpected character")), 400, "malformed-json");
        assertProblem(new JsonParseException(null, "Unexpected character"), 400, "malformed-json");
    }

    @Test
    void unexpectedFailuresAre500WithAnIncidentAndNoDetail() {
        Response r = mapper.toResponse(new NullPointerException("secret detail"));
        assertEquals(500, r.getStatus());
        Map<String, Object> body = body(r);
        assertEquals("urn:preau:problem:internal-error", body.get("type"));
        String incident = (String) body.get("incident");
        assertEquals(8, incident.length());
        assertTrue(((String) body.get("title")).contains(incident));
        assertFalse(body.toString().contains("secret detail"));
        assertProblem(new WebApplicationException(502), 500, "internal-error");
    }

    @Test
    void aComponentGoingAwayIs503() {
        assertProblem(new IllegalStateException("deactivated"), 503, "unavailable");
    }

    @Test
    void throttlingCarriesRetryAfter() {
        Response r = mapper.toResponse(new ThrottledException("Réessayez dans 15 minutes.", 900));
        assertEquals(429, r.getStatus());
        assertEquals("900", r.getHeaderString("Retry-After"));
        assertEquals("urn:preau:problem:throttled", body(r).get("type"));
    }
}
