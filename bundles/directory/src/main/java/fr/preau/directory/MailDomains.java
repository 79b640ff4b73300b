package fr.preau.directory;

import fr.preau.api.ProblemException;
import java.util.Locale;
import java.util.regex.Pattern;

/** The rule of a school's mail domain, checked the same way wherever one is given (set-up, console). */
public final class MailDomains {

    private static final Pattern MAIL_DOMAIN = Pattern.compile(
            "(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    private MailDomains() {
    }

    /**
     * The domain as the box keeps it (trimmed, lower case).
     *
     * @throws ProblemException 400 {@code invalid-mail-domain}, in French, when it is not a domain name
     */
    public static String normalise(String domain) {
        String d = domain == null ? "" : domain.strip().toLowerCase(Locale.ROOT);
        if (!MAIL_DOMAIN.matcher(d).matches()) {
            throw new ProblemException(400, "invalid-mail-domain", "« " + (domain == null ? "" : domain.strip())
                    + " » n'est pas un nom de domaine de messagerie : écrivez-le comme clg-rostand.ac-fictive.fr "
                    + "(lettres sans accent, chiffres, tirets, séparés par des points).");
        }
        return d;
    }
}
