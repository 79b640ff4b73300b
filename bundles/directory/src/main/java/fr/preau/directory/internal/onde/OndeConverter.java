package fr.preau.directory.internal.onde;

import fr.preau.directory.internal.feed.AafWriter;
import fr.preau.directory.internal.feed.AafWriter.Attribute;
import fr.preau.directory.internal.feed.FeedCategory;
import fr.preau.directory.internal.feed.FeedException;
import fr.preau.directory.internal.feed.FeedText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Turns the ONDE / BE1D CSV extractions of a primary school (pupils, responsables, and the
 * hand-made teachers file) into a complete AAF 1D export of that school, so they go through the
 * same import as académie files (guard, idempotency, report). These files carry no identifiers:
 * a pupil is identified by family name + first name + birth date, a parent by name + children
 * (an existing parent sharing a child keeps their account), a teacher by name; ambiguities are
 * reported, never guessed (AAF.md §10).
 */
public final class OndeConverter {

    /** A problem to report for one line. */
    public record Note(String file, String id, String name, String category, boolean rejected, String reason) {
    }

    /** Finds the key of a parent already on the box: normalised name → their children's keys. */
    @FunctionalInterface
    public interface KnownParents {
        Optional<String> find(String nameKey, Set<String> childKeys);
    }

    /** What the conversion produced. */
    public record Result(List<Path> files, List<Note> notes) {
    }

    enum Kind { PUPILS, PARENTS, TEACHERS }

    private static final Map<String, Set<String>> COLUMNS = loadColumns();
    private static final DateTimeFormatter FR = DateTimeFormatter.ofPattern("dd/MM/uuuu", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    private final String structureKey;
    private final KnownParents knownParents;
    private final List<Note> notes = new ArrayList<>();

    /**
     * @param structureKey the AAF structure key the school is known by on this box
     * @param knownParents parents of earlier ONDE imports of this school
     */
    public OndeConverter(String structureKey, KnownParents knownParents) {
        this.structureKey = structureKey;
        this.knownParents = knownParents;
    }

    private record Pupil(String key, String family, String usage, String first, String birth, String ine, String classId,
            String classLabel, String nameKey, List<String> parents, String file) {
    }

    private record Parent(String nameKey, String family, String usage, String first, String title, String email,
            Set<String> children) {
    }

    /**
     * Converts the given CSV files (any order, recognised by their headers) into AAF XML files
     * in {@code outDir} named {@code ONDE_<uai>_Complet_<date>_<Category>_0000.xml}.
     *
     * @throws FeedException when no pupils file is among them, or a file is not an ONDE extraction
     */
    public Result convert(Map<Path, String> csvFiles, Path outDir, String uai, String date) throws IOException, FeedException {
        Map<Kind, List<Table>> tables = new LinkedHashMap<>();
        for (Map.Entry<Path, String> f : csvFiles.entrySet()) {
            Table t = Table.read(f.getKey(), f.getValue());
            if (t.note != null) {
                notes.add(new Note(t.file, "", "", "fichier", false, t.note));
            }
            tables.computeIfAbsent(t.kind, k -> new ArrayList<>()).add(t);
        }
        if (!tables.containsKey(Kind.PUPILS)) {
            throw new FeedException("onde-no-pupils", "Le fichier des élèves ONDE (« Nom élève ; Prénom élève ; Date naissance… ») "
                    + "manque : sans lui, les responsables et les enseignants ne peuvent pas être rattachés. Rien n'a été importé.");
        }
        Map<String, Pupil> pupils = pupils(tables.get(Kind.PUPILS));
        Map<String, String> classLabels = new LinkedHashMap<>();
        pupils.values().forEach(p -> classLabels.put(p.classId, p.classLabel));
        Map<String, Parent> parents = parents(tables.getOrDefault(Kind.PARENTS, List.of()), pupils);

        Files.createDirectories(outDir);
        List<Path> out = new ArrayList<>();
        String prefix = "ONDE_" + uai + "_Complet_" + date + "_";
        Path parentFile = outDir.resolve(prefix + "PersRelEleve_0000.xml");
        try (AafWriter w = new AafWriter(parentFile, FeedCategory.RESPONSABLE)) {
            for (Map.Entry<String, Parent> e : parents.entrySet()) {
                Parent p = e.getValue();
                w.add(e.getKey(), List.of(Attribute.of("ENTPersonNom", p.usage != null ? p.usage : p.family),
                        Attribute.of("ENTPersonNomPatro", p.family), Attribute.of("ENTPersonPrenom", p.first),
                        Attribute.of("ENTPersonCivilite", p.title), Attribute.of("ENTPersonMail", p.email),
                        Attribute.of("ENTPersonStructRattach", structureKey)));
            }
        }
        out.add(parentFile);
        Path pupilFile = outDir.resolve(prefix + "Eleve_0000.xml");
        try (AafWriter w = new AafWriter(pupilFile, FeedCategory.ELEVE)) {
            for (Pupil p : pupils.values()) {
                List<String> links = new ArrayList<>();
                for (Map.Entry<String, Parent> e : parents.entrySet()) {
                    if (e.getValue().children.contains(p.key)) {
                        links.add(e.getKey() + "$");
                    }
                }
                w.add(p.key, List.of(Attribute.of("ENTPersonNom", p.usage != null ? p.usage : p.family),
                        Attribute.of("ENTPersonNomPatro", p.family), Attribute.of("ENTPersonPrenom", p.first),
                        Attribute.of("ENTPersonDateNaissance", p.birth), Attribute.of("ENTEleveINE", p.ine),
                        Attribute.of("ENTPersonStructRattach", structureKey),
                        Attribute.of("ENTPersonClasses", structureKey + "$$$" + p.classId + "$" + p.classLabel),
                        new Attribute("ENTEleveAutoriteParentale", links)));
            }
        }
        out.add(pupilFile);
        if (tables.containsKey(Kind.TEACHERS)) {
            Path teacherFile = outDir.resolve(prefix + "PersEducNat_0000.xml");
            try (AafWriter w = new AafWriter(teacherFile, FeedCategory.PERSONNEL)) {
                teachers(tables.get(Kind.TEACHERS), classLabels, w);
            }
            out.add(teacherFile);
        }
        return new Result(out, List.copyOf(notes));
    }

    // ------------------------------------------------------------------ pupils

    private Map<String, Pupil> pupils(List<Table> tables) {
        Map<String, List<Pupil>> byKey = new LinkedHashMap<>();
        for (Table t : tables) {
            if (t.column("pupil.classId") < 0) {
                notes.add(new Note(t.file, "", "", "fichier", false, "Pas de colonne « Identifiant classe » (extraction BE1D "
                        + "ou « par groupe ») : les classes sont reconnues par leur libellé, qui peut changer d'une année à l'autre."));
            }
            for (Row r : t.rows) {
                String family = r.get("pupil.family");
                String usage = r.get("pupil.usage");
                String first = r.get("pupil.first");
                String label = r.get("pupil.classLabel");
                String name = (first == null ? "" : first) + " " + (usage != null ? usage : family == null ? "" : family);
                if (family == null && usage == null || first == null) {
                    reject(t.file, r.line, name.strip(), "élève", "nom ou prénom manquant");
                    continue;
                }
                String birth;
                try {
                    birth = date(r.get("pupil.birth"));
                } catch (DateTimeParseException e) {
                    reject(t.file, r.line, name, "élève", "date de naissance invalide « " + r.get("pupil.birth") + " »");
                    continue;
                }
                if (birth == null) {
                    reject(t.file, r.line, name, "élève", "date de naissance manquante");
                    continue;
                }
                String classId = r.get("pupil.classId") != null ? r.get("pupil.classId") : label;
                if (classId == null) {
                    reject(t.file, r.line, name, "élève", "classe manquante");
                    continue;
                }
                String nameKey = nameKey(family != null ? family : usage, first);
                String key = "ONDE-E-" + hash(nameKey + "|" + birth);
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new Pupil(key, family != null ? family : usage,
                        usage != null && !usage.equalsIgnoreCase(family == null ? "" : family) ? usage : null, first, birth,
                        r.get("pupil.ine"), classId, label != null ? label : classId, nameKey, new ArrayList<>(),
                        t.file + ":" + r.line));
            }
        }
        Map<String, Pupil> pupils = new LinkedHashMap<>();
        for (Map.Entry<String, List<Pupil>> e : byKey.entrySet()) {
            List<Pupil> same = e.getValue();
            if (same.size() == 1) {
                pupils.put(e.getKey(), same.get(0));
                continue;
            }
            Set<String> ines = new TreeSet<>();
            same.forEach(p -> ines.add(p.ine == null ? "" : p.ine));
            if (ines.size() == same.size() && !ines.contains("")) {
                for (Pupil p : same) { // homonyms born the same day, told apart by their INE
                    String key = "ONDE-E-" + hash(p.nameKey + "|" + p.birth + "|" + p.ine);
                    pupils.put(key, new Pupil(key, p.family, p.usage, p.first, p.birth, p.ine, p.classId, p.classLabel, p.nameKey,
                            p.parents, p.file));
                }
            } else {
                for (Pupil p : same) {
                    notes.add(new Note(p.file, "", p.first + " " + p.family, "élève", true, "deux élèves ont les mêmes nom, prénom "
                            + "et date de naissance, sans INE distinct pour les départager : aucun des deux n'est importé"));
                }
            }
        }
        return pupils;
    }

    // ------------------------------------------------------------------ parents

    private Map<String, Parent> parents(List<Table> tables, Map<String, Pupil> pupils) {
        Map<String, List<Pupil>> byName = new HashMap<>();
        for (Pupil p : pupils.values()) {
            byName.computeIfAbsent(p.nameKey, k -> new ArrayList<>()).add(p);
            if (p.usage != null) {
                byName.computeIfAbsent(norm(p.usage) + "|" + norm(p.first), k -> new ArrayList<>()).add(p);
            }
        }
        Map<String, Parent> byIdentity = new LinkedHashMap<>();
        for (Table t : tables) {
            for (Row r : t.rows) {
                String family = r.get("parent.family");
                String usage = r.get("parent.usage");
                String first = r.get("parent.first");
                String name = (first == null ? "" : first) + " " + (usage != null ? usage : family == null ? "" : family);
                if (family == null && usage == null || first == null) {
                    reject(t.file, r.line, name.strip(), "responsable", "nom ou prénom manquant");
                    continue;
                }
                Set<String> children = new LinkedHashSet<>();
                for (Map<String, String> child : r.groups) {
                    String cFirst = child.get("child.first");
                    String cUsage = child.get("child.usage");
                    String cFamily = child.get("child.family");
                    if (cFirst == null && cUsage == null && cFamily == null) {
                        continue; // unused group
                    }
                    String childName = (cFirst == null ? "" : cFirst) + " " + (cUsage != null ? cUsage : cFamily == null ? "" : cFamily);
                    Set<Pupil> found = new LinkedHashSet<>();
                    for (String n : new String[] {cFamily, cUsage}) {
                        if (n != null && cFirst != null) {
                            found.addAll(byName.getOrDefault(norm(n) + "|" + norm(cFirst), List.of()));
                        }
                    }
                    String cBirth = null;
                    try {
                        cBirth = date(child.get("child.birth"));
                    } catch (DateTimeParseException ignored) {
                        // compared only when readable
                    }
                    if (cBirth != null && found.size() > 1) {
                        String b = cBirth;
                        found.removeIf(p -> !p.birth.equals(b));
                    }
                    if (found.size() > 1 && child.get("child.classes") != null) {
                        String k = norm(child.get("child.classes"));
                        Set<Pupil> byClass = new LinkedHashSet<>();
                        found.stream().filter(p -> norm(p.classLabel).equals(k)).forEach(byClass::add);
                        if (byClass.size() == 1) {
                            found = byClass;
                        }
                    }
                    if (found.isEmpty()) {
                        notes.add(new Note(t.file, "", name.strip(), "responsable", false, "enfant « " + childName.strip()
                                + " » introuvable dans le fichier des élèves : lien ignoré"));
                    } else if (found.size() > 1) {
                        notes.add(new Note(t.file, "", name.strip(), "responsable", false, "plusieurs élèves s'appellent « "
                                + childName.strip() + " » : lien ignoré (ajoutez la date de naissance ou corrigez dans la console)"));
                    } else {
                        children.add(found.iterator().next().key);
                    }
                }
                if (children.isEmpty()) {
                    reject(t.file, r.line, name.strip(), "responsable", "aucun enfant reconnu parmi les élèves de l'école : compte non créé");
                    continue;
                }
                String nameKey = nameKey(family != null ? family : usage, first);
                // the same adult on two lines, or the same parent as in an earlier import: one account
                String identity = null;
                for (Map.Entry<String, Parent> e : byIdentity.entrySet()) {
                    if (e.getValue().nameKey.equals(nameKey) && e.getValue().children.stream().anyMatch(children::contains)) {
                        identity = e.getKey();
                    }
                }
                if (identity != null) {
                    Parent old = byIdentity.get(identity);
                    old.children.addAll(children);
                    byIdentity.put(identity, new Parent(nameKey, old.family, old.usage, old.first, old.title != null ? old.title
                            : r.get("parent.title"), old.email != null ? old.email : r.get("parent.email"), old.children));
                    notes.add(new Note(t.file, "", name.strip(), "responsable", false,
                            "même responsable sur deux lignes (mêmes nom et enfant) : un seul compte"));
                    continue;
                }
                byIdentity.put("line:" + t.file + ":" + r.line, new Parent(nameKey, family != null ? family : usage,
                        usage != null && !usage.equalsIgnoreCase(family == null ? "" : family) ? usage : null, first,
                        r.get("parent.title"), r.get("parent.email"), children));
            }
        }
        Map<String, Parent> parents = new LinkedHashMap<>();
        for (Parent p : byIdentity.values()) {
            String key = knownParents.find(p.nameKey, p.children)
                    .orElse("ONDE-R-" + hash(p.nameKey + "|" + String.join(",", new TreeSet<>(p.children))));
            parents.put(key, p);
        }
        return parents;
    }

    // ------------------------------------------------------------------ teachers

    private void teachers(List<Table> tables, Map<String, String> classLabels, AafWriter w) throws IOException {
        Map<String, String> byLabel = new HashMap<>();
        classLabels.forEach((id, label) -> {
            byLabel.put(norm(label), id);
            byLabel.put(norm(id), id);
        });
        Set<String> seen = new LinkedHashSet<>();
        for (Table t : tables) {
            for (Row r : t.rows) {
                String family = r.get("teacher.family");
                String usage = r.get("teacher.usage");
                String first = r.get("teacher.first");
                String name = (first == null ? "" : first) + " " + (usage != null ? usage : family == null ? "" : family);
                if (family == null && usage == null || first == null) {
                    reject(t.file, r.line, name.strip(), "enseignant", "nom ou prénom manquant");
                    continue;
                }
                String key = "ONDE-P-" + hash(norm(family != null ? family : usage) + "|" + norm(first));
                if (!seen.add(key)) {
                    reject(t.file, r.line, name.strip(), "enseignant", "enseignant en double dans le fichier : seule la première ligne est retenue");
                    continue;
                }
                List<String> classes = new ArrayList<>();
                for (String label : r.all("teacher.class")) {
                    String id = byLabel.get(norm(label));
                    if (id == null) {
                        notes.add(new Note(t.file, key, name.strip(), "enseignant", false, "classe « " + label
                                + " » inconnue dans le fichier des élèves : ignorée"));
                    } else {
                        classes.add(structureKey + "$" + id);
                    }
                }
                boolean director = yes(r.get("teacher.director"));
                List<String> functions = new ArrayList<>(List.of(structureKey + "$ENS$ENSEIGNEMENT$-$-"));
                if (director) {
                    functions.add(structureKey + "$DIR$DIRECTION$-$-");
                }
                w.add(key, List.of(Attribute.of("ENTPersonNom", usage != null ? usage : family),
                        Attribute.of("ENTPersonNomPatro", family), Attribute.of("ENTPersonPrenom", first),
                        Attribute.of("ENTPersonCivilite", r.get("teacher.title")), Attribute.of("ENTPersonMail", r.get("teacher.email")),
                        Attribute.of("ENTPersonStructRattach", structureKey), new Attribute("ENTAuxEnsClasses", classes),
                        new Attribute("ENTPersonFonctions", functions), Attribute.of("ENTPersonCategorieEnseignant", "O"),
                        new Attribute("ENTEnsFonctionDir", director ? List.of(structureKey) : List.of())));
            }
        }
    }

    // ------------------------------------------------------------------ tables

    private void reject(String file, long line, String name, String category, String reason) {
        notes.add(new Note(file, "ligne " + line, name, category, true, reason));
    }

    /** One row, by meaning; {@code groups} are the repeated child column groups of a parents row. */
    private record Row(long line, Map<String, String> values, Map<String, List<String>> repeated, List<Map<String, String>> groups) {
        String get(String column) {
            return values.get(column);
        }

        List<String> all(String column) {
            return repeated.getOrDefault(column, List.of());
        }
    }

    /** A CSV file: its kind, its rows. */
    private static final class Table {
        final String file;
        Kind kind;
        String note;
        final List<Row> rows = new ArrayList<>();
        final Map<String, Integer> first = new HashMap<>();

        Table(String file) {
            this.file = file;
        }

        int column(String name) {
            return first.getOrDefault(name, -1);
        }

        static Table read(Path path, String name) throws IOException, FeedException {
            Table t = new Table(name);
            FeedText text = FeedText.ofCsv(path);
            t.note = text.note();
            String header;
            try (InputStream in = Files.newInputStream(path)) {
                in.skipNBytes(text.bom());
                BufferedReader r = new BufferedReader(new InputStreamReader(in, text.charset()));
                header = r.readLine();
            }
            if (header == null || header.isBlank()) {
                throw new FeedException("csv-empty", "Le fichier « " + name + " » est vide.");
            }
            char sep = separator(header);
            if (sep != ';') {
                t.note = (t.note == null ? "" : t.note + " ") + "Séparateur « " + (sep == '\t' ? "tabulation" : String.valueOf(sep))
                        + " » détecté (ONDE utilise « ; »).";
            }
            CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(sep).setIgnoreEmptyLines(true).setTrim(true).build();
            try (InputStream in = Files.newInputStream(path)) {
                in.skipNBytes(text.bom());
                Reader reader = new InputStreamReader(in, text.charset());
                try (CSVParser parser = format.parse(reader)) {
                    boolean headerRead = false;
                    List<String> canon = null;
                    for (CSVRecord rec : parser) {
                        if (!headerRead) {
                            canon = t.header(rec, name);
                            headerRead = true;
                            continue;
                        }
                        if (t.kind == Kind.PARENTS && isOrganisationHeader(rec)) {
                            break; // host organisations table: not parents
                        }
                        if (rec.stream().allMatch(String::isBlank)) {
                            continue;
                        }
                        t.rows.add(t.row(rec, canon));
                    }
                } catch (UncheckedIOException e) {
                    throw new FeedException("csv-unreadable", "Le fichier « " + name + " » est illisible (guillemet non fermé ?) : "
                            + "rien n'a été importé de ce fichier.", e);
                }
            }
            return t;
        }

        private List<String> header(CSVRecord rec, String name) throws FeedException {
            List<String> cells = new ArrayList<>();
            rec.forEach(c -> cells.add(normHeader(c)));
            if (cells.contains("civiliteresponsable") || cells.contains("nomresponsable")) {
                kind = Kind.PARENTS;
            } else if (cells.contains("directeur")) {
                kind = Kind.TEACHERS;
            } else if (cells.contains("datenaissance") || cells.contains("nomeleve") || cells.contains("identifiantclasse")) {
                kind = Kind.PUPILS;
            } else {
                throw new FeedException("onde-unknown-file", "Le fichier « " + name + " » n'est pas une extraction ONDE reconnue "
                        + "(élèves, responsables ou enseignants) : vérifiez sa première ligne et son séparateur.");
            }
            String prefix = switch (kind) {
                case PUPILS -> "pupil.";
                case PARENTS -> "parent.";
                case TEACHERS -> "teacher.";
            };
            List<String> canon = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                String c = canonical(prefix, cells.get(i));
                if (c == null && kind == Kind.PARENTS) {
                    c = canonical("child.", cells.get(i));
                }
                canon.add(c);
                if (c != null) {
                    first.putIfAbsent(c, i);
                }
            }
            if (kind == Kind.PUPILS && (column("pupil.first") < 0 || column("pupil.birth") < 0)) {
                throw new FeedException("onde-missing-column", "Le fichier des élèves « " + name
                        + " » n'a pas de colonne « Prénom élève » ou « Date naissance ».");
            }
            return canon;
        }

        private Row row(CSVRecord rec, List<String> canon) {
            Map<String, String> values = new HashMap<>();
            Map<String, List<String>> repeated = new HashMap<>();
            List<Map<String, String>> groups = new ArrayList<>();
            Map<String, String> group = null;
            for (int i = 0; i < canon.size(); i++) {
                String c = canon.get(i);
                if (c == null) {
                    continue;
                }
                String v = i < rec.size() ? rec.get(i).strip() : "";
                if (c.startsWith("child.")) {
                    if (group == null || group.containsKey(c)) {
                        group = new HashMap<>();
                        groups.add(group);
                    }
                    group.put(c, v.isEmpty() ? null : v);
                    continue;
                }
                if (!v.isEmpty()) {
                    values.putIfAbsent(c, v);
                    repeated.computeIfAbsent(c, k -> new ArrayList<>()).add(v);
                }
            }
            groups.forEach(g -> g.values().removeIf(java.util.Objects::isNull));
            return new Row(rec.getRecordNumber(), values, repeated, groups);
        }

        private static boolean isOrganisationHeader(CSVRecord rec) {
            for (int i = 0; i < Math.min(2, rec.size()); i++) {
                String c = normHeader(rec.get(i));
                if (c.equals("intitule") || c.equals("adresseorganisme")) {
                    return true;
                }
            }
            return false;
        }
    }

    static char separator(String header) {
        char best = ';';
        int bestCount = 0;
        for (char c : new char[] {';', ',', '\t', '|'}) {
            int n = 0;
            boolean quoted = false;
            for (int i = 0; i < header.length(); i++) {
                char h = header.charAt(i);
                if (h == '"') {
                    quoted = !quoted;
                } else if (h == c && !quoted) {
                    n++;
                }
            }
            if (n > bestCount) {
                best = c;
                bestCount = n;
            }
        }
        return best;
    }

    private static String canonical(String prefix, String cell) {
        for (Map.Entry<String, Set<String>> e : COLUMNS.entrySet()) {
            if (e.getKey().startsWith(prefix) && e.getValue().contains(cell)) {
                return e.getKey();
            }
        }
        return null;
    }

    private static Map<String, Set<String>> loadColumns() {
        Properties p = new Properties();
        try (InputStream in = OndeConverter.class.getResourceAsStream("/fr/preau/directory/onde/columns.properties")) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("ONDE column table missing", e);
        }
        Map<String, Set<String>> columns = new LinkedHashMap<>();
        new TreeSet<>(p.stringPropertyNames()).forEach(k -> columns.put(k, Set.of(p.getProperty(k).split("\\|"))));
        return columns;
    }

    /** Header cell normalised: lower case, no accents, no spaces, ' * - . or anything after "(". */
    static String normHeader(String cell) {
        String c = cell.replace("\uFEFF", "");
        int paren = c.indexOf('(');
        if (paren >= 0) {
            c = c.substring(0, paren);
        }
        c = Normalizer.normalize(c, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
        return c.replaceAll("[\\s'’*\\-.]+", "");
    }

    /** The identity of a person's name for matching across imports. */
    public static String nameKey(String family, String first) {
        return norm(family) + "|" + norm(first);
    }

    /** A name for matching: lower case, no accents, letters and digits separated by single spaces. */
    static String norm(String name) {
        if (name == null) {
            return "";
        }
        String n = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
        return n.replaceAll("[^a-z0-9]+", " ").strip();
    }

    /** A date as {@code dd/MM/yyyy}, from either ONDE form; null when empty. */
    static String date(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        LocalDate d = v.matches("\\d{4}-\\d{2}-\\d{2}") ? LocalDate.parse(v, ISO) : LocalDate.parse(v, FR);
        return d.format(FR);
    }

    private static boolean yes(String v) {
        return v != null && (v.equalsIgnoreCase("oui") || v.equalsIgnoreCase("o") || v.equalsIgnoreCase("yes") || v.equals("1"));
    }

    static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
