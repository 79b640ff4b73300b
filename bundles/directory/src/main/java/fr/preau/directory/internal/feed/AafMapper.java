package fr.preau.directory.internal.feed;

import fr.preau.directory.internal.feed.FeedData.CodeLabel;
import fr.preau.directory.internal.feed.FeedData.DivisionRef;
import fr.preau.directory.internal.feed.FeedData.Field;
import fr.preau.directory.internal.feed.FeedData.FunctionRef;
import fr.preau.directory.internal.feed.FeedData.Mapped;
import fr.preau.directory.internal.feed.FeedData.ParentLink;
import fr.preau.directory.internal.feed.FeedData.Person;
import fr.preau.directory.internal.feed.FeedData.Structure;
import fr.preau.directory.internal.feed.FeedData.TeachingRef;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Interprets AAF records (XML requests or LDAP entries, same attribute names) for 2D and 1D
 * feeds: composites (AAF.md §3), names, dates, links. A record that cannot be trusted (malformed
 * composite, invalid date, missing required attribute) is rejected with a French reason; unknown
 * attributes are ignored and counted.
 */
public final class AafMapper {

    /** A record that cannot be imported; the message is the French reason. */
    public static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        public Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final DateTimeFormatter AAF_DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern UAI = Pattern.compile("[0-9]{7}[A-Z]");
    private static final int MAX_TEXT = 100;

    /** Attribute name → the field a modify of it replaces. */
    private static final Map<String, Field> PERSON_FIELDS = new LinkedHashMap<>();

    static {
        PERSON_FIELDS.put("sn", Field.LAST_NAME);
        PERSON_FIELDS.put("ENTPersonNom", Field.LAST_NAME);
        PERSON_FIELDS.put("givenName", Field.FIRST_NAME);
        PERSON_FIELDS.put("ENTPersonPrenom", Field.FIRST_NAME);
        PERSON_FIELDS.put("ENTPersonNomPatro", Field.BIRTH_NAME);
        PERSON_FIELDS.put("ENTPersonDateNaissance", Field.BIRTH_DATE);
        PERSON_FIELDS.put("personalTitle", Field.TITLE);
        PERSON_FIELDS.put("ENTPersonCivilite", Field.TITLE);
        PERSON_FIELDS.put("mail", Field.EMAIL);
        PERSON_FIELDS.put("ENTPersonMail", Field.EMAIL);
        PERSON_FIELDS.put("ENTEleveINE", Field.INE);
        PERSON_FIELDS.put("ENTEleveMEF", Field.MEF);
        PERSON_FIELDS.put("ENTPersonStructRattach", Field.STRUCTURES);
        PERSON_FIELDS.put("ENTEleveClasses", Field.CLASSES);
        PERSON_FIELDS.put("ENTPersonClasses", Field.CLASSES);
        PERSON_FIELDS.put("ENTEleveGroupes", Field.GROUPS);
        PERSON_FIELDS.put("ENTPersonGroupes", Field.GROUPS);
        PERSON_FIELDS.put("ENTElevePersRelEleve", Field.PARENTS);
        PERSON_FIELDS.put("ENTEleveAutoriteParentale", Field.PARENTS);
        PERSON_FIELDS.put("ENTElevePere", Field.PARENTS);
        PERSON_FIELDS.put("ENTEleveMere", Field.PARENTS);
        PERSON_FIELDS.put("ENTEleveParents", Field.PARENTS);
        PERSON_FIELDS.put("ENTAuxEnsClassesMatieres", Field.TEACHINGS);
        PERSON_FIELDS.put("ENTAuxEnsGroupesMatieres", Field.TEACHINGS);
        PERSON_FIELDS.put("ENTAuxEnsClasses", Field.TEACHINGS);
        PERSON_FIELDS.put("ENTAuxEnsGroupes", Field.TEACHINGS);
        PERSON_FIELDS.put("ENTPersonFonctions", Field.FUNCTIONS);
        PERSON_FIELDS.put("ENTPersonCategorieEnseignant", Field.TEACHER);
        PERSON_FIELDS.put("PersEducNatPresenceDevantEleves", Field.TEACHER);
        PERSON_FIELDS.put("ENTEnsFonctionDir", Field.DIRECTS);
    }

    /** Attributes of the AAF (2D and 1D) that Préau knows and does not use: not counted as unknown. */
    private static final Set<String> KNOWN_UNUSED = Set.of("ENTPersonJointure", "ENTStructureJointure", "ENTMatJointure",
            "ENTMefJointure", "ENTPersonAutresPrenoms", "ENTEleveStructRattachId", "ENTEleveBoursier", "ENTEleveTransport",
            "ENTEleveRegime", "ENTEleveStatutEleve", "ENTEleveLibelleMEF", "ENTEleveNivFormation", "ENTEleveFiliere",
            "ENTEleveEnseignements", "ENTEleveCodeEnseignements", "ENTEleveDateEntreeClasses", "ENTEleveDateSortieClasses",
            "ENTPersonAdresse", "ENTPersonCodePostal", "ENTPersonVille", "ENTPersonPays", "ENTEleveAdresseRel", "homePhone",
            "telephoneNumber", "mobile", "ENTPersonAdresseDiffusion", "ENTPersonMobileSMS", "ENTAuxPersRelEleveEleve",
            "ENTPersRelEleveEleve", "ENTElevePersRelEleve1", "ENTElevePersRelEleve2", "ENTEleveQualitePersRelEleve1",
            "ENTEleveQualitePersRelEleve2", "ENTAuxEnsClassesPrincipal", "ENTAuxEnsMEF", "ENTAuxEnsMatiereEnseignEtab",
            "ENTAuxEnsCategoDiscipline", "ENTAuxEnsDisciplinesPoste", "ENTPersonSTSId", "ENTPersonFonctionsDate",
            "ENTAuxEnsClassesMatieresDate", "ENTPersonStructRattachDate", "ENTEnsFonctionDirDate",
            "ENTPersonCategorieEnseignantDate", "ENTEnsSpecialites", "ENTEleveNiveau", "ENTEleveCycle", "ENTEleveTypeClasse",
            "ENTEleveDateEntreeStructRattach", "ENTEleveDateSortieStructRattach", "ENTEleveRestaurantScolaire",
            "ENTEleveGarderieMatin", "ENTEleveGarderieSoir", "ENTEleveEtudesSurveillees", "ENTPersonTelPerso",
            "ENTPersRelEleveTelPro", "ENTPersRelEleveTelMobile", "ENTEleveStructureRattachIdMEN",
            "ENTEleveEnseignementsEtablissementsAccueil", "ENTEleveMajeur",
            // structures
            "ENTStructureUAI", "ENTEtablissementUAI", "ENTStructureSIREN", "ENTStructureNomCourant", "ENTStructureTypeStruct",
            "ENTStructureCodeTypeStruct", "ENTEtablissementMinistereTutelle", "ENTEtablissementCodeMinistereTutelle",
            "ENTEtablissementContrat", "postOfficeBox", "street", "postalCode", "l", "facsimileTelephoneNumber",
            "ENTStructureMailSI", "ENTEtablissementStructRattachFctl", "ENTEtablissementBassin", "ENTServAcAcademie",
            "ENTServAcCodeAcademie", "ENTStructureClasses", "ENTStructureGroupes", "ENTEcoleMinistereTutelle",
            "ENTEcoleCodeMinistereTutelle", "ENTStructureBoitePostale", "ENTStructureAdresse", "ENTStructureCodePostal",
            "ENTStructureVille", "ENTStructureTelephone", "ENTStructureFax", "ENTStructureEmail", "ENTEcoleSecteur",
            "ENTEcoleCommune", "ENTEcoleRPI", "ENTEcoleCirconscription",
            // subjects, MEF
            "ENTLibelleMatiere", "ENTMatiereRattach", "ENTLibelleMef", "ENTMEFRattach", "ENTMEFSTAT11", "ENTNivFormation",
            "ENTFiliere");

    /** Lower-cased name → AAF spelling of every attribute the mapper knows. */
    private static final Map<String, String> CANONICAL = new java.util.HashMap<>();

    static {
        for (String n : PERSON_FIELDS.keySet()) {
            CANONICAL.put(n.toLowerCase(Locale.ROOT), n);
        }
        for (String n : KNOWN_UNUSED) {
            CANONICAL.put(n.toLowerCase(Locale.ROOT), n);
        }
    }

    /**
     * The AAF spelling of an attribute name the mapper knows, whatever its case (attribute names are
     * case-insensitive in LDAP and some servers change their case); other names are returned as given.
     */
    public static String canonicalName(String name) {
        String c = CANONICAL.get(name.toLowerCase(Locale.ROOT));
        return c == null ? name : c;
    }

    /** Interprets a structure record. */
    public Mapped<Structure> structure(RawRecord r) throws Rejected {
        String uai = first(r, "ENTStructureUAI", "ENTEtablissementUAI");
        if (uai == null) {
            throw new Rejected("attribut obligatoire manquant : UAI (ENTStructureUAI)");
        }
        uai = uai.toUpperCase(Locale.ROOT);
        if (!UAI.matcher(uai).matches()) {
            throw new Rejected("UAI invalide « " + uai + " » (attendu : 7 chiffres et une lettre, par exemple 0999999Z)");
        }
        String rawName = r.first("ENTStructureNomCourant");
        String name = rawName;
        String town = r.first("ENTStructureVille") != null ? r.first("ENTStructureVille") : r.first("l");
        if (rawName != null && rawName.indexOf('$') >= 0) {
            List<String> parts = split(rawName);
            if (parts.size() != 3) {
                throw new Rejected("nom d'établissement composé mal formé « " + rawName + " » (attendu : type$nom$commune)");
            }
            name = SchoolNames.of(parts.get(0), parts.get(1));
            if (!parts.get(2).isEmpty()) {
                town = parts.get(2);
            }
        }
        if (name == null || name.isBlank()) {
            throw new Rejected("attribut obligatoire manquant : nom de l'établissement (ENTStructureNomCourant)");
        }
        String kind = r.first("ENTStructureTypeStruct");
        boolean oneD = (kind != null && kind.toUpperCase(Locale.ROOT).startsWith("ECOLE"))
                || r.has("ENTEcoleSecteur") || r.has("ENTEcoleCommune") || r.has("ENTEcoleMinistereTutelle");
        return new Mapped<>(new Structure(r.key(), uai, clip(name.strip(), 200), oneD ? "1D" : "2D", clip(kind, 100), clip(town, 100)),
                EnumSet.noneOf(Field.class), unknown(r), List.of());
    }

    /** Interprets a matière or MEF record. */
    public Mapped<CodeLabel> codeLabel(RawRecord r) throws Rejected {
        String label = r.category() == FeedCategory.SUBJECT ? r.first("ENTLibelleMatiere") : r.first("ENTLibelleMef");
        if (label == null) {
            throw new Rejected(r.category() == FeedCategory.SUBJECT
                    ? "attribut obligatoire manquant : libellé de la matière (ENTLibelleMatiere)"
                    : "attribut obligatoire manquant : libellé du MEF (ENTLibelleMef)");
        }
        if (r.key().length() > 16) {
            throw new Rejected("code trop long « " + r.key() + " » (16 caractères au plus)");
        }
        return new Mapped<>(new CodeLabel(r.key(), clip(label, 200)), EnumSet.noneOf(Field.class), unknown(r), List.of());
    }

    /**
     * Interprets a person record (add or modify). For a modify, only the attributes present are
     * read and {@link Mapped#fields()} says which fields they replace; required attributes are
     * checked on adds only (the engine checks the merged result).
     */
    public Mapped<Person> person(RawRecord r) throws Rejected {
        List<String> warnings = new ArrayList<>();
        Set<Field> fields = EnumSet.noneOf(Field.class);
        if (r.operation() == FeedOperation.ADD) {
            fields = EnumSet.allOf(Field.class);
        } else {
            for (String a : r.attributes().keySet()) {
                Field f = PERSON_FIELDS.get(a);
                if (f != null) {
                    fields.add(f);
                }
            }
        }
        String jointure = r.first("ENTPersonJointure");
        if (jointure != null && !jointure.equals(r.key())) {
            warnings.add("clé de jointure " + jointure + " différente de l'identifiant " + r.key() + " (l'identifiant est retenu)");
        }
        String lastName = text(r, "nom", "sn", "ENTPersonNom");
        String birthName = text(r, "nom de naissance", "ENTPersonNomPatro");
        if (lastName == null) {
            lastName = birthName;
        }
        String firstName = text(r, "prénom", "givenName", "ENTPersonPrenom");
        if (r.operation() == FeedOperation.ADD) {
            if (lastName == null) {
                throw new Rejected("attribut obligatoire manquant : nom (sn)");
            }
            if (firstName == null) {
                throw new Rejected("attribut obligatoire manquant : prénom (givenName)");
            }
        }
        String birthDate = date(r.first("ENTPersonDateNaissance"));
        String title = clip(first(r, "personalTitle", "ENTPersonCivilite"), 16);
        String email = first(r, "mail", "ENTPersonMail");
        if (email != null && (email.length() > 254 || email.indexOf('@') <= 0)) {
            warnings.add("adresse électronique invalide « " + clip(email, 60) + " » ignorée");
            email = null;
        }
        String ine = clip(r.first("ENTEleveINE"), 16);
        String mef = clip(r.first("ENTEleveMEF"), 16);
        List<String> structures = new ArrayList<>();
        for (String s : r.values("ENTPersonStructRattach")) {
            structures.add(s.strip());
        }
        List<DivisionRef> divisions = new ArrayList<>();
        for (String v : r.values("ENTEleveClasses")) {
            List<String> p = parts(v, 2, "ENTEleveClasses", "établissement$classe");
            divisions.add(division(p.get(0), "CLASSE", p.get(1), p.get(1)));
        }
        for (String v : r.values("ENTEleveGroupes")) {
            List<String> p = parts(v, 2, "ENTEleveGroupes", "établissement$groupe");
            divisions.add(division(p.get(0), "GROUPE", p.get(1), p.get(1)));
        }
        for (String v : r.values("ENTPersonClasses")) {
            List<String> p = parts(v, 5, "ENTPersonClasses", "établissement$type$libellé type$clé classe$libellé classe");
            divisions.add(division(p.get(0), "CLASSE", p.get(3), p.get(4).isEmpty() ? p.get(3) : p.get(4)));
        }
        for (String v : r.values("ENTPersonGroupes")) {
            List<String> p = parts(v, 5, "ENTPersonGroupes", "établissement$type$libellé type$clé groupe$libellé groupe");
            divisions.add(division(p.get(0), "GROUPE", p.get(3), p.get(4).isEmpty() ? p.get(3) : p.get(4)));
        }
        List<ParentLink> parents = parents(r);
        List<TeachingRef> teachings = new ArrayList<>();
        for (String v : r.values("ENTAuxEnsClassesMatieres")) {
            List<String> p = parts(v, 3, "ENTAuxEnsClassesMatieres", "établissement$classe$matière");
            teachings.add(teaching(p.get(0), "CLASSE", p.get(1), p.get(2)));
        }
        for (String v : r.values("ENTAuxEnsGroupesMatieres")) {
            List<String> p = parts(v, 3, "ENTAuxEnsGroupesMatieres", "établissement$groupe$matière");
            teachings.add(teaching(p.get(0), "GROUPE", p.get(1), p.get(2)));
        }
        for (String v : r.values("ENTAuxEnsClasses")) {
            List<String> p = parts(v, 2, "ENTAuxEnsClasses", "établissement$classe");
            teachings.add(teaching(p.get(0), "CLASSE", p.get(1), "-"));
        }
        for (String v : r.values("ENTAuxEnsGroupes")) {
            List<String> p = parts(v, 2, "ENTAuxEnsGroupes", "établissement$groupe");
            teachings.add(teaching(p.get(0), "GROUPE", p.get(1), "-"));
        }
        teachings = withoutBareDuplicates(teachings);
        List<FunctionRef> functions = new ArrayList<>();
        for (String v : r.values("ENTPersonFonctions")) {
            List<String> p = parts(v, 5, "ENTPersonFonctions", "établissement$code$libellé$code discipline$libellé discipline");
            if (p.get(1).isEmpty() || p.get(1).equals("-")) {
                continue; // "no function"
            }
            functions.add(new FunctionRef(required(p.get(0), "ENTPersonFonctions"), clip(p.get(1), 16), clip(p.get(2), 200),
                    p.get(3).isEmpty() ? "-" : clip(p.get(3), 16), clip(p.get(4), 200)));
        }
        Boolean teacher = yesNo(first(r, "ENTPersonCategorieEnseignant", "PersEducNatPresenceDevantEleves"));
        List<String> directs = new ArrayList<>(r.values("ENTEnsFonctionDir"));
        Person person = new Person(r.category(), r.key(), clip(lastName, MAX_TEXT), clip(firstName, MAX_TEXT),
                clip(birthName, MAX_TEXT), birthDate, title, email, ine, mef, structures, divisions, parents, teachings,
                functions, teacher, directs);
        return new Mapped<>(person, fields, unknown(r), warnings);
    }

    private List<ParentLink> parents(RawRecord r) throws Rejected {
        List<ParentLink> links = new ArrayList<>();
        if (r.has("ENTElevePersRelEleve")) {
            for (String v : r.values("ENTElevePersRelEleve")) {
                List<String> p = parts(v, 6, "ENTElevePersRelEleve", "personne$lien$financier$légal$contact$paiement");
                String key = required(p.get(0), "ENTElevePersRelEleve");
                if (key.equals(r.key())) {
                    continue; // the pupil as their own contact
                }
                links.add(new ParentLink(key, emptyToNull(p.get(1)), flag(p.get(3), v, true), flag(p.get(2), v, false),
                        flag(p.get(4), v, false), flag(p.get(5), v, false)));
            }
            return links;
        }
        for (String v : r.values("ENTEleveAutoriteParentale")) {
            List<String> p = split(v);
            if (p.size() > 2) {
                throw new Rejected("valeur composée mal formée dans ENTEleveAutoriteParentale « " + clip(v, 80)
                        + " » (attendu : personne$lien)");
            }
            String key = required(p.get(0), "ENTEleveAutoriteParentale");
            if (!key.equals(r.key())) {
                links.add(new ParentLink(key, p.size() == 2 ? emptyToNull(p.get(1)) : null, true, false, false, false));
            }
        }
        for (String v : r.values("ENTElevePere")) {
            links.add(new ParentLink(v.strip(), "20", true, false, false, false));
        }
        for (String v : r.values("ENTEleveMere")) {
            links.add(new ParentLink(v.strip(), "10", true, false, false, false));
        }
        for (String v : r.values("ENTEleveParents")) {
            links.add(new ParentLink(v.strip(), null, true, false, false, false));
        }
        return links;
    }

    /** A class taught with a subject makes the bare "taught, subject unknown" entry redundant. */
    private static List<TeachingRef> withoutBareDuplicates(List<TeachingRef> teachings) {
        List<TeachingRef> out = new ArrayList<>();
        for (TeachingRef t : teachings) {
            if (t.subjectCode().equals("-") && teachings.stream().anyMatch(o -> !o.subjectCode().equals("-")
                    && o.structureKey().equals(t.structureKey()) && o.kind().equals(t.kind()) && o.code().equals(t.code()))) {
                continue;
            }
            out.add(t);
        }
        return out;
    }

    private static DivisionRef division(String structureKey, String kind, String code, String label) throws Rejected {
        String c = required(code, kind.equals("CLASSE") ? "classe" : "groupe");
        if (c.length() > 64) {
            throw new Rejected("code de " + (kind.equals("CLASSE") ? "classe" : "groupe") + " trop long « " + clip(c, 80) + " »");
        }
        return new DivisionRef(required(structureKey, "établissement"), kind, c, clip(label.strip(), 200));
    }

    private static TeachingRef teaching(String structureKey, String kind, String code, String subject) throws Rejected {
        String c = required(code, kind.equals("CLASSE") ? "classe" : "groupe");
        return new TeachingRef(required(structureKey, "établissement"), kind, clip(c, 64),
                subject.isEmpty() ? "-" : clip(subject, 16));
    }

    private static List<String> parts(String value, int expected, String attribute, String layout) throws Rejected {
        List<String> p = split(value);
        if (p.size() != expected) {
            throw new Rejected("valeur composée mal formée dans " + attribute + " « " + clip(value, 80) + " » : "
                    + p.size() + " partie" + (p.size() > 1 ? "s" : "") + " au lieu de " + expected + " (" + layout + ")");
        }
        return p;
    }

    /** Splits on every {@code $}, keeping empty parts. */
    public static List<String> split(String value) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == '$') {
                parts.add(value.substring(from, i).strip());
                from = i + 1;
            }
        }
        parts.add(value.substring(from).strip());
        return parts;
    }

    private static String required(String part, String what) throws Rejected {
        if (part == null || part.isBlank()) {
            throw new Rejected("valeur composée incomplète : " + what + " manquant");
        }
        return part.strip();
    }

    private static boolean flag(String part, String value, boolean legal) throws Rejected {
        return switch (part) {
            case "1" -> true;
            case "0", "" -> false;
            case "2" -> false; // "person in charge" without parental authority
            default -> throw new Rejected("indicateur invalide « " + part + " » dans ENTElevePersRelEleve « " + clip(value, 80)
                    + " » (attendu : 0 ou 1" + (legal ? ", ou 2" : "") + ")");
        };
    }

    static String date(String value) throws Rejected {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip(), AAF_DATE).toString();
        } catch (DateTimeParseException e) {
            throw new Rejected("date invalide « " + clip(value, 40) + " » (attendu : jj/mm/aaaa)");
        }
    }

    private static Boolean yesNo(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.strip().toUpperCase(Locale.ROOT)) {
            case "O", "OUI", "Y", "YES", "1", "TRUE" -> Boolean.TRUE;
            case "N", "NON", "NO", "0", "FALSE" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static String text(RawRecord r, String what, String... names) throws Rejected {
        String v = first(r, names);
        if (v != null && v.chars().anyMatch(Character::isISOControl)) {
            throw new Rejected(what + " invalide (caractères de contrôle)");
        }
        return v;
    }

    private static String first(RawRecord r, String... names) {
        for (String n : names) {
            String v = r.first(n);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static int unknown(RawRecord r) {
        int n = 0;
        for (String a : r.attributes().keySet()) {
            if (!PERSON_FIELDS.containsKey(a) && !KNOWN_UNUSED.contains(a)) {
                n++;
            }
        }
        return n;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static String clip(String s, int max) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.length() > max ? t.substring(0, max) : t;
    }
}
