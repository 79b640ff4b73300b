package fr.preau.web;

import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import java.util.Optional;
import javax.ws.rs.core.SecurityContext;

/** Who is calling: read from the {@code @Context SecurityContext} of a resource method. */
public final class Callers {

    private Callers() {
    }

    /** The signed-in person, or a 401 problem asking to sign in. */
    public static Person require(SecurityContext context) {
        return principal(context).map(PreauPrincipal::person)
                .orElseThrow(() -> new ProblemException(401, "not-authenticated",
                        "Vous n'êtes pas connecté ou votre session a expiré. Connectez-vous pour continuer."));
    }

    /** The signed-in person's principal, if any. */
    public static Optional<PreauPrincipal> principal(SecurityContext context) {
        if (context != null && context.getUserPrincipal() instanceof PreauPrincipal p) {
            return Optional.of(p);
        }
        return Optional.empty();
    }
}
