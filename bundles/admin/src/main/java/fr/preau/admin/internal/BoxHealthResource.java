package fr.preau.admin.internal;

import fr.preau.access.AccessService;
import fr.preau.access.PlatformActions;
import fr.preau.api.Person;
import fr.preau.directory.ImportRun;
import fr.preau.directory.ImportService;
import fr.preau.web.BoxBundles;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import javax.ws.rs.GET;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * The box's health for the console (« État de la box »; the direction reads it too):
 * <pre>
 * GET /api/v1/admin/health → {@link HealthDto}
 * </pre>
 * Préau bundles ({@code fr.preau.*}) with their French name, state and failing components;
 * free space of the data directory, Java memory, last import, last backup, version and uptime.
 * The public {@code /api/v1/health} (ready or not, for scripts) is the web bundle's.
 * <p>
 * <b>Last backup.</b> The backup service ({@code fr.preau.store.backup}) writes
 * {@value #BACKUP_MARKER} in the data directory after each run (Java properties, UTF-8):
 * <pre>
 * finishedAt=2026-11-03T02:00:12Z   # ISO-8601 instant, required
 * status=OK                         # OK or FAILED
 * size=123456789                    # bytes, optional
 * message=…                         # French, shown as is, optional (why it failed)
 * </pre>
 * Without the file the console says « Aucune sauvegarde enregistrée ».
 */
@Component(service = BoxHealthResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@javax.ws.rs.Path("admin/health")
@Produces(MediaType.APPLICATION_JSON)
public final class BoxHealthResource {

    /** Where, under the data directory, the backup machinery records its last run. */
    public static final String BACKUP_MARKER = "preau/backup/last-backup.properties";

    /** Below this share of free space the disk is reported as a problem. */
    static final double DISK_LOW = 0.10;

    /** A Préau bundle. {@code state}: ACTIVE, RESOLVED, INSTALLED, STARTING, STOPPING. */
    public record BundleDto(String name, String label, String version, String state, boolean ok, int components,
            List<String> problems) {
    }

    public record DiskDto(String path, long freeBytes, long totalBytes, boolean low) {
    }

    public record MemoryDto(long usedBytes, long maxBytes) {
    }

    public record ImportDto(String id, String status, String source, Instant createdAt, Instant finishedAt, ImportRun.Counts counts,
            String message) {
    }

    public record BackupDto(Instant finishedAt, String status, Long size, String message) {
    }

    /** {@code problems}: French sentences, empty when all is well. */
    public record HealthDto(boolean ok, List<String> problems, String version, Instant startedAt, long uptimeSeconds,
            List<BundleDto> bundles, DiskDto disk, MemoryDto memory, ImportDto lastImport, BackupDto lastBackup,
            String backupMarker) {
    }

    /** French names of the platform's bundles (modules bring their own Bundle-Name). */
    static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("fr.preau.api", "Socle commun"),
            Map.entry("fr.preau.store", "Bases de données"),
            Map.entry("fr.preau.derby", "Moteur de base de données"),
            Map.entry("fr.preau.directory", "Annuaire"),
            Map.entry("fr.preau.auth", "Connexion et mots de passe"),
            Map.entry("fr.preau.access", "Droits d'accès"),
            Map.entry("fr.preau.audit", "Journal"),
            Map.entry("fr.preau.web", "Serveur web"),
            Map.entry("fr.preau.portal", "Portail"),
            Map.entry("fr.preau.admin", "Console du référent"),
            Map.entry("fr.preau.provisioning", "Mise en service"),
            Map.entry("fr.preau.boot", "Démarrage de la box"));

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final ImportService imports;
    private final AccessService access;
    private final Clock clock;
    private final Path dataDir;

    @Activate
    public BoxHealthResource(BundleContext context, @Reference(name = "scr") ServiceComponentRuntime scr,
            @Reference(name = "imports") ImportService imports, @Reference(name = "access") AccessService access,
            @Reference(name = "clock") Clock clock) {
        this(context, scr, imports, access, clock, Paths.get(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir"))));
    }

    BoxHealthResource(BundleContext context, ServiceComponentRuntime scr, ImportService imports, AccessService access, Clock clock,
            Path dataDir) {
        this.context = context;
        this.scr = scr;
        this.imports = imports;
        this.access = access;
        this.clock = clock;
        this.dataDir = dataDir;
    }

    @GET
    public HealthDto health(@Context SecurityContext security) {
        Person actor = Callers.require(security);
        access.require(actor, PlatformActions.READ_HEALTH, null);
        List<String> problems = new ArrayList<>();

        List<BundleDto> bundles = bundles();
        for (BundleDto b : bundles) {
            if (!b.ok()) {
                problems.add("« " + b.label() + " » ne fonctionne pas" + (b.problems().isEmpty() ? "." : " : " + b.problems().get(0)));
            }
        }
        DiskDto disk = disk();
        if (disk != null && disk.low()) {
            problems.add("Le disque des données est presque plein : il reste " + (disk.freeBytes() / (1024 * 1024)) + " Mo. "
                    + "Libérez de la place ou prévoyez un disque plus grand.");
        }
        Runtime rt = Runtime.getRuntime();
        MemoryDto memory = new MemoryDto(rt.totalMemory() - rt.freeMemory(), rt.maxMemory());
        ImportDto lastImport = imports.list(1).stream().findFirst()
                .map(r -> new ImportDto(r.id(), r.status().name(), r.source(), r.createdAt(), r.finishedAt(), r.counts(), r.message()))
                .orElse(null);
        if (lastImport != null && ImportRun.Status.FAILED.name().equals(lastImport.status())) {
            problems.add("Le dernier import de l'annuaire a échoué : consultez son rapport dans « Import de l'annuaire ».");
        }
        BackupDto backup = lastBackup();
        if (backup != null && "FAILED".equals(backup.status())) {
            problems.add("La dernière sauvegarde a échoué" + (backup.message() == null ? "." : " : " + backup.message()));
        }
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        Instant now = clock.instant();
        return new HealthDto(problems.isEmpty(), List.copyOf(problems), version(), now.minusMillis(uptime),
                Duration.ofMillis(uptime).toSeconds(), bundles, disk, memory, lastImport, backup, BACKUP_MARKER);
    }

    private String version() {
        Object v = context.getBundle().getHeaders("").get(Constants.BUNDLE_VERSION);
        return v == null ? "?" : v.toString().replace(".SNAPSHOT", "-SNAPSHOT");
    }

    List<BundleDto> bundles() {
        List<BundleDto> out = new ArrayList<>();
        for (BoxBundles.Status status : BoxBundles.inspect(context, scr)) {
            Bundle b = status.bundle();
            String name = b.getSymbolicName();
            List<String> problems = new ArrayList<>();
            if (!status.inExpectedState()) {
                problems.add(switch (b.getState()) {
                    case Bundle.INSTALLED -> "il lui manque quelque chose pour démarrer (voir le journal technique)";
                    case Bundle.RESOLVED -> "il est arrêté";
                    case Bundle.STARTING -> "il est en train de démarrer";
                    case Bundle.STOPPING -> "il est en train de s'arrêter";
                    default -> "il est retiré";
                });
            }
            for (BoxBundles.ComponentTrouble t : status.troubles()) {
                String part = componentName(t.component());
                problems.add(switch (t.trouble()) {
                    case UNSATISFIED_REFERENCE -> "« " + part + " » attend un service qui manque ("
                            + (t.missing().isEmpty() ? "?" : String.join(", ", t.missing())) + ")";
                    case UNSATISFIED_CONFIGURATION -> "« " + part + " » attend ses réglages";
                    case FAILED_ACTIVATION -> "« " + part + " » n'a pas pu démarrer";
                });
            }
            Object bundleName = b.getHeaders("").get(Constants.BUNDLE_NAME);
            String label = LABELS.getOrDefault(name, bundleName == null ? name : bundleName.toString());
            out.add(new BundleDto(name, label, b.getVersion().toString().replace(".SNAPSHOT", "-SNAPSHOT"), state(b.getState()),
                    problems.isEmpty(), status.components(), List.copyOf(problems)));
        }
        out.sort(Comparator.comparing(BundleDto::label, java.text.Collator.getInstance(Locale.FRENCH)));
        return out;
    }

    /** {@code fr.preau.directory.internal.DirectoryServiceImpl} → {@code DirectoryServiceImpl}: short, still searchable in logs. */
    static String componentName(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static String state(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }

    DiskDto disk() {
        try {
            var store = Files.getFileStore(dataDir);
            long free = store.getUsableSpace();
            long total = store.getTotalSpace();
            return new DiskDto(dataDir.toAbsolutePath().toString(), free, total, total > 0 && (double) free / total < DISK_LOW);
        } catch (IOException e) {
            return null;
        }
    }

    /** The marker the backup machinery writes, or null when there is none (or it cannot be read). */
    BackupDto lastBackup() {
        Path marker = dataDir.resolve(BACKUP_MARKER);
        if (!Files.isRegularFile(marker)) {
            return null;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(marker, StandardCharsets.UTF_8)) {
            p.load(in);
            Instant at = Instant.parse(p.getProperty("finishedAt", "").strip());
            String status = "FAILED".equalsIgnoreCase(p.getProperty("status", "OK").strip()) ? "FAILED" : "OK";
            String size = p.getProperty("size");
            Long bytes = null;
            if (size != null && size.strip().matches("[0-9]{1,18}")) {
                bytes = Long.parseLong(size.strip());
            }
            String message = p.getProperty("message");
            return new BackupDto(at, status, bytes, message == null || message.isBlank() ? null : message.strip());
        } catch (IOException | DateTimeParseException | IllegalArgumentException e) {
            return null;
        }
    }
}
