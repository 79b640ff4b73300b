package fr.preau.directory.internal.ldap;

import fr.preau.directory.internal.feed.AafMapper;
import fr.preau.directory.internal.feed.FeedCategory;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.net.ssl.SSLSocketFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Where and how to read the académie's LDAP directory, checked. Built from the configuration
 * {@code fr.preau.directory.ldap}. The bind password stays in here and in the configuration: it
 * is never logged, and {@link #toString()} hides it.
 */
public final class LdapSettings {

    @ObjectClassDefinition(name = "Préau – synchronisation LDAP de l'annuaire",
            description = "Lecture de l'annuaire LDAP de l'académie (schéma ENT/SDET) et import comme un export AAF complet.")
    public @interface Config {
        @AttributeDefinition(name = "Adresse du serveur",
                description = "ldap://hote:389 ou ldaps://hote:636 ; vide = synchronisation désactivée")
        String url() default "";

        @AttributeDefinition(name = "StartTLS", description = "Chiffrer une connexion ldap:// avec StartTLS avant l'authentification")
        boolean start_tls() default false;

        @AttributeDefinition(name = "DN de connexion", description = "Compte de lecture, par exemple cn=preau,ou=services,dc=ac-exemple,dc=fr ; vide = anonyme")
        String bind_dn() default "";

        /**
         * Key {@code .bind.password}: the leading dot (from the leading underscore) keeps it out of
         * the service properties of the component, where anyone could read it.
         */
        @AttributeDefinition(name = "Mot de passe", type = AttributeType.PASSWORD,
                description = "Mot de passe du compte de lecture (jamais écrit dans le journal)")
        String _bind_password() default "";

        @AttributeDefinition(name = "Base DN", description = "Racine de la recherche, par exemple dc=ac-exemple,dc=fr")
        String base_dn() default "";

        @AttributeDefinition(name = "Base des établissements", description = "Relative à la base DN (ou=structures) ou complète ; vide = la base DN")
        String structure_base() default "";

        @AttributeDefinition(name = "Filtre des établissements",
                description = "Restreignez-le aux établissements du boîtier, par exemple (&(objectClass=ENTEtablissement)(ENTStructureUAI=0999999Z))")
        String structure_filter() default "(objectClass=ENTEtablissement)";

        @AttributeDefinition(name = "Base des matières")
        String subject_base() default "";

        @AttributeDefinition(name = "Filtre des matières", description = "Vide = les matières ne sont pas lues dans l'annuaire")
        String subject_filter() default "";

        @AttributeDefinition(name = "Base des MEF")
        String mef_base() default "";

        @AttributeDefinition(name = "Filtre des MEF", description = "Vide = les MEF ne sont pas lus dans l'annuaire")
        String mef_filter() default "";

        @AttributeDefinition(name = "Base des personnels")
        String personnel_base() default "";

        @AttributeDefinition(name = "Filtre des personnels", description = "Enseignants et autres personnels ; vide = non lus")
        String personnel_filter() default "(|(objectClass=ENTAuxEnseignant)(objectClass=ENTAuxNonEnsEtab))";

        @AttributeDefinition(name = "Base des responsables")
        String responsable_base() default "";

        @AttributeDefinition(name = "Filtre des responsables", description = "Vide = non lus")
        String responsable_filter() default "(&(objectClass=ENTPerson)(objectClass=ENTAuxPersRelEleve))";

        @AttributeDefinition(name = "Base des élèves")
        String eleve_base() default "";

        @AttributeDefinition(name = "Filtre des élèves", description = "Vide = non lus")
        String eleve_filter() default "(objectClass=ENTEleve)";

        @AttributeDefinition(name = "Correspondance des attributs",
                description = "Paires attributAAF=attributLDAP, séparées par des virgules, quand l'annuaire n'utilise pas les "
                        + "noms AAF, par exemple ENTPersonJointure=employeeNumber, ENTPersonMail=mail ; les autres attributs gardent leur nom")
        String[] attribute_mapping() default {};

        @AttributeDefinition(name = "Taille des pages", description = "Entrées par page de recherche (recherche paginée)")
        int page_size() default 500;

        @AttributeDefinition(name = "Intervalle (minutes)", description = "Synchronisation automatique toutes les N minutes ; 0 = à la demande seulement")
        int interval_minutes() default 0;

        @AttributeDefinition(name = "Délai de connexion (secondes)")
        int connect_timeout_seconds() default 10;

        @AttributeDefinition(name = "Délai de lecture (secondes)", description = "Attente maximale d'une réponse du serveur")
        int read_timeout_seconds() default 60;
    }

    /** The configuration is unusable; the message is French, for the referent. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** One category's search: absolute base DN and filter. */
    public record Search(FeedCategory category, LdapName base, String filter) {
    }

    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z][A-Za-z0-9-]*|[0-9]+(\\.[0-9]+)+");

    private final String url;
    private final boolean startTls;
    private final String bindDn;
    private final String bindPassword;
    private final LdapName baseDn;
    private final List<Search> searches;
    /** lower-cased LDAP attribute → AAF attribute. */
    private final Map<String, String> mapping;
    /** lower-cased AAF attributes that some other LDAP attribute feeds. */
    private final Set<String> mappedTargets;
    private final int pageSize;
    private final int intervalMinutes;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    /** How StartTLS checks the server: the JVM's trust store unless a test gives its own. */
    private final SSLSocketFactory tls;

    private LdapSettings(String url, boolean startTls, String bindDn, String bindPassword, LdapName baseDn, List<Search> searches,
            Map<String, String> mapping, int pageSize, int intervalMinutes, int connectTimeoutMillis, int readTimeoutMillis,
            SSLSocketFactory tls) {
        this.url = url;
        this.startTls = startTls;
        this.bindDn = bindDn;
        this.bindPassword = bindPassword;
        this.baseDn = baseDn;
        this.searches = List.copyOf(searches);
        this.mapping = Collections.unmodifiableMap(mapping);
        Set<String> targets = new HashSet<>();
        mapping.values().forEach(v -> targets.add(v.toLowerCase(Locale.ROOT)));
        this.mappedTargets = Collections.unmodifiableSet(targets);
        this.pageSize = pageSize;
        this.intervalMinutes = intervalMinutes;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
        this.tls = tls;
    }

    /** True when the configuration names a server (the sync is wanted). */
    public static boolean configured(Config c) {
        return !c.url().isBlank();
    }

    /** Checks a configuration. */
    public static LdapSettings of(Config c) throws Invalid {
        String url = c.url().strip();
        if (url.isEmpty()) {
            throw new Invalid("La synchronisation LDAP n'est pas configurée : indiquez l'adresse du serveur (ldap://… ou ldaps://…).");
        }
        boolean ldaps = false;
        for (String one : url.split("\\s+")) {
            URI u;
            try {
                u = new URI(one);
            } catch (URISyntaxException e) {
                throw new Invalid("Adresse du serveur LDAP invalide « " + one + " » (attendu : ldap://hote:389 ou ldaps://hote:636).");
            }
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("ldap") && !scheme.equals("ldaps") || u.getHost() == null) {
                throw new Invalid("Adresse du serveur LDAP invalide « " + one + " » : elle doit commencer par ldap:// ou ldaps:// "
                        + "et nommer un serveur (par exemple ldaps://annuaire.ac-exemple.fr:636).");
            }
            if (u.getUserInfo() != null || (u.getPath() != null && !u.getPath().isEmpty() && !u.getPath().equals("/"))) {
                throw new Invalid("Adresse du serveur LDAP invalide « " + one + " » : indiquez seulement ldap(s)://hote:port ; "
                        + "la base DN et le compte se règlent à part.");
            }
            ldaps |= scheme.equals("ldaps");
        }
        if (ldaps && c.start_tls()) {
            throw new Invalid("StartTLS s'utilise avec une adresse ldap:// ; une adresse ldaps:// est déjà chiffrée.");
        }
        String bindDn = c.bind_dn().strip();
        if (!bindDn.isEmpty()) {
            dn(bindDn, "DN de connexion");
        }
        String base = c.base_dn().strip();
        if (base.isEmpty()) {
            throw new Invalid("Indiquez la base DN de l'annuaire (par exemple dc=ac-exemple,dc=fr).");
        }
        LdapName baseDn = dn(base, "Base DN");
        if (baseDn.isEmpty()) {
            throw new Invalid("Indiquez la base DN de l'annuaire (par exemple dc=ac-exemple,dc=fr).");
        }
        List<Search> searches = new ArrayList<>();
        search(searches, FeedCategory.STRUCTURE, baseDn, c.structure_base(), c.structure_filter());
        if (searches.isEmpty()) {
            throw new Invalid("Le filtre des établissements est obligatoire : les personnes de l'annuaire y sont rattachées.");
        }
        search(searches, FeedCategory.SUBJECT, baseDn, c.subject_base(), c.subject_filter());
        search(searches, FeedCategory.MEF, baseDn, c.mef_base(), c.mef_filter());
        search(searches, FeedCategory.PERSONNEL, baseDn, c.personnel_base(), c.personnel_filter());
        search(searches, FeedCategory.RESPONSABLE, baseDn, c.responsable_base(), c.responsable_filter());
        search(searches, FeedCategory.ELEVE, baseDn, c.eleve_base(), c.eleve_filter());
        Map<String, String> mapping = new HashMap<>();
        String[] lines = c.attribute_mapping() == null ? new String[0] : c.attribute_mapping();
        List<String> pairs = new ArrayList<>();
        for (String line : lines) {
            // a .cfg file gives one string: pairs are separated by commas (names never hold one)
            for (String pair : line == null ? new String[0] : line.split("[,;]")) {
                if (!pair.isBlank()) {
                    pairs.add(pair);
                }
            }
        }
        for (String line : pairs) {
            int eq = line.indexOf('=');
            String aaf = eq < 0 ? "" : line.substring(0, eq).strip();
            String ldap = eq < 0 ? "" : line.substring(eq + 1).strip();
            if (!ATTRIBUTE.matcher(aaf).matches() || !ATTRIBUTE.matcher(ldap).matches()) {
                throw new Invalid("Correspondance d'attributs invalide « " + line.strip()
                        + " » (attendu : attributAAF=attributLDAP, par exemple ENTPersonJointure=employeeNumber).");
            }
            if (mapping.put(ldap.toLowerCase(Locale.ROOT), AafMapper.canonicalName(aaf)) != null) {
                throw new Invalid("L'attribut LDAP " + ldap + " figure deux fois dans la correspondance des attributs.");
            }
        }
        if (c.page_size() < 1 || c.page_size() > 100_000) {
            throw new Invalid("La taille des pages doit être comprise entre 1 et 100 000 (reçu : " + c.page_size() + ").");
        }
        if (c.interval_minutes() < 0) {
            throw new Invalid("L'intervalle de synchronisation ne peut pas être négatif (0 = à la demande seulement).");
        }
        if (c.connect_timeout_seconds() < 1 || c.read_timeout_seconds() < 1) {
            throw new Invalid("Les délais de connexion et de lecture doivent valoir au moins une seconde.");
        }
        return new LdapSettings(url, c.start_tls(), bindDn, c._bind_password(), baseDn, searches, mapping, c.page_size(),
                c.interval_minutes(), c.connect_timeout_seconds() * 1000, c.read_timeout_seconds() * 1000, null);
    }

    private static void search(List<Search> out, FeedCategory category, LdapName baseDn, String base, String filter) throws Invalid {
        String f = filter == null ? "" : filter.strip();
        if (f.isEmpty()) {
            return;
        }
        if (!f.startsWith("(") || !f.endsWith(")") || !balanced(f)) {
            throw new Invalid("Filtre LDAP invalide pour les " + plural(category) + " « " + f
                    + " » : il doit être entre parenthèses, par exemple (objectClass=ENTEleve).");
        }
        String b = base == null ? "" : base.strip();
        LdapName name;
        if (b.isEmpty()) {
            name = baseDn;
        } else {
            name = dn(b, "Base des " + plural(category));
            if (!name.startsWith(baseDn.getRdns())) {
                name = (LdapName) ((LdapName) baseDn.clone()).addAll(name.getRdns());
            }
        }
        out.add(new Search(category, name, f));
    }

    private static boolean balanced(String f) {
        int depth = 0;
        boolean escaped = false;
        for (int i = 0; i < f.length(); i++) {
            char ch = f.charAt(i);
            if (escaped) {
                escaped = false;
            } else if (ch == '\\') {
                escaped = true;
            } else if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                if (--depth < 0) {
                    return false;
                }
            }
        }
        return depth == 0;
    }

    private static LdapName dn(String text, String what) throws Invalid {
        try {
            return new LdapName(text);
        } catch (InvalidNameException | IllegalArgumentException e) {
            throw new Invalid(what + " invalide « " + text + " » (attendu : un DN, par exemple ou=eleves,dc=ac-exemple,dc=fr).");
        }
    }

    static String plural(FeedCategory category) {
        return switch (category) {
            case STRUCTURE -> "établissements";
            case SUBJECT -> "matières";
            case MEF -> "MEF";
            case PERSONNEL -> "personnels";
            case RESPONSABLE -> "responsables";
            case ELEVE -> "élèves";
        };
    }

    /**
     * The AAF name under which an LDAP attribute is exported: its mapping, else its own name (AAF
     * spelling when the mapper knows it); null when the attribute is dropped because the mapping feeds
     * that AAF name from another LDAP attribute.
     */
    String aafName(String ldapAttribute) {
        String lower = ldapAttribute.toLowerCase(Locale.ROOT);
        String mapped = mapping.get(lower);
        if (mapped != null) {
            return mapped;
        }
        if (mappedTargets.contains(lower)) {
            return null;
        }
        return AafMapper.canonicalName(ldapAttribute);
    }

    /** The LDAP attribute that feeds an AAF attribute (the first mapped one, else the same name). */
    String ldapName(String aafAttribute) {
        for (Map.Entry<String, String> e : mapping.entrySet()) {
            if (e.getValue().equalsIgnoreCase(aafAttribute)) {
                return e.getKey();
            }
        }
        return aafAttribute;
    }

    public String url() {
        return url;
    }

    public boolean startTls() {
        return startTls;
    }

    public String bindDn() {
        return bindDn;
    }

    /** The bind password: pass it to the directory, nowhere else. */
    String bindPassword() {
        return bindPassword;
    }

    public LdapName baseDn() {
        return baseDn;
    }

    public List<Search> searches() {
        return searches;
    }

    public int pageSize() {
        return pageSize;
    }

    public int intervalMinutes() {
        return intervalMinutes;
    }

    public int connectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    public int readTimeoutMillis() {
        return readTimeoutMillis;
    }

    /** These settings, with StartTLS trusting what {@code factory} trusts (tests: a throw-away certificate). */
    LdapSettings withTls(SSLSocketFactory factory) {
        return new LdapSettings(url, startTls, bindDn, bindPassword, baseDn, searches, new HashMap<>(mapping), pageSize,
                intervalMinutes, connectTimeoutMillis, readTimeoutMillis, factory);
    }

    /** The socket factory of StartTLS, or null for the JVM's default. */
    SSLSocketFactory tls() {
        return tls;
    }

    /** The searches of person categories. */
    List<Search> personSearches() {
        return searches.stream().filter(s -> s.category().isPerson()).toList();
    }

    @Override
    public String toString() {
        return "LdapSettings[url=" + url + ", startTls=" + startTls + ", bindDn=" + bindDn + ", bindPassword="
                + (bindPassword == null || bindPassword.isEmpty() ? "(none)" : "(hidden)") + ", baseDn=" + baseDn + ", searches="
                + searches + ", mapping=" + mapping + ", pageSize=" + pageSize + ", intervalMinutes=" + intervalMinutes + "]";
    }
}
