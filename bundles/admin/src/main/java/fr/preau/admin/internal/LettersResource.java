package fr.preau.admin.internal;

import fr.preau.access.AccessService;
import fr.preau.access.PlatformActions;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.auth.ActivationCode;
import fr.preau.auth.Authenticator;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.directory.School;
import fr.preau.directory.letters.Child;
import fr.preau.directory.letters.CredentialLetters;
import fr.preau.directory.letters.Letter;
import fr.preau.directory.letters.LetterBatch;
import fr.preau.directory.letters.Letterhead;
import fr.preau.directory.letters.PersonName;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
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

/**
 * Credential letters for first login:
 * <pre>
 * POST /api/v1/admin/letters  {"uai": "0999999Z", "division": "0999999Z:CLASSE:6A"?, "profiles": ["ELEVE", "PARENT"]?,
 *                              "includeActivated": false?}  → application/pdf
 * </pre>
 * Issues a new activation code to each person concerned (which cancels their previous code) and
 * returns one page per person, grouped by class. Without a division, every class of the school;
 * accounts that already have a password are left out unless {@code includeActivated}. With
 * {@code "logins": [...]}, a letter for each of these people, password or not (a reset after a
 * forgotten password).
 */
@Component(service = LettersResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("admin/letters")
public final class LettersResource {

    /** Most letters one request may produce (each code is hashed with Argon2). */
    static final int MAX_LETTERS = 400;

    /** Body of a request. */
    public record LettersRequest(String uai, String division, List<String> profiles, Boolean includeActivated,
            List<String> logins) {
    }

    private final DirectoryService directory;
    private final Authenticator authenticator;
    private final AccessService access;
    private final AuditLog audit;
    private final CredentialLetters renderer = new CredentialLetters();

    @Context
    HttpServletRequest http;

    @Activate
    public LettersResource(@Reference(name = "directory") DirectoryService directory,
            @Reference(name = "authenticator") Authenticator authenticator, @Reference(name = "access") AccessService access,
            @Reference(name = "audit") AuditLog audit) {
        this.directory = directory;
        this.authenticator = authenticator;
        this.access = access;
        this.audit = audit;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({"application/pdf", MediaType.APPLICATION_JSON})
    public Response letters(@Context SecurityContext security, LettersRequest body) throws IOException {
        Person actor = Callers.require(security);
        if (body == null || body.uai() == null || body.uai().isBlank()) {
            throw new ProblemException(400, "missing-uai", "Indiquez l'établissement (UAI) des lettres.");
        }
        Uai uai = Uai.parse(body.uai());
        access.require(actor, PlatformActions.ISSUE_ACTIVATION_CODE, uai);
        School school = directory.school(uai).orElseThrow(() -> new ProblemException(404, "unknown-school",
                "L'établissement " + uai + " n'existe pas sur ce boîtier."));
        Set<Profile> profiles = EnumSet.noneOf(Profile.class);
        for (String p : body.profiles() == null || body.profiles().isEmpty() ? List.of("ELEVE", "PARENT") : body.profiles()) {
            profiles.add(Profile.parse(p));
        }
        List<Division> divisions;
        if (body.logins() != null && !body.logins().isEmpty()) {
            divisions = List.of();
        } else if (body.division() != null && !body.division().isBlank()) {
            Division d = directory.division(body.division()).filter(x -> x.uai().equals(uai)).orElseThrow(() ->
                    new ProblemException(404, "unknown-division", "Cette classe n'existe pas dans l'établissement " + uai + "."));
            divisions = List.of(d);
        } else {
            divisions = directory.divisions(uai).stream().filter(d -> d.kind() == Division.Kind.CLASSE).toList();
        }
        boolean includeActivated = Boolean.TRUE.equals(body.includeActivated());

        // who gets a letter: pupils, their responsables légaux, teachers of the classes
        Map<PersonId, Target> targets = new LinkedHashMap<>();
        for (Division d : divisions) {
            for (Person pupil : directory.pupilsOf(d.id())) {
                if (profiles.contains(Profile.ELEVE)) {
                    targets.putIfAbsent(pupil.id(), new Target(pupil, Profile.ELEVE, d.label()));
                }
                if (profiles.contains(Profile.PARENT)) {
                    for (Person parent : directory.parentsOf(pupil.id())) {
                        targets.putIfAbsent(parent.id(), new Target(parent, Profile.PARENT, null));
                    }
                }
            }
            if (profiles.contains(Profile.ENSEIGNANT)) {
                for (Person teacher : directory.teachersOf(d.id())) {
                    targets.putIfAbsent(teacher.id(), new Target(teacher, Profile.ENSEIGNANT, null));
                }
            }
        }
        if (body.logins() != null && !body.logins().isEmpty()) {
            // named people: a new letter each, whether or not they have a password (a reset)
            includeActivated = true;
            if (body.logins().size() > MAX_LETTERS) {
                throw new ProblemException(400, "too-many-letters", MAX_LETTERS + " lettres au plus à la fois.");
            }
            for (String login : body.logins()) {
                Person p = directory.findByLogin(login).filter(x -> x.uai().equals(uai)).orElseThrow(() -> new ProblemException(404,
                        "unknown-account", "Aucun compte actif de l'établissement " + uai + " ne porte l'identifiant « " + login + " »."));
                Profile profile = mainProfile(p);
                if (profile == Profile.PARENT && directory.childrenOf(p.id()).isEmpty()) {
                    throw new ProblemException(409, "no-child", p.displayName() + " n'est responsable légal d'aucun élève actif : "
                            + "sa lettre ne peut nommer aucun enfant.");
                }
                String klass = profile == Profile.ELEVE ? java.util.Objects.requireNonNullElse(pupilClass(p), "non renseignée") : null;
                targets.putIfAbsent(p.id(), new Target(p, profile, klass));
            }
        }
        if (!includeActivated) {
            targets.values().removeIf(t -> authenticator.state(t.person.id()).hasPassword());
        }
        if (targets.isEmpty()) {
            throw new ProblemException(404, "no-letters", "Personne à qui écrire : tous les comptes concernés ont déjà "
                    + "choisi leur mot de passe (ou la classe est vide).");
        }
        if (targets.size() > MAX_LETTERS) {
            throw new ProblemException(400, "too-many-letters", "Cela ferait " + targets.size() + " lettres : " + MAX_LETTERS
                    + " au plus à la fois. Choisissez une classe.");
        }
        List<Letter> letters = new ArrayList<>();
        for (Target t : targets.values()) {
            PersonName name = directory.nameOf(t.person.id()).orElseThrow();
            ActivationCode code = authenticator.issueActivation(t.person.id(), actor);
            letters.add(switch (t.profile) {
                case ELEVE -> Letter.forPupil(t.person.id(), name, t.person.login(), code.code(), code.expiresAt(), t.division);
                case PARENT -> Letter.forParent(t.person.id(), name, t.person.login(), code.code(), code.expiresAt(), children(t.person));
                default -> Letter.forStaff(t.person.id(), name, t.profile, t.person.login(), code.code(), code.expiresAt());
            });
        }
        URI portal = URI.create(http.getScheme() + "://" + http.getServerName() + ":" + http.getServerPort() + "/");
        LetterBatch batch = new LetterBatch(new Letterhead(school.name(), uai, portal), LocalDate.now(CredentialLetters.PARIS), letters);
        java.nio.file.Path pdf = Files.createTempFile("preau-lettres-", ".pdf");
        try (OutputStream out = Files.newOutputStream(pdf)) {
            renderer.render(batch, out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(pdf);
            throw e;
        }
        audit.record(new AuditEvent("directory.letters", actor.id(), uai.value(), http.getRemoteAddr(), true,
                Map.of("letters", Integer.toString(letters.size()), "division", divisions.size() == 1 ? divisions.get(0).id() : "*")));
        StreamingOutput stream = os -> {
            try {
                Files.copy(pdf, os);
            } finally {
                Files.deleteIfExists(pdf);
            }
        };
        String file = "lettres-" + uai.value() + (divisions.size() == 1 ? "-" + divisions.get(0).code().replaceAll("[^A-Za-z0-9-]", "") : "")
                + ".pdf";
        return Response.ok(stream, "application/pdf").header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                .header("Cache-Control", "no-store").build();
    }

    /** The profile a letter is written for: pupil, parent, else staff (with their first staff profile). */
    private static Profile mainProfile(Person p) {
        for (Profile candidate : List.of(Profile.ELEVE, Profile.PARENT, Profile.DIRECTION, Profile.ENSEIGNANT, Profile.PERSONNEL,
                Profile.REFERENT, Profile.INVITE)) {
            if (p.profiles().contains(candidate)) {
                return candidate;
            }
        }
        return Profile.PERSONNEL;
    }

    private String pupilClass(Person p) {
        return directory.divisionsOf(p.id()).stream().filter(d -> d.kind() == Division.Kind.CLASSE).map(Division::label).findFirst()
                .orElse(null);
    }

    private List<Child> children(Person parent) {
        List<Child> children = new ArrayList<>();
        for (Person child : directory.childrenOf(parent.id())) {
            String klass = pupilClass(child);
            if (klass != null) {
                children.add(new Child(directory.nameOf(child.id()).orElseThrow(), klass));
            }
        }
        return children;
    }

    private record Target(Person person, Profile profile, String division) {
    }
}
