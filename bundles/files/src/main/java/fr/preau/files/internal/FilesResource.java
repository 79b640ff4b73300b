package fr.preau.files.internal;

import fr.preau.api.Profile;
import fr.preau.directory.Division;
import fr.preau.files.internal.FilesStore.DropBox;
import fr.preau.files.internal.FilesStore.HandIn;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import fr.preau.web.StreamedBody;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PUT;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.StreamingOutput;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code /api/v1/files/…}: the contract is in the module's README. Every decision is {@link Files}'s (and {@code access}'s). */
@Component(service = FilesResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.MODULES)
@JSONRequired
@Path(FilesModule.ID)
@Produces(MediaType.APPLICATION_JSON)
public final class FilesResource {

    private final Files files;
    private final Previews previews;
    private final Uploads uploads;

    @Activate
    public FilesResource(@Reference(name = "files") Files files, @Reference(name = "previews") Previews previews,
            @Reference(name = "uploads") Uploads uploads) {
        this.files = files;
        this.previews = previews;
        this.uploads = uploads;
    }

    // --- views -------------------------------------------------------------------------------------

    public record SpaceView(String id, String kind, String label, boolean canWrite) {
    }

    public record NodeView(String id, String espace, String parentId, String name, boolean folder, long size, String type, String sha256,
            String createdAt, String updatedAt, String deletedAt, String url) {
    }

    public record Items<T>(List<T> items) {
    }

    public record Crumb(String id, String name) {
    }

    public record FolderView(SpaceView espace, NodeView dossier, List<Crumb> chemin, List<NodeView> items) {
    }

    /** Bytes; {@code maxFile}: the largest single file the box accepts (the screen's file picker says it up front). */
    public record QuotaView(long used, long trash, long limit, String usedLabel, String limitLabel, int percent, long maxFile,
            String maxFileLabel) {
    }

    public record NameBody(String nom) {
    }

    public record NewFolder(String espace, String dossier, String nom) {
    }

    public record Destination(String espace, String dossier, String nom, Boolean remplacer) {
    }

    static NodeView view(Node n) {
        return new NodeView(Long.toString(n.id()), n.space(), n.parentId() == null ? null : n.parentId().toString(), n.name(), n.folder(),
                n.size(), n.folder() ? null : n.mediaType(), n.sha256(), n.createdAt().toString(), n.updatedAt().toString(),
                n.deletedAt() == null ? null : n.deletedAt().toString(), n.folder() ? null : "/api/v1/files/fichiers/" + n.id());
    }

    private SpaceView view(Person who, Space s) {
        return new SpaceView(s.id(), s.kind().name(), s.label(), files.spaces().mayWrite(who, s));
    }

    // --- reading -----------------------------------------------------------------------------------

    @GET
    @Path("espaces")
    public Items<SpaceView> spaces(@Context SecurityContext security) {
        Person who = Callers.require(security);
        return new Items<>(files.spaces(who).stream().map(s -> view(who, s)).toList());
    }

    @GET
    @Path("dossier")
    public FolderView folder(@Context SecurityContext security, @QueryParam("espace") String space, @QueryParam("dossier") String folder)
            throws SQLException {
        Person who = Callers.require(security);
        Long id = optionalId(folder);
        List<NodeView> items = files.list(who, space, id).stream().map(FilesResource::view).toList();
        Space s = files.spaces().find(space).orElseThrow(Space::notFound);
        SpaceView sv = view(who, s);
        NodeView here = null;
        List<Crumb> path = new ArrayList<>();
        if (id != null) {
            Node n = files.node(who, id);
            here = view(n);
            // a folder reached through a share: the path starts at what is shared, and writing is the share's to say
            boolean throughShare = s.kind() == Space.Kind.PARTAGE || !files.spaces().mayRead(who, s);
            for (Node a : files.ancestors(n)) {
                if (!throughShare || files.shares().viaShares(who, a, false) != Shares.Reach.NONE) {
                    path.add(new Crumb(Long.toString(a.id()), a.name()));
                }
            }
            path.add(new Crumb(Long.toString(n.id()), n.name()));
            if (throughShare) {
                sv = new SpaceView(sv.id(), sv.kind(), sv.label(), files.reach(who, n) == Shares.Reach.WRITE);
            }
        }
        return new FolderView(sv, here, path, items);
    }

    @GET
    @Path("noeuds/{id}")
    public NodeView node(@Context SecurityContext security, @PathParam("id") String id) throws SQLException {
        return view(files.node(Callers.require(security), id(id)));
    }

    /** Where the person opens a node (a search hit takes them there): {@code espace}, {@code dossier} (null: the root), {@code fichier}. */
    public record LocationView(String espace, String dossier, String fichier) {
    }

    @GET
    @Path("noeuds/{id}/emplacement")
    public LocationView location(@Context SecurityContext security, @PathParam("id") String id) throws SQLException {
        Files.Location at = files.location(Callers.require(security), id(id));
        return new LocationView(at.space(), at.folder() == null ? null : Long.toString(at.folder()),
                at.file() == null ? null : Long.toString(at.file()));
    }

    @GET
    @Path("fichiers/{id}")
    @Produces(MediaType.WILDCARD)
    public Response download(@Context SecurityContext security, @PathParam("id") String id) throws SQLException {
        Person who = Callers.require(security);
        Node n = files.node(who, id(id));
        java.nio.file.Path file = files.content(n);
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw Files.notFound();
        }
        StreamingOutput out = o -> java.nio.file.Files.copy(file, o);
        return Response.ok(out, Sniffer.served(n.mediaType()))
                .header("Content-Disposition", disposition(n.name()))
                .header("Content-Length", n.size()).header("ETag", "\"" + n.etag() + "\"")
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "private, no-store").build();
    }

    /**
     * A file's thumbnail ({@code taille=vignette}) or preview ({@code grande}) as a JPEG, for whoever may download it;
     * made at the first request, then served from the cache with its {@code ETag} (304 when the browser has it).
     */
    @GET
    @Path("fichiers/{id}/apercu")
    @Produces(MediaType.WILDCARD)
    public Response preview(@Context SecurityContext security, @PathParam("id") String id, @QueryParam("taille") String size,
            @HeaderParam("If-None-Match") String ifNoneMatch) throws SQLException, IOException {
        Person who = Callers.require(security);
        Node n = files.node(who, id(id));
        Previews.Size s = Previews.Size.of(size);
        String etag = Previews.etag(n, s);
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.strip().equals("*"))) {
            return Response.notModified().header("ETag", etag).header("Cache-Control", "private, no-cache").build();
        }
        java.nio.file.Path image = previews.of(n, n.folder() ? null : files.content(n), s);
        StreamingOutput out = o -> java.nio.file.Files.copy(image, o);
        return Response.ok(out, "image/jpeg").header("Content-Length", java.nio.file.Files.size(image)).header("ETag", etag)
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "private, no-cache").build();
    }

    /** An earlier content of a file: its size, when it was written and when (by whom) it was replaced. */
    public record VersionView(String id, long size, String sizeLabel, String type, String modifiedAt, String replacedAt, String replacedBy,
            String url) {
    }

    @GET
    @Path("noeuds/{id}/versions")
    public Items<VersionView> versions(@Context SecurityContext security, @PathParam("id") String id) throws SQLException {
        Person who = Callers.require(security);
        long node = id(id);
        return new Items<>(files.versions(who, node).stream().map(v -> new VersionView(Long.toString(v.id()), v.size(), Quotas.human(v.size()),
                v.mediaType(), v.modifiedAt().toString(), v.replacedAt().toString(), files.directoryName(v.replacedBy()),
                "/api/v1/files/noeuds/" + node + "/versions/" + v.id())).toList());
    }

    @GET
    @Path("noeuds/{id}/versions/{version}")
    @Produces(MediaType.WILDCARD)
    public Response versionContent(@Context SecurityContext security, @PathParam("id") String id, @PathParam("version") String version)
            throws SQLException {
        Person who = Callers.require(security);
        Node n = files.node(who, id(id));
        java.nio.file.Path file = files.versionContent(who, n.id(), id(version));
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw Files.versionNotFound();
        }
        StreamingOutput out = o -> java.nio.file.Files.copy(file, o);
        String type = files.versions(who, n.id()).stream().filter(v -> v.id() == id(version)).findFirst()
                .map(FilesStore.Version::mediaType).orElse(null);
        return Response.ok(out, Sniffer.served(type)).header("Content-Disposition", disposition(n.name()))
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "private, no-store").build();
    }

    @POST
    @Path("noeuds/{id}/versions/{version}/restaurer")
    public NodeView restoreVersion(@Context SecurityContext security, @PathParam("id") String id, @PathParam("version") String version)
            throws SQLException {
        return view(files.restoreVersion(Callers.require(security), id(id), id(version)));
    }

    /** A folder and what it holds as one zip, written as it is read (its files under « Dossier/… »). */
    @GET
    @Path("dossiers/{id}/archive")
    @Produces("application/zip")
    public Response folderZip(@Context SecurityContext security, @PathParam("id") String id) throws SQLException {
        Person who = Callers.require(security);
        Node n = files.node(who, id(id));
        List<ZipWriter.Entry> entries = files.folderZip(who, n.id());
        StreamingOutput out = o -> ZipWriter.write(o, entries);
        return Response.ok(out, "application/zip").header("Content-Disposition", disposition(n.name() + ".zip"))
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "private, no-store").build();
    }

    static String disposition(String name) {
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        String ascii = name.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "_");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    /** The antivirus as the referent sees it: on or off, and when on, clamd's answer (its « Tester »). */
    public record AntivirusView(boolean actif, String adresse, String version) {
    }

    @GET
    @Path("antivirus")
    public AntivirusView antivirus(@Context SecurityContext security) throws IOException {
        Files.AntivirusState state = files.testAntivirus(Callers.require(security));
        return new AntivirusView(state.on(), state.address(), state.version());
    }

    /** The antivirus address the referent gives in the console (empty: no antivirus). */
    public record AntivirusSettings(String adresse) {
    }

    @PUT
    @Path("antivirus")
    @Consumes(MediaType.APPLICATION_JSON)
    public AntivirusView setAntivirus(@Context SecurityContext security, @Context HttpServletRequest http, AntivirusSettings body)
            throws IOException, SQLException {
        Files.AntivirusState state = files.setAntivirus(Callers.require(security), body == null ? null : body.adresse(), address(http));
        return new AntivirusView(state.on(), state.address(), state.version());
    }

    @GET
    @Path("quota")
    public QuotaView quota(@Context SecurityContext security, @QueryParam("espace") String space) throws SQLException {
        Files.Usage u = files.usage(Callers.require(security), space);
        int percent = u.limit() <= 0 ? 100 : (int) Math.min(100, Math.round(100.0 * u.used() / u.limit()));
        long maxFile = files.limits().maxFile();
        return new QuotaView(u.used(), u.trash(), u.limit(), Quotas.human(u.used()), Quotas.human(u.limit()), percent, maxFile,
                Quotas.human(maxFile));
    }

    // --- writing -----------------------------------------------------------------------------------

    @POST
    @Path("dossiers")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response mkdir(@Context SecurityContext security, NewFolder body) throws SQLException {
        if (body == null) {
            throw badBody();
        }
        Node n = files.mkdir(Callers.require(security), body.espace(), optionalId(body.dossier()), body.nom());
        return Response.status(201).entity(view(n)).build();
    }

    @POST
    @Path("fichiers")
    @Consumes(MediaType.WILDCARD)
    @StreamedBody
    public Response upload(@Context SecurityContext security, @QueryParam("espace") String space, @QueryParam("dossier") String folder,
            @QueryParam("nom") String name, @QueryParam("remplacer") boolean replace, @HeaderParam("Content-Type") String type,
            @HeaderParam("Content-Length") String length, InputStream body) throws SQLException, IOException {
        Person who = Callers.require(security);
        long declared = declared(length);
        Files.Upload up = files.upload(who, space, optionalId(folder), name, type, declared, body, replace);
        return Response.status(up.created() ? 201 : 200).entity(view(up.node())).build();
    }

    // --- resumable uploads (/envois) -------------------------------------------------------------------

    /** Opening a resumable upload: where, the name, the size in bytes, the declared type; {@code remplacer} as an upload's. */
    public record NewUpload(String espace, String dossier, String nom, Long taille, String type, Boolean remplacer) {
    }

    /** A resumable upload: {@code recu} the bytes the box holds (where the next piece starts), until {@code expire}. */
    public record UploadView(String id, String nom, long taille, long recu, String expire, String url) {
    }

    static UploadView view(Uploads.Session s) {
        return new UploadView(s.id(), s.name(), s.size(), s.received(), s.expires().toString(), "/api/v1/files/envois/" + s.id());
    }

    @POST
    @Path("envois")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response openUpload(@Context SecurityContext security, NewUpload body) throws SQLException, IOException {
        if (body == null || body.taille() == null) {
            throw new ProblemException(400, "upload-size-invalid", "Indiquez le nom et la taille du fichier à envoyer.");
        }
        Uploads.Session s = uploads.create(Callers.require(security), body.espace(), optionalId(body.dossier()), body.nom(), body.taille(),
                body.type(), Boolean.TRUE.equals(body.remplacer()));
        return Response.status(201).entity(view(s)).build();
    }

    @GET
    @Path("envois/{id}")
    public UploadView uploadStatus(@Context SecurityContext security, @PathParam("id") String id) throws IOException {
        return view(uploads.status(Callers.require(security), id));
    }

    /** A piece of the file at {@code position} (or {@code Content-Range}), streamed and bounded by the declared size. */
    @PUT
    @Path("envois/{id}")
    @Consumes(MediaType.WILDCARD)
    @StreamedBody
    public UploadView uploadPiece(@Context SecurityContext security, @PathParam("id") String id, @QueryParam("position") String position,
            @HeaderParam("Content-Range") String range, @HeaderParam("Content-Length") String length, InputStream body)
            throws SQLException, IOException {
        Person who = Callers.require(security);
        Uploads.Session s = uploads.status(who, id);
        long declared = declared(length);
        return view(uploads.append(who, id, Uploads.offset(range, position, declared, s.size()), declared, body));
    }

    @POST
    @Path("envois/{id}/terminer")
    public Response finishUpload(@Context SecurityContext security, @PathParam("id") String id) throws SQLException, IOException {
        Files.Upload up = uploads.finish(Callers.require(security), id);
        return Response.status(up.created() ? 201 : 200).entity(view(up.node())).build();
    }

    @DELETE
    @Path("envois/{id}")
    public Response cancelUpload(@Context SecurityContext security, @PathParam("id") String id) throws IOException {
        uploads.cancel(Callers.require(security), id);
        return Response.noContent().build();
    }

    @POST
    @Path("noeuds/{id}/renommer")
    @Consumes(MediaType.APPLICATION_JSON)
    public NodeView rename(@Context SecurityContext security, @PathParam("id") String id, NameBody body) throws SQLException {
        if (body == null) {
            throw badBody();
        }
        return view(files.rename(Callers.require(security), id(id), body.nom()));
    }

    @POST
    @Path("noeuds/{id}/deplacer")
    @Consumes(MediaType.APPLICATION_JSON)
    public NodeView move(@Context SecurityContext security, @PathParam("id") String id, Destination body) throws SQLException {
        if (body == null) {
            throw badBody();
        }
        return view(files.move(Callers.require(security), id(id), body.espace(), optionalId(body.dossier()), body.nom(),
                Boolean.TRUE.equals(body.remplacer())));
    }

    @POST
    @Path("noeuds/{id}/copier")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response copy(@Context SecurityContext security, @PathParam("id") String id, Destination body) throws SQLException, IOException {
        if (body == null) {
            throw badBody();
        }
        Node n = files.copy(Callers.require(security), id(id), body.espace(), optionalId(body.dossier()), body.nom(),
                Boolean.TRUE.equals(body.remplacer()));
        return Response.status(201).entity(view(n)).build();
    }

    @DELETE
    @Path("noeuds/{id}")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) throws SQLException {
        files.delete(Callers.require(security), id(id));
        return Response.noContent().build();
    }

    // --- trash -------------------------------------------------------------------------------------

    @GET
    @Path("corbeille")
    public Items<NodeView> trash(@Context SecurityContext security, @QueryParam("espace") String space) throws SQLException {
        return new Items<>(files.trash(Callers.require(security), space).stream().map(FilesResource::view).toList());
    }

    @POST
    @Path("corbeille/{id}/restaurer")
    public NodeView restore(@Context SecurityContext security, @PathParam("id") String id) throws SQLException {
        return view(files.restore(Callers.require(security), id(id)));
    }

    @DELETE
    @Path("corbeille/{id}")
    public Response purge(@Context SecurityContext security, @PathParam("id") String id) throws SQLException {
        files.purge(Callers.require(security), id(id));
        return Response.noContent().build();
    }

    // --- application passwords (WebDAV) ------------------------------------------------------------------

    public record AppPasswordView(String id, String label, String createdAt, String lastUsedAt, String secret) {
    }

    public record LabelBody(String label) {
    }

    static AppPasswordView view(FilesStore.AppPassword a, String secret) {
        return new AppPasswordView(Long.toString(a.id()), a.label(), a.createdAt().toString(),
                a.lastUsedAt() == null ? null : a.lastUsedAt().toString(), secret);
    }

    @GET
    @Path("mots-de-passe")
    public Items<AppPasswordView> appPasswords(@Context SecurityContext security) throws SQLException {
        return new Items<>(files.appPasswords(Callers.require(security)).stream().map(a -> view(a, null)).toList());
    }

    @POST
    @Path("mots-de-passe")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createAppPassword(@Context SecurityContext security, LabelBody body) throws SQLException {
        Files.NewAppPassword n = files.createAppPassword(Callers.require(security), body == null ? null : body.label());
        return Response.status(201).entity(view(n.row(), n.secret())).build();
    }

    @DELETE
    @Path("mots-de-passe/{id}")
    public Response revokeAppPassword(@Context SecurityContext security, @PathParam("id") String id) throws SQLException {
        files.revokeAppPassword(Callers.require(security), id(id));
        return Response.noContent().build();
    }

    // --- sharing (/partages) ---------------------------------------------------------------------------


    static final int CANDIDATES = 20;


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
    @Path("partages")
    public Items<ShareView> sharesOf(@Context SecurityContext security, @QueryParam("noeud") String node) throws SQLException {
        Person who = Callers.require(security);
        return new Items<>(files.shares().sharesOf(who, id(node)).stream().map(this::view).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("partages")
    public Response share(@Context SecurityContext security, @Context HttpServletRequest http, ShareRequest body) throws SQLException {
        Person who = Callers.require(security);
        if (body == null) {
            throw badBody();
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
        List<Shares.Granted> saved = files.shares().share(who, id(body.noeud()), grantees, Boolean.TRUE.equals(body.ecriture()), until,
                address(http));
        return Response.status(201).entity(new Items<>(saved.stream().map(this::view).toList())).build();
    }

    @DELETE
    @Path("partages/{id}")
    public Response revoke(@Context SecurityContext security, @Context HttpServletRequest http, @PathParam("id") String id) throws SQLException {
        Person who = Callers.require(security);
        files.shares().revoke(who, id(id), address(http));
        return Response.noContent().build();
    }

    @GET
    @Path("partages/avec-moi")
    public Items<SharedView> sharedWithMe(@Context SecurityContext security) throws SQLException {
        Person who = Callers.require(security);
        List<SharedView> out = new ArrayList<>();
        for (Shares.Shared s : files.shares().sharedWith(who)) {
            String by = files.directoryName(s.byId());
            out.add(new SharedView(view(Files.renamed(s.node(), s.name())), "partage:" + who.id().value(),
                    s.reach() == Shares.Reach.WRITE, by, lastDay(s.until())));
        }
        return new Items<>(out);
    }

    @GET
    @Path("partages/destinataires")
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

    // --- drop boxes (/depots) --------------------------------------------------------------------------



    public record DevoirView(String id, String matiere, String pour, String titre) {
    }

    /**
     * A drop box; {@code role}: ENSEIGNANT (its teacher) or ELEVE. For the teacher: {@code eleves} (the class's pupils),
     * {@code rendus} (pupils who handed in), {@code enRetard} (of them, late), {@code corriges} (pupils given a corrected
     * file). For a pupil: {@code rendu}, {@code enRetard}, {@code corrige} about themselves.
     */
    public record BoxView(String id, String classe, String classeLabel, String titre, String consignes, String echeance, boolean ouverte,
            DevoirView devoir, String enseignant, String role, Integer eleves, Integer rendus, Integer enRetardCount, Integer corriges,
            Boolean rendu, Boolean enRetard, Boolean corrige) {
    }

    public record FileView(String id, String nom, long taille, String type, String depose, boolean enRetard, String url) {
    }

    public record PupilView(String id, String nom, boolean enRetard, List<FileView> rendus, List<FileView> corriges) {
    }

    /** A box in full: for its teacher every pupil ({@code eleves}); for a pupil their hand-ins and corrected files. */
    public record BoxDetail(BoxView depot, List<PupilView> eleves, List<FileView> mesRendus, List<FileView> corriges) {
    }

    public record NewBox(String classe, String titre, String consignes, String echeance, String devoir) {
    }

    public record Choice(String id, String label) {
    }

    public record Devoirs(boolean cahier, List<DevoirView> items) {
    }

    FileView view(DropBox b, HandIn h) {
        return new FileView(Long.toString(h.id()), h.name(), h.size(), h.mediaType(), h.at().toString(), h.late(),
                "/api/v1/files/depots/" + b.id() + "/fichiers/" + h.id());
    }

    BoxView view(Person who, DropBox b, List<HandIn> visible) {
        DropBoxes boxes = files.dropBoxes();
        String label = files.directoryDivision(b.divisionId()).map(Shares::divisionLabel).orElse("Classe disparue");
        DevoirView devoir = null;
        if (b.devoirId() != null) {
            DevoirLookup cahier = files.cahier();
            devoir = cahier == null ? new DevoirView(b.devoirId().toString(), null, null, null)
                    : cahier.devoir(b.devoirId()).map(d -> new DevoirView(Long.toString(d.id()), d.subject(), d.due().toString(), d.title()))
                            .orElse(new DevoirView(b.devoirId().toString(), null, null, null));
        }
        boolean open = files.clock().instant().isBefore(b.deadline());
        String teacher = files.directoryName(b.teacherId());
        if (DropBoxes.isTeacher(who, b)) {
            Map<String, Boolean> handedIn = new LinkedHashMap<>();
            int corrected = (int) visible.stream().filter(h -> HandIn.CORRIGE.equals(h.kind())).map(HandIn::pupilId).distinct().count();
            for (HandIn h : visible) {
                if (HandIn.RENDU.equals(h.kind())) {
                    handedIn.merge(h.pupilId(), h.late(), (a, c) -> a && c);
                }
            }
            int late = (int) handedIn.values().stream().filter(x -> x).count();
            return new BoxView(Long.toString(b.id()), b.divisionId(), label, b.title(), b.instructions(), b.deadline().toString(), open, devoir,
                    teacher, "ENSEIGNANT", boxes.pupils(b).size(), handedIn.size(), late, corrected, null, null, null);
        }
        List<HandIn> mine = visible.stream().filter(h -> HandIn.RENDU.equals(h.kind())).toList();
        boolean late = !mine.isEmpty() && mine.stream().allMatch(HandIn::late);
        boolean corrected = visible.stream().anyMatch(h -> HandIn.CORRIGE.equals(h.kind()));
        return new BoxView(Long.toString(b.id()), b.divisionId(), label, b.title(), b.instructions(), b.deadline().toString(), open, devoir,
                teacher, "ELEVE", null, null, null, null, !mine.isEmpty(), late, corrected);
    }

    @GET
    @Path("depots")
    public Items<BoxView> dropBoxes(@Context SecurityContext security) throws SQLException {
        Person who = Callers.require(security);
        List<BoxView> out = new ArrayList<>();
        for (DropBox b : files.dropBoxes().visible(who)) {
            out.add(view(who, b, files.dropBoxes().filesOf(who, b)));
        }
        return new Items<>(out);
    }

    @GET
    @Path("depots/classes")
    public Items<Choice> divisions(@Context SecurityContext security) {
        Person who = Callers.require(security);
        return new Items<>(files.dropBoxes().divisionsToOpen(who).stream().map(d -> new Choice(d.id(), Shares.divisionLabel(d))).toList());
    }

    @GET
    @Path("depots/devoirs")
    public Devoirs devoirs(@Context SecurityContext security, @QueryParam("classe") String division) {
        Person who = Callers.require(security);
        DevoirLookup cahier = files.cahier();
        if (cahier == null) {
            return new Devoirs(false, List.of());
        }
        boolean mine = files.dropBoxes().divisionsToOpen(who).stream().map(Division::id).anyMatch(id -> id.equals(division));
        if (!mine) {
            return new Devoirs(true, List.of());
        }
        LocalDate today = LocalDate.ofInstant(files.clock().instant(), Shares.ZONE);
        return new Devoirs(true, cahier.handIns(division, today, today.plusDays(90)).stream()
                .map(d -> new DevoirView(Long.toString(d.id()), d.subject(), d.due().toString(), d.title())).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("depots")
    public Response open(@Context SecurityContext security, @Context HttpServletRequest http, NewBox body) throws SQLException {
        Person who = Callers.require(security);
        if (body == null) {
            throw badBody();
        }
        Instant deadline = null;
        if (body.echeance() != null && !body.echeance().isBlank()) {
            try {
                deadline = OffsetDateTime.parse(body.echeance().strip()).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    deadline = java.time.LocalDateTime.parse(body.echeance().strip()).atZone(Shares.ZONE).toInstant();
                } catch (DateTimeParseException e2) {
                    throw new ProblemException(400, "dropbox-deadline", "La date limite n'est pas une date et une heure (AAAA-MM-JJTHH:MM).");
                }
            }
        }
        Long devoir = body.devoir() == null || body.devoir().isBlank() ? null : id(body.devoir());
        DropBox b = files.dropBoxes().open(who, body.classe(), body.titre(), body.consignes(), deadline, devoir, address(http));
        return Response.status(201).entity(view(who, b, List.of())).build();
    }

    @GET
    @Path("depots/{id}")
    public BoxDetail detail(@Context SecurityContext security, @PathParam("id") String id) throws SQLException {
        Person who = Callers.require(security);
        DropBoxes boxes = files.dropBoxes();
        DropBox b = boxes.box(who, id(id));
        List<HandIn> visible = boxes.filesOf(who, b);
        BoxView box = view(who, b, visible);
        if (DropBoxes.isTeacher(who, b)) {
            Map<String, List<HandIn>> byPupil = new LinkedHashMap<>();
            List<Person> pupils = boxes.pupils(b);
            pupils.forEach(p -> byPupil.put(p.id().value(), new ArrayList<>()));
            for (HandIn h : visible) {
                byPupil.computeIfAbsent(h.pupilId(), k -> new ArrayList<>()).add(h);
            }
            List<PupilView> out = new ArrayList<>();
            for (Map.Entry<String, List<HandIn>> e : byPupil.entrySet()) {
                List<FileView> handed = e.getValue().stream().filter(h -> HandIn.RENDU.equals(h.kind())).map(h -> view(b, h)).toList();
                List<FileView> corrected = e.getValue().stream().filter(h -> HandIn.CORRIGE.equals(h.kind())).map(h -> view(b, h)).toList();
                boolean late = !handed.isEmpty() && handed.stream().allMatch(FileView::enRetard);
                out.add(new PupilView(e.getKey(), boxes.sortName(e.getKey()), late, handed, corrected));
            }
            out.sort(java.util.Comparator.comparing(PupilView::nom));
            return new BoxDetail(box, out, null, null);
        }
        return new BoxDetail(box, null, visible.stream().filter(h -> HandIn.RENDU.equals(h.kind())).map(h -> view(b, h)).toList(),
                visible.stream().filter(h -> HandIn.CORRIGE.equals(h.kind())).map(h -> view(b, h)).toList());
    }

    static long declared(String length) {
        if (length != null) {
            try {
                return Long.parseLong(length.trim());
            } catch (NumberFormatException ignored) {
                // read and bounded
            }
        }
        return -1;
    }

    @POST
    @Path("depots/{id}/rendus")
    @Consumes(MediaType.WILDCARD)
    @StreamedBody
    public Response handIn(@Context SecurityContext security, @PathParam("id") String id, @QueryParam("nom") String name,
            @HeaderParam("Content-Type") String type, @HeaderParam("Content-Length") String length, InputStream body) throws SQLException, IOException {
        Person who = Callers.require(security);
        long boxId = id(id);
        HandIn h = files.dropBoxes().handIn(who, boxId, name, type, declared(length), body);
        return Response.status(201).entity(view(files.dropBoxes().box(who, boxId), h)).build();
    }

    @DELETE
    @Path("depots/{id}/rendus/{file}")
    public Response withdraw(@Context SecurityContext security, @PathParam("id") String id, @PathParam("file") String file) throws SQLException {
        files.dropBoxes().withdraw(Callers.require(security), id(id), id(file));
        return Response.noContent().build();
    }

    @POST
    @Path("depots/{id}/eleves/{pupil}/corriges")
    @Consumes(MediaType.WILDCARD)
    @StreamedBody
    public Response returnCorrected(@Context SecurityContext security, @Context HttpServletRequest http, @PathParam("id") String id, @PathParam("pupil") String pupil,
            @QueryParam("nom") String name, @HeaderParam("Content-Type") String type, @HeaderParam("Content-Length") String length,
            InputStream body) throws SQLException, IOException {
        Person who = Callers.require(security);
        long boxId = id(id);
        HandIn h = files.dropBoxes().returnCorrected(who, boxId, pupil, name, type, declared(length), body, address(http));
        return Response.status(201).entity(view(files.dropBoxes().box(who, boxId), h)).build();
    }

    @GET
    @Path("depots/{id}/fichiers/{file}")
    @Produces(MediaType.WILDCARD)
    public Response dropBoxFile(@Context SecurityContext security, @PathParam("id") String id, @PathParam("file") String file) throws SQLException {
        Person who = Callers.require(security);
        HandIn h = files.dropBoxes().file(who, id(id), id(file));
        java.nio.file.Path path = files.dropBoxes().content(h);
        if (!java.nio.file.Files.isRegularFile(path)) {
            throw DropBoxes.fileNotFound();
        }
        StreamingOutput out = o -> java.nio.file.Files.copy(path, o);
        return Response.ok(out, Sniffer.served(h.mediaType()))
                .header("Content-Disposition", disposition(h.name())).header("Content-Length", h.size())
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "private, no-store").build();
    }

    /** Every hand-in of the box as one zip, written as it is read (a folder « Nom Prénom » per pupil). */
    @GET
    @Path("depots/{id}/archive")
    @Produces("application/zip")
    public Response zip(@Context SecurityContext security, @PathParam("id") String id) throws SQLException {
        Person who = Callers.require(security);
        long boxId = id(id);
        List<ZipWriter.Entry> entries = files.dropBoxes().zipEntries(who, boxId);
        String name = files.dropBoxes().zipName(who, boxId);
        StreamingOutput out = o -> files.dropBoxes().writeZip(entries, o);
        return Response.ok(out, "application/zip").header("Content-Disposition", disposition(name))
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "private, no-store").build();
    }

    static String address(HttpServletRequest http) {
        return http == null ? null : http.getRemoteAddr();
    }

    // --- groupes de travail (/groupes) -----------------------------------------------------------------

    /** A member: the creator ({@code createur}) or a member, who added them. */
    public record MemberView(String id, String label, String profil, boolean createur, String ajoutePar, String ajouteLe) {
    }

    /** A groupe de travail: its space, name, members; {@code gerer}: whether the caller renames it, changes members, deletes it. */
    public record GroupView(String id, String espace, String nom, String createur, String creeLe, List<MemberView> membres, boolean gerer) {
    }

    public record Groups(boolean peutCreer, List<GroupView> items) {
    }

    public record NewGroup(String nom, List<String> membres) {
    }

    public record MembersBody(List<String> membres) {
    }

    /** What was put in the trash when a group was deleted: the folder, in its creator's « Mes documents ». */
    public record DeletedGroup(NodeView corbeille) {
    }

    GroupView view(WorkGroups.Detail d) {
        FilesStore.WorkGroup g = d.group();
        List<MemberView> members = new ArrayList<>();
        members.add(member(g.creatorId(), true, null, g.createdAt()));
        for (FilesStore.Member m : d.members()) {
            members.add(member(m.personId(), false, m.addedBy(), m.addedAt()));
        }
        return new GroupView(Long.toString(g.id()), g.spaceId(), g.name(), g.creatorId(), g.createdAt().toString(), members, d.manage());
    }

    private MemberView member(String id, boolean creator, String by, Instant at) {
        java.util.Optional<Person> p = files.directoryPerson(id);
        return new MemberView(id, p.map(Person::displayName).orElse("Personne partie"), p.map(FilesResource::profile).orElse(""), creator,
                by == null ? null : files.directoryName(by), at.toString());
    }

    @GET
    @Path("groupes")
    public Groups groups(@Context SecurityContext security) throws SQLException {
        Person who = Callers.require(security);
        List<GroupView> out = new ArrayList<>();
        for (Space s : files.spaces(who)) {
            if (s.kind() == Space.Kind.GROUPE_TRAVAIL) {
                out.add(view(files.workGroups().detail(who, groupId(s.key()))));
            }
        }
        return new Groups(files.workGroups().mayCreate(who), out);
    }

    @GET
    @Path("groupes/{id}")
    public GroupView group(@Context SecurityContext security, @PathParam("id") String id) throws SQLException {
        Person who = Callers.require(security);
        return view(files.workGroups().detail(who, groupId(id)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("groupes")
    public Response createGroup(@Context SecurityContext security, @Context HttpServletRequest http, NewGroup body) throws SQLException {
        Person who = Callers.require(security);
        if (body == null) {
            throw badBody();
        }
        GroupView g = view(files.workGroups().create(who, body.nom(), body.membres(), address(http)));
        return Response.status(201).entity(g).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("groupes/{id}/renommer")
    public GroupView renameGroup(@Context SecurityContext security, @Context HttpServletRequest http, @PathParam("id") String id, NameBody body)
            throws SQLException {
        Person who = Callers.require(security);
        if (body == null) {
            throw badBody();
        }
        return view(files.workGroups().rename(who, groupId(id), body.nom(), address(http)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("groupes/{id}/membres")
    public GroupView addMembers(@Context SecurityContext security, @Context HttpServletRequest http, @PathParam("id") String id, MembersBody body)
            throws SQLException {
        Person who = Callers.require(security);
        if (body == null || body.membres() == null || body.membres().isEmpty()) {
            throw new ProblemException(400, "workgroup-no-member", "Choisissez au moins une personne à ajouter.");
        }
        return view(files.workGroups().addMembers(who, groupId(id), body.membres(), address(http)));
    }

    @DELETE
    @Path("groupes/{id}/membres/{personne}")
    public GroupView removeMember(@Context SecurityContext security, @Context HttpServletRequest http, @PathParam("id") String id,
            @PathParam("personne") String person) throws SQLException {
        Person who = Callers.require(security);
        return view(files.workGroups().removeMember(who, groupId(id), person, address(http)));
    }

    @DELETE
    @Path("groupes/{id}")
    public DeletedGroup deleteGroup(@Context SecurityContext security, @Context HttpServletRequest http, @PathParam("id") String id)
            throws SQLException {
        Person who = Callers.require(security);
        return new DeletedGroup(files.workGroups().delete(who, groupId(id), address(http)).map(FilesResource::view).orElse(null));
    }

    private static long groupId(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException | NullPointerException e) {
            throw WorkGroups.notFound();
        }
    }

    // --- helpers -----------------------------------------------------------------------------------

    static long id(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException | NullPointerException e) {
            throw Files.notFound();
        }
    }

    static Long optionalId(String raw) {
        return raw == null || raw.isBlank() ? null : id(raw);
    }

    static ProblemException badBody() {
        return new ProblemException(400, "invalid-body", "La demande est incomplète.");
    }
}
