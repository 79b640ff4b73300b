package fr.preau.mail.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import fr.preau.api.ProblemException;

/**
 * The SMTP rules of the box that need nothing but the annuaire: who may send to whom at RCPT time.
 * Pure: the caller gives the local domains and a look-up of local addresses, so the rules are tested
 * without a server.
 */
final class Rules {

    // SMTP replies are 7-bit text (RFC 5321): French without accents.

    /** What to answer to one RCPT TO. */
    record Verdict(boolean accepted, String code, String text) {
        static Verdict ok() {
            return new Verdict(true, "250", "2.1.5 Destinataire accepte");
        }

        static Verdict refuse(String code, String text) {
            return new Verdict(false, code, text);
        }
    }

    /** The RCPT reply when the school's communication rules forbid the recipient to this sender. */
    static final String FORBIDDEN_BY_SCHOOL_RULES =
        "5.7.1 Regles de communication de l'etablissement : vous ne pouvez pas ecrire a cette personne";

    private Rules() {
    }

    /**
     * @param recipient      the address of RCPT TO (local part and domain)
     * @param authenticated  the sender signed in (submission)
     * @param smarthost      a smarthost is configured for outbound mail
     * @param localDomains   the mail domains of the box's schools, lower case
     * @param localMailbox   the login whose mailbox receives this address, when it is an active person's
     */
    static Verdict rcpt(String recipient, boolean authenticated, boolean smarthost, Set<String> localDomains,
                        Function<String, Optional<String>> localMailbox) {
        String address = recipient.toLowerCase(Locale.ROOT);
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return Verdict.refuse("501", "5.1.3 Adresse de destinataire invalide");
        }
        String domain = address.substring(at + 1);
        if (!localDomains.contains(domain)) {
            if (!authenticated) {
                return Verdict.refuse("550", "5.7.1 Relais refuse : ce serveur ne distribue que le courrier de l'etablissement ("
                    + String.join(", ", localDomains) + ")");
            }
            if (!smarthost) {
                return Verdict.refuse("550", "5.7.1 Envoi vers l'exterieur impossible : aucun relais sortant (smarthost) n'est configure sur ce serveur");
            }
            return new Verdict(true, "250", "2.1.5 Destinataire accepte (envoi par le relais sortant)");
        }
        return localMailbox.apply(address).isPresent()
            ? Verdict.ok()
            : Verdict.refuse("550", "5.1.1 Destinataire inconnu : aucune personne active n'a cette adresse");
    }

    /**
     * The webmail's error for a refused recipient: a French sentence naming the address, and a stable code
     * ({@code recipient-forbidden} for the communication rules, {@code unknown-recipient}, {@code invalid-recipient},
     * else {@code recipient-refused}).
     */
    static ProblemException problem(String recipient, Verdict verdict) {
        String text = verdict.text();
        if (FORBIDDEN_BY_SCHOOL_RULES.equals(text)) {
            return new ProblemException(403, "recipient-forbidden", "Vous ne pouvez pas écrire à " + recipient
                + " : les règles de communication de l'établissement ne le permettent pas. Retirez ce destinataire pour envoyer le message.");
        }
        if (text.startsWith("5.1.1")) {
            return new ProblemException(400, "unknown-recipient", "L'adresse " + recipient
                + " ne correspond à aucune personne active de l'établissement. Vérifiez-la ou choisissez le destinataire dans le carnet d'adresses.");
        }
        if (text.startsWith("5.1.3")) {
            return new ProblemException(400, "invalid-recipient", "« " + recipient
                + " » n'est pas une adresse de messagerie valable. Vérifiez-la (par exemple prenom.nom@domaine).");
        }
        return new ProblemException(400, "recipient-refused", "Le message ne peut pas partir vers " + recipient
            + " : la messagerie de l'établissement n'envoie pas de courrier vers l'extérieur (aucun relais sortant n'est réglé ;"
            + " voyez avec le référent).");
    }
}
