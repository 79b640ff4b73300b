package fr.preau.directory.internal.ldap;

import fr.preau.api.ProblemException;
import fr.preau.directory.DirectorySync;
import fr.preau.directory.ImportRun;
import fr.preau.directory.ImportRun.Status;
import fr.preau.directory.ImportService;
import fr.preau.directory.internal.FileTrees;
import fr.preau.directory.internal.feed.FeedCategory;
import fr.preau.directory.internal.ldap.LdapSettings.Search;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LDAP sync: {@link LdapExporter} writes the directory as a complete AAF export into a work
 * folder, then {@link ImportService} imports it (actor {@value #ACTOR}, source {@code LDAP}) like
 * files sent by the referent — same guard, same transactions, same report. Runs on demand and
 * every {@code interval_minutes}; one sync at a time. When the directory cannot be read entirely,
 * no import is made at all.
 *
 * <p>The console edits the settings: {@link #saveSettings} writes the file Felix fileinstall watches
 * ({@link LdapSettingsFile}, atomically), then hands ConfigurationAdmin the same strings and applies
 * them at once. Fileinstall then finds a configuration equal to its file (no update). The strings
 * are deliberately not tied to the file by {@code felix.fileinstall.filename}: fileinstall would
 * then write the configuration back into the file in place (truncate, then write), and for that
 * moment the file holding the bind password would be empty — a crash there loses the settings.
 */
@Component(service = DirectorySync.class, configurationPid = LdapSync.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = LdapSettings.Config.class)
public final class LdapSync implements DirectorySync {

    public static final String PID = "fr.preau.directory.ldap";
    /** Who the imports of the sync are made by. */
    public static final String ACTOR = "ldap-sync";

    private static final Logger LOG = LoggerFactory.getLogger(LdapSync.class);
    private static final long POLL_MILLIS = 200;

    /** The configuration as last given: settings, or why they are unusable (and whether it names a server at all). */
    private record Current(LdapSettings.Config config, LdapSettings settings, String problem, boolean named) {
    }

    /** Makes stored settings effective (ConfigurationAdmin in the box). */
    interface Publisher {
        void publish(Dictionary<String, Object> properties) throws IOException;
    }

    /** How many imports {@link #last()} looks through for the newest LDAP one after a restart. */
    private static final int LAST_LOOKUP = 200;

    /** Why the stored bind password is not sent to another server than the one it was given for. */
    private static final String PASSWORD_REQUIRED = "Vous avez changé l'adresse du serveur : saisissez à nouveau le mot de passe du "
            + "compte de lecture. Par sécurité, le mot de passe enregistré n'est envoyé qu'au serveur pour lequel il a été saisi.";

    /** A sync under way: its import once queued, then once finished. */
    private static final class Job {
        final CompletableFuture<ImportRun> queued = new CompletableFuture<>();
        final CompletableFuture<ImportRun> finished = new CompletableFuture<>();
    }

    private final ImportService imports;
    private final Clock clock;
    private final Path workRoot;
    private final LdapSettingsFile file;
    private final Publisher publisher;
    private final ScheduledExecutorService worker;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Current current;
    private volatile LastSync last;
    private ScheduledFuture<?> schedule;

    @Activate
    public LdapSync(@Reference(name = "imports") ImportService imports, @Reference(name = "clock") Clock clock,
            @Reference(name = "configurations", cardinality = ReferenceCardinality.OPTIONAL) ConfigurationAdmin configurations,
            LdapSettings.Config config) {
        this(imports, clock, data().resolve("ldap-sync"), new LdapSettingsFile(data().resolve("etc").resolve(LdapSettingsFile.NAME)),
                configurations == null ? null : properties -> {
                    Configuration c = configurations.getConfiguration(PID, "?");
                    c.updateIfDifferent(properties);
                }, config);
    }

    private static Path data() {
        return Paths.get(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "preau");
    }

    LdapSync(ImportService imports, Clock clock, Path workRoot, LdapSettings.Config config) {
        this(imports, clock, workRoot, new LdapSettingsFile(workRoot.resolve("etc").resolve(LdapSettingsFile.NAME)), null, config);
    }

    LdapSync(ImportService imports, Clock clock, Path workRoot, LdapSettingsFile file, Publisher publisher, LdapSettings.Config config) {
        this.imports = imports;
        this.clock = clock;
        this.workRoot = workRoot;
        this.file = file;
        this.publisher = publisher;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "preau-ldap-sync");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.worker = executor;
        apply(config);
    }

    @Modified
    void modified(LdapSettings.Config config) {
        apply(config);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(30, TimeUnit.SECONDS);
    }

    private synchronized void apply(LdapSettings.Config config) {
        Current c;
        try {
            c = new Current(config, LdapSettings.of(config), null, true);
        } catch (LdapSettings.Invalid e) {
            c = new Current(config, null, e.getMessage(), LdapSettings.configured(config));
            if (LdapSettings.configured(config)) {
                LOG.warn("LDAP sync configuration unusable: {}", e.getMessage());
            }
        }
        current = c;
        if (schedule != null) {
            schedule.cancel(false);
            schedule = null;
        }
        if (c.settings != null && c.settings.intervalMinutes() > 0) {
            long every = c.settings.intervalMinutes();
            schedule = worker.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MINUTES);
            LOG.info("LDAP sync of {} every {} minutes", c.settings.url(), every);
        }
    }

    @Override
    public boolean configured() {
        return current.settings != null;
    }

    @Override
    public Diagnosis test() {
        Current c = current;
        if (c.settings == null) {
            return new Diagnosis(false, c.problem, 0, 0);
        }
        return test(c.settings);
    }

    @Override
    public Diagnosis test(Settings values, String password) {
        LdapSettings.Config stored = current.config;
        String secret = password;
        if (secret == null || secret.isEmpty()) {
            if (!stored._bind_password().isEmpty() && !sameServer(values.url(), stored.url())) {
                return new Diagnosis(false, PASSWORD_REQUIRED, 0, 0);
            }
            secret = stored._bind_password();
        }
        LdapSettings s;
        try {
            s = LdapSettings.of(LdapSettingsFile.Values.of(values, secret));
        } catch (LdapSettings.Invalid e) {
            return new Diagnosis(false, e.getMessage(), 0, 0);
        }
        return test(s);
    }

    /** Whether two server addresses name the same servers (case and spaces aside). */
    static boolean sameServer(String a, String b) {
        return normalise(a).equals(normalise(b));
    }

    private static String normalise(String url) {
        return String.join(" ", (url == null ? "" : url.strip().toLowerCase(Locale.ROOT)).split("\\s+"));
    }

    @Override
    public Settings settings() {
        return LdapSettingsFile.settings(current.config);
    }

    @Override
    public Settings saveSettings(Settings values, String password) {
        synchronized (file) {
            LdapSettings.Config stored = current.config;
            String secret;
            if (password == null) {
                if (!stored._bind_password().isEmpty() && !values.url().isEmpty() && !sameServer(values.url(), stored.url())) {
                    throw new ProblemException(400, "ldap-password-required", PASSWORD_REQUIRED);
                }
                secret = stored._bind_password();
            } else {
                secret = password;
            }
            LdapSettingsFile.Values config = LdapSettingsFile.Values.of(values, secret);
            if (LdapSettings.configured(config)) {
                try {
                    LdapSettings.of(config);
                } catch (LdapSettings.Invalid e) {
                    throw new ProblemException(400, "ldap-settings-invalid", e.getMessage());
                }
            }
            try {
                file.write(config);
            } catch (IOException | RuntimeException e) {
                LOG.error("LDAP settings not written to {}: {}", file.path(), e.toString());
                throw new ProblemException(500, "ldap-settings-not-saved", "Les réglages LDAP n'ont pas pu être enregistrés "
                        + "(écriture du fichier impossible). Réessayez ; si l'erreur revient, transmettez le journal à l'assistance.");
            }
            if (publisher != null) {
                try {
                    publisher.publish(LdapSettingsFile.dictionary(config));
                } catch (IOException | RuntimeException e) {
                    // the file is written: fileinstall applies it within seconds anyway
                    LOG.warn("LDAP settings written, but not handed to ConfigurationAdmin: {}", e.toString());
                }
            }
            apply(config);
            LOG.info("LDAP settings saved: {}", LdapSettings.configured(config) ? "sync of " + config.url() : "sync turned off");
            return settings();
        }
    }

    private Diagnosis test(LdapSettings s) {
        try (LdapDirectory d = LdapDirectory.open(s)) {
            d.checkBase();
            long structures = 0;
            long people = 0;
            List<String> detail = new ArrayList<>();
            for (Search search : s.searches()) {
                long n = d.count(search);
                if (search.category() == FeedCategory.STRUCTURE) {
                    structures = n;
                } else if (search.category().isPerson()) {
                    people += n;
                    detail.add(count(n, noun(search.category())));
                }
            }
            String message = "Connexion réussie : " + count(structures, "établissement") + ", " + count(people, "personne")
                    + (people > 1 ? " trouvées" : " trouvée") + (detail.isEmpty() ? "" : " (" + String.join(", ", detail) + ")") + ".";
            return new Diagnosis(true, message, structures, people);
        } catch (LdapFailure f) {
            LOG.info("LDAP connection test failed: {}", f.kind());
            return new Diagnosis(false, f.getMessage(), 0, 0);
        }
    }

    private static String noun(FeedCategory category) {
        return switch (category) {
            case ELEVE -> "élève";
            case RESPONSABLE -> "responsable";
            default -> "personnel";
        };
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n > 1 ? "s" : "");
    }

    @Override
    public ImportRun syncNow() {
        return await(submit().finished);
    }

    @Override
    public ImportRun startSync() {
        return await(submit().queued);
    }

    @Override
    public Optional<LastSync> last() {
        LastSync l = last;
        if (l != null) {
            return Optional.of(l);
        }
        try {
            return imports.list(LAST_LOOKUP).stream().filter(r -> "LDAP".equals(r.source())).findFirst().map(LdapSync::lastOf);
        } catch (RuntimeException e) {
            LOG.warn("LDAP sync: past imports unreadable: {}", e.toString());
            return Optional.empty();
        }
    }

    /** The last sync as an import of a past run of the box tells it. */
    static LastSync lastOf(ImportRun run) {
        return new LastSync(run.createdAt(), run.status().finished() ? run.finishedAt() : null, run.status() != Status.FAILED, run.id(),
                headline(run));
    }

    /** What a sync's import says of it, in French. */
    static String headline(ImportRun run) {
        return switch (run.status()) {
            case DONE -> "Synchronisation terminée : " + counts(run.counts()) + ".";
            case CONFIRMATION_REQUIRED -> "Synchronisation en attente de confirmation : " + run.message();
            case FAILED, CANCELLED -> "La synchronisation n'a rien importé : " + run.message();
            case RECEIVING, QUEUED, RUNNING -> "Annuaire lu : import en cours.";
        };
    }

    private static String counts(ImportRun.Counts c) {
        return c.created() + " créé(s), " + c.updated() + " modifié(s), " + c.unchanged() + " inchangé(s), " + c.deactivated()
                + " désactivé(s), " + c.rejected() + " rejeté(s)";
    }

    private Job submit() {
        Current c = current;
        if (c.settings == null) {
            throw new ProblemException(503, c.named ? "ldap-settings-invalid" : "ldap-not-configured", c.problem);
        }
        if (!running.compareAndSet(false, true)) {
            throw new ProblemException(409, "ldap-sync-running", "Une synchronisation LDAP est déjà en cours : attendez qu'elle se termine.");
        }
        Job job = new Job();
        try {
            worker.execute(() -> run(c.settings, job));
        } catch (RuntimeException e) {
            running.set(false);
            throw new ProblemException(503, "ldap-sync-stopped", "La synchronisation LDAP est arrêtée (redémarrage du boîtier en cours).", e);
        }
        return job;
    }

    /** A scheduled sync: runs on the calling thread, unless a sync is already running. */
    void tick() {
        Current c = current;
        if (c.settings == null || !running.compareAndSet(false, true)) {
            LOG.info("Scheduled LDAP sync skipped: {}", c.settings == null ? "not configured" : "a sync is running");
            return;
        }
        run(c.settings, new Job());
    }

    private static ImportRun await(CompletableFuture<ImportRun> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(503, "ldap-sync-stopped", "La synchronisation LDAP a été interrompue (arrêt du boîtier).", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProblemException p) {
                throw p;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * One sync, on the worker thread; {@link #running} is set. It is cleared before the callers
     * learn the outcome, so that a caller may chain syncs.
     */
    private void run(LdapSettings settings, Job job) {
        Instant started = clock.instant();
        last = new LastSync(started, null, true, null, "Lecture de l'annuaire LDAP en cours…");
        Path work = workRoot.resolve("sync-" + UUID.randomUUID());
        String importId = null;
        ImportRun result = null;
        String summary = null;
        ProblemException failure = null;
        try {
            LdapExporter.Export export = new LdapExporter(settings).export(work, LocalDate.now(clock));
            if (export.skipped() > 0) {
                LOG.warn("LDAP sync: {} entries without join key skipped", export.skipped());
            }
            ImportRun run = imports.create(ACTOR, Optional.empty(), "LDAP");
            importId = run.id();
            for (Path f : export.files()) {
                try (InputStream in = Files.newInputStream(f)) {
                    imports.addFile(run.id(), f.getFileName().toString(), in);
                }
            }
            run = imports.start(run.id(), false);
            delete(work);
            last = new LastSync(started, null, true, run.id(), "Annuaire lu : import en cours.");
            job.queued.complete(run);
            result = waitForEnd(run.id());
            summary = summary(result, export);
            LOG.info("LDAP sync ended: import {} {}", result.id(), result.status());
        } catch (LdapFailure f) {
            LOG.warn("LDAP sync failed ({}): {}", f.kind(), f.getMessage());
            failure = new ProblemException(502, "ldap-sync-failed", f.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new ProblemException(503, "ldap-sync-stopped", "La synchronisation LDAP a été interrompue (arrêt du boîtier)"
                    + (importId == null ? " : rien n'a été importé." : " ; l'import déjà lancé se poursuit ou reprendra."));
        } catch (ProblemException e) {
            LOG.error("LDAP sync: the import could not be made: {} {}", e.code(), e.title());
            failure = e;
        } catch (IOException | RuntimeException e) {
            LOG.error("LDAP sync failed", e);
            failure = technical(importId, e);
        } finally {
            delete(work);
            if (result == null && failure == null) {
                failure = technical(importId, null); // an Error is on its way
            }
            running.set(false);
            if (failure == null) {
                last = new LastSync(started, clock.instant(), result.status() != Status.FAILED, result.id(), summary);
                job.finished.complete(result);
            } else {
                last = new LastSync(started, clock.instant(), false, importId, failure.title());
                job.queued.completeExceptionally(failure);
                job.finished.completeExceptionally(failure);
            }
        }
    }

    private static ProblemException technical(String importId, Exception e) {
        return new ProblemException(500, "ldap-sync-error", "La synchronisation LDAP a échoué (erreur technique)"
                + (importId == null ? " : rien n'a été importé." : ".")
                + " Réessayez ; si l'erreur revient, transmettez le journal à l'assistance.", e);
    }

    private ImportRun waitForEnd(String id) throws InterruptedException {
        while (true) {
            ImportRun run = imports.find(id).orElseThrow(() -> new IllegalStateException("import " + id + " vanished"));
            if (run.status().finished()) {
                return run;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static String summary(ImportRun run, LdapExporter.Export export) {
        String head = headline(run);
        return export.skipped() == 0 ? head : head + " " + export.skipped() + " entrée(s) LDAP sans clé de jointure ignorée(s).";
    }

    private static void delete(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            LOG.warn("LDAP sync: work folder {} not removed: {}", dir, e.toString());
        }
    }
}
