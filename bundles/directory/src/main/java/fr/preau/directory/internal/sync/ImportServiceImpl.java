package fr.preau.directory.internal.sync;

import fr.preau.api.ProblemException;
import fr.preau.api.Uai;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.ImportRun;
import fr.preau.directory.ImportRun.Counts;
import fr.preau.directory.ImportRun.Status;
import fr.preau.directory.ImportService;
import fr.preau.directory.internal.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports as the referent drives them: files land in {@code <data>/preau/imports/<id>/files}
 * (zips are unpacked there, bounded), one import runs at a time on its own thread, its counts
 * are visible live, and its report stays next to its files.
 */
@Component(service = ImportService.class, configurationPid = "fr.preau.directory.import")
@Designate(ocd = ImportServiceImpl.Config.class)
public final class ImportServiceImpl implements ImportService {

    @ObjectClassDefinition(name = "Préau – imports de l'annuaire")
    public @interface Config {
        @AttributeDefinition(description = "Folder of imports (files and reports); empty = <karaf.data>/preau/imports")
        String folder() default "";

        @AttributeDefinition(description = "Most bytes one import may receive, unpacked")
        long max_bytes() default 2L * 1024 * 1024 * 1024;

        @AttributeDefinition(description = "Most files one import may hold")
        int max_files() default 2000;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ImportServiceImpl.class);
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    private static final Set<String> ACCEPTED = Set.of(".xml", ".csv");

    private final DataSource db;
    private final Clock clock;
    private final DirectoryService directory;
    private final Path root;
    private final long maxBytes;
    private final int maxFiles;
    private final boolean demoBox;
    private final ImportEngine engine;
    private final ExecutorService runner;
    private final Map<String, Progress> running = new ConcurrentHashMap<>();

    @Activate
    public ImportServiceImpl(
            @Reference(name = "db", target = "(osgi.jndi.service.name=jdbc/preau-directory)") DataSource db,
            @Reference(name = "clock") Clock clock,
            @Reference(name = "directory") DirectoryService directory,
            Config config) {
        this(db, clock, directory, config.folder().isBlank()
                ? Paths.get(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "preau", "imports")
                : Paths.get(config.folder()), config.max_bytes(), config.max_files(),
                "demo".equalsIgnoreCase(System.getProperty("preau.mode")));
    }

    /**
     * @param demoBox true on a box in demo mode: every import makes demo schools there, so that
     *                trying an export on the demo never turns it into a real school's box
     */
    ImportServiceImpl(DataSource db, Clock clock, DirectoryService directory, Path root, long maxBytes, int maxFiles,
            boolean demoBox) {
        this.db = db;
        this.clock = clock;
        this.directory = directory;
        this.root = root;
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
        this.demoBox = demoBox;
        this.engine = new ImportEngine(db, clock);
        this.runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "preau-directory-import");
            t.setDaemon(true);
            return t;
        });
        interruptedRuns();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        runner.shutdownNow();
        runner.awaitTermination(30, TimeUnit.SECONDS);
    }

    /** Imports that were running when the box stopped are over: say so. */
    private void interruptedRuns() {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE import_run SET status = ?, finished_at = ?, message = ? "
                        + "WHERE status IN ('QUEUED', 'RUNNING')")) {
            ps.setString(1, Status.FAILED.name());
            ps.setTimestamp(2, now(), utc());
            ps.setString(3, "L'import a été interrompu par un arrêt du boîtier. Les catégories déjà enregistrées le restent ; "
                    + "relancez l'import : ce qui est déjà à jour ne sera pas réécrit.");
            int n = ps.executeUpdate();
            if (n > 0) {
                LOG.warn("{} import(s) interrupted by a stop marked as failed", n);
            }
        } catch (SQLException e) {
            LOG.error("Could not mark interrupted imports (SQLState {})", e.getSQLState());
        }
    }

    @Override
    public ImportRun create(String actor, Optional<Uai> uai) {
        return create(actor, uai, "AAF");
    }

    @Override
    public ImportRun create(String actor, Optional<Uai> uai, String source) {
        if (!Set.of("AAF", "ONDE", "LDAP", DEMO).contains(source)) {
            throw new IllegalArgumentException("unknown import source " + source);
        }
        if (uai.isPresent() && directory.school(uai.get()).isEmpty()) {
            throw new ProblemException(404, "unknown-school", "L'établissement " + uai.get()
                    + " n'existe pas sur ce boîtier. Importez d'abord son export AAF ou créez-le dans la console.");
        }
        String id = UUID.randomUUID().toString();
        try {
            Files.createDirectories(files(id));
        } catch (IOException e) {
            throw storageProblem(e);
        }
        write("INSERT INTO import_run (id, source, uai, status, actor, files, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, id);
            ps.setString(2, source);
            ps.setString(3, uai.map(Uai::value).orElse(null));
            ps.setString(4, Status.RECEIVING.name());
            ps.setString(5, actor.length() > 64 ? actor.substring(0, 64) : actor);
            ps.setString(6, "");
            ps.setTimestamp(7, now(), utc());
        });
        LOG.info("Import {} ({}) created by {}", id, source, actor);
        return find(id).orElseThrow();
    }

    @Override
    public ImportRun addFile(String id, String fileName, InputStream content) {
        ImportRun run = find(id).orElseThrow(ImportServiceImpl::unknownImport);
        if (run.status() != Status.RECEIVING) {
            throw new ProblemException(409, "import-not-receiving", "Cet import a déjà commencé : créez-en un nouveau pour envoyer d'autres fichiers.");
        }
        String name = safeName(fileName);
        Path dir = files(id);
        List<String> added = new ArrayList<>();
        try {
            long used = size(dir);
            if (name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
                unzip(content, dir, used, run.files().size(), added);
            } else {
                if (!accepted(name)) {
                    throw new ProblemException(400, "invalid-file-type", "Le fichier « " + name + " » n'est ni un export AAF (.xml), "
                            + "ni un fichier ONDE (.csv), ni une archive .zip de ces fichiers.");
                }
                checkCount(run.files().size() + 1);
                store(content, dir, name, maxBytes - used);
                added.add(name);
            }
        } catch (IOException e) {
            throw storageProblem(e);
        }
        List<String> all = new ArrayList<>(run.files());
        for (String a : added) {
            if (!all.contains(a)) {
                all.add(a);
            }
        }
        String list = String.join("\n", all);
        write("UPDATE import_run SET files = ? WHERE id = ?", ps -> {
            ps.setString(1, list.length() > 2000 ? list.substring(0, 1997) + "…" : list);
            ps.setString(2, id);
        });
        return find(id).orElseThrow();
    }

    private void unzip(InputStream content, Path dir, long used, int count, List<String> added) throws IOException {
        long total = used;
        try (ZipInputStream zip = new ZipInputStream(content)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (e.isDirectory()) {
                    continue;
                }
                String base = e.getName().replace('\\', '/');
                base = base.substring(base.lastIndexOf('/') + 1);
                if (base.startsWith(".") || base.startsWith("__MACOSX") || !accepted(base)) {
                    continue;
                }
                String name = safeName(base);
                checkCount(count + added.size() + 1);
                total += store(zip, dir, name, maxBytes - total);
                added.add(name);
            }
        } catch (java.util.zip.ZipException bad) {
            throw new ProblemException(400, "invalid-zip", "L'archive .zip est illisible ou abîmée : rien n'a été reçu de son contenu.");
        }
        if (added.isEmpty()) {
            throw new ProblemException(400, "empty-zip", "L'archive .zip ne contient aucun fichier .xml ni .csv.");
        }
    }

    /** Copies at most {@code allowed} bytes, atomically; 413 beyond. Returns the bytes written. */
    private long store(InputStream in, Path dir, String name, long allowed) throws IOException {
        Path tmp = Files.createTempFile(dir, ".upload-", ".part");
        long n = 0;
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[64 * 1024];
                int r;
                while ((r = in.read(buf)) > 0) {
                    n += r;
                    if (n > allowed) {
                        throw new ProblemException(413, "import-too-large", "Cet import dépasse la taille permise ("
                                + (maxBytes / (1024 * 1024)) + " Mo au total).");
                    }
                    out.write(buf, 0, r);
                }
            }
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return n;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public ImportRun start(String id, boolean confirm) {
        ImportRun run = find(id).orElseThrow(ImportServiceImpl::unknownImport);
        if (run.status() != Status.RECEIVING && run.status() != Status.CONFIRMATION_REQUIRED) {
            throw new ProblemException(409, "import-not-startable", "Cet import est déjà lancé, terminé ou abandonné.");
        }
        if (run.files().isEmpty()) {
            throw new ProblemException(400, "import-empty", "Envoyez au moins un fichier avant de lancer l'import.");
        }
        int queued = update("UPDATE import_run SET status = ? WHERE id = ? AND status IN (?, ?)", ps -> {
            ps.setString(1, Status.QUEUED.name());
            ps.setString(2, id);
            ps.setString(3, Status.RECEIVING.name());
            ps.setString(4, Status.CONFIRMATION_REQUIRED.name());
        });
        if (queued == 0) { // started or abandoned meanwhile
            throw new ProblemException(409, "import-not-startable", "Cet import est déjà lancé, terminé ou abandonné.");
        }
        Progress progress = new Progress();
        running.put(id, progress);
        runner.execute(() -> execute(run, confirm, progress));
        return find(id).orElseThrow();
    }

    @Override
    public ImportRun cancel(String id) {
        ImportRun run = find(id).orElseThrow(ImportServiceImpl::unknownImport);
        // one statement decides, so that a concurrent start and cancel cannot both win
        int changed = update("UPDATE import_run SET status = ?, message = ?, finished_at = ? WHERE id = ? AND status IN (?, ?)", ps -> {
            ps.setString(1, Status.CANCELLED.name());
            ps.setString(2, CANCELLED_MESSAGE);
            ps.setTimestamp(3, now(), utc());
            ps.setString(4, id);
            ps.setString(5, Status.RECEIVING.name());
            ps.setString(6, Status.CONFIRMATION_REQUIRED.name());
        });
        if (changed == 0) {
            throw new ProblemException(409, "import-not-cancellable", run.status().finished()
                    ? "Cet import est déjà terminé : il ne peut plus être abandonné."
                    : "Cet import est en cours : il ne peut plus être abandonné. Attendez qu'il se termine.");
        }
        try {
            FileTrees.delete(files(id));
        } catch (IOException e) {
            LOG.warn("Files of the cancelled import {} not deleted: {}", id, e.toString());
        }
        LOG.info("Import {} cancelled", id);
        return find(id).orElseThrow();
    }

    private void execute(ImportRun run, boolean confirm, Progress progress) {
        String id = run.id();
        setStatus(id, Status.RUNNING, null, null);
        ImportEngine.Outcome outcome;
        try (Report report = new Report(dir(id).resolve("rapport.csv"))) {
            Map<Path, String> files = new LinkedHashMap<>();
            for (String f : run.files()) {
                files.put(files(id).resolve(f), f);
            }
            outcome = engine.run(files, new ImportEngine.Options(run.uai() == null ? Optional.empty() : Optional.of(run.uai().value()),
                    confirm, demoBox || DEMO.equals(run.source())), progress, report);
        } catch (IOException | RuntimeException e) {
            LOG.error("Import {} failed", id, e);
            outcome = new ImportEngine.Outcome(Status.FAILED, "L'import a échoué (erreur technique) : "
                    + "les catégories déjà enregistrées le restent. Réessayez ; si l'erreur revient, transmettez le journal à l'assistance.");
        }
        Counts counts = progress.committedCounts();
        setStatus(id, outcome.status(), outcome.message(), counts);
        running.remove(id);
        LOG.info("Import {} ended {}: {}", id, outcome.status(), counts.summary());
    }

    private void setStatus(String id, Status status, String message, Counts counts) {
        write("UPDATE import_run SET status = ?, message = ?, finished_at = ?, created_count = ?, updated_count = ?, "
                + "unchanged_count = ?, deactivated_count = ?, rejected_count = ?, ignored_attributes = ? WHERE id = ?", ps -> {
                    Counts c = counts == null ? Counts.ZERO : counts;
                    ps.setString(1, status.name());
                    ps.setString(2, message);
                    if (status.finished()) {
                        ps.setTimestamp(3, now(), utc());
                    } else {
                        ps.setNull(3, java.sql.Types.TIMESTAMP);
                    }
                    ps.setLong(4, c.created());
                    ps.setLong(5, c.updated());
                    ps.setLong(6, c.unchanged());
                    ps.setLong(7, c.deactivated());
                    ps.setLong(8, c.rejected());
                    ps.setLong(9, c.ignoredAttributes());
                    ps.setString(10, id);
                });
    }

    @Override
    public Optional<ImportRun> find(String id) {
        if (id == null || !id.matches("[0-9a-f-]{36}")) {
            return Optional.empty();
        }
        List<ImportRun> runs = select("WHERE id = ?", id, 1);
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    @Override
    public List<ImportRun> list(int max) {
        return select("", null, Math.max(1, Math.min(max, 500)));
    }

    @Override
    public Optional<Path> report(String id) {
        return find(id).filter(r -> r.status().finished()).map(r -> dir(r.id()).resolve("rapport.csv")).filter(Files::isRegularFile);
    }

    private List<ImportRun> select(String where, String param, int max) {
        String sql = "SELECT id, status, source, uai, actor, files, created_at, finished_at, created_count, updated_count, "
                + "unchanged_count, deactivated_count, rejected_count, ignored_attributes, message FROM import_run " + where
                + " ORDER BY created_at DESC, id";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setMaxRows(max);
            if (param != null) {
                ps.setString(1, param);
            }
            List<ImportRun> runs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    Progress live = running.get(id);
                    Counts counts = live != null ? live.counts()
                            : new Counts(rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getLong(12), rs.getLong(13), rs.getLong(14));
                    String files = rs.getString(6);
                    Timestamp finished = rs.getTimestamp(8, utc());
                    runs.add(new ImportRun(id, Status.valueOf(rs.getString(2)), rs.getString(3),
                            rs.getString(4) == null ? null : new Uai(rs.getString(4)), rs.getString(5),
                            files == null || files.isEmpty() ? List.of() : Arrays.asList(files.split("\n")),
                            rs.getTimestamp(7, utc()).toInstant(), finished == null ? null : finished.toInstant(), counts,
                            live != null && rs.getString(15) == null ? live.step() : rs.getString(15),
                            live != null ? live.total() : 0));
                }
            }
            return runs;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    // ------------------------------------------------------------------ helpers

    private Path dir(String id) {
        return root.resolve(id);
    }

    private Path files(String id) {
        return dir(id).resolve("files");
    }

    private static boolean accepted(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return ACCEPTED.stream().anyMatch(n::endsWith);
    }

    private void checkCount(int count) {
        if (count > maxFiles) {
            throw new ProblemException(413, "import-too-many-files", "Un import compte " + maxFiles + " fichiers au plus.");
        }
    }

    static String safeName(String fileName) {
        String n = fileName == null ? "" : fileName.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1).strip().replace(' ', '_');
        n = java.text.Normalizer.normalize(n, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        if (!SAFE_NAME.matcher(n).matches()) {
            throw new ProblemException(400, "invalid-file-name", "Nom de fichier refusé : utilisez des lettres sans accent, "
                    + "des chiffres, le point, le tiret ou le tiret bas (200 caractères au plus).");
        }
        return n;
    }

    private static long size(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            long total = 0;
            for (Path p : (Iterable<Path>) s::iterator) {
                total += Files.size(p);
            }
            return total;
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void write(String sql, Binder binder) {
        update(sql, binder);
    }

    private int update(String sql, Binder binder) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    private static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"), Locale.ROOT);
    }

    static final String CANCELLED_MESSAGE = "Import abandonné par le référent : rien n'a été enregistré, aucun compte n'a été désactivé.";

    private static ProblemException unknownImport() {
        return new ProblemException(404, "unknown-import", "Cet import n'existe pas.");
    }

    private static ProblemException storageProblem(IOException e) {
        LOG.error("Import storage failed: {}", e.toString());
        return new ProblemException(503, "import-storage", "Le boîtier n'a pas pu enregistrer le fichier (disque plein ?). "
                + "Réessayez ; si l'erreur revient, prévenez l'assistance.", e);
    }

    private static ProblemException unavailable(SQLException e) {
        LOG.error("Import bookkeeping failed (SQLState {})", e.getSQLState());
        return new ProblemException(503, "directory-unavailable", "L'annuaire est momentanément indisponible. Réessayez dans quelques instants.", e);
    }
}
