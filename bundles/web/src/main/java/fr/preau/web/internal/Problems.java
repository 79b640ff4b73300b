package fr.preau.web.internal;

import fr.preau.web.PreauApi;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/** Builds {@code application/problem+json} answers (RFC 9457). */
final class Problems {

    static final MediaType PROBLEM = MediaType.valueOf(PreauApi.PROBLEM_JSON);
    static final String TYPE_PREFIX = "urn:preau:problem:";

    private Problems() {
    }

    static Map<String, Object> body(int status, String code, String title) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_PREFIX + code);
        body.put("title", title);
        body.put("status", status);
        return body;
    }

    static Response response(int status, String code, String title) {
        return response(body(status, code, title));
    }

    static Response response(Map<String, Object> body) {
        return Response.status((Integer) body.get("status"))
                .type(PROBLEM)
                .header("Cache-Control", "no-store")
                .entity(body)
                .build();
    }

    /** The French title and stable code for a bare HTTP status. */
    static String[] forStatus(int status) {
        return switch (status) {
            case 400 -> new String[] {"bad-request", "La demande n'est pas valable. Vérifiez les informations envoyées."};
            case 401 -> new String[] {"not-authenticated",
                    "Vous n'êtes pas connecté ou votre session a expiré. Connectez-vous pour continuer."};
            case 403 -> new String[] {"forbidden", "Vous n'avez pas le droit de faire cela."};
            case 404 -> new String[] {"not-found", "Cette adresse n'existe pas sur Préau. Vérifiez le lien ou revenez à l'accueil."};
            case 405 -> new String[] {"method-not-allowed", "Cette action n'est pas possible à cette adresse."};
            case 406 -> new String[] {"not-acceptable", "Préau ne sait pas répondre dans le format demandé : demandez du JSON."};
            case 409 -> new String[] {"conflict", "Cette action entre en conflit avec l'état actuel. Rechargez la page et réessayez."};
            case 413 -> new String[] {"body-too-large", "Le contenu envoyé est trop volumineux."};
            case 415 -> new String[] {"unsupported-media-type",
                    "Le format du contenu envoyé n'est pas accepté : envoyez du JSON (application/json)."};
            case 429 -> new String[] {"throttled", "Trop de demandes. Patientez un instant puis réessayez."};
            case 503 -> new String[] {"unavailable", "Ce service est en cours de démarrage ou de mise à jour. Réessayez dans quelques secondes."};
            default -> status >= 500
                    ? new String[] {"internal-error", "Une erreur inattendue s'est produite. Réessayez dans un instant."}
                    : new String[] {"client-error", "La demande n'a pas pu être traitée."};
        };
    }
}
