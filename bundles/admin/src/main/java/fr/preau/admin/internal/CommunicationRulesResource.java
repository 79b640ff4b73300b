package fr.preau.admin.internal;

import fr.preau.access.AccessService;
import fr.preau.access.CommunicationMatrix;
import fr.preau.access.CommunicationRules;
import fr.preau.access.DistributionList;
import fr.preau.access.PlatformActions;
import fr.preau.access.Reach;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.directory.DirectoryService;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * A school's communication rules, set by the référent (access's {@link CommunicationMatrix}):
 * <pre>
 * GET    /api/v1/admin/communication-rules/{uai} → {"uai", "write": [cell], "post": [cell]}
 * PUT    /api/v1/admin/communication-rules/{uai} {"write": [{"from", "to", "reach"}], "post": [{"list", "from", "reach"}]}
 *        → the rules after the change (only the cells sent change)
 * DELETE /api/v1/admin/communication-rules/{uai} → the school's default rules, back
 * </pre>
 * A cell: {@code {"from", "to" | "list", "reach", "default", "choices"}}; {@code reach} is {@code ALWAYS} (toujours),
 * {@code RELATED} (dans leurs classes) or {@code NEVER} (jamais). Each changed cell is one entry of the audit log.
 */
@Component(service = CommunicationRulesResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("admin/communication-rules/{uai}")
@Produces(MediaType.APPLICATION_JSON)
public final class CommunicationRulesResource {

    /** Audit action of one changed rule. */
    static final String AUDIT_ACTION = "access.communication-rule";

    /** A cell of the writing matrix ({@code to} set) or of the posting rules ({@code list} set). */
    public record Cell(String from, String to, String list, String reach, String defaultReach, List<String> choices) {
    }

    public record RulesDto(String uai, List<Cell> write, List<Cell> post) {
    }

    /** One change asked: {@code from} and {@code to} (writing) or {@code list} (posting), and the new {@code reach}. */
    public record Change(String from, String to, String list, String reach) {
    }

    public record ChangeRequest(List<Change> write, List<Change> post) {
    }

    private final CommunicationRules rules;
    private final DirectoryService directory;
    private final AccessService access;
    private final AuditLog audit;

    @Context
    HttpServletRequest http;

    @Activate
    public CommunicationRulesResource(@Reference(name = "rules") CommunicationRules rules,
            @Reference(name = "directory") DirectoryService directory, @Reference(name = "access") AccessService access,
            @Reference(name = "audit") AuditLog audit) {
        this.rules = rules;
        this.directory = directory;
        this.access = access;
        this.audit = audit;
    }

    @GET
    public RulesDto get(@Context SecurityContext security, @PathParam("uai") String uaiText) {
        Uai uai = allowed(security, uaiText).uai;
        return dto(uai, rules.matrix(uai));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public RulesDto change(@Context SecurityContext security, @PathParam("uai") String uaiText, ChangeRequest body) {
        Allowed a = allowed(security, uaiText);
        if (body == null || (empty(body.write()) && empty(body.post()))) {
            throw new ProblemException(400, "missing-field", "Indiquez au moins une règle à changer (« write » ou « post »).");
        }
        CommunicationMatrix before = rules.matrix(a.uai);
        CommunicationMatrix after = before;
        for (Change c : body.write() == null ? List.<Change>of() : body.write()) {
            Change change = c == null ? new Change(null, null, null, null) : c;
            after = after.withWrite(sender(change.from()), recipient(change.to()), reach(change.reach()));
        }
        for (Change c : body.post() == null ? List.<Change>of() : body.post()) {
            Change change = c == null ? new Change(null, null, null, null) : c;
            after = after.withPost(list(change.list()), sender(change.from()), reach(change.reach()));
        }
        return save(a, before, after);
    }

    @DELETE
    public RulesDto reset(@Context SecurityContext security, @PathParam("uai") String uaiText) {
        Allowed a = allowed(security, uaiText);
        return save(a, rules.matrix(a.uai), CommunicationMatrix.defaults());
    }

    private RulesDto save(Allowed a, CommunicationMatrix before, CommunicationMatrix after) {
        if (!after.equals(before)) {
            rules.setMatrix(a.uai, after);
            String address = http == null ? null : http.getRemoteAddr();
            for (Profile from : CommunicationMatrix.SENDERS) {
                for (Profile to : CommunicationMatrix.RECIPIENTS) {
                    if (before.write(from, to) != after.write(from, to)) {
                        audit.record(new AuditEvent(AUDIT_ACTION, a.actor.id(), a.uai.value(), address, true, Map.of(
                                "rule", "write " + from + " " + to, "before", before.write(from, to).name(), "after", after.write(from, to).name())));
                    }
                }
            }
            for (DistributionList list : DistributionList.values()) {
                for (Profile from : CommunicationMatrix.SENDERS) {
                    if (before.post(list, from) != after.post(list, from)) {
                        audit.record(new AuditEvent(AUDIT_ACTION, a.actor.id(), a.uai.value(), address, true, Map.of(
                                "rule", "post " + list + " " + from, "before", before.post(list, from).name(), "after", after.post(list, from).name())));
                    }
                }
            }
        }
        return dto(a.uai, after);
    }

    private record Allowed(Person actor, Uai uai) {
    }

    private Allowed allowed(SecurityContext security, String uaiText) {
        Person actor = Callers.require(security);
        Uai uai = Uai.parse(uaiText);
        access.require(actor, PlatformActions.MANAGE_COMMUNICATION, uai);
        if (directory.school(uai).isEmpty()) {
            throw new ProblemException(404, "unknown-school", "L'établissement " + uai + " n'existe pas sur ce boîtier.");
        }
        return new Allowed(actor, uai);
    }

    static RulesDto dto(Uai uai, CommunicationMatrix m) {
        CommunicationMatrix d = CommunicationMatrix.defaults();
        List<Cell> write = new ArrayList<>();
        for (Profile from : CommunicationMatrix.SENDERS) {
            for (Profile to : CommunicationMatrix.RECIPIENTS) {
                write.add(new Cell(from.name(), to.name(), null, m.write(from, to).name(), d.write(from, to).name(),
                        CommunicationMatrix.choices(from, to).stream().map(Reach::name).toList()));
            }
        }
        List<Cell> post = new ArrayList<>();
        for (DistributionList list : DistributionList.values()) {
            for (Profile from : CommunicationMatrix.SENDERS) {
                post.add(new Cell(from.name(), null, list.name(), m.post(list, from).name(), d.post(list, from).name(),
                        CommunicationMatrix.choices(list, from).stream().map(Reach::name).toList()));
            }
        }
        return new RulesDto(uai.value(), write, post);
    }

    private static boolean empty(List<?> l) {
        return l == null || l.isEmpty();
    }

    private static Profile sender(String name) {
        Profile p = name == null ? null : parse(Profile.class, name);
        if (p == null || !CommunicationMatrix.SENDERS.contains(p)) {
            throw new ProblemException(400, "invalid-communication-rule", "« " + name + " » n'est pas un profil dont on règle la"
                    + " communication. Profils possibles : ELEVE, PARENT, ENSEIGNANT, DIRECTION, PERSONNEL, INVITE (le référent peut"
                    + " toujours écrire à tous).");
        }
        return p;
    }

    private static Profile recipient(String name) {
        Profile p = name == null ? null : parse(Profile.class, name);
        if (p == null) {
            throw new ProblemException(400, "invalid-communication-rule", "« " + name + " » n'est pas un profil. Profils possibles :"
                    + " ELEVE, PARENT, ENSEIGNANT, DIRECTION, PERSONNEL, REFERENT, INVITE.");
        }
        return p;
    }

    private static DistributionList list(String name) {
        DistributionList l = name == null ? null : parse(DistributionList.class, name);
        if (l == null) {
            throw new ProblemException(400, "invalid-communication-rule", "« " + name + " » n'est pas une liste de diffusion. Listes"
                    + " possibles : CLASS_PUPILS, CLASS_PARENTS, CLASS_TEACHERS, ALL_TEACHERS, ALL_STAFF.");
        }
        return l;
    }

    private static Reach reach(String name) {
        Reach r = name == null ? null : parse(Reach.class, name);
        if (r == null) {
            throw new ProblemException(400, "invalid-communication-rule", "« " + name + " » n'est pas une valeur de règle. Valeurs"
                    + " possibles : ALWAYS (toujours), RELATED (dans leurs classes), NEVER (jamais).");
        }
        return r;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name) {
        try {
            return Enum.valueOf(type, name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
