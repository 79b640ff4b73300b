package fr.preau.admin.internal;

import fr.preau.access.AccessService;
import fr.preau.access.PlatformActions;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The modules of the box, for the referent:
 * <pre>
 * GET  /api/v1/admin/modules                  → {"items": [{"id", "name", "version", "state", "upgrade", "message"}]}
 * POST /api/v1/admin/modules/{id}/install     → 202, state INSTALLING then INSTALLED (or FAILED with a message)
 * POST /api/v1/admin/modules/{id}/uninstall   → 202, state UNINSTALLING then AVAILABLE
 * POST /api/v1/admin/modules/{id}/upgrade     → 202, the newest version replaces the installed one
 * </pre>
 * A module is a Karaf feature named {@code preau-…} that is not part of the platform (the features
 * {@code preau-appliance} is made of). Its data stays when it is uninstalled: reinstalling finds it.
 * One change runs at a time; the list shows it live.
 */
@Component(service = ModulesResource.class)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("admin/modules")
@Produces(MediaType.APPLICATION_JSON)
public final class ModulesResource {

    /** Where a module stands. */
    public enum State {
        AVAILABLE, INSTALLING, INSTALLED, UNINSTALLING, FAILED
    }

    /** A module as the console shows it. */
    public record ModuleDto(String id, String name, String version, State state, String upgrade, String message) {
    }

    /** The list. */
    public record ModulesDto(List<ModuleDto> items) {
    }

    static final String PLATFORM = "preau-appliance";
    /** OSGi version order (a Maven {@code -SNAPSHOT} read as a qualifier). */
    private static final Comparator<Feature> BY_VERSION = Comparator.comparing(
            f -> Version.parseVersion(f.getVersion().replace("-SNAPSHOT", ".SNAPSHOT")));
    private static final Logger LOG = LoggerFactory.getLogger(ModulesResource.class);

    private record Change(State state, String message) {
    }

    private final FeaturesService features;
    private final AccessService access;
    private final AuditLog audit;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "preau-modules");
        t.setDaemon(true);
        return t;
    });
    /** Changes under way or failed, by module id (absent: the features service says). */
    private final Map<String, Change> changes = new ConcurrentHashMap<>();

    @Context
    HttpServletRequest http;

    @Activate
    public ModulesResource(@Reference(name = "features") FeaturesService features, @Reference(name = "access") AccessService access,
            @Reference(name = "audit") AuditLog audit) {
        this.features = features;
        this.access = access;
        this.audit = audit;
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
    }

    @GET
    public ModulesDto list(@Context SecurityContext security) throws Exception {
        allowed(security);
        Set<String> platform = platform();
        Map<String, List<Feature>> byName = new java.util.TreeMap<>();
        for (Feature f : features.listFeatures()) {
            if (f.getName().startsWith("preau-") && !platform.contains(f.getName()) && !f.isHidden()) {
                byName.computeIfAbsent(f.getName(), k -> new ArrayList<>()).add(f);
            }
        }
        List<ModuleDto> items = new ArrayList<>();
        for (List<Feature> versions : byName.values()) {
            versions.sort(BY_VERSION);
            Feature newest = versions.get(versions.size() - 1);
            Optional<Feature> installed = versions.stream().filter(features::isInstalled).findFirst();
            Feature shown = installed.orElse(newest);
            Change change = changes.get(shown.getName());
            State state = change != null ? change.state() : installed.isPresent() ? State.INSTALLED : State.AVAILABLE;
            String upgrade = installed.isPresent() && installed.get() != newest ? newest.getVersion() : null;
            String name = shown.getDescription() == null || shown.getDescription().isBlank() ? shown.getName() : shown.getDescription();
            items.add(new ModuleDto(shown.getName(), name, shown.getVersion(), state, upgrade, change == null ? null : change.message()));
        }
        return new ModulesDto(items);
    }

    @POST
    @Path("{id}/install")
    public Response install(@Context SecurityContext security, @PathParam("id") String id) throws Exception {
        Person actor = allowed(security);
        Feature f = module(id);
        if (features.isInstalled(f)) {
            throw new ProblemException(409, "module-installed", "Ce module est déjà installé.");
        }
        return change(actor, f, State.INSTALLING, "install", () -> features.installFeature(f.getName(), f.getVersion(),
                EnumSet.noneOf(FeaturesService.Option.class)));
    }

    @POST
    @Path("{id}/uninstall")
    public Response uninstall(@Context SecurityContext security, @PathParam("id") String id) throws Exception {
        Person actor = allowed(security);
        Feature f = installedVersion(id).orElseThrow(() -> new ProblemException(409, "module-not-installed",
                "Ce module n'est pas installé."));
        return change(actor, f, State.UNINSTALLING, "uninstall", () -> features.uninstallFeature(f.getName(), f.getVersion(),
                EnumSet.noneOf(FeaturesService.Option.class)));
    }

    @POST
    @Path("{id}/upgrade")
    public Response upgrade(@Context SecurityContext security, @PathParam("id") String id) throws Exception {
        Person actor = allowed(security);
        Feature installed = installedVersion(id).orElseThrow(() -> new ProblemException(409, "module-not-installed",
                "Ce module n'est pas installé : installez-le d'abord."));
        Feature newest = module(id);
        if (newest.getVersion().equals(installed.getVersion())) {
            throw new ProblemException(409, "module-up-to-date", "Ce module est déjà à jour.");
        }
        return change(actor, newest, State.INSTALLING, "upgrade", () -> features.installFeature(newest.getName(), newest.getVersion(),
                EnumSet.of(FeaturesService.Option.Upgrade)));
    }

    private interface Work {
        void run() throws Exception;
    }

    private synchronized Response change(Person actor, Feature f, State during, String what, Work work) {
        if (changes.values().stream().anyMatch(c -> c.state() == State.INSTALLING || c.state() == State.UNINSTALLING)) {
            throw new ProblemException(409, "module-change-running", "Une installation est déjà en cours : attendez qu'elle se termine.");
        }
        changes.put(f.getName(), new Change(during, null));
        String address = http == null ? null : http.getRemoteAddr();
        worker.execute(() -> {
            try {
                work.run();
                changes.remove(f.getName());
                audit.record(new AuditEvent("admin.module." + what, actor.id(), f.getName() + "/" + f.getVersion(), address, true, Map.of()));
                LOG.info("Module {} {}: done", f.getName(), what);
            } catch (Exception e) {
                LOG.error("Module {} {} failed", f.getName(), what, e);
                changes.put(f.getName(), new Change(State.FAILED, during == State.INSTALLING
                        ? "L'installation a échoué ; le module n'est pas disponible. Le journal de la box dit pourquoi."
                        : "La désinstallation a échoué. Le journal de la box dit pourquoi."));
                audit.record(new AuditEvent("admin.module." + what, actor.id(), f.getName() + "/" + f.getVersion(), address, false,
                        Map.of("reason", e.getClass().getSimpleName())));
            }
        });
        return Response.accepted(Map.of("id", f.getName(), "state", during)).build();
    }

    /** The newest version of a module (a feature of the catalogue, not of the platform). */
    private Feature module(String id) throws Exception {
        Set<String> platform = platform();
        Feature newest = null;
        for (Feature f : features.listFeatures()) {
            if (f.getName().equals(id) && id.startsWith("preau-") && !platform.contains(id)
                    && (newest == null || BY_VERSION.compare(f, newest) > 0)) {
                newest = f;
            }
        }
        if (newest == null) {
            throw new ProblemException(404, "unknown-module", "Aucun module ne porte ce nom.");
        }
        return newest;
    }

    private Optional<Feature> installedVersion(String id) throws Exception {
        module(id);
        for (Feature f : features.listInstalledFeatures()) {
            if (f.getName().equals(id)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The features the platform is made of: never offered as modules. */
    private Set<String> platform() throws Exception {
        Set<String> names = new HashSet<>();
        collect(features.getFeature(PLATFORM), names);
        return names;
    }

    private void collect(Feature f, Set<String> names) throws Exception {
        if (f == null || !names.add(f.getName())) {
            return;
        }
        for (var dependency : f.getDependencies()) {
            collect(features.getFeature(dependency.getName()), names);
        }
    }

    private Person allowed(SecurityContext security) {
        Person actor = Callers.require(security);
        access.require(actor, PlatformActions.MANAGE_MODULES, null);
        return actor;
    }
}
