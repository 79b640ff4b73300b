package fr.preau.probe.internal;

import fr.preau.access.AccessService;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.spi.Audience;
import fr.preau.api.spi.Notification;
import fr.preau.api.spi.NotificationPublisher;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
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

/**
 * {@code /api/v1/probe/notes} (read, write), {@code /api/v1/probe/boom} (always fails) and
 * {@code POST /api/v1/probe/announce {"text"}} (write): publishes a "nouveauté" to the pupils of the
 * caller's school and their responsables, through the portal's notification publisher.
 */
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
    private final NotificationPublisher publisher;
    private final Clock clock;

    @Activate
    public ProbeResource(@Reference(name = "notes") ProbeNotes notes, @Reference(name = "access") AccessService access,
            @Reference(name = "publisher") NotificationPublisher publisher, @Reference(name = "clock") Clock clock) {
        this.notes = notes;
        this.access = access;
        this.publisher = publisher;
        this.clock = clock;
    }

    @POST
    @Path("announce")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response announce(@Context SecurityContext security, NewNote note) {
        Person who = Callers.require(security);
        access.require(who, "probe:write", who.uai());
        if (note == null || note.text() == null || note.text().isBlank() || note.text().length() > 200) {
            throw new ProblemException(400, "invalid-note", "Écrivez une annonce de 1 à 200 caractères.");
        }
        String id = UUID.randomUUID().toString();
        publisher.publish(new Notification(id, ProbeModule.ID, note.text(), "/#/module/probe", clock.instant()),
                Audience.profiles(who.uai(), Set.of(Profile.ELEVE)).withResponsables());
        return Response.status(201).entity(Map.of("id", id)).build();
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
