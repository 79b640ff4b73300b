package fr.preau.admin.internal;

import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.karaf.features.BootFinished;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which modules the box has, kept with its data so that a restored box gets them back. Karaf keeps
 * installed features in its own cache, which a backup does not save (it belongs to the
 * distribution): before each backup, {@link #record()} writes the installed modules to
 * {@code <data>/preau/modules.properties} (saved with the rest); the restore tool leaves the marker
 * {@code <data>/preau/backups/restored}, and at the next boot the box installs the modules the
 * backup had and removes those it had not, then deletes the marker (audited as
 * {@code admin.module.restore}).
 */
@Component(service = InstalledModules.class, immediate = true)
public final class InstalledModules {

    static final String FILE = "modules.properties";
    static final String MARKER = "backups/restored";
    static final java.time.Duration BOOT_TIMEOUT = java.time.Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(InstalledModules.class);

    private final FeaturesService features;
    private final AuditLog audit;
    private final Path preau;
    private final BundleContext context;

    @Activate
    public InstalledModules(@Reference(name = "features") FeaturesService features, @Reference(name = "audit") AuditLog audit,
            BundleContext context) {
        this.features = features;
        this.audit = audit;
        this.context = context;
        this.preau = Path.of(Optional.ofNullable(context.getProperty("karaf.data")).orElse("data"), "preau");
        if (Files.exists(preau.resolve(MARKER))) {
            Thread t = new Thread(this::afterRestore, "preau-modules-restore");
            t.setDaemon(true);
            t.start();
        }
    }

    /** The box's module features (preau-*, not the platform's). */
    private Set<String> moduleNames() throws Exception {
        Set<String> platform = new HashSet<>();
        collect(features.getFeature(ModulesResource.PLATFORM), platform);
        Set<String> modules = new TreeSet<>();
        for (Feature f : features.listFeatures()) {
            if (f.getName().startsWith("preau-") && !platform.contains(f.getName()) && !f.isHidden()) {
                modules.add(f.getName());
            }
        }
        return modules;
    }

    private void collect(Feature f, Set<String> names) throws Exception {
        if (f == null || !names.add(f.getName())) {
            return;
        }
        for (var dependency : f.getDependencies()) {
            collect(features.getFeature(dependency.getName()), names);
        }
    }

    private Set<String> installed(Set<String> modules) throws Exception {
        Set<String> installed = new TreeSet<>();
        for (Feature f : features.listInstalledFeatures()) {
            if (modules.contains(f.getName())) {
                installed.add(f.getName());
            }
        }
        return installed;
    }

    /** Writes the installed modules beside the data (atomically); a failure only loses this list. */
    void record() {
        try {
            Properties p = new Properties();
            p.setProperty("installed", String.join(",", installed(moduleNames())));
            StringWriter text = new StringWriter();
            p.store(text, "Modules installed when the last backup started");
            Files.createDirectories(preau);
            Path tmp = Files.createTempFile(preau, ".modules", ".tmp");
            Files.writeString(tmp, text.toString(), StandardCharsets.ISO_8859_1);
            Files.move(tmp, preau.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (Exception e) {
            LOG.warn("Installed modules not recorded before the backup: {}", e.toString());
        }
    }

    /**
     * Waits for Karaf's {@link BootFinished} (the boot features installed): before it the features
     * service is still installing the box and its list is not the box's yet.
     */
    private boolean awaitBoot() throws InterruptedException {
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (context.getServiceReference(BootFinished.class) != null) {
                    return true;
                }
            } catch (IllegalStateException stopped) {
                return false;
            }
            Thread.sleep(500);
        }
        return false;
    }

    private void afterRestore() {
        try {
            if (!awaitBoot()) {
                LOG.warn("Boot not finished after {}: modules not brought back after the restore (the referent can "
                        + "install them from the console)", BOOT_TIMEOUT);
                return;
            }
            Path file = preau.resolve(FILE);
            if (Files.isRegularFile(file)) {
                Properties p = new Properties();
                p.load(new StringReader(Files.readString(file, StandardCharsets.ISO_8859_1)));
                Set<String> wanted = new TreeSet<>(List.of(p.getProperty("installed", "").split(",")));
                wanted.remove("");
                Set<String> modules = moduleNames();
                Set<String> installed = installed(modules);
                for (String m : modules) {
                    if (wanted.contains(m) && !installed.contains(m)) {
                        features.installFeature(m, EnumSet.noneOf(FeaturesService.Option.class));
                        audit.record(new AuditEvent("admin.module.restore", null, m, null, true, Map.of("change", "install")));
                        LOG.info("Module {} installed again after a restore", m);
                    } else if (!wanted.contains(m) && installed.contains(m)) {
                        features.uninstallFeature(m, EnumSet.noneOf(FeaturesService.Option.class));
                        audit.record(new AuditEvent("admin.module.restore", null, m, null, true, Map.of("change", "uninstall")));
                        LOG.info("Module {} removed after a restore (it was not installed when the backup was made)", m);
                    }
                }
            }
            Files.deleteIfExists(preau.resolve(MARKER));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Modules not brought back after the restore (the referent can install them from the console): {}",
                    e.toString());
        }
    }
}
