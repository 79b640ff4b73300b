package fr.preau.files.internal;

import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.files.internal.FilesResource.Items;
import fr.preau.files.internal.FilesResource.NodeView;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code /api/v1/files/partages/…}: sharing (see the module's README); every decision is {@link Shares}'s. */
@Component(service = SharesResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.MODULES)
@JSONRequired
@Path(FilesModule.ID + "/partages")
@Produces(MediaType.APPLICATION_JSON)
public final class SharesResource {

    static final int CANDIDATES = 20;

    private final Files files;

    @Context
    HttpServletRequest http;

    @Activate
    public SharesResource(@Reference(name = "files") Files files) {
        this.files = files;
    }

    /** A share as its owner sees it; {@code jusqua}: the last day it works (null: until revoked). */
    public record ShareView(String id, String noeud, String type, String destinataire, String label, boolean ecriture, String jusqua,
            boolean expire, String createdAt) {
    }

    /** Something shared with the caller: the node (under the name it shows in « Partagés avec moi »), rights, by whom, until. */
    public record SharedView(NodeView noeud, String espace, boolean ecriture, String par, String jusqua) {
    }

    public record GranteeBody(String type, String id) {
    }

    public record ShareRequest(String noeud, List<GranteeBody> destinataires, Boolean ecriture, String jusqua) {
    }

    public record PersonChoice(String id, String label, String profil) {
    }

    public record DivisionChoice(String id, String label) {
    }

    public record Choices(List<PersonChoice> personnes, List<DivisionChoice> classes) {
    }

    static String lastDay(Instant until) {
        return until == null ? null : LocalDate.ofInstant(until.minusSeconds(1), Shares.ZONE).toString();
    }

    ShareView view(Shares.Granted g) {
        FilesStore.Share s = g.share();
        return new ShareView(Long.toString(s.id()), Long.toString(s.nodeId()), FilesStore.Share.PERSON.equals(s.granteeKind()) ? "PERSONNE" : "CLASSE",
                s.granteeId(), g.label(), s.canWrite(), lastDay(s.until()), g.expired(), s.createdAt().toString());
    }

    @GET
    public Items<ShareView> list(@Context SecurityContext security, @QueryParam("noeud") String node) throws SQLException {
        Person who = Callers.require(security);
        return new Items<>(files.shares().sharesOf(who, FilesResource.id(node)).stream().map(this::view).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response share(@Context SecurityContext security, ShareRequest body) throws SQLException {
        Person who = Callers.require(security);
        if (body == null) {
            throw FilesResource.badBody();
        }
        LocalDate until = null;
        if (body.jusqua() != null && !body.jusqua().isBlank()) {
            try {
                until = LocalDate.parse(body.jusqua().strip());
            } catch (DateTimeParseException e) {
                throw new ProblemException(400, "share-end-invalid", "La date de fin du partage n'est pas une date (AAAA-MM-JJ).");
            }
        }
        List<Shares.Grantee> grantees = new ArrayList<>();
        if (body.destinataires() != null) {
            for (GranteeBody g : body.destinataires()) {
                if (g == null || g.type() == null) {
                    grantees.add(null);
                } else {
                    grantees.add(new Shares.Grantee(switch (g.type()) {
                        case "PERSONNE" -> FilesStore.Share.PERSON;
                        case "CLASSE" -> FilesStore.Share.DIVISION;
                        default -> g.type();
                    }, g.id()));
                }
            }
        }
        List<Shares.Granted> saved = files.shares().share(who, FilesResource.id(body.noeud()), grantees, Boolean.TRUE.equals(body.ecriture()), until,
                address());
        return Response.status(201).entity(new Items<>(saved.stream().map(this::view).toList())).build();
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@Context SecurityContext security, @PathParam("id") String id) throws SQLException {
        Person who = Callers.require(security);
        files.shares().revoke(who, FilesResource.id(id), address());
        return Response.noContent().build();
    }

    @GET
    @Path("avec-moi")
    public Items<SharedView> sharedWithMe(@Context SecurityContext security) throws SQLException {
        Person who = Callers.require(security);
        List<SharedView> out = new ArrayList<>();
        for (Shares.Shared s : files.shares().sharedWith(who)) {
            String by = files.directoryName(s.byId());
            out.add(new SharedView(FilesResource.view(Files.renamed(s.node(), s.name())), "partage:" + who.id().value(),
                    s.reach() == Shares.Reach.WRITE, by, lastDay(s.until())));
        }
        return new Items<>(out);
    }

    @GET
    @Path("destinataires")
    public Choices candidates(@Context SecurityContext security, @QueryParam("q") String query) {
        Person who = Callers.require(security);
        Shares.Candidates c = files.shares().candidates(who, query, CANDIDATES);
        return new Choices(c.people().stream().map(p -> new PersonChoice(p.id().value(), p.displayName(), profile(p))).toList(),
                c.divisions().stream().map(d -> new DivisionChoice(d.id(), Shares.divisionLabel(d))).toList());
    }

    /** The profile a picker shows beside a name. */
    static String profile(Person p) {
        for (Profile each : List.of(Profile.ELEVE, Profile.ENSEIGNANT, Profile.PARENT, Profile.DIRECTION, Profile.PERSONNEL, Profile.REFERENT,
                Profile.INVITE)) {
            if (p.has(each)) {
                return switch (each) {
                    case ELEVE -> "élève";
                    case ENSEIGNANT -> "enseignant";
                    case PARENT -> "responsable";
                    case DIRECTION -> "direction";
                    case PERSONNEL -> "personnel";
                    case REFERENT -> "référent";
                    default -> "invité";
                };
            }
        }
        return "";
    }

    private String address() {
        return http == null ? null : http.getRemoteAddr();
    }
}
