package fr.preau.directory.internal.ldap;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.naming.AuthenticationException;
import javax.naming.AuthenticationNotSupportedException;
import javax.naming.CommunicationException;
import javax.naming.InvalidNameException;
import javax.naming.LimitExceededException;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.NoPermissionException;
import javax.naming.OperationNotSupportedException;
import javax.naming.PartialResultException;
import javax.naming.ServiceUnavailableException;
import javax.naming.SizeLimitExceededException;
import javax.naming.TimeLimitExceededException;
import javax.naming.directory.InvalidSearchFilterException;
import javax.net.ssl.SSLException;

/**
 * The directory could not be read (entirely): nothing is imported. The message is French, for the
 * referent, and never holds the bind password (it is built from our own words, DNs and the host).
 */
public final class LdapFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** Stable codes, for tests and logs. */
    public enum Kind {
        CONFIGURATION, CREDENTIALS, PERMISSION, UNREACHABLE, TLS, BASE_NOT_FOUND, FILTER, SIZE_LIMIT, PAGING_UNSUPPORTED,
        REFERRAL, CONNECTION_LOST, TIMEOUT, STORAGE, OTHER
    }

    private final Kind kind;

    LdapFailure(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * Translates a JNDI failure.
     *
     * @param e       what JNDI threw
     * @param where   the DN being read, for "not found" (null when not known)
     * @param what    what was being read, in French (« les élèves »), or null while connecting
     * @param started true once the first search has answered: a lost connection is then "lost", not "unreachable"
     * @param server  host and port, for "unreachable"
     */
    static LdapFailure of(NamingException e, String where, String what, boolean started, String server) {
        Throwable root = rootCause(e);
        if (e instanceof AuthenticationException || e instanceof AuthenticationNotSupportedException) {
            return new LdapFailure(Kind.CREDENTIALS, "Connexion refusée : identifiants incorrects. Vérifiez le DN de connexion "
                    + "et le mot de passe du compte de lecture.");
        }
        if (e instanceof NoPermissionException) {
            return new LdapFailure(Kind.PERMISSION, "Connexion refusée : le compte de connexion n'a pas le droit de lire "
                    + (what == null ? "l'annuaire" : what) + ". Demandez à l'académie d'ouvrir ce droit.");
        }
        if (root instanceof SSLException) {
            return new LdapFailure(Kind.TLS, "Connexion chiffrée impossible avec " + server + " : le certificat du serveur n'est pas "
                    + "reconnu ou le chiffrement a échoué (" + oneLine(root.getMessage()) + ").");
        }
        if (e instanceof NameNotFoundException) {
            return new LdapFailure(Kind.BASE_NOT_FOUND, "Base DN introuvable : " + (where == null ? "?" : where)
                    + " n'existe pas sur le serveur. Vérifiez la base DN" + (what == null ? "" : " et la base " + de(what)) + ".");
        }
        if (e instanceof InvalidSearchFilterException) {
            return new LdapFailure(Kind.FILTER, "Filtre de recherche refusé par le serveur pour " + what
                    + " : vérifiez sa syntaxe, par exemple (objectClass=ENTEleve).");
        }
        if (e instanceof SizeLimitExceededException) {
            return new LdapFailure(Kind.SIZE_LIMIT, "Le serveur a limité le nombre de résultats pour " + what
                    + " : la lecture est incomplète, rien n'a été importé. Demandez à l'académie de lever la limite de taille "
                    + "des recherches paginées (size.prtotal) pour le compte de lecture.");
        }
        if (e instanceof TimeLimitExceededException) {
            return new LdapFailure(Kind.TIMEOUT, "Le serveur a interrompu la recherche (limite de temps) pendant la lecture "
                    + de(what) + " : rien n'a été importé.");
        }
        if (e instanceof OperationNotSupportedException) {
            return new LdapFailure(Kind.PAGING_UNSUPPORTED, "Le serveur refuse la recherche paginée pour " + (what == null
                    ? "l'annuaire" : what) + " : la synchronisation en a besoin pour tout lire. Rien n'a été importé.");
        }
        if (e instanceof PartialResultException) {
            return new LdapFailure(Kind.REFERRAL, "Le serveur renvoie vers d'autres annuaires (referrals) pour " + what
                    + " : la lecture serait incomplète, rien n'a été importé. Choisissez une base qui contient toutes les entrées.");
        }
        if (e instanceof InvalidNameException) {
            return new LdapFailure(Kind.CONFIGURATION, "DN refusé par le serveur" + (where == null ? "" : " : " + where) + ".");
        }
        if (e instanceof LimitExceededException) {
            return new LdapFailure(Kind.SIZE_LIMIT, "Le serveur a refusé la lecture " + de(what) + " (limite administrative) : "
                    + "rien n'a été importé.");
        }
        if (e instanceof CommunicationException || e instanceof ServiceUnavailableException || root instanceof IOException) {
            if (root instanceof SocketTimeoutException || (e.getMessage() != null && e.getMessage().contains("timed out"))) {
                return started
                        ? new LdapFailure(Kind.TIMEOUT, "Le serveur LDAP ne répond plus (délai dépassé) pendant la lecture " + de(what)
                                + " : rien n'a été importé. Réessayez plus tard.")
                        : new LdapFailure(Kind.UNREACHABLE, "Serveur injoignable : " + server + " ne répond pas (délai dépassé).");
            }
            if (started) {
                return new LdapFailure(Kind.CONNECTION_LOST, "Connexion perdue avec le serveur LDAP pendant la lecture " + de(what)
                        + " : rien n'a été importé. Réessayez ; si l'erreur revient, prévenez l'académie.");
            }
            String reason;
            if (root instanceof UnknownHostException) {
                reason = "nom de serveur inconnu";
            } else if (root instanceof ConnectException) {
                reason = "connexion refusée : aucun annuaire n'écoute sur ce port";
            } else if (root instanceof NoRouteToHostException) {
                reason = "aucune route vers ce serveur";
            } else {
                reason = "la connexion a échoué";
            }
            return new LdapFailure(Kind.UNREACHABLE, "Serveur injoignable : " + server + " (" + reason + ").");
        }
        if (e.getMessage() != null && e.getMessage().contains("LDAP response read timed out")) {
            return new LdapFailure(Kind.TIMEOUT, "Le serveur LDAP ne répond plus (délai dépassé) : rien n'a été importé.");
        }
        return new LdapFailure(Kind.OTHER, "L'annuaire LDAP a répondu par une erreur"
                + (what == null ? "" : " pendant la lecture " + de(what)) + " : " + oneLine(e.getExplanation())
                + ". Rien n'a été importé.");
    }

    /** « les élèves » → « des élèves », « l'annuaire » → « de l'annuaire ». */
    static String de(String what) {
        if (what == null) {
            return "de l'annuaire";
        }
        return what.startsWith("les ") ? "des " + what.substring(4) : "de " + what;
    }

    private static Throwable rootCause(NamingException e) {
        Throwable t = e;
        for (int i = 0; i < 10; i++) {
            Throwable next = t instanceof NamingException ne ? ne.getRootCause() : t.getCause();
            if (next == null || next == t) {
                break;
            }
            t = next;
        }
        return t;
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "sans détail";
        }
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }
}
