package fr.preau.files.internal;

import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.directory.Division;
import fr.preau.files.internal.FilesResource.Items;
import fr.preau.files.internal.FilesStore.DropBox;
import fr.preau.files.internal.FilesStore.HandIn;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import fr.preau.web.StreamedBody;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
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

/** {@code /api/v1/files/depots/…}: the boîtes de dépôt (see the module's README); every decision is {@link DropBoxes}'s. */
@Component(service = DropBoxesResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.MODULES)
@JSONRequired
@Path(FilesModule.ID + "/depots")
@Produces(MediaType.APPLICATION_JSON)
public final class DropBoxesResource {

    private final Files files;

    @Context
    HttpServletRequest http;

    @Activate
    public DropBoxesResource(@Reference(name = "files") Files files) {
        this.files = files;
    }

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
    public Items<BoxView> list(@Context SecurityContext security) throws SQLException {
        Person who = Callers.require(security);
        List<BoxView> out = new ArrayList<>();
        for (DropBox b : files.dropBoxes().visible(who)) {
            out.add(view(who, b, files.dropBoxes().filesOf(who, b)));
        }
        return new Items<>(out);
    }

    @GET
    @Path("classes")
    public Items<Choice> divisions(@Context SecurityContext security) {
        Person who = Callers.require(security);
        return new Items<>(files.dropBoxes().divisionsToOpen(who).stream().map(d -> new Choice(d.id(), Shares.divisionLabel(d))).toList());
    }

    @GET
    @Path("devoirs")
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
    public Response open(@Context SecurityContext security, NewBox body) throws SQLException {
        Person who = Callers.require(security);
        if (body == null) {
            throw FilesResource.badBody();
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
        Long devoir = body.devoir() == null || body.devoir().isBlank() ? null : FilesResource.id(body.devoir());
        DropBox b = files.dropBoxes().open(who, body.classe(), body.titre(), body.consignes(), deadline, devoir, address());
        return Response.status(201).entity(view(who, b, List.of())).build();
    }

    @GET
    @Path("{id}")
    public BoxDetail detail(@Context SecurityContext security, @PathParam("id") String id) throws SQLException {
        Person who = Callers.require(security);
        DropBoxes boxes = files.dropBoxes();
        DropBox b = boxes.box(who, FilesResource.id(id));
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
    @Path("{id}/rendus")
    @Consumes(MediaType.WILDCARD)
    @StreamedBody
    public Response handIn(@Context SecurityContext security, @PathParam("id") String id, @QueryParam("nom") String name,
            @HeaderParam("Content-Type") String type, @HeaderParam("Content-Length") String length, InputStream body) throws SQLException, IOException {
        Person who = Callers.require(security);
        long boxId = FilesResource.id(id);
        HandIn h = files.dropBoxes().handIn(who, boxId, name, type, declared(length), body);
        return Response.status(201).entity(view(files.dropBoxes().box(who, boxId), h)).build();
    }

    @DELETE
    @Path("{id}/rendus/{file}")
    public Response withdraw(@Context SecurityContext security, @PathParam("id") String id, @PathParam("file") String file) throws SQLException {
        files.dropBoxes().withdraw(Callers.require(security), FilesResource.id(id), FilesResource.id(file));
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/eleves/{pupil}/corriges")
    @Consumes(MediaType.WILDCARD)
    @StreamedBody
    public Response returnCorrected(@Context SecurityContext security, @PathParam("id") String id, @PathParam("pupil") String pupil,
            @QueryParam("nom") String name, @HeaderParam("Content-Type") String type, @HeaderParam("Content-Length") String length,
            InputStream body) throws SQLException, IOException {
        Person who = Callers.require(security);
        long boxId = FilesResource.id(id);
        HandIn h = files.dropBoxes().returnCorrected(who, boxId, pupil, name, type, declared(length), body, address());
        return Response.status(201).entity(view(files.dropBoxes().box(who, boxId), h)).build();
    }

    @GET
    @Path("{id}/fichiers/{file}")
    @Produces(MediaType.WILDCARD)
    public Response download(@Context SecurityContext security, @PathParam("id") String id, @PathParam("file") String file) throws SQLException {
        Person who = Callers.require(security);
        HandIn h = files.dropBoxes().file(who, FilesResource.id(id), FilesResource.id(file));
        java.nio.file.Path path = files.dropBoxes().content(h);
        if (!java.nio.file.Files.isRegularFile(path)) {
            throw DropBoxes.fileNotFound();
        }
        StreamingOutput out = o -> java.nio.file.Files.copy(path, o);
        return Response.ok(out, FilesResource.SERVED_AS_IS.contains(h.mediaType()) ? h.mediaType() : "application/octet-stream")
                .header("Content-Disposition", FilesResource.disposition(h.name())).header("Content-Length", h.size())
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "private, no-store").build();
    }

    /** Every hand-in of the box as one zip, written as it is read (a folder « Nom Prénom » per pupil). */
    @GET
    @Path("{id}/archive")
    @Produces("application/zip")
    public Response zip(@Context SecurityContext security, @PathParam("id") String id) throws SQLException {
        Person who = Callers.require(security);
        long boxId = FilesResource.id(id);
        List<ZipWriter.Entry> entries = files.dropBoxes().zipEntries(who, boxId);
        String name = files.dropBoxes().zipName(who, boxId);
        StreamingOutput out = o -> files.dropBoxes().writeZip(entries, o);
        return Response.ok(out, "application/zip").header("Content-Disposition", FilesResource.disposition(name))
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "private, no-store").build();
    }

    private String address() {
        return http == null ? null : http.getRemoteAddr();
    }
}
