package fr.preau.auth.internal;

import fr.preau.api.ProblemException;
import fr.preau.auth.ThrottledException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/** The problems this bundle answers with, and their French titles. */
final class Titles {

    static final String INVALID_CREDENTIALS = "Identifiant ou mot de passe incorrect.";
    static final String INVALID_ACTIVATION = "Identifiant ou code d'activation incorrect, ou code expiré ou déjà utilisé. "
            + "Vérifiez le code de votre courrier ou demandez-en un nouveau au référent numérique.";
    static final String SESSION_EXPIRED = "Votre session a expiré. Reconnectez-vous pour continuer.";
    static final String UNKNOWN_PERSON = "Cette personne n'existe pas ou n'est plus active dans l'annuaire.";
    static final String UNAVAILABLE = "La connexion est momentanément indisponible. Réessayez dans quelques instants.";

    private Titles() {
    }

    static ProblemException invalidCredentials() {
        return new ProblemException(401, "invalid-credentials", INVALID_CREDENTIALS);
    }

    static ProblemException invalidActivation() {
        return new ProblemException(401, "invalid-activation", INVALID_ACTIVATION);
    }

    static ProblemException sessionExpired() {
        return new ProblemException(401, "session-expired", SESSION_EXPIRED);
    }

    static ProblemException unknownPerson() {
        return new ProblemException(404, "unknown-person", UNKNOWN_PERSON);
    }

    static ProblemException unavailable(Throwable cause) {
        return new ProblemException(503, "auth-unavailable", UNAVAILABLE, cause);
    }

    /** The account (login) is locked: the same words whether or not the login exists. */
    static ThrottledException locked(Duration wait, Clock clock) {
        return new ThrottledException("Trop de tentatives incorrectes pour cet identifiant. Réessayez " + when(wait, clock)
                + ", ou demandez au référent numérique de débloquer le compte.", seconds(wait));
    }

    /** The exponential delay between failed attempts. */
    static ThrottledException tooFast(Duration wait, Clock clock) {
        return new ThrottledException("Tentatives trop rapprochées. Réessayez " + when(wait, clock) + ".", seconds(wait));
    }

    /** Too many failures from one address. */
    static ThrottledException addressThrottled(Duration wait, Clock clock) {
        return new ThrottledException("Trop de tentatives incorrectes depuis cet appareil ou ce réseau. Réessayez "
                + when(wait, clock) + ".", seconds(wait));
    }

    static long seconds(Duration wait) {
        long s = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return Math.max(1, s);
    }

    /** "dans 4 secondes", "dans 15 minutes (à 14 h 32)", "dans 2 heures (à 16 h 05)". */
    static String when(Duration wait, Clock clock) {
        long s = seconds(wait);
        if (s < 60) {
            return "dans " + s + (s == 1 ? " seconde" : " secondes");
        }
        Instant at = clock.instant().plusSeconds(s);
        ZonedDateTime local = at.atZone(clock.getZone());
        if (local.getSecond() > 0 || local.getNano() > 0) {
            local = local.plusMinutes(1).truncatedTo(ChronoUnit.MINUTES); // never announce a time that is too early
        }
        String clockTime = String.format("%d h %02d", local.getHour(), local.getMinute());
        if (s < 7200) {
            long m = (s + 59) / 60;
            return "dans " + m + (m == 1 ? " minute" : " minutes") + " (à " + clockTime + ")";
        }
        long h = (s + 3599) / 3600;
        return "dans " + h + (h == 1 ? " heure" : " heures") + " (à " + clockTime + ")";
    }
}
