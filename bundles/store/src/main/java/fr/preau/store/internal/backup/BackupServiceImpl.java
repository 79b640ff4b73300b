package fr.preau.store.internal.backup;

import fr.preau.store.backup.BackupArchive;
import fr.preau.store.backup.BackupException;
import fr.preau.store.backup.BackupResult;
import fr.preau.store.backup.BackupService;
import fr.preau.store.backup.BackupSettings;
import fr.preau.store.backup.BackupStatus;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The box's backups ({@link BackupService}). Settings, the derived key (0600, never archived) and
 * the last result live in {@code <data>/preau/backups/}, each written atomically. One backup at a
 * time, on its own thread; every DataSource of the box is saved (Derby's online backup), whichever
 * modules are there.
 */
@Component(service = BackupService.class, immediate = true)
public final class BackupServiceImpl implements BackupService {

    static final int MIN_PASSPHRASE = 12;
    /** Read by the console's « État de la box » (admin's BoxHealthResource.BACKUP_MARKER). */
    static final String HEALTH_MARKER = "preau/backup/last-backup.properties";
    static final int DEFAULT_HOUR = 2;
    static final int DEFAULT_DAILY = 7;
    static final int DEFAULT_WEEKLY = 4;

    private static final Logger LOG = LoggerFactory.getLogger(BackupServiceImpl.class);

    private final Path data;
    private final Path etc;
    private final Clock clock;
    private final String boxVersion;
    private final int iterations;
    private final Map<Object, DataSource> dataSources = new ConcurrentHashMap<>();
    private final Map<Object, String> names = new ConcurrentHashMap<>();
    private final ExecutorService worker;
    private final AtomicReference<Running> running = new AtomicReference<>();
    private final Object lock = new Object();

    private record Running(String trigger, Instant startedAt, String phase) {
    }

    @Activate
    public BackupServiceImpl(BundleContext context, @Reference(name = "clock") Clock clock) {
        this(Paths.get(Optional.ofNullable(context.getProperty("karaf.data")).orElse("data")),
                Optional.ofNullable(context.getProperty("karaf.etc")).map(Paths::get).orElse(null), clock,
                context.getBundle().getVersion().toString(), BackupKey.DEFAULT_ITERATIONS);
    }

    BackupServiceImpl(Path data, Path etc, Clock clock, String boxVersion, int iterations) {
        this.data = data.toAbsolutePath().normalize();
        this.etc = etc;
        this.clock = clock;
        this.boxVersion = boxVersion;
        this.iterations = iterations;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "preau-backup");
            t.setDaemon(true);
            return t;
        });
    }

    @Reference(name = "dataSources", service = DataSource.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindDataSource(ServiceReference<DataSource> ref, DataSource ds) {
        Object name = Optional.ofNullable(ref.getProperty("dataSourceName"))
                .or(() -> Optional.ofNullable(ref.getProperty("osgi.jndi.service.name")))
                .orElse(ref.getProperty("service.id"));
        dataSources.put(ref.getProperty("service.id"), ds);
        names.put(ref.getProperty("service.id"), String.valueOf(name));
    }

    void unbindDataSource(ServiceReference<DataSource> ref, DataSource ds) {
        dataSources.remove(ref.getProperty("service.id"), ds);
        names.remove(ref.getProperty("service.id"));
    }

    /** For tests: a DataSource by name. */
    void addDataSource(String name, DataSource ds) {
        dataSources.put(name, ds);
        names.put(name, name);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(30, TimeUnit.SECONDS);
    }

    private Path dir() {
        return data.resolve("preau").resolve("backups");
    }

    // ------------------------------------------------------------------ settings

    @Override
    public BackupSettings settings() {
        Properties p = load(dir().resolve("settings.properties"));
        return new BackupSettings(p.getProperty("folder", ""), intOf(p, "hour", DEFAULT_HOUR),
                intOf(p, "keep.daily", DEFAULT_DAILY), intOf(p, "keep.weekly", DEFAULT_WEEKLY),
                Files.isRegularFile(dir().resolve("key")));
    }

    @Override
    public BackupSettings updateSettings(BackupSettings s) {
        if (s == null) {
            throw new BackupException(400, "missing-field", "Indiquez le dossier, l’heure et la durée de conservation.");
        }
        String folder = s.folder() == null ? "" : s.folder().trim();
        if (!folder.isEmpty()) {
            checkFolder(folder);
        }
        if (s.hour() < -1 || s.hour() > 23) {
            throw new BackupException(400, "invalid-hour", "L’heure de la sauvegarde doit être comprise entre 0 et 23.");
        }
        if (s.keepDaily() < 1 || s.keepDaily() > 365 || s.keepWeekly() < 0 || s.keepWeekly() > 520) {
            throw new BackupException(400, "invalid-retention",
                    "Conservez au moins une sauvegarde quotidienne (jusqu’à 365 jours, et 0 à 520 semaines).");
        }
        Properties p = new Properties();
        p.setProperty("folder", folder);
        p.setProperty("hour", Integer.toString(s.hour()));
        p.setProperty("keep.daily", Integer.toString(s.keepDaily()));
        p.setProperty("keep.weekly", Integer.toString(s.keepWeekly()));
        synchronized (lock) {
            store(dir().resolve("settings.properties"), p, false);
        }
        return settings();
    }

    private void checkFolder(String folder) {
        Path path;
        try {
            path = Paths.get(folder);
        } catch (RuntimeException e) {
            throw new BackupException(400, "invalid-folder", "Ce chemin de dossier n’est pas valide.");
        }
        if (!path.isAbsolute()) {
            throw new BackupException(400, "invalid-folder",
                    "Indiquez le chemin complet du dossier, par exemple /media/sauvegardes.");
        }
        path = path.normalize();
        if (path.startsWith(data.resolve("preau"))) {
            throw new BackupException(400, "invalid-folder",
                    "Choisissez un dossier hors des données de la box (de préférence sur un disque USB ou un partage réseau).");
        }
        if (!Files.isDirectory(path)) {
            throw new BackupException(400, "folder-not-found",
                    "Le dossier « " + folder + " » est introuvable. Vérifiez que le disque est branché ou que le partage est monté.");
        }
        try {
            Path probe = Files.createTempFile(path, ".preau-probe-", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new BackupException(400, "folder-not-writable",
                    "La box ne peut pas écrire dans le dossier « " + folder + " ». Vérifiez ses droits.");
        }
    }

    @Override
    public void setPassphrase(char[] passphrase) {
        try {
            if (passphrase == null || passphrase.length < MIN_PASSPHRASE) {
                throw new BackupException(400, "passphrase-too-short",
                        "La phrase de passe doit compter au moins " + MIN_PASSPHRASE + " caractères.");
            }
            BackupKey key = BackupKey.fromPassphrase(passphrase, iterations);
            Properties p = new Properties();
            p.setProperty("kdf", "PBKDF2-HMAC-SHA256");
            p.setProperty("iterations", Integer.toString(key.iterations()));
            p.setProperty("salt", Base64.getEncoder().encodeToString(key.salt()));
            p.setProperty("master", Base64.getEncoder().encodeToString(key.master()));
            synchronized (lock) {
                store(dir().resolve("key"), p, true);
            }
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }
    }

    @Override
    public void clearPassphrase() {
        synchronized (lock) {
            try {
                Files.deleteIfExists(dir().resolve("key"));
            } catch (IOException e) {
                throw new BackupException(500, "key-not-deleted", "La clé de chiffrement n’a pas pu être supprimée de la box.");
            }
        }
    }

    private BackupKey key() {
        Path file = dir().resolve("key");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = load(file);
        try {
            return new BackupKey(Integer.parseInt(p.getProperty("iterations")),
                    Base64.getDecoder().decode(p.getProperty("salt")), Base64.getDecoder().decode(p.getProperty("master")));
        } catch (RuntimeException e) {
            throw new BackupException(500, "key-unreadable",
                    "La clé de chiffrement des sauvegardes est illisible : indiquez à nouveau la phrase de passe.");
        }
    }

    // ------------------------------------------------------------------ status and archives

    @Override
    public BackupStatus status() {
        Running r = running.get();
        Properties p = load(dir().resolve("status.properties"));
        BackupResult last = null;
        if (p.getProperty("started") != null) {
            last = new BackupResult(Boolean.parseBoolean(p.getProperty("ok")), p.getProperty("trigger"),
                    instant(p.getProperty("started")), instant(p.getProperty("ended")), p.getProperty("archive"),
                    longOf(p, "bytes"), (int) longOf(p, "entries"), p.getProperty("error"), p.getProperty("code"),
                    (int) longOf(p, "deleted"));
        }
        return new BackupStatus(r != null, r == null ? null : r.phase(), r == null ? null : r.startedAt(), last,
                instant(p.getProperty("scheduled")));
    }

    @Override
    public List<BackupArchive> archives() {
        String folder = settings().folder();
        List<BackupArchive> list = new ArrayList<>();
        if (folder.isEmpty() || !Files.isDirectory(Paths.get(folder))) {
            return list;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Paths.get(folder))) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                Optional<ArchiveName> parsed = ArchiveName.parse(name);
                if (parsed.isPresent() && Files.isRegularFile(p)) {
                    list.add(new BackupArchive(name, Files.size(p), parsed.get().time().atZone(clock.getZone()).toInstant(),
                            parsed.get().encrypted(), "COMPLETE"));
                } else if (ArchiveName.isPart(name)) {
                    Optional<ArchiveName> inner = ArchiveName.parse(name.substring(1, name.length() - ArchiveName.PART_SUFFIX.length()));
                    if (inner.isPresent()) {
                        list.add(new BackupArchive(name, Files.size(p), inner.get().time().atZone(clock.getZone()).toInstant(),
                                inner.get().encrypted(), "INCOMPLETE"));
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("Backup folder unreadable: {}", e.toString());
        }
        list.sort(Comparator.comparing(BackupArchive::createdAt).reversed());
        return list;
    }

    // ------------------------------------------------------------------ running

    @Override
    public CompletionStage<BackupResult> start(String label, String trigger) {
        BackupSettings settings = settings();
        if (settings.folder().isEmpty()) {
            throw new BackupException(409, "no-folder",
                    "Choisissez d’abord le dossier des sauvegardes (un disque USB ou un partage réseau).");
        }
        Instant started = clock.instant();
        if (!running.compareAndSet(null, new Running(trigger, started, "start"))) {
            throw new BackupException(409, "backup-running", "Une sauvegarde est déjà en cours : attendez qu’elle se termine.");
        }
        if ("schedule".equals(trigger)) {
            updateStatus(p -> p.setProperty("scheduled", started.toString()));
        }
        CompletableFuture<BackupResult> done = new CompletableFuture<>();
        try {
            worker.execute(() -> {
                BackupResult result = run(label, trigger, started, settings);
                running.set(null);
                done.complete(result);
            });
        } catch (RuntimeException e) {
            running.set(null);
            throw new BackupException(500, "backup-not-started", "La sauvegarde n’a pas pu démarrer.");
        }
        return done;
    }

    private BackupResult run(String label, String trigger, Instant started, BackupSettings settings) {
        Path folder = Paths.get(settings.folder());
        BackupResult result;
        try {
            if (!Files.isDirectory(folder)) {
                throw new BackupException(500, "folder-not-found", "Le dossier des sauvegardes « " + folder
                        + " » est introuvable. Vérifiez que le disque est branché ou que le partage est monté.");
            }
            removeParts(folder);
            Map<String, DataSource> byName = new java.util.TreeMap<>();
            dataSources.forEach((id, ds) -> byName.put(names.getOrDefault(id, String.valueOf(id)), ds));
            ZonedDateTime now = ZonedDateTime.ofInstant(started, clock.getZone());
            BackupJob job = new BackupJob(data, etc, folder, key(), byName,
                    phase -> running.updateAndGet(r -> r == null ? null : new Running(r.trigger(), r.startedAt(), phase)));
            BackupJob.Written written = job.run(label, now, boxVersion);
            running.updateAndGet(r -> r == null ? null : new Running(r.trigger(), r.startedAt(), "retention"));
            int deleted = applyRetention(folder, settings);
            result = new BackupResult(true, trigger, started, clock.instant(), written.fileName(), written.bytes(),
                    written.entries(), null, null, deleted);
            LOG.info("Backup {} written ({} entries, {} bytes, databases {}); {} old archive(s) removed",
                    written.fileName(), written.entries(), written.bytes(), written.databases(), deleted);
        } catch (BackupException e) {
            result = failed(trigger, started, e.code(), e.getMessage());
            LOG.warn("Backup failed: {}", e.code());
        } catch (IOException e) {
            String message = e.getMessage() != null && e.getMessage().contains("No space left")
                    ? "Le dossier des sauvegardes est plein : libérez de la place ou choisissez un disque plus grand."
                    : "La sauvegarde n’a pas pu être écrite dans le dossier (" + e.getClass().getSimpleName()
                            + ") : vérifiez le disque ou le partage.";
            result = failed(trigger, started, "write-failed", message);
            LOG.warn("Backup failed while writing", e);
        } catch (SQLException e) {
            result = failed(trigger, started, "database-backup-failed",
                    "La copie d’une base de données a échoué (SQLState " + e.getSQLState() + ") : consultez le journal de la box.");
            LOG.warn("Backup failed while copying a database (SQLState {})", e.getSQLState(), e);
        } catch (RuntimeException e) {
            result = failed(trigger, started, "backup-failed", "La sauvegarde a échoué : consultez le journal de la box.");
            LOG.error("Backup failed", e);
        }
        BackupResult r = result;
        writeHealthMarker(r);
        updateStatus(p -> {
            p.setProperty("ok", Boolean.toString(r.ok()));
            p.setProperty("trigger", String.valueOf(r.trigger()));
            p.setProperty("started", r.startedAt().toString());
            p.setProperty("ended", r.endedAt().toString());
            p.setProperty("bytes", Long.toString(r.bytes()));
            p.setProperty("entries", Integer.toString(r.entries()));
            p.setProperty("deleted", Integer.toString(r.deleted()));
            set(p, "archive", r.archive());
            set(p, "error", r.error());
            set(p, "code", r.code());
        });
        return result;
    }

    /**
     * The last run as the console's « État de la box » reads it (bundle admin's BoxHealthResource:
     * {@value #HEALTH_MARKER}, finishedAt / status OK|FAILED / size / message).
     */
    private void writeHealthMarker(BackupResult r) {
        Properties p = new Properties();
        p.setProperty("finishedAt", r.endedAt().toString());
        p.setProperty("status", r.ok() ? "OK" : "FAILED");
        if (r.ok()) {
            p.setProperty("size", Long.toString(r.bytes()));
        } else {
            p.setProperty("message", r.error());
        }
        try {
            StringWriter text = new StringWriter();
            p.store(text, null);
            Archive.writeAtomically(data.resolve(HEALTH_MARKER), text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("Backup marker for the console not written: {}", e.toString());
        }
    }

    private BackupResult failed(String trigger, Instant started, String code, String message) {
        return new BackupResult(false, trigger, started, clock.instant(), null, 0, 0, message, code, 0);
    }

    private int applyRetention(Path folder, BackupSettings settings) throws IOException {
        List<ArchiveName> names = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder, "preau-*.tar*")) {
            for (Path p : dir) {
                ArchiveName.parse(p.getFileName().toString()).ifPresent(names::add);
            }
        }
        int deleted = 0;
        for (ArchiveName a : Retention.toDelete(names, ZonedDateTime.now(clock), settings.keepDaily(), settings.keepWeekly())) {
            if (Files.deleteIfExists(folder.resolve(a.fileName()))) {
                deleted++;
            }
        }
        return deleted;
    }

    /** Temporary files of interrupted backups (a crash, a power cut) are removed before the next one. */
    private static void removeParts(Path folder) throws IOException {
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder, ".preau-*.part")) {
            for (Path p : dir) {
                Files.deleteIfExists(p);
            }
        }
    }

    // ------------------------------------------------------------------ small files

    private void updateStatus(java.util.function.Consumer<Properties> change) {
        synchronized (lock) {
            Properties p = load(dir().resolve("status.properties"));
            change.accept(p);
            try {
                store(dir().resolve("status.properties"), p, false);
            } catch (BackupException e) {
                LOG.warn("Backup status not saved");
            }
        }
    }

    private static void set(Properties p, String key, String value) {
        if (value == null) {
            p.remove(key);
        } else {
            p.setProperty(key, value);
        }
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try {
                p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("Unreadable backup file {}: {}", file.getFileName(), e.toString());
            }
        }
        return p;
    }

    private static void store(Path file, Properties p, boolean secret) {
        try {
            StringWriter text = new StringWriter();
            p.store(text, null);
            Files.createDirectories(file.getParent());
            Archive.writeAtomically(file, text.toString().getBytes(StandardCharsets.UTF_8));
            if (secret) {
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system
                }
            }
        } catch (IOException e) {
            throw new BackupException(500, "settings-not-saved", "Les réglages des sauvegardes n’ont pas pu être enregistrés.");
        }
    }

    private static int intOf(Properties p, String key, int dflt) {
        try {
            return Integer.parseInt(p.getProperty(key, Integer.toString(dflt)).trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static long longOf(Properties p, String key) {
        try {
            return Long.parseLong(p.getProperty(key, "0").trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant instant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
