package fr.preau.updates.internal;

import fr.preau.api.PersonId;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.directory.DirectoryService;
import fr.preau.web.BoxBundles;
import fr.preau.web.ModuleSwaps;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.karaf.features.BundleInfo;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.features.Repository;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The académie's updates on the box. One worker thread does everything, one thing at a time:
 * <ul>
 * <li><b>check</b> (on a schedule and on demand): reads the channel's manifest, checks its
 * signature with the pinned key, its channel, its version (only forward) and whether the
 * roll-out takes this box; then downloads every file into {@code staging/} and checks each
 * hash, and only then moves it to {@code releases/<version>/}. Any refusal leaves the box as it
 * was, tells the referent why and goes to the audit log.</li>
 * <li><b>apply</b> (at the maintenance hour, or when the referent clicks « Mettre à jour »): adds
 * the verified features repository, upgrades in place every installed feature it has a new version
 * of (Karaf's features service, hot), then waits for the box to be healthy; if it is not within
 * {@code health.timeout.seconds}, puts the previous versions back and removes the repository.</li>
 * <li><b>rollback</b> (« Revenir à la version précédente »): the same going back, on demand.</li>
 * </ul>
 * Modules the release offers and the box does not have appear in the console's Modules tab as
 * soon as the repository is added. The platform itself (startup bundles) is updated by the Debian
 * package, not by the channel.
 */
@Component(service = UpdateService.class, configurationPid = "fr.preau.updates")
@Designate(ocd = UpdateService.Config.class)
public final class UpdateService {

    @ObjectClassDefinition(name = "Préau – mises à jour de l'académie")
    public @interface Config {
        @AttributeDefinition(description = "Minutes between two automatic checks of the channel (0: only on demand)")
        int check_interval_minutes() default 360;

        @AttributeDefinition(description = "Hour (0-23, box time) at which a verified update is applied; -1: only when the referent clicks")
        int maintenance_hour() default 3;

        @AttributeDefinition(description = "Seconds the box has to be healthy again after an update before it is rolled back")
        int health_timeout_seconds() default 120;

        @AttributeDefinition(description = "Channel address used until the referent sets one (e.g. given by the académie's package)")
        String channel_url() default "";

        @AttributeDefinition(description = "Académie public key (base64) used until the referent sets one")
        String public_key() default "";
    }

    /** What the worker is doing. */
    public enum Activity {
        IDLE, CHECKING, APPLYING, ROLLING_BACK
    }

    /** A line of the history. {@code kind}: check, apply, rollback, settings. */
    public record HistoryEntry(String at, String kind, String version, boolean ok, String actor, String message) {
    }

    /** Who asked (null for the box itself) and from where. */
    public record Actor(PersonId id, String login, String address) {
        static final Actor BOX = new Actor(null, null, null);
    }

    /** What the box can tell about its health after a change. */
    interface Health {
        /** Problems (English, for the log; empty when healthy) of the box and of the given features' bundles. */
        List<String> problems(Set<String> features);
    }

    private static final Logger LOG = LoggerFactory.getLogger(UpdateService.class);
    private static final int HISTORY_KEPT = 50;

    private final FeaturesService features;
    private final AuditLog audit;
    private final Clock clock;
    private final Supplier<List<String>> boxUais;
    private final Health health;
    private final ModuleSwaps swaps;
    private final Path dir;
    private final Path system;
    private final Config config;
    private final ScheduledExecutorService worker;
    private final Object lock = new Object();
    private volatile Activity activity = Activity.IDLE;
    private UpdateState state;

    @Activate
    public UpdateService(BundleContext context, @Reference(name = "features") FeaturesService features,
            @Reference(name = "audit") AuditLog audit, @Reference(name = "clock") Clock clock,
            @Reference(name = "directory") DirectoryService directory, @Reference(name = "scr") ServiceComponentRuntime scr,
            @Reference(name = "swaps") ModuleSwaps swaps, Config config) throws IOException {
        this(features, audit, clock, () -> directory.schools().stream().map(s -> s.uai().value()).toList(),
                bundleHealth(context, scr, features), swaps,
                Paths.get(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "preau", "updates"),
                Paths.get(System.getProperty("karaf.home", ".")).resolve(System.getProperty("karaf.default.repository", "system")),
                config, true);
    }

    UpdateService(FeaturesService features, AuditLog audit, Clock clock, Supplier<List<String>> boxUais, Health health,
            ModuleSwaps swaps, Path dir, Path system, Config config, boolean schedule) throws IOException {
        this.swaps = swaps;
        this.features = features;
        this.audit = audit;
        this.clock = clock;
        this.boxUais = boxUais;
        this.health = health;
        this.dir = dir;
        this.system = system;
        this.config = config;
        this.state = UpdateState.load(dir.resolve("state.properties"));
        if (state.url.isEmpty() && !config.channel_url().isBlank()) {
            state.url = config.channel_url().strip();
        }
        if (state.publicKey.isEmpty() && !config.public_key().isBlank()) {
            state.publicKey = config.public_key().strip();
        }
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "preau-updates");
            t.setDaemon(true);
            return t;
        });
        if (schedule) {
            worker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.MINUTES);
        }
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
    }

    // ------------------------------------------------------------------------------------ reading

    /** A consistent copy of what the console shows. */
    public record View(String url, String publicKey, String fingerprint, String channel, int maintenanceHour, Activity activity,
            String lastCheckAt, boolean lastCheckOk, String lastCheckCode, String lastCheckMessage, UpdateManifest available,
            UpdateState.Release current, UpdateState.Release previous, String notice, List<HistoryEntry> history) {
    }

    public View view() throws IOException {
        synchronized (lock) {
            UpdateManifest available = null;
            if (state.availableVersion != null) {
                try {
                    available = UpdateManifest.parse(Files.readAllBytes(releaseDir(state.availableVersion).resolve("manifest")));
                } catch (IOException | UpdateRefused e) {
                    available = null;
                }
            }
            String fingerprint = null;
            try {
                fingerprint = state.publicKey.isEmpty() ? null : Keys.fingerprint(Keys.readPublic(state.publicKey));
            } catch (IllegalArgumentException e) {
                fingerprint = null;
            }
            return new View(state.url, state.publicKey, fingerprint, state.channel, config.maintenance_hour(), activity,
                    state.lastCheckAt, state.lastCheckOk, state.lastCheckCode, state.lastCheckMessage, available, state.current,
                    state.previous, state.notice, history());
        }
    }

    List<HistoryEntry> history() throws IOException {
        Path file = dir.resolve("history.tsv");
        if (!Files.exists(file)) {
            return List.of();
        }
        List<HistoryEntry> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            if (f.length == 6) {
                out.add(new HistoryEntry(f[0], f[1], f[2].isEmpty() ? null : f[2], Boolean.parseBoolean(f[3]),
                        f[4].isEmpty() ? null : f[4], f[5]));
            }
        }
        Collections.reverse(out);
        return out.size() > HISTORY_KEPT ? List.copyOf(out.subList(0, HISTORY_KEPT)) : out;
    }

    public Activity activity() {
        return activity;
    }

    // ------------------------------------------------------------------------------------ settings

    /**
     * The referent's channel settings.
     *
     * @throws IllegalArgumentException with the French reason when one is refused (nothing is changed)
     */
    public void settings(String url, String publicKey, String channel, Actor actor) throws IOException {
        String refusal = Channel.refusal(url == null ? "" : url);
        if (refusal != null) {
            throw new IllegalArgumentException("url:" + refusal);
        }
        try {
            Keys.readPublic(publicKey == null ? "" : publicKey);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("publicKey:Cette clé publique n'est pas une clé Ed25519 : recopiez la ligne donnée par "
                    + "l'académie (60 caractères, commence par MCowBQYDK2VwAyEA).");
        }
        if (channel == null || !UpdateManifest.CHANNELS.contains(channel)) {
            throw new IllegalArgumentException("channel:Choisissez le canal « stable » ou « pilote ».");
        }
        synchronized (lock) {
            if (activity != Activity.IDLE) {
                throw new IllegalStateException("busy");
            }
            boolean keyChanged = !publicKey.strip().equals(state.publicKey);
            state.url = url.strip();
            state.publicKey = publicKey.strip();
            state.channel = channel;
            if (keyChanged || state.availableVersion != null) {
                state.availableVersion = null; // verified with the settings of before: checked again
            }
            state.save();
            record("settings", null, true, actor, "Canal « " + channel + " » : " + state.url);
        }
        audit.record(new AuditEvent("updates.settings", actor.id(), channel, actor.address(), true,
                Map.of("url", url.strip(), "key", Keys.fingerprint(Keys.readPublic(publicKey)))));
    }

    // ------------------------------------------------------------------------------------ operations

    /**
     * Starts a check (the worker runs it).
     *
     * @return false when something else is under way
     */
    public boolean startCheck(Actor actor) {
        return start(Activity.CHECKING, () -> check(actor));
    }

    public boolean startApply(Actor actor) {
        return start(Activity.APPLYING, () -> apply(actor));
    }

    public boolean startRollback(Actor actor) {
        return start(Activity.ROLLING_BACK, () -> rollback(actor));
    }

    private boolean start(Activity what, Runnable work) {
        synchronized (lock) {
            if (activity != Activity.IDLE) {
                return false;
            }
            activity = what;
        }
        worker.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.error("Update {} failed unexpectedly", what, e);
            } finally {
                activity = Activity.IDLE;
            }
        });
        return true;
    }

    /** Whether an update is staged and ready. */
    public boolean hasAvailable() {
        synchronized (lock) {
            return state.availableVersion != null;
        }
    }

    public boolean hasPrevious() {
        synchronized (lock) {
            return state.current != null && state.previous != null;
        }
    }

    /** Every minute: the automatic check when due, and the apply at the maintenance hour. */
    void tick() {
        try {
            Instant now = clock.instant();
            String last;
            boolean configured;
            synchronized (lock) {
                last = state.lastCheckAt;
                configured = !state.url.isEmpty() && !state.publicKey.isEmpty();
            }
            int interval = config.check_interval_minutes();
            if (configured && interval > 0 && (last == null || Duration.between(Instant.parse(last), now).toMinutes() >= interval)
                    && compareAndSet(Activity.CHECKING)) {
                try {
                    check(Actor.BOX);
                } finally {
                    activity = Activity.IDLE;
                }
            }
            boolean due;
            synchronized (lock) {
                due = state.availableVersion != null && !state.availableVersion.equals(state.heldVersion)
                        && now.atZone(clock.getZone()).getHour() == config.maintenance_hour();
            }
            if (due && compareAndSet(Activity.APPLYING)) {
                try {
                    apply(Actor.BOX);
                } finally {
                    activity = Activity.IDLE;
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Scheduled update work failed", e);
        }
    }

    private boolean compareAndSet(Activity to) {
        synchronized (lock) {
            if (activity != Activity.IDLE) {
                return false;
            }
            activity = to;
            return true;
        }
    }

    /** The check: verify everything, stage it; nothing installed changes. */
    void check(Actor actor) {
        String url;
        String key;
        String channel;
        String current;
        synchronized (lock) {
            url = state.url;
            key = state.publicKey;
            channel = state.channel;
            current = state.current == null ? null : state.current.version();
        }
        String version = null;
        try {
            if (url.isEmpty() || key.isEmpty()) {
                throw new UpdateRefused("not-configured", "Aucun canal de mises à jour n'est réglé : indiquez l'adresse du canal et "
                        + "la clé publique que l'académie vous a données.");
            }
            PublicKey pinned = Keys.readPublic(key);
            Channel c = new Channel(URI.create(url), pinned);
            UpdateManifest m = c.manifest();
            version = m.version();
            if (!m.channel().equals(channel)) {
                throw new UpdateRefused("wrong-channel", "Le dépôt à cette adresse est celui du canal « " + m.channel()
                        + " », pas « " + channel + " » : la mise à jour est refusée. Vérifiez l'adresse du canal.");
            }
            if (current != null && UpdateManifest.compareVersions(m.version(), current) < 0) {
                throw new UpdateRefused("older-version", "Le canal propose la version " + m.version() + ", plus ancienne que "
                        + "celle de la box (" + current + ") : elle est refusée. Prévenez l'académie.");
            }
            if (current != null && UpdateManifest.compareVersions(m.version(), current) == 0) {
                checked(true, "up-to-date", "La box est à jour (version " + current + ").", null);
                record("check", m.version(), true, actor, "À jour.");
                return;
            }
            if (!Rollout.selects(m, boxUais.get())) {
                checked(true, "not-yet", "La version " + m.version() + " est diffusée progressivement : elle n'est pas encore "
                        + "proposée à cette box. Rien à faire.", null);
                record("check", m.version(), true, actor, "Pas encore proposée à cette box (diffusion progressive).");
                return;
            }
            Path release = releaseDir(m.version());
            if (!Files.exists(release.resolve("features-local.xml"))) {
                Path staging = dir.resolve("staging").resolve(m.version());
                try {
                    c.download(m, staging, release, system);
                } catch (UpdateRefused | IOException | RuntimeException e) {
                    Publish.deleteTree(staging); // nothing kept of a refused update
                    throw e;
                }
                Files.createDirectories(release.getParent());
                Publish.deleteTree(release);
                Files.move(staging, release, StandardCopyOption.ATOMIC_MOVE);
            }
            checked(true, "available", "La version " + m.version() + " est prête à être installée.", m.version());
            record("check", m.version(), true, actor, "Mise à jour " + m.version() + " téléchargée et vérifiée.");
            audit.record(new AuditEvent("updates.check", actor.id(), m.version(), actor.address(), true, Map.of("result", "available")));
        } catch (UpdateRefused e) {
            LOG.warn("Update check refused: {}", e.code());
            checked(false, e.code(), e.getMessage(), null);
            if (!e.code().equals("channel-unreachable") && !e.code().equals("not-configured")) {
                setNotice(e.getMessage());
            }
            record("check", version, false, actor, e.getMessage());
            audit.record(new AuditEvent("updates.check", actor.id(), version, actor.address(), false, Map.of("reason", e.code())));
        } catch (IOException | RuntimeException e) {
            LOG.error("Update check failed", e);
            checked(false, "internal-error", "La vérification a échoué sur la box. Le journal de la box dit pourquoi.", null);
            record("check", version, false, actor, "La vérification a échoué sur la box.");
            audit.record(new AuditEvent("updates.check", actor.id(), version, actor.address(), false,
                    Map.of("reason", e.getClass().getSimpleName())));
        }
    }

    private void checked(boolean ok, String code, String message, String available) {
        synchronized (lock) {
            state.lastCheckAt = clock.instant().toString();
            state.lastCheckOk = ok;
            state.lastCheckCode = code;
            state.lastCheckMessage = message;
            if (available != null) {
                state.availableVersion = available;
                setNotice(null);
            }
            save();
        }
    }

    private Path releaseDir(String version) {
        return dir.resolve("releases").resolve(version);
    }

    /** Checks a staged release again (signature with the pinned key, every hash) just before it is used. */
    private UpdateManifest reverify(Path release, String key) throws UpdateRefused, IOException {
        UpdateManifest m = ManifestSignature.verify(Files.readAllBytes(release.resolve("manifest")),
                Files.readAllBytes(release.resolve("manifest.sig")), Keys.readPublic(key));
        if (!Hashes.sha256(release.resolve("features.xml")).equals(m.features().sha256())) {
            throw new UpdateRefused("hash-mismatch", "Un fichier de la mise à jour a changé sur la box depuis sa vérification : "
                    + "elle est refusée. Vérifiez de nouveau.");
        }
        for (UpdateManifest.Entry a : m.artifacts()) {
            Path f = release.resolve(a.path());
            if (!Files.isRegularFile(f) || !Hashes.sha256(f).equals(a.sha256())) {
                throw new UpdateRefused("hash-mismatch", "Un fichier de la mise à jour a changé sur la box depuis sa vérification : "
                        + "elle est refusée. Vérifiez de nouveau.");
            }
        }
        return m;
    }

    /** Applies the staged update; rolls it back by itself when the box is not healthy in time. */
    void apply(Actor actor) {
        String version;
        String key;
        UpdateState.Release before;
        synchronized (lock) {
            version = state.availableVersion;
            key = state.publicKey;
            before = state.current;
        }
        if (version == null) {
            return;
        }
        Path release = releaseDir(version);
        URI repository = release.resolve("features-local.xml").toUri();
        List<UpdateState.Change> changes = new ArrayList<>();
        boolean added = false;
        try {
            reverify(release, key);
            LOG.info("Applying update {}", version);
            features.addRepository(repository, false);
            added = true;
            changes.addAll(plan(repository));
            List<String> problems;
            // requests to a module being replaced wait for its new version instead of failing
            try (ModuleSwaps.Window window = swaps.begin(swapWindow())) {
                if (!changes.isEmpty()) {
                    features.installFeatures(ids(changes, true), EnumSet.of(FeaturesService.Option.Upgrade));
                }
                problems = awaitHealthy(changes, true);
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("not healthy after " + config.health_timeout_seconds() + " s: " + problems);
            }
        } catch (UpdateRefused e) {
            synchronized (lock) {
                state.availableVersion = null;
                save();
            }
            setNotice(e.getMessage());
            record("apply", version, false, actor, e.getMessage());
            audit.record(new AuditEvent("updates.apply", actor.id(), version, actor.address(), false, Map.of("reason", e.code())));
            return;
        } catch (Exception e) {
            LOG.error("Update {} failed: rolling back", version, e);
            String back = revert(changes, added ? repository : null);
            String message = "La mise à jour " + version + " n'a pas fonctionné (la box n'était pas de nouveau en état de marche) : "
                    + "la box est revenue d'elle-même à la version d'avant" + (back == null ? "" : ", mais " + back)
                    + ". Les données n'ont pas été touchées. L'académie est à prévenir.";
            synchronized (lock) {
                state.heldVersion = version;
                save();
            }
            setNotice(message);
            record("apply", version, false, actor, message);
            audit.record(new AuditEvent("updates.apply", actor.id(), version, actor.address(), false,
                    Map.of("reason", "rolled-back", "error", e.getClass().getSimpleName())));
            return;
        }
        String dropped = null;
        synchronized (lock) {
            dropped = state.previous == null ? null : state.previous.repository();
            state.previous = before;
            state.current = new UpdateState.Release(version, repository.toString(), clock.instant().toString(), List.copyOf(changes));
            state.availableVersion = null;
            state.heldVersion = null;
            setNotice(null);
            save();
        }
        if (dropped != null) {
            // two releases back: nothing can go back to it any more
            try {
                features.removeRepository(URI.create(dropped), false);
                Publish.deleteTree(Path.of(URI.create(dropped)).getParent());
            } catch (Exception e) {
                LOG.warn("Could not remove the old update repository {}", dropped, e);
            }
        }
        String what = changes.isEmpty() ? "aucun module installé ne change"
                : changes.stream().map(c -> c.name() + " " + c.from() + " → " + c.to()).reduce((a, b) -> a + ", " + b).orElse("");
        record("apply", version, true, actor, "Version " + version + " installée (" + what + ").");
        audit.record(new AuditEvent("updates.apply", actor.id(), version, actor.address(), true, Map.of("changes", String.valueOf(changes.size()))));
        LOG.info("Update {} applied: {}", version, what);
    }

    /** Goes back to the release before the one in service. */
    void rollback(Actor actor) {
        UpdateState.Release current;
        UpdateState.Release previous;
        synchronized (lock) {
            current = state.current;
            previous = state.previous;
        }
        if (current == null || previous == null) {
            return;
        }
        String problem = revert(current.changes(), URI.create(current.repository()));
        synchronized (lock) {
            if (problem == null) {
                state.current = previous;
                state.previous = null;
                state.heldVersion = current.version();
            }
            save();
        }
        if (problem == null) {
            setNotice(null);
            record("rollback", previous.version(), true, actor, "Retour à la version " + previous.version() + " (depuis la version "
                    + current.version() + ").");
        } else {
            String message = "Le retour à la version précédente n'a pas abouti : " + problem + ". Le journal de la box dit pourquoi.";
            setNotice(message);
            record("rollback", previous.version(), false, actor, message);
        }
        audit.record(new AuditEvent("updates.rollback", actor.id(), current.version() + " → " + previous.version(), actor.address(),
                problem == null, Map.of()));
    }

    /**
     * Puts back the versions before the given changes and removes the repository (when given).
     *
     * @return null when done, else what went wrong (French)
     */
    private String revert(List<UpdateState.Change> changes, URI repository) {
        try (ModuleSwaps.Window window = swaps.begin(swapWindow())) {
            return revertInWindow(changes, repository);
        }
    }

    /** The longest a request to a module being replaced may wait: the health wait and a minute for the install. */
    private Duration swapWindow() {
        return Duration.ofSeconds(Math.max(1, config.health_timeout_seconds()) + 60L);
    }

    private String revertInWindow(List<UpdateState.Change> changes, URI repository) {
        String problem = null;
        try {
            if (!changes.isEmpty()) {
                features.installFeatures(ids(changes, false), EnumSet.of(FeaturesService.Option.Upgrade));
            }
        } catch (Exception e) {
            LOG.error("Rollback of {} failed", changes, e);
            problem = "les versions d'avant n'ont pas pu être réinstallées";
        }
        if (problem == null && repository != null) {
            try {
                features.removeRepository(repository, false);
            } catch (Exception e) {
                LOG.warn("Could not remove the update repository {}", repository, e);
            }
        }
        List<String> problems = awaitHealthy(changes, false);
        if (problem == null && !problems.isEmpty()) {
            LOG.error("Box not healthy after rollback: {}", problems);
            problem = "la box n'est pas encore en état de marche";
        }
        return problem;
    }

    /** The installed features the repository has another version of. */
    private List<UpdateState.Change> plan(URI repository) throws Exception {
        Repository repo = features.getRepository(repository);
        if (repo == null) {
            throw new IllegalStateException("repository not registered: " + repository);
        }
        Map<String, String> installed = new LinkedHashMap<>();
        for (Feature f : features.listInstalledFeatures()) {
            installed.put(f.getName(), f.getVersion());
        }
        Set<String> platform = new LinkedHashSet<>();
        platformFeatures(features.getFeature(PLATFORM), platform);
        List<UpdateState.Change> changes = new ArrayList<>();
        for (Feature f : repo.getFeatures()) {
            String from = installed.get(f.getName());
            if (from != null && !from.equals(f.getVersion()) && platform.contains(f.getName())) {
                // the platform's bundles are startup bundles: the Debian package replaces them, never the channel
                LOG.warn("Update repository {} has platform feature {} {}: left to the Debian package", repository, f.getName(), f.getVersion());
            } else if (from != null && !from.equals(f.getVersion())) {
                changes.add(new UpdateState.Change(f.getName(), from, f.getVersion()));
            }
        }
        return changes;
    }

    /** The boot feature: it and what it names are the platform. */
    static final String PLATFORM = "preau-appliance";

    private void platformFeatures(Feature f, Set<String> names) throws Exception {
        if (f == null || !names.add(f.getName())) {
            return;
        }
        for (var dependency : f.getDependencies()) {
            platformFeatures(features.getFeature(dependency.getName()), names);
        }
    }

    private static Set<String> ids(List<UpdateState.Change> changes, boolean forward) {
        Set<String> ids = new LinkedHashSet<>();
        for (UpdateState.Change c : changes) {
            ids.add(c.name() + "/" + (forward ? c.to() : c.from()));
        }
        return ids;
    }

    /**
     * Waits until the box is healthy three polls in a row, a second apart (a component that
     * activates and then fails is caught); gives up with the problems once the time is out.
     */
    private List<String> awaitHealthy(List<UpdateState.Change> changes, boolean forward) {
        Set<String> ids = ids(changes, forward);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(1, config.health_timeout_seconds()));
        int stable = 0;
        while (true) {
            List<String> problems = health.problems(ids);
            if (problems.isEmpty()) {
                if (++stable >= 3) {
                    return List.of();
                }
            } else {
                stable = 0;
                if (System.nanoTime() > deadline) {
                    return problems;
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of("interrupted");
            }
        }
    }

    /** The last thing the referent must know (a refusal, a rollback), French; null when all is well. Kept across restarts. */
    private void setNotice(String text) {
        synchronized (lock) {
            state.notice = text;
            save();
        }
    }

    private void save() {
        try {
            state.save();
        } catch (IOException e) {
            LOG.error("Could not save the update state", e);
        }
    }

    private void record(String kind, String version, boolean ok, Actor actor, String message) {
        String line = String.join("\t", clock.instant().toString(), kind, version == null ? "" : version, Boolean.toString(ok),
                actor.login() == null ? "" : actor.login(), message.replace('\t', ' ').replace('\n', ' ')) + "\n";
        try {
            Files.createDirectories(dir);
            try (var ch = java.nio.channels.FileChannel.open(dir.resolve("history.tsv"), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
        } catch (IOException e) {
            LOG.error("Could not write the update history", e);
        }
    }

    /** The box's health: its own bundles and components, and every bundle of the given features. */
    static Health bundleHealth(BundleContext context, ServiceComponentRuntime scr, FeaturesService features) {
        return ids -> {
            List<String> problems = new ArrayList<>();
            for (BoxBundles.Status s : BoxBundles.inspect(context, scr)) {
                if (!s.ok()) {
                    problems.add(s.bundle().getSymbolicName() + " not ok");
                }
            }
            for (String id : ids) {
                String[] nv = id.split("/", 2);
                try {
                    Feature f = features.getFeature(nv[0], nv[1]);
                    if (f == null) {
                        problems.add("feature " + id + " unknown");
                        continue;
                    }
                    for (BundleInfo b : f.getBundles()) {
                        Bundle bundle = context.getBundle(b.getLocation());
                        boolean fragment = bundle != null && bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
                        if (bundle == null || (fragment ? bundle.getState() != Bundle.RESOLVED : bundle.getState() != Bundle.ACTIVE)) {
                            problems.add("bundle " + b.getLocation() + " of " + id + " not started");
                        }
                    }
                } catch (Exception e) {
                    problems.add("feature " + id + ": " + e);
                }
            }
            return problems;
        };
    }
}
