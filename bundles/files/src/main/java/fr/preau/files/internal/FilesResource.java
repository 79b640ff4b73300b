package fr.preau.files.internal;

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
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
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

    /** Types served as they are (inline is never asked: always an attachment); anything else as bytes. */
    static final Set<String> SERVED_AS_IS = Set.of("application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain",
            "audio/mpeg", "video/mp4", "application/zip");

    private final Files files;

    @Activate
    public FilesResource(@Reference(name = "files") Files files) {
        this.files = files;
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
        return Response.ok(out, SERVED_AS_IS.contains(n.mediaType()) ? n.mediaType() : "application/octet-stream")
                .header("Content-Disposition", disposition(n.name()))
                .header("Content-Length", n.size()).header("ETag", "\"" + n.etag() + "\"")
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "private, no-store").build();
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
        return Response.ok(out, "application/octet-stream").header("Content-Disposition", disposition(n.name()))
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
        long declared = -1;
        if (length != null) {
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException ignored) {
                // read and bounded below
            }
        }
        Files.Upload up = files.upload(who, space, optionalId(folder), name, type, declared, body, replace);
        return Response.status(up.created() ? 201 : 200).entity(view(up.node())).build();
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
