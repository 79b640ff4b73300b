package fr.preau.web.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import fr.preau.api.ProblemException;
import fr.preau.auth.ThrottledException;
import fr.preau.web.PreauApi;
import java.util.Map;
import java.util.UUID;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure of the application becomes {@code application/problem+json} with a French
 * {@code title}, a stable {@code type} and the HTTP status. Unexpected failures answer 500 with
 * an incident number and no stack trace; the stack trace goes to the log under that number.
 */
@Component(service = ExceptionMapper.class, scope = ServiceScope.PROTOTYPE)
@JaxrsExtension
@JaxrsName("preau-problems")
@JaxrsApplicationSelect(PreauApi.SELECT)
public final class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

    @Override
    public Response toResponse(Throwable failure) {
        Response response = Problems.response(toProblem(failure));
        ThrottledException throttled = find(failure, ThrottledException.class);
        if (throttled != null) {
            return Response.fromResponse(response).header("Retry-After", throttled.retryAfterSeconds()).build();
        }
        return response;
    }

    static Map<String, Object> toProblem(Throwable failure) {
        ProblemException problem = find(failure, ProblemException.class);
        if (problem != null) {
            return Problems.body(problem.status(), problem.code(), problem.title());
        }
        if (failure instanceof WebApplicationException wae) {
            int status = wae.getResponse() == null ? 500 : wae.getResponse().getStatus();
            if (status == 400 && find(failure, JsonProcessingException.class) != null) {
                return Problems.body(400, "malformed-json",
                        "Le contenu envoyé n'est pas un JSON valable. Vérifiez sa syntaxe.");
            }
            if (status >= 500) {
                return internalError(failure);
            }
            String[] codeAndTitle = Problems.forStatus(status);
            return Problems.body(status, codeAndTitle[0], codeAndTitle[1]);
        }
        if (find(failure, JsonProcessingException.class) != null) {
            return Problems.body(400, "malformed-json", "Le contenu envoyé n'est pas un JSON valable. Vérifiez sa syntaxe.");
        }
        if (failure instanceof IllegalStateException) {
            // a component deactivated under a request in flight (module being updated or removed)
            LOG.info("Request failed on a component going away: {}", failure.toString());
            String[] codeAndTitle = Problems.forStatus(503);
            return Problems.body(503, codeAndTitle[0], codeAndTitle[1]);
        }
        return internalError(failure);
    }

    private static Map<String, Object> internalError(Throwable failure) {
        String incident = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("Unexpected failure, incident {}", incident, failure);
        Map<String, Object> body = Problems.body(500, "internal-error",
                "Une erreur inattendue s'est produite. Réessayez dans un instant ; si elle persiste, "
                        + "signalez-la au référent numérique en citant l'incident " + incident + ".");
        body.put("incident", incident);
        return body;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
