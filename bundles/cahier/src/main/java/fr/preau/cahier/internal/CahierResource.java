package fr.preau.cahier.internal;

import fr.preau.access.AccessService;
import fr.preau.access.Target;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.cahier.DevoirKind;
import fr.preau.cahier.TimetableSlots;
import fr.preau.cahier.internal.Rows.Devoir;
import fr.preau.cahier.internal.Rows.Piece;
import fr.preau.cahier.internal.Rows.Seance;
import fr.preau.cahier.internal.Views.ChildView;
import fr.preau.cahier.internal.Views.ContextView;
import fr.preau.cahier.internal.Views.DayLoad;
import fr.preau.cahier.internal.Views.DevoirView;
import fr.preau.cahier.internal.Views.DivisionView;
import fr.preau.cahier.internal.Views.Items;
import fr.preau.cahier.internal.Views.KindView;
import fr.preau.cahier.internal.Views.SeanceView;
import fr.preau.cahier.internal.Views.SubjectView;
import fr.preau.cahier.internal.Views.TeachingView;
import fr.preau.cahier.internal.Views.VisaView;
import fr.preau.cahier.internal.Views.Workload;
import fr.preau.cahier.internal.Views.YearView;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import fr.preau.web.StreamedBody;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
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
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code /api/v1/cahier/…}: the contract is in the module's README. Every decision is {@link Cahier}'s and {@code access}'s. */
@Component(service = CahierResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.MODULES)
@JSONRequired
@Path(CahierModule.ID)
@Produces(MediaType.APPLICATION_JSON)
public final class CahierResource {

    /** Longest range of a week/list query. */
    static final int LIST_DAYS = 62;

    private final Cahier cahier;
    private final DirectoryService directory;
    private final AccessService access;
    private final Attachments attachments;

    /** A timetable module's slots, when one is installed. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile TimetableSlots timetable;

    @Activate
    public CahierResource(@Reference(name = "cahier") Cahier cahier, @Reference(name = "directory") DirectoryService directory,
            @Reference(name = "access") AccessService access, @Reference(name = "attachments") Attachments attachments) {
        this.cahier = cahier;
        this.directory = directory;
        this.access = access;
        this.attachments = attachments;
    }

    // --- context -------------------------------------------------------------------------------

    @GET
    @Path("context")
    public ContextView context(@Context SecurityContext security, @QueryParam("child") String child) throws SQLException {
        Person who = Callers.require(security);
        access.require(who, CahierModule.READ, who.uai());
        List<TeachingView> teachings = cahier.teachings(who).stream().map(t -> new TeachingView(view(t.division()), new SubjectView(
                t.subjectCode(), Subjects.label(t.subjectCode(), t.subjectLabel())))).toList();
        List<DivisionView> divisions = cahier.readable(who, child).stream().map(CahierResource::view).toList();
        List<ChildView> children = who.has(Profile.PARENT)
                ? directory.childrenOf(who.id()).stream().map(c -> new ChildView(c.id().value(), c.displayName())).toList() : List.of();
        Rules.SchoolYear year = Rules.schoolYear(cahier.today());
        List<KindView> kinds = java.util.Arrays.stream(DevoirKind.values()).map(k -> new KindView(k.name(), k.label())).toList();
        return new ContextView(who.profiles().stream().map(Enum::name).sorted().toList(), teachings, divisions, children,
                new YearView(year.start().toString(), year.end().toString()), cahier.store().maxDevoirsPerDay(who.uai().value()),
                !teachings.isEmpty(), access.decide(who, CahierModule.VISA, who.uai()).allowed(),
                access.decide(who, CahierModule.CONFIGURE, who.uai()).allowed(), kinds, timetable != null, progressions(who, year));
    }

    /** The divisions of past school years the teacher wrote in (« 5A — années précédentes »). */
    private List<DivisionView> progressions(Person who, Rules.SchoolYear year) throws SQLException {
        if (!who.has(Profile.ENSEIGNANT)) {
            return List.of();
        }
        List<DivisionView> out = new ArrayList<>();
        cahier.store().authoredDivisions(who.id().value(), year.start()).forEach((id, label) -> out.add(new DivisionView(id,
                label + " — années précédentes", id.contains(":GROUPE:") ? "GROUPE" : "CLASSE")));
        return out;
    }

    static DivisionView view(Division d) {
        return new DivisionView(d.id(), d.label(), d.kind().name());
    }

    // --- séances -------------------------------------------------------------------------------

    @GET
    @Path("seances")
    public Response seances(@Context SecurityContext security, @QueryParam("classe") String classe,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("child") String child) throws SQLException {
        Person who = Callers.require(security);
        LocalDate today = cahier.today();
        LocalDate f = Rules.dateOr(from, today.minusDays(today.getDayOfWeek().getValue() - 1L), "le début de la période");
        LocalDate t = Rules.dateOr(to, f.plusDays(6), "la fin de la période");
        Rules.range(f, t);
        if (t.isAfter(f.plusDays(LIST_DAYS))) {
            throw new ProblemException(400, "invalid-range", "Choisissez une période d'au plus " + LIST_DAYS + " jours.");
        }
        PersonId pupil = pupil(who, child);
        List<String> divisions = classe == null || classe.isBlank() ? ids(cahier.readable(who, child))
                : List.of(cahier.requireRead(who, classe).id());
        if (classe != null && !classe.isBlank() && child != null && !child.isBlank()) {
            cahier.readable(who, child); // checks the child is the caller's
        }
        if (!who.has(Profile.ENSEIGNANT)) {
            // what every reader of these divisions reads, mostly already written as JSON
            return Response.ok(cahier.seancesJson(who, divisions, f, t, pupil), MediaType.APPLICATION_JSON_TYPE).build();
        }
        return Response.ok(new Items<>(cahier.seanceViews(who, divisions, f, t, pupil))).build();
    }

    /** Whose "fait" ticks a view shows: the pupil's own, a parent's chosen child's; nobody's for others. */
    private static PersonId pupil(Person who, String child) {
        if (child != null && !child.isBlank()) {
            return new PersonId(child.trim());
        }
        return who.has(Profile.ELEVE) ? who.id() : null;
    }

    /** {@link #pupil} once {@code child}, when given, is checked to be one the caller follows (403 otherwise). */
    private PersonId checkedPupil(Person who, String child) {
        if (child != null && !child.isBlank()) {
            cahier.readable(who, child);
        }
        return pupil(who, child);
    }

    private static List<String> ids(List<Division> divisions) {
        return divisions.stream().map(Division::id).toList();
    }

    @POST
    @Path("seances")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Context SecurityContext security, Views.SeanceInput in) throws SQLException {
        Person who = Callers.require(security);
        long id = cahier.create(who, in);
        return Response.status(201).entity(seance(who, id)).build();
    }

    private SeanceView seance(Person who, long id) throws SQLException {
        Seance s = cahier.readableSeance(who, id);
        return cahier.views(who, List.of(s), who.has(Profile.ELEVE) ? who.id() : null).get(0);
    }

    @GET
    @Path("seances/{id}")
    public SeanceView seance(@Context SecurityContext security, @PathParam("id") String id, @QueryParam("child") String child)
            throws SQLException {
        Person who = Callers.require(security);
        Seance s = cahier.readableSeance(who, id(id));
        return cahier.views(who, List.of(s), checkedPupil(who, child)).get(0);
    }

    @PUT
    @Path("seances/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public SeanceView update(@Context SecurityContext security, @PathParam("id") String id, Views.SeanceInput in) throws SQLException {
        Person who = Callers.require(security);
        cahier.update(who, id(id), in);
        return seance(who, id(id));
    }

    @DELETE
    @Path("seances/{id}")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) throws SQLException {
        Person who = Callers.require(security);
        cahier.delete(who, id(id));
        return Response.noContent().build();
    }

    @POST
    @Path("seances/{id}/copie")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response copy(@Context SecurityContext security, @PathParam("id") String id, Views.CopyInput in) throws SQLException {
        Person who = Callers.require(security);
        long copy = cahier.copy(who, id(id), in);
        return Response.status(201).entity(seance(who, copy)).build();
    }

    @POST
    @Path("progression/copie")
    @Consumes(MediaType.APPLICATION_JSON)
    public Views.Count copyRange(@Context SecurityContext security, Views.RangeCopyInput in) throws SQLException {
        Person who = Callers.require(security);
        return new Views.Count(cahier.copyRange(who, in));
    }

    @POST
    @Path("seances/{id}/amendements")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response amendSeance(@Context SecurityContext security, @PathParam("id") String id, Views.AmendmentInput in)
            throws SQLException {
        Person who = Callers.require(security);
        cahier.amend(who, id(id), null, in == null ? null : in.texte());
        return Response.status(201).entity(seance(who, id(id))).build();
    }

    @POST
    @Path("devoirs/{id}/amendements")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response amendDevoir(@Context SecurityContext security, @PathParam("id") String id, Views.AmendmentInput in)
            throws SQLException {
        Person who = Callers.require(security);
        cahier.amend(who, null, id(id), in == null ? null : in.texte());
        return Response.status(201).entity(devoir(who, id(id))).build();
    }

    // --- pieces --------------------------------------------------------------------------------

    @POST
    @Path("seances/{id}/pieces")
    @Consumes(MediaType.WILDCARD)
    @StreamedBody
    public Response upload(@Context SecurityContext security, @PathParam("id") String id, @QueryParam("nom") String name,
            @HeaderParam("Content-Type") String type, @HeaderParam("Content-Length") String length, InputStream body)
            throws SQLException, IOException {
        Person who = Callers.require(security);
        Seance s = cahier.ownSeance(who, id(id));
        cahier.requireNotVisaed(s.scope().divisionId(), s.scope().divisionLabel(), s.date());
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > Attachments.MAX_BYTES) {
                    throw Attachments.tooLarge();
                }
            } catch (NumberFormatException ignored) {
                // read and bounded below
            }
        }
        if (cahier.store().pieces(List.of(s.id())).getOrDefault(s.id(), List.of()).size() >= 20) {
            throw new ProblemException(400, "too-many-attachments", "Une séance porte au plus 20 pièces jointes.");
        }
        Attachments.Stored stored = attachments.save(body);
        Piece piece = new Piece(0, s.id(), Attachments.fileName(name), Attachments.mediaType(type), stored.size(), stored.blob(),
                cahier.clock().instant());
        long pid;
        try {
            pid = cahier.store().write(c -> cahier.store().insertPiece(c, piece));
        } catch (SQLException | RuntimeException e) {
            attachments.delete(stored.blob());
            throw e;
        }
        return Response.status(201).entity(Cahier.view(new Piece(pid, piece.seanceId(), piece.fileName(), piece.mediaType(), piece.size(),
                piece.blob(), piece.createdAt()))).build();
    }

    @GET
    @Path("pieces/{id}")
    @Produces(MediaType.WILDCARD)
    public Response download(@Context SecurityContext security, @PathParam("id") String id) throws SQLException {
        Person who = Callers.require(security);
        Piece p = cahier.store().piece(id(id)).orElseThrow(Cahier::notFound);
        cahier.readableSeance(who, p.seanceId());
        java.nio.file.Path file = attachments.file(p.blob());
        if (!Files.isRegularFile(file)) {
            throw Cahier.notFound();
        }
        StreamingOutput out = o -> Files.copy(file, o);
        String encoded = URLEncoder.encode(p.fileName(), StandardCharsets.UTF_8).replace("+", "%20");
        String ascii = p.fileName().replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "_");
        return Response.ok(out, Attachments.servedType(p.mediaType()))
                .header("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded)
                .header("Content-Length", p.size()).header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "private, no-store").build();
    }

    @DELETE
    @Path("pieces/{id}")
    public Response deletePiece(@Context SecurityContext security, @PathParam("id") String id) throws SQLException, IOException {
        Person who = Callers.require(security);
        Piece p = cahier.store().piece(id(id)).orElseThrow(Cahier::notFound);
        Seance s = cahier.ownSeance(who, p.seanceId());
        cahier.requireNotVisaed(s.scope().divisionId(), s.scope().divisionLabel(), s.date());
        cahier.store().deletePiece(p.id());
        if (!cahier.store().blobUsed(p.blob())) {
            attachments.delete(p.blob());
        }
        return Response.noContent().build();
    }

    // --- devoirs -------------------------------------------------------------------------------

    @GET
    @Path("devoirs")
    public Items<DevoirView> devoirs(@Context SecurityContext security, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("child") String child, @QueryParam("classe") String classe) throws SQLException {
        Person who = Callers.require(security);
        LocalDate f = Rules.dateOr(from, cahier.today(), "le début de la période");
        LocalDate t = Rules.dateOr(to, f.plusDays(20), "la fin de la période");
        Rules.range(f, t);
        List<String> divisions;
        if (classe != null && !classe.isBlank()) {
            divisions = List.of(cahier.requireRead(who, classe).id());
        } else {
            divisions = ids(cahier.readable(who, child));
        }
        return new Items<>(cahier.devoirViews(who, divisions, f, t, pupil(who, child)));
    }

    @POST
    @Path("devoirs")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createDevoir(@Context SecurityContext security, Views.DevoirInput in) throws SQLException {
        Person who = Callers.require(security);
        long id = cahier.createDevoir(who, in);
        return Response.status(201).entity(devoir(who, id)).build();
    }

    private DevoirView devoir(Person who, long id) throws SQLException {
        Devoir d = cahier.readableDevoir(who, id);
        return cahier.devoirViews(who, List.of(d), who.has(Profile.ELEVE) ? who.id() : null).get(0);
    }

    @GET
    @Path("devoirs/{id}")
    public DevoirView devoir(@Context SecurityContext security, @PathParam("id") String id, @QueryParam("child") String child)
            throws SQLException {
        Person who = Callers.require(security);
        Devoir d = cahier.readableDevoir(who, id(id));
        return cahier.devoirViews(who, List.of(d), checkedPupil(who, child)).get(0);
    }

    @PUT
    @Path("devoirs/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public DevoirView updateDevoir(@Context SecurityContext security, @PathParam("id") String id, Views.DevoirInput in)
            throws SQLException {
        Person who = Callers.require(security);
        cahier.updateDevoir(who, id(id), in);
        return devoir(who, id(id));
    }

    @DELETE
    @Path("devoirs/{id}")
    public Response deleteDevoir(@Context SecurityContext security, @PathParam("id") String id) throws SQLException {
        Person who = Callers.require(security);
        cahier.deleteDevoir(who, id(id));
        return Response.noContent().build();
    }

    @PUT
    @Path("devoirs/{id}/fait")
    @Consumes(MediaType.APPLICATION_JSON)
    public DevoirView done(@Context SecurityContext security, @PathParam("id") String id, Views.DoneInput in) throws SQLException {
        Person who = Callers.require(security);
        if (in == null || in.done() == null) {
            throw new ProblemException(400, "invalid-done", "Indiquez si le devoir est fait (done: true ou false).");
        }
        cahier.markDone(who, id(id), in.done());
        return devoir(who, id(id));
    }

    // --- workload, catching up ------------------------------------------------------------------

    @GET
    @Path("charge")
    public Workload workload(@Context SecurityContext security, @QueryParam("classe") String classe, @QueryParam("from") String from,
            @QueryParam("to") String to) throws SQLException {
        Person who = Callers.require(security);
        Division d = cahier.requireRead(who, classe);
        LocalDate f = Rules.dateOr(from, cahier.today(), "le début de la période");
        LocalDate t = Rules.dateOr(to, f.plusDays(13), "la fin de la période");
        Rules.range(f, t);
        if (t.isAfter(f.plusDays(LIST_DAYS))) {
            throw new ProblemException(400, "invalid-range", "Choisissez une période d'au plus " + LIST_DAYS + " jours.");
        }
        // a class's pupils also do the devoirs of the groupes they attend
        Set<String> divisions = new LinkedHashSet<>();
        divisions.add(d.id());
        if (d.kind() == Division.Kind.CLASSE) {
            for (Person pupil : directory.pupilsOf(d.id())) {
                directory.divisionsOf(pupil.id()).stream().filter(x -> x.kind() == Division.Kind.GROUPE).forEach(x -> divisions.add(x.id()));
            }
        }
        int max = cahier.store().maxDevoirsPerDay(d.uai().value());
        Map<LocalDate, List<DevoirView>> byDay = new TreeMap<>();
        for (DevoirView v : cahier.devoirViews(who, divisions, f, t, null)) {
            byDay.computeIfAbsent(LocalDate.parse(v.pour()), k -> new ArrayList<>()).add(v);
        }
        List<DayLoad> days = new ArrayList<>();
        byDay.forEach((day, list) -> {
            int surTable = (int) list.stream().filter(v -> v.kind().equals(DevoirKind.SUR_TABLE.name())).count();
            days.add(new DayLoad(day.toString(), list.size(), surTable, list, Rules.workloadWarnings(list.size(), surTable, max)));
        });
        return new Workload(max, days);
    }

    @GET
    @Path("rattrapage")
    public Views.CatchUp catchUp(@Context SecurityContext security, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("child") String child) throws SQLException {
        Person who = Callers.require(security);
        LocalDate f = Rules.date(from, "invalid-range", "le premier jour d'absence");
        LocalDate t = Rules.date(to, "invalid-range", "le dernier jour d'absence");
        Rules.range(f, t);
        if (t.isAfter(f.plusDays(LIST_DAYS))) {
            throw new ProblemException(400, "invalid-range", "Choisissez une absence d'au plus " + LIST_DAYS + " jours.");
        }
        List<String> divisions = ids(cahier.readable(who, child));
        PersonId pupil = pupil(who, child);
        List<SeanceView> seances = cahier.seanceViews(who, divisions, f, t, pupil);
        Set<String> shown = new LinkedHashSet<>();
        seances.forEach(s -> s.devoirs().forEach(d -> shown.add(d.id())));
        LocalDate until = t.plusDays(21);
        List<DevoirView> devoirs = cahier.devoirViews(who, divisions, f, until, pupil).stream().filter(d -> !shown.contains(d.id())).toList();
        return new Views.CatchUp(seances, devoirs);
    }

    // --- visas, settings, slots -------------------------------------------------------------------

    @GET
    @Path("visas")
    public Items<VisaView> visas(@Context SecurityContext security, @QueryParam("classe") String classe) throws SQLException {
        Person who = Callers.require(security);
        Division d = cahier.requireRead(who, classe);
        return new Items<>(cahier.store().visas(d.id()).stream().map(Cahier::view).toList());
    }

    @POST
    @Path("visas")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response visa(@Context SecurityContext security, Views.VisaInput in) throws SQLException {
        Person who = Callers.require(security);
        return Response.status(201).entity(Cahier.view(cahier.visa(who, in))).build();
    }

    @GET
    @Path("reglages")
    public Views.Settings settings(@Context SecurityContext security) throws SQLException {
        Person who = Callers.require(security);
        access.require(who, CahierModule.CONFIGURE, who.uai());
        return new Views.Settings(cahier.store().maxDevoirsPerDay(who.uai().value()));
    }

    @PUT
    @Path("reglages")
    @Consumes(MediaType.APPLICATION_JSON)
    public Views.Settings saveSettings(@Context SecurityContext security, Views.Settings in) throws SQLException {
        Person who = Callers.require(security);
        access.require(who, CahierModule.CONFIGURE, who.uai());
        if (in == null || in.maxDevoirsParJour() == null || in.maxDevoirsParJour() < 1 || in.maxDevoirsParJour() > 10) {
            throw new ProblemException(400, "invalid-settings", "Le nombre maximum de devoirs par jour va de 1 à 10.");
        }
        cahier.store().setMaxDevoirsPerDay(who.uai().value(), in.maxDevoirsParJour());
        return new Views.Settings(in.maxDevoirsParJour());
    }

    @GET
    @Path("creneaux")
    public Items<Views.SlotView> slots(@Context SecurityContext security, @QueryParam("classe") String classe,
            @QueryParam("date") String date) {
        Person who = Callers.require(security);
        Division d = cahier.division(classe);
        access.requireOn(who, CahierModule.WRITE, Target.division(d.uai(), d.id()));
        LocalDate day = Rules.date(date, "invalid-date", "le jour");
        TimetableSlots t = timetable;
        if (t == null) {
            return new Items<>(List.of());
        }
        return new Items<>(t.slots(who.id(), d.id(), day).stream().map(s -> new Views.SlotView(s.start().toString(), s.end().toString(),
                s.label())).toList());
    }

    static long id(String id) {
        try {
            long v = Long.parseLong(id);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException | NullPointerException ignored) {
            // below
        }
        throw Cahier.notFound();
    }

    // --- PDF export and iCal feed (PdfExport, DevoirFeed) -----------------------------------------

    /** The devoirs' iCal feeds. */
    @Reference(name = "feed")
    DevoirFeed feed;

    @GET
    @Path("export")
    @Produces(MediaType.WILDCARD)
    public Response export(@Context SecurityContext security, @QueryParam("classe") String classe, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("groupes") String groupes) throws SQLException {
        Person who = Callers.require(security);
        Division d = cahier.requireRead(who, classe);
        LocalDate f = Rules.date(from, "invalid-range", "le début de la période");
        LocalDate t = Rules.date(to, "invalid-range", "la fin de la période");
        Rules.range(f, t);
        if (t.isAfter(f.plusDays(LIST_DAYS))) {
            throw new ProblemException(400, "invalid-range", "Choisissez une période d'au plus " + LIST_DAYS + " jours.");
        }
        String school = directory.school(d.uai()).map(fr.preau.directory.School::name).orElse("");
        // a class's cahier includes the groupes of its pupils (languages, options) that the reader may read, unless groupes=non
        List<PdfExport.Part> parts = d.kind() == Division.Kind.CLASSE && !"non".equalsIgnoreCase(groupes) && !"false".equalsIgnoreCase(groupes)
                ? cahier.groupesOfPupils(who, d).stream().map(g -> new PdfExport.Part(g.id(), g.label())).toList() : List.of();
        PdfExport.Content content = PdfExport.load(cahier.store(), school, new PdfExport.Part(d.id(), d.label()), parts, f, t,
                cahier.clock().instant());
        StreamingOutput out = o -> PdfExport.write(content, o);
        return Response.ok(out, "application/pdf")
                .header("Content-Disposition", "attachment; filename=\"" + PdfExport.fileName(d.label(), f, t) + "\"")
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "private, no-store").build();
    }

    @GET
    @Path("agenda")
    public Response agenda(@Context SecurityContext security, @QueryParam("child") String child) throws SQLException {
        return agendaView(feed.status(Callers.require(security), child));
    }

    @POST
    @Path("agenda")
    public Response newAgenda(@Context SecurityContext security, @QueryParam("child") String child) throws SQLException {
        return agendaView(feed.create(Callers.require(security), child));
    }

    @DELETE
    @Path("agenda")
    public Response revokeAgenda(@Context SecurityContext security, @QueryParam("child") String child) throws SQLException {
        feed.revoke(Callers.require(security), child);
        return Response.noContent().build();
    }

    /**
     * {@code {"active":…,"url":…}} written here, {@code url} even when null (the JSON provider leaves nulls out);
     * the address holds only {@code [A-Za-z0-9_./-]}.
     */
    private static Response agendaView(DevoirFeed.Status s) {
        String json = "{\"active\":" + s.active() + ",\"url\":" + (s.url() == null ? "null" : "\"" + s.url() + "\"") + "}";
        return Response.ok(json, MediaType.APPLICATION_JSON).header("Cache-Control", "private, no-store").build();
    }

    /** The feed itself: no session, the token is the right to read it. */
    @GET
    @Path("agenda/{token}.ics")
    @Produces("text/calendar")
    @fr.preau.web.Public
    public Response calendar(@PathParam("token") String token, @Context javax.ws.rs.core.UriInfo uri) throws SQLException {
        DevoirFeed.Feed f = feed.feed(token).orElseThrow(() -> new ProblemException(404, "not-found",
                "Cet agenda n'existe pas ou n'est plus partagé."));
        String host = uri == null || uri.getBaseUri() == null ? null : uri.getBaseUri().getHost();
        StreamingOutput out = o -> DevoirFeed.write(f, host, o);
        return Response.ok(out, "text/calendar; charset=utf-8").header("Cache-Control", "private, no-store")
                .header("X-Content-Type-Options", "nosniff").build();
    }
}
