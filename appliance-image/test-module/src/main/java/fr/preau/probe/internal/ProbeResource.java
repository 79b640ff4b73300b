package fr.preau.probe.internal;

import fr.preau.access.AccessService;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
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

/** {@code /api/v1/probe/notes} (read, write) and {@code /api/v1/probe/boom} (always fails). */
@Component(service = ProbeResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.MODULES)
@JSONRequired
@Path("probe")
@Produces(MediaType.APPLICATION_JSON)
public final class ProbeResource {

    public record NewNote(String text) {
    }

    /** The list answer: a DTO, so JSON serialisation needs no generic type resolution per request. */
    public record Notes(List<ProbeNotes.Note> items) {
    }

    private final ProbeNotes notes;
    private final AccessService access;

    @Activate
    public ProbeResource(@Reference(name = "notes") ProbeNotes notes, @Reference(name = "access") AccessService access) {
        this.notes = notes;
        this.access = access;
    }

    @GET
    @Path("notes")
    public Notes list(@Context SecurityContext security) throws SQLException {
        Person who = Callers.require(security);
        access.require(who, "probe:read", who.uai());
        return new Notes(notes.all());
    }

    @POST
    @Path("notes")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(@Context SecurityContext security, NewNote note) throws SQLException {
        Person who = Callers.require(security);
        access.require(who, "probe:write", who.uai());
        if (note == null || note.text() == null || note.text().isBlank() || note.text().length() > 500) {
            throw new ProblemException(400, "invalid-note", "Écrivez une note de 1 à 500 caractères.");
        }
        long id = notes.add(who.id().value(), note.text());
        return Response.status(201).entity(Map.of("id", id)).build();
    }

    @GET
    @Path("boom")
    public String boom(@Context SecurityContext security) {
        Callers.require(security);
        throw new IllegalArgumentException("probe failure on purpose (secret-looking detail that must not leak)");
    }
}
