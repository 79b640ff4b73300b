package fr.preau.portal.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.preau.access.AccessService;
import fr.preau.access.PlatformActions;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import fr.preau.web.Public;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
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
 * The legal mentions of the box (host, directeur de publication, contact), which the referent
 * writes and everyone reads, signed in or not:
 * <pre>
 * GET /api/v1/legal           → {"host", "hostAddress", "publicationDirector", "contact", "updatedAt"} (public)
 * PUT /api/v1/legal  {same}   → the saved mentions (referent)
 * </pre>
 * Kept in {@code <karaf.data>/preau/portal/legal.json} (saved with the data, written atomically).
 */
@Component(service = LegalResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("legal")
@Produces(MediaType.APPLICATION_JSON)
public final class LegalResource {

    /** The mentions; empty strings until the referent fills them in. */
    public record Mentions(String host, String hostAddress, String publicationDirector, String contact, String updatedAt) {
        static final Mentions EMPTY = new Mentions("", "", "", "", null);
    }

    static final int MAX_LENGTH = 300;
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final AccessService access;
    private final AuditLog audit;
    private final java.nio.file.Path file;

    @Context
    HttpServletRequest http;

    @Activate
    public LegalResource(@Reference(name = "access") AccessService access, @Reference(name = "audit") AuditLog audit) {
        this(access, audit, Paths.get(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "preau", "portal",
                "legal.json"));
    }

    LegalResource(AccessService access, AuditLog audit, java.nio.file.Path file) {
        this.access = access;
        this.audit = audit;
        this.file = file;
    }

    @GET
    @Public
    public Mentions read() {
        if (!Files.exists(file)) {
            return Mentions.EMPTY;
        }
        try {
            return JSON.readValue(file.toFile(), Mentions.class);
        } catch (IOException e) {
            throw new UncheckedIOException("legal mentions unreadable: " + file, e);
        }
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Mentions write(@Context SecurityContext security, Mentions body) {
        Person actor = Callers.require(security);
        access.require(actor, PlatformActions.MANAGE_SCHOOLS, null);
        if (body == null) {
            throw new ProblemException(400, "missing-field", "Indiquez les mentions légales.");
        }
        Mentions saved = new Mentions(field(body.host(), "l'hébergeur"), field(body.hostAddress(), "l'adresse de l'hébergeur"),
                field(body.publicationDirector(), "le directeur ou la directrice de la publication"),
                field(body.contact(), "le contact"), java.time.Instant.now().toString());
        try {
            Files.createDirectories(file.getParent());
            java.nio.file.Path tmp = Files.createTempFile(file.getParent(), "legal", ".tmp");
            JSON.writeValue(tmp.toFile(), saved);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("legal mentions not saved: " + file, e);
        }
        audit.record(new AuditEvent("admin.legal", actor.id(), "legal", http == null ? null : http.getRemoteAddr(), true, Map.of()));
        return saved;
    }

    private static String field(String value, String what) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            throw new ProblemException(400, "missing-field", "Indiquez " + what + ".");
        }
        if (v.length() > MAX_LENGTH) {
            throw new ProblemException(400, "field-too-long", "Le texte pour " + what + " est trop long (" + MAX_LENGTH
                    + " caractères au plus).");
        }
        return v;
    }
}
