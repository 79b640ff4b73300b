package fr.preau.directory.internal.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.preau.api.Profile;
import fr.preau.directory.internal.Divisions;
import fr.preau.directory.internal.feed.AafMapper;
import fr.preau.directory.internal.feed.AafMapper.Rejected;
import fr.preau.directory.internal.feed.AafReader;
import fr.preau.directory.internal.feed.FeedCategory;
import fr.preau.directory.internal.feed.FeedData;
import fr.preau.directory.internal.feed.FeedData.DivisionRef;
import fr.preau.directory.internal.feed.FeedData.FunctionRef;
import fr.preau.directory.internal.feed.FeedData.Mapped;
import fr.preau.directory.internal.feed.FeedData.ParentLink;
import fr.preau.directory.internal.feed.FeedData.Person;
import fr.preau.directory.internal.feed.FeedData.TeachingRef;
import fr.preau.directory.internal.feed.FeedException;
import fr.preau.directory.internal.feed.FeedOperation;
import fr.preau.directory.internal.feed.RawRecord;
import fr.preau.directory.internal.onde.OndeConverter;
import fr.preau.directory.internal.sync.Report.Action;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Calendar;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies AAF files to the annuaire.
 * <ol>
 * <li>Every file is read once without writing: unusable files (not XML, truncated, wrong root,
 * forbidden DTD) are set aside whole; the keys of complete exports are collected.</li>
 * <li>Guard: if a complete export would deactivate more than {@link #GUARD_RATIO} of the active
 * accounts of its category in the schools it covers, nothing at all is written and the referent
 * is asked to confirm.</li>
 * <li>Each category (all its chunks) is applied in one transaction, in the order structures →
 * matières, MEF → personnels → responsables → élèves. A bad record is rejected alone; a database
 * failure rolls the whole category back.</li>
 * </ol>
 * Unchanged records write nothing: each person's canonical feed data is hashed and compared.
 */
public final class ImportEngine {

    /** Share of a school's active accounts above which a complete export needs confirmation. */
    public static final double GUARD_RATIO = 0.20;

    private static final Logger LOG = LoggerFactory.getLogger(ImportEngine.class);
    private static final Pattern FILE_UAI = Pattern.compile("(?:^|_)(\\d{7}[A-Z])_");
    private static final Pattern CHUNK = Pattern.compile("(?i).*_(\\d{1,6})\\.xml$");
    private static final Set<Profile> FEED_PROFILES =
            EnumSet.of(Profile.ELEVE, Profile.PARENT, Profile.ENSEIGNANT, Profile.DIRECTION, Profile.PERSONNEL);

    /** How the import was asked. */
    public record Options(Optional<String> uai, boolean confirm, boolean demoSchools) {
    }

    /** How it ended. */
    public record Outcome(fr.preau.directory.ImportRun.Status status, String message) {
    }

    /** A file of the import, with what its name says. */
    record FeedFile(Path path, String name, boolean complete, boolean kindKnown, int chunk) {
    }

    private final DataSource db;
    private final Clock clock;
    private final AafReader reader = new AafReader();
    private final TimeOrderedIds ids;
    private final AafMapper mapper = new AafMapper();
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public ImportEngine(DataSource db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.ids = new TimeOrderedIds(Clock.systemUTC());
    }

    /**
     * Runs an import of the given files (AAF XML).
     *
     * @param files  the files, with their display names
     */
    public Outcome run(Map<Path, String> files, Options options, Progress progress, Report report) throws IOException {
        // 1. read everything once, write nothing
        progress.step("Lecture des fichiers");
        Map<Path, String> xml = new LinkedHashMap<>();
        Map<Path, String> csv = new LinkedHashMap<>();
        for (Map.Entry<Path, String> f : files.entrySet()) {
            (f.getValue().toLowerCase(Locale.ROOT).endsWith(".csv") ? csv : xml).put(f.getKey(), f.getValue());
        }
        if (!csv.isEmpty()) {
            xml.putAll(onde(csv, options, progress, report));
        }
        Map<FeedCategory, List<Scanned>> groups = new EnumMap<>(FeedCategory.class);
        ParentClaims claims = new ParentClaims();
        ChildSchools childSchools = new ChildSchools();
        for (Map.Entry<Path, String> f : xml.entrySet()) {
            FeedFile file = describe(f.getKey(), f.getValue());
            Scanned scanned = scan(file, claims, childSchools, report, progress);
            if (scanned != null) {
                groups.computeIfAbsent(scanned.category, k -> new ArrayList<>()).add(scanned);
            }
        }
        if (groups.isEmpty()) {
            return new Outcome(fr.preau.directory.ImportRun.Status.FAILED,
                    "Aucun fichier utilisable : rien n'a été importé (voir le rapport).");
        }
        long records = 0;
        for (List<Scanned> chunks : groups.values()) {
            chunks.sort(Comparator.comparingInt(s -> s.file.chunk));
            for (Scanned s : chunks) {
                records += s.keys.size();
            }
        }
        progress.total(records);

        // 2. the guard
        Set<String> perimeter = perimeter(groups, options);
        List<String> excessive = new ArrayList<>();
        Map<FeedCategory, Set<String>> absentees = new EnumMap<>(FeedCategory.class);
        for (Map.Entry<FeedCategory, List<Scanned>> g : groups.entrySet()) {
            FeedCategory cat = g.getKey();
            if (!cat.isPerson() || !complete(g.getValue(), report)) {
                continue;
            }
            Set<String> present = new HashSet<>();
            g.getValue().forEach(s -> present.addAll(s.keys));
            Map<String, Integer> scope;
            try {
                scope = activeInScope(cat, perimeter);
            } catch (SQLException e) {
                throw unavailable(e);
            }
            Set<String> absent = new LinkedHashSet<>();
            for (String key : scope.keySet()) {
                if (!present.contains(key)) {
                    absent.add(key);
                }
            }
            absentees.put(cat, absent);
            if (!scope.isEmpty() && absent.size() > GUARD_RATIO * scope.size()) {
                excessive.add(absent.size() + " " + plural(cat) + " sur " + scope.size());
            }
        }
        if (!excessive.isEmpty() && !options.confirm()) {
            String msg = "Cet export complet désactiverait " + String.join(", ", excessive)
                    + " (plus de 20 % des comptes actifs). Rien n'a été écrit. Vérifiez que l'export est entier "
                    + "(tous les fichiers, tous les morceaux), puis confirmez l'import si ces départs sont réels.";
            report.line("", "", "", "", Action.IGNORED, msg);
            return new Outcome(fr.preau.directory.ImportRun.Status.CONFIRMATION_REQUIRED, msg);
        }

        // 3. apply, one transaction per category
        int failed = 0;
        for (Map.Entry<FeedCategory, List<Scanned>> g : groups.entrySet()) {
            FeedCategory cat = g.getKey();
            progress.step("Import des " + plural(cat));
            Set<String> absent = absentees.getOrDefault(cat, Set.of());
            if (!apply(cat, g.getValue(), absent, perimeter, options, claims, childSchools, progress, report)) {
                failed++;
            }
        }
        for (ParentClaims.Disagreement d : claims.disagreements()) {
            report.line(d.file(), d.parentKey(), d.parentName(), FeedCategory.RESPONSABLE.label(), Action.IGNORED, d.reason());
        }
        progress.step("Terminé");
        String message = failed == 0 ? null
                : failed + " catégorie" + (failed > 1 ? "s n'ont" : " n'a") + " pas pu être enregistrée"
                        + (failed > 1 ? "s" : "") + " (voir le rapport).";
        return new Outcome(fr.preau.directory.ImportRun.Status.DONE, message);
    }

    // ------------------------------------------------------------------ ONDE

    /** Converts ONDE CSV files into a complete AAF export of the school named at import; returns its files. */
    private Map<Path, String> onde(Map<Path, String> csv, Options options, Progress progress, Report report) throws IOException {
        Map<Path, String> out = new LinkedHashMap<>();
        String names = String.join(", ", csv.values());
        if (options.uai().isEmpty()) {
            report.line(names, "", "", "fichier", Action.REJECTED, "Les fichiers ONDE ne disent pas de quelle école ils viennent : "
                    + "indiquez l'établissement (UAI) à l'import. Rien n'a été importé de ces fichiers.");
            progress.countCommitted(Progress.REJECTED);
            return out;
        }
        String uai = options.uai().get();
        try {
            String structureKey = ondeStructureKey(uai);
            KnownOndeParents known = knownOndeParents(uai);
            OndeConverter converter = new OndeConverter(structureKey, known::find);
            OndeConverter.Result result = converter.convert(csv, report.file().resolveSibling("onde"), uai,
                    java.time.LocalDate.now(clock).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE));
            for (OndeConverter.Note n : result.notes()) {
                report.line(n.file(), n.id(), n.name(), n.category(), n.rejected() ? Action.REJECTED : Action.IGNORED, n.reason());
                if (n.rejected()) {
                    progress.countCommitted(Progress.REJECTED);
                }
            }
            for (Path p : result.files()) {
                out.put(p, p.getFileName().toString());
            }
        } catch (FeedException e) {
            report.line(names, "", "", "fichier", Action.REJECTED, e.getMessage());
            progress.countCommitted(Progress.REJECTED);
        } catch (SQLException e) {
            throw unavailable(e);
        }
        return out;
    }

    /** The structure key ONDE records use for this school; gives the school one if it has none. */
    private String ondeStructureKey(String uai) throws SQLException, FeedException {
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT source_key FROM school WHERE uai = ?")) {
                ps.setString(1, uai);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new FeedException("unknown-school", "L'établissement " + uai + " n'existe pas sur ce boîtier.");
                    }
                    if (rs.getString(1) != null) {
                        return rs.getString(1);
                    }
                }
            }
            String key = "ONDE-" + uai;
            try (PreparedStatement ps = c.prepareStatement("UPDATE school SET source_key = ? WHERE uai = ? AND source_key IS NULL")) {
                ps.setString(1, key);
                ps.setString(2, uai);
                ps.executeUpdate();
            }
            return key;
        }
    }

    /** Parents of earlier ONDE imports of a school: normalised family name + first name, and their children's keys. */
    private static final class KnownOndeParents {
        final Map<String, Map<String, Set<String>>> byName = new HashMap<>();

        Optional<String> find(String nameKey, Set<String> children) {
            for (Map.Entry<String, Set<String>> e : byName.getOrDefault(nameKey, Map.of()).entrySet()) {
                if (e.getValue().stream().anyMatch(children::contains)) {
                    return Optional.of(e.getKey());
                }
            }
            return Optional.empty();
        }
    }

    private KnownOndeParents knownOndeParents(String uai) throws SQLException {
        KnownOndeParents known = new KnownOndeParents();
        String rp = sourcePrefix(FeedCategory.RESPONSABLE);
        String ep = sourcePrefix(FeedCategory.ELEVE);
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT r.source_key, r.birth_name, r.last_name, r.first_name, e.source_key "
                        + "FROM person r JOIN person_school s ON s.person_id = r.id "
                        + "JOIN responsable_link l ON l.responsable_id = r.id JOIN person e ON e.id = l.eleve_id "
                        + "WHERE s.uai = ? AND r.category = ?")) {
            ps.setString(1, uai);
            ps.setString(2, FeedCategory.RESPONSABLE.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String rk = rs.getString(1);
                    String ek = rs.getString(5);
                    if (rk == null || !rk.startsWith(rp + "ONDE-") || ek == null || !ek.startsWith(ep)) {
                        continue;
                    }
                    String family = rs.getString(2) != null ? rs.getString(2) : rs.getString(3);
                    String nameKey = OndeConverter.nameKey(family, rs.getString(4));
                    known.byName.computeIfAbsent(nameKey, k -> new HashMap<>())
                            .computeIfAbsent(rk.substring(rp.length()), k -> new HashSet<>()).add(ek.substring(ep.length()));
                }
            }
        }
        return known;
    }

    // ------------------------------------------------------------------ scan

    private static final class Scanned {
        final FeedFile file;
        FeedCategory category;
        final Set<String> keys = new HashSet<>();
        final Set<String> uais = new HashSet<>();
        final Set<String> structureKeys = new HashSet<>();
        String note;

        Scanned(FeedFile file) {
            this.file = file;
        }
    }

    static FeedFile describe(Path path, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean delta = lower.contains("delta");
        boolean complete = !delta && lower.contains("complet");
        Matcher m = CHUNK.matcher(name);
        int chunk = m.matches() ? Integer.parseInt(m.group(1)) : 0;
        return new FeedFile(path, name, complete, delta || complete, chunk);
    }

    private Scanned scan(FeedFile file, ParentClaims claims, ChildSchools childSchools, Report report, Progress progress)
            throws IOException {
        if (!file.name.toLowerCase(Locale.ROOT).endsWith(".xml")) {
            report.line(file.name, "", "", "fichier", Action.REJECTED,
                    "Format de fichier non reconnu : un export AAF est un fichier .xml, une extraction ONDE un fichier .csv.");
            progress.countCommitted(Progress.REJECTED);
            return null;
        }
        Scanned s = new Scanned(file);
        try {
            AafReader.Summary summary = reader.read(file.path, new AafReader.Sink() {
                @Override
                public void record(RawRecord r) {
                    s.keys.add(r.key());
                    if (r.category() == FeedCategory.STRUCTURE) {
                        String uai = r.first("ENTStructureUAI") != null ? r.first("ENTStructureUAI") : r.first("ENTEtablissementUAI");
                        if (uai != null) {
                            s.uais.add(uai.strip().toUpperCase(Locale.ROOT));
                        }
                    } else if (r.category().isPerson()) {
                        for (String v : r.values("ENTPersonStructRattach")) {
                            s.structureKeys.add(v.strip());
                        }
                        if (r.category() == FeedCategory.RESPONSABLE && r.operation() != FeedOperation.DELETE) {
                            claims.claim(file.name, r);
                        } else if (r.category() == FeedCategory.ELEVE && r.operation() != FeedOperation.DELETE) {
                            childSchools.pupil(mapper, r);
                        }
                    }
                }

                @Override
                public void rejected(long position, String key, FeedCategory category, String reason) {
                    // reported when the file is applied
                }
            });
            if (summary.category().isEmpty()) {
                Optional<FeedCategory> byName = FeedCategory.ofFileName(file.name);
                if (byName.isEmpty()) {
                    report.line(file.name, "", "", "fichier", Action.IGNORED, "Fichier sans enregistrement : ignoré.");
                    return null;
                }
                s.category = byName.get();
            } else {
                s.category = summary.category().get();
                Optional<FeedCategory> byName = FeedCategory.ofFileName(file.name);
                if (byName.isPresent() && byName.get() != s.category) {
                    s.note = "Le nom du fichier annonce la catégorie " + byName.get().fileWord() + " mais il contient "
                            + s.category.fileWord() + " : son contenu est retenu.";
                }
            }
            if (summary.text().note() != null) {
                report.line(file.name, "", "", "fichier", Action.IGNORED, summary.text().note());
            }
            if (s.note != null) {
                report.line(file.name, "", "", "fichier", Action.IGNORED, s.note);
            }
            if (summary.degreeNote() != null) {
                report.line(file.name, "", "", "fichier", Action.IGNORED, summary.degreeNote());
            }
            if (!file.kindKnown) {
                report.line(file.name, "", "", "fichier", Action.IGNORED, "Le nom du fichier ne dit pas s'il s'agit d'un export "
                        + "complet (« Complet ») ou partiel (« Delta ») : il est traité comme partiel, sans désactivation des absents.");
            }
            return s;
        } catch (FeedException e) {
            report.line(file.name, "", "", "fichier", Action.REJECTED, e.getMessage());
            progress.countCommitted(Progress.REJECTED);
            LOG.warn("Import file {} refused: {}", file.name, e.code());
            return null;
        }
    }

    /** Whether absences in this category mean departures: complete exports with contiguous chunks. */
    private static boolean complete(List<Scanned> chunks, Report report) throws IOException {
        for (Scanned s : chunks) {
            if (!s.file.complete) {
                return false;
            }
        }
        for (int i = 0; i < chunks.size(); i++) {
            if (chunks.get(i).file.chunk != i) {
                report.line(chunks.get(i).file.name, "", "", "fichier", Action.IGNORED, "Il manque le morceau n° " + i
                        + " de cet export : les personnes absentes ne sont pas désactivées. Importez l'export entier.");
                return false;
            }
        }
        return true;
    }

    private Set<String> perimeter(Map<FeedCategory, List<Scanned>> groups, Options options) throws IOException {
        Set<String> uais = new HashSet<>();
        options.uai().ifPresent(uais::add);
        for (Scanned s : groups.getOrDefault(FeedCategory.STRUCTURE, List.of())) {
            uais.addAll(s.uais);
        }
        if (uais.isEmpty()) {
            Set<String> keys = new HashSet<>();
            groups.values().forEach(l -> l.forEach(s -> keys.addAll(s.structureKeys)));
            try (Connection c = db.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT source_key, uai FROM school WHERE source_key IS NOT NULL");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (keys.contains(rs.getString(1))) {
                        uais.add(rs.getString(2));
                    }
                }
            } catch (SQLException e) {
                throw unavailable(e);
            }
        }
        return uais;
    }

    /** Active people of a category attached to a school of the perimeter: feed key → count of their schools outside. */
    private Map<String, Integer> activeInScope(FeedCategory cat, Set<String> perimeter) throws SQLException {
        if (perimeter.isEmpty()) {
            return new HashMap<>();
        }
        try (Connection c = db.getConnection()) {
            return activeInScope(c, cat, perimeter);
        }
    }

    // ------------------------------------------------------------------ apply

    /** State of one category's transaction. */
    private final class Tx {
        final Connection c;
        final FeedCategory cat;
        final Options options;
        final ParentClaims claims;
        final ChildSchools childSchools;
        final Progress progress;
        final Report report;
        final Map<String, Known> known = new HashMap<>();
        final Map<String, String> parents = new HashMap<>();
        final Map<String, String> structures = new HashMap<>();
        final Map<String, String> divisions = new HashMap<>();
        final Set<String> logins = new HashSet<>();
        /** Next number to try for login bases already numbered in this transaction (see {@link Logins}). */
        final Map<String, Integer> numberedLogins = new HashMap<>();
        final Set<String> seen = new HashSet<>();
        final Map<String, PreparedStatement> statements = new HashMap<>();
        final Timestamp now = Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MILLIS));
        /** The calendar of every timestamp written (UTC); one per transaction, as a Calendar is not thread-safe. */
        final Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"), Locale.ROOT);
        final Set<String> perimeter;
        String fileName = "";

        Tx(Connection c, FeedCategory cat, Options options, ParentClaims claims, ChildSchools childSchools, Set<String> perimeter,
                Progress progress, Report report) {
            this.c = c;
            this.cat = cat;
            this.options = options;
            this.claims = claims;
            this.childSchools = childSchools;
            this.perimeter = perimeter;
            this.progress = progress;
            this.report = report;
        }

        private String defaultsFile;
        private List<String> defaults;

        /** Schools of a record that names none: the UAI in the file name, else the import's (worked out once per file). */
        List<String> defaultSchools() {
            if (defaults == null || !fileName.equals(defaultsFile)) {
                defaults = computeDefaultSchools();
                defaultsFile = fileName;
            }
            return defaults;
        }

        private List<String> computeDefaultSchools() {
            Matcher m = FILE_UAI.matcher(fileName);
            if (m.find() && structures.containsValue(m.group(1))) {
                return List.of(m.group(1));
            }
            // only schools the box holds: a school of the export that was rejected (its join key
            // already names another school, say) cannot receive people
            if (options.uai().isPresent() && structures.containsValue(options.uai().get())) {
                return List.of(options.uai().get());
            }
            return perimeter.stream().filter(structures::containsValue).sorted().toList();
        }

        PreparedStatement ps(String sql) throws SQLException {
            PreparedStatement ps = statements.get(sql);
            if (ps == null) {
                ps = c.prepareStatement(sql);
                statements.put(sql, ps);
            }
            return ps;
        }

        void close() {
            for (PreparedStatement ps : statements.values()) {
                try {
                    ps.close();
                } catch (SQLException ignored) {
                    // closing
                }
            }
        }
    }

    /**
     * A person already on the box; {@code held}: deactivated by the referent, which imports
     * respect (the person is updated but stays deactivated).
     */
    private record Known(String id, String hash, boolean active, boolean held, String name) {
    }

    private boolean apply(FeedCategory cat, List<Scanned> chunks, Set<String> absent, Set<String> perimeter, Options options,
            ParentClaims claims, ChildSchools childSchools, Progress progress, Report report) throws IOException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            Tx tx = new Tx(c, cat, options, claims, childSchools, perimeter, progress, report);
            boolean ended = false;
            try {
                load(tx);
                for (Scanned s : chunks) {
                    tx.fileName = s.file.name;
                    applyFile(tx, s);
                }
                if (cat.isPerson()) {
                    deactivate(tx, absent, perimeter);
                }
                c.commit();
                ended = true;
                report.commit();
                progress.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is broken anyway
                }
                ended = true;
                report.rollback();
                progress.rollback();
                String state = e instanceof SQLException ? ((SQLException) e).getSQLState() : e.getClass().getSimpleName();
                LOG.error("Import of category {} rolled back ({})", cat, state, e);
                for (Scanned s : chunks) {
                    report.line(s.file.name, "", "", "fichier", Action.REJECTED,
                            "L'enregistrement a échoué : rien de ce fichier n'a été importé (erreur technique " + state
                                    + "). Réessayez ; si l'erreur revient, transmettez le journal à l'assistance.");
                    progress.countCommitted(Progress.REJECTED);
                }
                return false;
            } finally {
                tx.close();
                if (!ended) {
                    // anything else (the report cannot be written, the import thread is interrupted): the
                    // category is not committed — switching auto-commit back on would commit it half-written
                    try {
                        c.rollback();
                    } catch (SQLException ignored) {
                        // the connection is broken anyway
                    }
                }
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private void load(Tx tx) throws SQLException {
        try (PreparedStatement ps = tx.c.prepareStatement("SELECT source_key, uai FROM school WHERE source_key IS NOT NULL");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                tx.structures.put(rs.getString(1), rs.getString(2));
            }
        }
        if (!tx.cat.isPerson()) {
            return;
        }
        try (PreparedStatement ps = tx.c.prepareStatement("SELECT login_lower FROM person"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                tx.logins.add(rs.getString(1));
            }
        }
        String prefix = sourcePrefix(tx.cat);
        try (PreparedStatement ps = tx.c.prepareStatement(
                "SELECT source_key, id, source_hash, active, first_name, last_name, deactivated_by FROM person WHERE category = ?")) {
            ps.setString(1, tx.cat.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String sk = rs.getString(1);
                    if (sk != null && sk.startsWith(prefix)) {
                        tx.known.put(sk.substring(prefix.length()), new Known(rs.getString(2), rs.getString(3), rs.getBoolean(4),
                                !rs.getBoolean(4) && "REFERENT".equals(rs.getString(7)), rs.getString(5) + " " + rs.getString(6)));
                    }
                }
            }
        }
        if (tx.cat == FeedCategory.ELEVE) {
            String rp = sourcePrefix(FeedCategory.RESPONSABLE);
            try (PreparedStatement ps = tx.c.prepareStatement("SELECT source_key, id FROM person WHERE category = ? AND active = ?")) {
                ps.setString(1, FeedCategory.RESPONSABLE.name());
                ps.setBoolean(2, true);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String sk = rs.getString(1);
                        if (sk != null && sk.startsWith(rp)) {
                            tx.parents.put(sk.substring(rp.length()), rs.getString(2));
                        }
                    }
                }
            }
        }
        try (PreparedStatement ps = tx.c.prepareStatement("SELECT id, label FROM division"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                tx.divisions.put(rs.getString(1), rs.getString(2));
            }
        }
    }

    /** How many records the reading thread may have read ahead of the writing one (the heap stays flat). */
    private static final int READ_AHEAD = 256;

    /**
     * A record of the file being applied, read and, for a person to add or modify, already mapped by
     * the reading thread ({@code rejected}: why the mapping refused it; {@code json}: the mapped data of
     * an addition, serialised).
     */
    private record Read(RawRecord record, Mapped<Person> person, Rejected rejected, String json) {
    }

    /** A request of the file that could not be read. */
    private record Unreadable(long position, String key, String reason) {
    }

    /** The end of the file; {@code failure}: why reading stopped early, if it did. */
    private record End(Throwable failure) {
    }

    /**
     * Applies one file. A second thread reads (parses, maps) the file while this one writes to the
     * database, so the two overlap on a machine with more than one core; records are applied one by
     * one, in the file's order, in this thread and this transaction.
     */
    private void applyFile(Tx tx, Scanned s) throws IOException, SQLException {
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(READ_AHEAD);
        AtomicBoolean stop = new AtomicBoolean();
        FeedCategory cat = tx.cat;
        Thread reading = new Thread(() -> {
            Throwable failure = null;
            try {
                reader.read(s.file.path, new AafReader.Sink() {
                    @Override
                    public void record(RawRecord r) throws FeedException {
                        hand(queue, stop, prepare(cat, r));
                    }

                    @Override
                    public void rejected(long position, String key, FeedCategory category, String reason) throws FeedException {
                        hand(queue, stop, new Unreadable(position, key, reason));
                    }
                });
            } catch (Throwable e) {
                failure = e;
            }
            try {
                hand(queue, stop, new End(failure));
            } catch (FeedException stopped) {
                // the writing thread gave up: nobody waits for the end
            }
        }, "preau-directory-import-reader");
        reading.setDaemon(true);
        reading.start();
        try {
            while (true) {
                Object item = queue.take();
                if (item instanceof Read read) {
                    applyRecord(tx, read);
                } else if (item instanceof Unreadable u) {
                    reject(tx, u.key() == null ? "#" + u.position() : u.key(), "", u.reason());
                } else {
                    Throwable failure = ((End) item).failure();
                    if (failure == null) {
                        return;
                    }
                    if (failure instanceof IOException io) {
                        throw io;
                    }
                    if (failure instanceof FeedException fe) {
                        // the file changed between scan and apply: it is not used
                        throw new IllegalStateException("file " + s.file.name + " became unreadable: " + fe.code());
                    }
                    if (failure instanceof RuntimeException re) {
                        throw re;
                    }
                    if (failure instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException("reading " + s.file.name + " failed", failure);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("import interrupted", e);
        } finally {
            stop.set(true);
            queue.clear();
            boolean interrupted = false;
            while (reading.isAlive()) {
                try {
                    reading.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Gives the writing thread an item; stops reading when the writing thread gave up. */
    private static void hand(BlockingQueue<Object> queue, AtomicBoolean stop, Object item) throws FeedException {
        try {
            while (!stop.get()) {
                if (queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new FeedException("stopped", "lecture interrompue");
    }

    /** The reading thread's share of a record's work: mapping a person to add or modify (pure, no database). */
    private Read prepare(FeedCategory cat, RawRecord r) {
        if (r.category() != cat || !cat.isPerson() || r.operation() == FeedOperation.DELETE) {
            return new Read(r, null, null, null);
        }
        try {
            Mapped<Person> m = mapper.person(r);
            return new Read(r, m, null, r.operation() == FeedOperation.MODIFY ? null : toJson(m.value()));
        } catch (Rejected e) {
            return new Read(r, null, e, null);
        }
    }

    private void reject(Tx tx, String key, String name, String reason) throws IOException {
        tx.report.pending(tx.fileName, key, name, tx.cat.label(), Action.REJECTED, reason);
        tx.progress.count(Progress.REJECTED);
    }

    private void applyRecord(Tx tx, Read read) throws SQLException, IOException {
        RawRecord r = read.record();
        if (r.category() != tx.cat) {
            reject(tx, r.key(), "", "enregistrement d'une autre catégorie (" + r.category().fileWord() + ") ignoré");
            return;
        }
        if (!tx.seen.add(r.key() + "/" + r.operation())) {
            reject(tx, r.key(), "", "identifiant en double dans l'export : seule sa première occurrence est retenue");
            return;
        }
        try {
            switch (tx.cat) {
                case STRUCTURE -> applyStructure(tx, r);
                case SUBJECT, MEF -> applyCodeLabel(tx, r);
                default -> applyPerson(tx, read);
            }
        } catch (Rejected e) {
            reject(tx, r.key(), "", e.getMessage());
        }
    }

    private void applyStructure(Tx tx, RawRecord r) throws Rejected, SQLException, IOException {
        if (r.operation() == FeedOperation.DELETE) {
            tx.report.pending(tx.fileName, r.key(), "", tx.cat.label(), Action.IGNORED,
                    "la suppression d'un établissement n'est pas appliquée automatiquement : le référent la fait dans la console");
            return;
        }
        Mapped<FeedData.Structure> m = mapper.structure(r);
        tx.progress.add(Progress.IGNORED_ATTRIBUTES, m.unknownAttributes());
        FeedData.Structure s = m.value();
        String hash = hash(s);
        PreparedStatement q = tx.ps("SELECT demo, source_hash, source_key FROM school WHERE uai = ?");
        q.setString(1, s.uai());
        Boolean demo = null;
        String oldHash = null;
        String oldKey = null;
        try (ResultSet rs = q.executeQuery()) {
            if (rs.next()) {
                demo = rs.getBoolean(1);
                oldHash = rs.getString(2);
                oldKey = rs.getString(3);
            }
        }
        String other = tx.structures.entrySet().stream().filter(e -> e.getValue().equals(s.uai()) && !e.getKey().equals(s.key()))
                .map(Map.Entry::getKey).findFirst().orElse(null);
        if (other != null || (oldKey != null && !oldKey.equals(s.key()))) {
            throw new Rejected("l'établissement " + s.uai() + " est déjà connu sous une autre clé de jointure ("
                    + (other != null ? other : oldKey) + ")");
        }
        String mappedUai = tx.structures.get(s.key());
        if (mappedUai != null && !mappedUai.equals(s.uai())) {
            throw new Rejected("la clé de jointure " + s.key() + " désigne déjà l'établissement " + mappedUai);
        }
        if (demo == null) {
            PreparedStatement ins = tx.ps("INSERT INTO school (uai, name, demo, created_at, source_key, degree, kind, town, source_hash) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            ins.setString(1, s.uai());
            ins.setString(2, s.name());
            ins.setBoolean(3, tx.options.demoSchools());
            ins.setTimestamp(4, tx.now, tx.utc);
            ins.setString(5, s.key());
            ins.setString(6, s.degree());
            ins.setString(7, s.kind());
            ins.setString(8, s.town());
            ins.setString(9, hash);
            ins.executeUpdate();
            tx.structures.put(s.key(), s.uai());
            tx.defaults = null;
            done(tx, r.key(), s.name(), Action.CREATED, warnings(m));
            return;
        }
        if (demo != tx.options.demoSchools()) {
            throw new Rejected(demo ? "l'établissement " + s.uai() + " est un établissement de démonstration : "
                    + "un import réel ne peut pas le modifier" : "l'établissement " + s.uai()
                            + " est un établissement réel : un import de démonstration ne peut pas le modifier");
        }
        tx.structures.put(s.key(), s.uai());
        tx.defaults = null;
        if (hash.equals(oldHash)) {
            done(tx, r.key(), s.name(), Action.UNCHANGED, warnings(m));
            return;
        }
        PreparedStatement up = tx.ps("UPDATE school SET name = ?, source_key = ?, degree = ?, kind = ?, town = ?, source_hash = ? WHERE uai = ?");
        up.setString(1, s.name());
        up.setString(2, s.key());
        up.setString(3, s.degree());
        up.setString(4, s.kind());
        up.setString(5, s.town());
        up.setString(6, hash);
        up.setString(7, s.uai());
        up.executeUpdate();
        done(tx, r.key(), s.name(), Action.UPDATED, warnings(m));
    }

    private void applyCodeLabel(Tx tx, RawRecord r) throws Rejected, SQLException, IOException {
        String table = tx.cat == FeedCategory.SUBJECT ? "subject" : "mef";
        if (r.operation() == FeedOperation.DELETE) {
            tx.report.pending(tx.fileName, r.key(), "", tx.cat.label(), Action.IGNORED,
                    "les codes nationaux ne sont jamais supprimés (l'historique les cite)");
            return;
        }
        Mapped<FeedData.CodeLabel> m = mapper.codeLabel(r);
        tx.progress.add(Progress.IGNORED_ATTRIBUTES, m.unknownAttributes());
        String hash = hash(m.value());
        PreparedStatement q = tx.ps("SELECT source_hash FROM " + table + " WHERE code = ?");
        q.setString(1, m.value().code());
        String old;
        boolean exists;
        try (ResultSet rs = q.executeQuery()) {
            exists = rs.next();
            old = exists ? rs.getString(1) : null;
        }
        if (!exists) {
            PreparedStatement ins = tx.ps("INSERT INTO " + table + " (code, label, source_hash) VALUES (?, ?, ?)");
            ins.setString(1, m.value().code());
            ins.setString(2, m.value().label());
            ins.setString(3, hash);
            ins.executeUpdate();
            done(tx, r.key(), m.value().label(), Action.CREATED, null);
        } else if (hash.equals(old)) {
            done(tx, r.key(), m.value().label(), Action.UNCHANGED, null);
        } else {
            PreparedStatement up = tx.ps("UPDATE " + table + " SET label = ?, source_hash = ? WHERE code = ?");
            up.setString(1, m.value().label());
            up.setString(2, hash);
            up.setString(3, m.value().code());
            up.executeUpdate();
            done(tx, r.key(), m.value().label(), Action.UPDATED, null);
        }
    }

    private void applyPerson(Tx tx, Read read) throws Rejected, SQLException, IOException {
        RawRecord r = read.record();
        Known known = tx.known.get(r.key());
        if (r.operation() == FeedOperation.DELETE) {
            if (known == null) {
                throw new Rejected("suppression d'un identifiant inconnu : rien à faire");
            }
            if (!known.active) {
                done(tx, r.key(), known.name, Action.UNCHANGED, "déjà désactivé");
                return;
            }
            setInactive(tx, known.id);
            done(tx, r.key(), known.name, Action.DEACTIVATED, "supprimé par l'export");
            return;
        }
        if (read.rejected() != null) {
            throw read.rejected();
        }
        Mapped<Person> m = read.person() != null ? read.person() : mapper.person(r);
        tx.progress.add(Progress.IGNORED_ATTRIBUTES, m.unknownAttributes());
        Person data = m.value();
        if (r.operation() == FeedOperation.MODIFY) {
            if (known == null) {
                throw new Rejected("modification d'un identifiant inconnu : importez d'abord l'export complet");
            }
            Person stored = storedData(tx, known.id);
            if (stored == null) {
                throw new Rejected("modification d'une personne dont l'annuaire n'a pas la fiche d'origine : importez l'export complet");
            }
            data = stored.merge(data, m.fields());
            if (data.lastName() == null || data.firstName() == null) {
                throw new Rejected("la modification efface le nom ou le prénom");
            }
        }
        Resolved res = resolve(tx, data);
        if (tx.cat == FeedCategory.ELEVE) {
            tx.claims.pupil(r.key(), data.parents());
        }
        String name = data.firstName() + " " + data.lastName();
        String json = data == m.value() && read.json() != null ? read.json() : toJson(data);
        String hash = personHash(json, res.uais, res.droppedParents, res.unknownStructures);
        List<String> notes = new ArrayList<>(m.warnings());
        if (known != null && (known.active || known.held) && hash.equals(known.hash)) {
            done(tx, r.key(), name, Action.UNCHANGED, join(notes, res));
            return;
        }
        String id;
        Action action;
        if (known == null) {
            id = ids.next();
            insertPerson(tx, id, data, res, hash, json);
            action = Action.CREATED;
            tx.known.put(r.key(), new Known(id, hash, true, false, name));
        } else {
            id = known.id;
            updatePerson(tx, id, data, res, hash, json, known.held);
            if (known.held) {
                notes.add("reste désactivé : le référent l'a désactivé");
            } else if (!known.active) {
                notes.add("réactivé");
            }
            action = Action.UPDATED;
            tx.known.put(r.key(), new Known(id, hash, !known.held, known.held, name));
            clearRelations(tx, id);
        }
        writeRelations(tx, id, data, res, known == null);
        done(tx, r.key(), name, action, join(notes, res));
    }

    /** What a person's references resolve to on this box. */
    private record Resolved(String mainUai, List<String> uais, List<DivisionRef> divisions, List<TeachingRef> teachings,
            List<FunctionRef> functions, Map<String, ParentLink> parents, List<String> droppedParents,
            List<String> unknownStructures, Set<Profile> profiles) {
    }

    private Resolved resolve(Tx tx, Person p) throws Rejected {
        LinkedHashSet<String> uais = new LinkedHashSet<>();
        LinkedHashSet<String> unknown = new LinkedHashSet<>();
        for (String k : p.structureKeys()) {
            known(tx, k, uais, unknown);
        }
        List<DivisionRef> divisions = new ArrayList<>();
        for (DivisionRef d : p.divisions()) {
            if (known(tx, d.structureKey(), uais, unknown)) {
                divisions.add(d);
            }
        }
        List<TeachingRef> teachings = new ArrayList<>();
        for (TeachingRef t : p.teachings()) {
            if (known(tx, t.structureKey(), uais, unknown)) {
                teachings.add(t);
            }
        }
        List<FunctionRef> functions = new ArrayList<>();
        for (FunctionRef f : p.functions()) {
            if (known(tx, f.structureKey(), uais, unknown)) {
                functions.add(f);
            }
        }
        for (String k : p.directs()) {
            known(tx, k, uais, unknown);
        }
        if (uais.isEmpty() && unknown.isEmpty()) {
            // 2D responsables carry no school: they belong to the school(s) of the export where
            // their children of this export are (all of the export's schools when none of their
            // children is in it, as in a delta of responsables alone)
            List<String> schools = tx.defaultSchools();
            for (String k : tx.cat == FeedCategory.RESPONSABLE ? tx.childSchools.of(p.key()) : List.<String>of()) {
                String uai = tx.structures.get(k);
                if (uai != null && schools.contains(uai)) {
                    uais.add(uai);
                }
            }
            if (uais.isEmpty()) {
                uais.addAll(schools);
            }
        }
        if (uais.isEmpty() && unknown.isEmpty() && !tx.perimeter.isEmpty()) {
            throw new Rejected("l'établissement de cet export n'a pas été importé (voir sa ligne dans le rapport) : "
                    + "cette personne n'a pas d'établissement de rattachement sur la box");
        }
        if (uais.isEmpty()) {
            throw new Rejected(unknown.isEmpty()
                    ? "aucun établissement de rattachement (ENTPersonStructRattach) pour cette personne"
                    : "établissement inconnu (clé " + String.join(", ", unknown)
                            + ") : importez d'abord le fichier EtabEducNat de cet établissement");
        }
        Map<String, ParentLink> parents = new LinkedHashMap<>();
        List<String> dropped = new ArrayList<>();
        for (ParentLink l : p.parents()) {
            String id = tx.parents.get(l.parentKey());
            if (id == null) {
                dropped.add(l.parentKey());
            } else {
                parents.put(id, l);
            }
        }
        return new Resolved(uais.iterator().next(), List.copyOf(uais), divisions, teachings, functions, parents, dropped,
                List.copyOf(unknown), profiles(p));
    }

    private static boolean known(Tx tx, String key, Set<String> uais, Set<String> unknown) {
        String uai = tx.structures.get(key);
        if (uai == null) {
            unknown.add(key);
            return false;
        }
        uais.add(uai);
        return true;
    }

    static Set<Profile> profiles(Person p) {
        Set<Profile> profiles = EnumSet.noneOf(Profile.class);
        switch (p.category()) {
            case ELEVE -> profiles.add(Profile.ELEVE);
            case RESPONSABLE -> profiles.add(Profile.PARENT);
            default -> {
                boolean teacher = p.teacher() != null ? p.teacher()
                        : !p.teachings().isEmpty() || p.functions().stream().anyMatch(f -> f.code().equals("ENS") || f.code().equals("DOC"));
                boolean direction = !p.directs().isEmpty() || p.functions().stream().anyMatch(f -> f.code().equals("DIR"));
                if (teacher) {
                    profiles.add(Profile.ENSEIGNANT);
                }
                if (direction) {
                    profiles.add(Profile.DIRECTION);
                }
                if (!teacher && !direction) {
                    profiles.add(Profile.PERSONNEL);
                }
            }
        }
        return profiles;
    }

    private void insertPerson(Tx tx, String id, Person p, Resolved res, String hash, String json) throws SQLException {
        String login = Logins.next(p.firstName(), p.lastName(), tx.logins, tx.numberedLogins);
        PreparedStatement ps = tx.ps("INSERT INTO person (id, login, login_lower, first_name, last_name, uai, active, created_at, "
                + "source_key, category, birth_name, birth_date, title, email, ine, mef_code, updated_at, source_hash, source_data) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        ps.setString(1, id);
        ps.setString(2, login);
        ps.setString(3, login);
        ps.setString(4, p.firstName());
        ps.setString(5, p.lastName());
        ps.setString(6, res.mainUai);
        ps.setBoolean(7, true);
        ps.setTimestamp(8, tx.now, tx.utc);
        ps.setString(9, sourcePrefix(tx.cat) + p.key());
        ps.setString(10, tx.cat.name());
        setPersonColumns(ps, 11, p, tx, hash, json);
        ps.executeUpdate();
    }

    private void updatePerson(Tx tx, String id, Person p, Resolved res, String hash, String json, boolean held)
            throws SQLException {
        // a person the referent deactivated keeps that state and its date
        PreparedStatement ps = tx.ps("UPDATE person SET first_name = ?, last_name = ?, uai = ?, active = ?, "
                + (held ? "" : "deactivated_at = NULL, deactivated_by = NULL, ") + "birth_name = ?, birth_date = ?, title = ?, email = ?, ine = ?, mef_code = ?, updated_at = ?, source_hash = ?, "
                + "source_data = ? WHERE id = ?");
        ps.setString(1, p.firstName());
        ps.setString(2, p.lastName());
        ps.setString(3, res.mainUai);
        ps.setBoolean(4, !held);
        setPersonColumns(ps, 5, p, tx, hash, json);
        ps.setString(14, id);
        ps.executeUpdate();
    }

    private void setPersonColumns(PreparedStatement ps, int i, Person p, Tx tx, String hash, String json) throws SQLException {
        ps.setString(i, p.birthName());
        if (p.birthDate() == null) {
            ps.setNull(i + 1, Types.DATE);
        } else {
            ps.setDate(i + 1, Date.valueOf(LocalDate.parse(p.birthDate())));
        }
        ps.setString(i + 2, p.title());
        ps.setString(i + 3, p.email());
        ps.setString(i + 4, p.ine());
        ps.setString(i + 5, p.mef());
        ps.setTimestamp(i + 6, tx.now, tx.utc);
        ps.setString(i + 7, hash);
        ps.setString(i + 8, json);
    }

    private void clearRelations(Tx tx, String id) throws SQLException {
        for (String sql : new String[] {
                "DELETE FROM person_profile WHERE person_id = ? AND profile IN ('ELEVE', 'PARENT', 'ENSEIGNANT', 'DIRECTION', 'PERSONNEL')",
                "DELETE FROM person_school WHERE person_id = ?",
                "DELETE FROM division_member WHERE person_id = ?",
                "DELETE FROM teaching WHERE person_id = ?",
                "DELETE FROM person_function WHERE person_id = ?"}) {
            PreparedStatement ps = tx.ps(sql);
            ps.setString(1, id);
            ps.executeUpdate();
        }
        if (tx.cat == FeedCategory.ELEVE) {
            PreparedStatement ps = tx.ps("DELETE FROM responsable_link WHERE eleve_id = ?");
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    private void writeRelations(Tx tx, String id, Person p, Resolved res, boolean created) throws SQLException, IOException {
        PreparedStatement prof = tx.ps("INSERT INTO person_profile (person_id, profile) VALUES (?, ?)");
        Set<Profile> existing = created ? Set.of() : localProfiles(tx, id);
        for (Profile pr : res.profiles) {
            if (!existing.contains(pr)) {
                prof.setString(1, id);
                prof.setString(2, pr.name());
                prof.executeUpdate();
            }
        }
        PreparedStatement school = tx.ps("INSERT INTO person_school (person_id, uai) VALUES (?, ?)");
        for (String uai : res.uais) {
            school.setString(1, id);
            school.setString(2, uai);
            school.executeUpdate();
        }
        Set<String> members = new HashSet<>();
        PreparedStatement member = tx.ps("INSERT INTO division_member (division_id, person_id, role) VALUES (?, ?, ?)");
        for (DivisionRef d : res.divisions) {
            String did = division(tx, tx.structures.get(d.structureKey()), d.kind(), d.code(), d.label());
            if (members.add(did + "/ELEVE")) {
                member.setString(1, did);
                member.setString(2, id);
                member.setString(3, "ELEVE");
                member.executeUpdate();
            }
        }
        PreparedStatement teach = tx.ps("INSERT INTO teaching (person_id, division_id, subject_code) VALUES (?, ?, ?)");
        for (TeachingRef t : res.teachings) {
            String did = division(tx, tx.structures.get(t.structureKey()), t.kind(), t.code(), t.code());
            if (members.add(did + "/ENSEIGNANT")) {
                member.setString(1, did);
                member.setString(2, id);
                member.setString(3, "ENSEIGNANT");
                member.executeUpdate();
            }
            teach.setString(1, id);
            teach.setString(2, did);
            teach.setString(3, t.subjectCode());
            teach.executeUpdate();
        }
        PreparedStatement fn = tx.ps("INSERT INTO person_function (person_id, uai, code, discipline_code, label, discipline_label) "
                + "VALUES (?, ?, ?, ?, ?, ?)");
        Set<String> fns = new HashSet<>();
        for (FunctionRef f : res.functions) {
            String uai = tx.structures.get(f.structureKey());
            if (fns.add(uai + "/" + f.code() + "/" + f.disciplineCode())) {
                fn.setString(1, id);
                fn.setString(2, uai);
                fn.setString(3, f.code());
                fn.setString(4, f.disciplineCode());
                fn.setString(5, f.label());
                fn.setString(6, f.disciplineLabel());
                fn.executeUpdate();
            }
        }
        if (tx.cat == FeedCategory.ELEVE) {
            PreparedStatement link = tx.ps("INSERT INTO responsable_link (responsable_id, eleve_id, link_code, kind, legal, financial, "
                    + "contact, payment) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            for (Map.Entry<String, ParentLink> e : res.parents.entrySet()) {
                ParentLink l = e.getValue();
                link.setString(1, e.getKey());
                link.setString(2, id);
                link.setString(3, l.code());
                link.setString(4, LinkKinds.kind(l.code()));
                link.setBoolean(5, l.legal());
                link.setBoolean(6, l.financial());
                link.setBoolean(7, l.contact());
                link.setBoolean(8, l.payment());
                link.executeUpdate();
            }
        }
    }

    private Set<Profile> localProfiles(Tx tx, String id) throws SQLException {
        Set<Profile> held = EnumSet.noneOf(Profile.class);
        PreparedStatement ps = tx.ps("SELECT profile FROM person_profile WHERE person_id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    held.add(Profile.valueOf(rs.getString(1)));
                } catch (IllegalArgumentException ignored) {
                    // unknown stored profile
                }
            }
        }
        held.removeAll(FEED_PROFILES);
        return held;
    }

    private String division(Tx tx, String uai, String kind, String code, String label) throws SQLException {
        String id = Divisions.id(uai, kind, code);
        String old = tx.divisions.get(id);
        if (old == null) {
            PreparedStatement ins = tx.ps("INSERT INTO division (id, uai, kind, code, label, created_at) VALUES (?, ?, ?, ?, ?, ?)");
            ins.setString(1, id);
            ins.setString(2, uai);
            ins.setString(3, kind);
            ins.setString(4, code);
            ins.setString(5, label);
            ins.setTimestamp(6, tx.now, tx.utc);
            ins.executeUpdate();
            tx.divisions.put(id, label);
        } else if (!old.equals(label) && !label.equals(code)) {
            PreparedStatement up = tx.ps("UPDATE division SET label = ? WHERE id = ?");
            up.setString(1, label);
            up.setString(2, id);
            up.executeUpdate();
            tx.divisions.put(id, label);
        }
        return id;
    }

    private void setInactive(Tx tx, String id) throws SQLException {
        PreparedStatement ps = tx.ps("UPDATE person SET active = ?, deactivated_at = ?, deactivated_by = 'ANNUAIRE', source_hash = NULL "
                + "WHERE id = ?");
        ps.setBoolean(1, false);
        ps.setTimestamp(2, tx.now, tx.utc);
        ps.setString(3, id);
        ps.executeUpdate();
    }

    /** People of a complete export's scope who are not in it: deactivated, or detached from the perimeter's schools. */
    private void deactivate(Tx tx, Set<String> absent, Set<String> perimeter) throws SQLException, IOException {
        if (absent.isEmpty()) {
            return;
        }
        Map<String, Integer> scope = activeInScope(tx.c, tx.cat, perimeter);
        for (String key : absent) {
            Known k = tx.known.get(key);
            Integer outside = scope.get(key);
            if (k == null || !k.active || outside == null) {
                continue;
            }
            if (outside > 0) {
                for (String uai : perimeter) {
                    PreparedStatement ps = tx.ps("DELETE FROM person_school WHERE person_id = ? AND uai = ?");
                    ps.setString(1, k.id);
                    ps.setString(2, uai);
                    ps.executeUpdate();
                }
                tx.report.pending(tx.fileName, key, k.name, tx.cat.label(), Action.UPDATED,
                        "absent de l'export complet : détaché de cet établissement (rattaché à un autre)");
                tx.progress.count(Progress.UPDATED);
            } else {
                setInactive(tx, k.id);
                tx.report.pending(tx.fileName, key, k.name, tx.cat.label(), Action.DEACTIVATED, "absent de l'export complet");
                tx.progress.count(Progress.DEACTIVATED);
            }
        }
    }

    private Map<String, Integer> activeInScope(Connection c, FeedCategory cat, Set<String> perimeter) throws SQLException {
        Map<String, Integer> scope = new HashMap<>();
        String prefix = sourcePrefix(cat);
        try (PreparedStatement ps = c.prepareStatement("SELECT p.source_key, s.uai FROM person p "
                + "JOIN person_school s ON s.person_id = p.id WHERE p.active = ? AND p.category = ?")) {
            ps.setBoolean(1, true);
            ps.setString(2, cat.name());
            Map<String, int[]> tally = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String sk = rs.getString(1);
                    if (sk != null && sk.startsWith(prefix)) {
                        int[] t = tally.computeIfAbsent(sk.substring(prefix.length()), k -> new int[2]);
                        t[perimeter.contains(rs.getString(2)) ? 0 : 1]++;
                    }
                }
            }
            tally.forEach((k, t) -> {
                if (t[0] > 0) {
                    scope.put(k, t[1]);
                }
            });
        }
        return scope;
    }

    private Person storedData(Tx tx, String id) throws SQLException {
        PreparedStatement ps = tx.ps("SELECT source_data FROM person WHERE id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || rs.getString(1) == null) {
                return null;
            }
            try {
                return json.readValue(rs.getString(1), Person.class);
            } catch (JsonProcessingException e) {
                LOG.warn("Stored feed data of person {} unreadable", id);
                return null;
            }
        }
    }

    private void done(Tx tx, String key, String name, Action action, String note) throws IOException {
        tx.report.pending(tx.fileName, key, name, tx.cat.label(), action, note == null ? "" : note);
        tx.progress.count(switch (action) {
            case CREATED -> Progress.CREATED;
            case UPDATED -> Progress.UPDATED;
            case DEACTIVATED -> Progress.DEACTIVATED;
            case REJECTED -> Progress.REJECTED;
            default -> Progress.UNCHANGED;
        });
    }

    private static String warnings(Mapped<?> m) {
        return m.warnings().isEmpty() ? null : String.join(" ; ", m.warnings());
    }

    private static String join(List<String> notes, Resolved res) {
        List<String> all = new ArrayList<>(notes);
        for (String k : res.unknownStructures) {
            all.add("rattachement à l'établissement inconnu " + k + " ignoré (absent du fichier EtabEducNat)");
        }
        for (String k : res.droppedParents) {
            all.add("lien vers le responsable " + k + " ignoré : personne inconnue (absente du fichier PersRelEleve)");
        }
        return all.isEmpty() ? null : String.join(" ; ", all);
    }

    private String toJson(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("feed data not serialisable", e);
        }
    }

    String hash(Object o) {
        return digest(toJson(o));
    }

    /**
     * The hash of a person: the same as {@code hash(new Object[] {data, uais, droppedParents,
     * unknownStructures})} (so hashes stored by earlier versions still match), from the person's
     * JSON that is also stored in {@code source_data}: the person is serialised once.
     */
    String personHash(String dataJson, List<String> uais, List<String> droppedParents, List<String> unknownStructures) {
        return digest("[" + dataJson + "," + toJson(uais) + "," + toJson(droppedParents) + "," + toJson(unknownStructures) + "]");
    }

    private static String digest(String json) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sourcePrefix(FeedCategory cat) {
        return "aaf:" + cat.name().toLowerCase(Locale.ROOT) + ":";
    }

    private static String plural(FeedCategory cat) {
        return switch (cat) {
            case STRUCTURE -> "établissements";
            case SUBJECT -> "matières";
            case MEF -> "MEF";
            case PERSONNEL -> "personnels";
            case RESPONSABLE -> "responsables";
            case ELEVE -> "élèves";
        };
    }

    private static IOException unavailable(SQLException e) {
        return new IOException("annuaire indisponible (SQLState " + e.getSQLState() + ")", e);
    }
}
