package fr.preau.portal.internal;

import fr.preau.access.AccessService;
import fr.preau.api.Person;
import fr.preau.api.Profile;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.directory.School;
import fr.preau.directory.Teaching;
import fr.preau.directory.letters.PersonName;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import java.util.Comparator;
import java.util.List;
import javax.ws.rs.GET;
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
 * {@code GET /api/v1/me/profile}: the caller's own data as the annuaire knows it, read-only —
 * names, login, profiles, school, mail address, classes and groupes (attended or taught), what a
 * teacher teaches, a responsable légal's children, and the address of their photo (null if none).
 * Nothing about anyone else beyond a parent's own children.
 */
@Component(service = ProfileResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("me/profile")
@Produces(MediaType.APPLICATION_JSON)
public final class ProfileResource {

    public record ProfileDto(String id, String login, String displayName, String firstName, String lastName,
            List<ProfileLabel> profiles, SchoolDto school, String mail, List<String> classes, List<String> groups,
            List<TeachingDto> teachings, List<ChildDto> children, String avatar) {
    }

    public record ProfileLabel(String code, String label) {
    }

    public record SchoolDto(String uai, String name) {
    }

    /** A class or groupe and the matière taught there (null when the annuaire does not say). */
    public record TeachingDto(String division, String subject) {
    }

    public record ChildDto(String displayName, List<String> classes, SchoolDto school) {
    }

    private final AccessService access;
    private final DirectoryService directory;
    private final AvatarStore avatars;

    @Activate
    public ProfileResource(@Reference(name = "access") AccessService access,
            @Reference(name = "directory") DirectoryService directory, @Reference(name = "avatars") AvatarStore avatars) {
        this.access = access;
        this.directory = directory;
        this.avatars = avatars;
    }

    @GET
    public ProfileDto read(@Context SecurityContext security) {
        Person me = Callers.require(security);
        access.require(me, PortalPermissions.READ_OWN_PROFILE, me.uai());
        PersonName name = directory.nameOf(me.id()).orElse(null);
        List<Division> divisions = directory.divisionsOf(me.id());
        List<TeachingDto> teachings = me.has(Profile.ENSEIGNANT)
                ? directory.teachingsOf(me.id()).stream().map(ProfileResource::teaching).distinct().toList()
                : List.of();
        List<ChildDto> children = me.has(Profile.PARENT)
                ? directory.childrenOf(me.id()).stream()
                        .map(c -> new ChildDto(c.displayName(), directory.classesOf(c.id()), school(c.uai().value(), directory)))
                        .toList()
                : List.of();
        return new ProfileDto(me.id().value(), me.login(), me.displayName(), name == null ? null : name.first(),
                name == null ? null : name.last(),
                me.profiles().stream().sorted(Comparator.comparing(Profile::ordinal)).map(p -> new ProfileLabel(p.name(), p.label()))
                        .toList(),
                school(me.uai().value(), directory), directory.mailAddress(me.id()).orElse(null),
                labels(divisions, Division.Kind.CLASSE), labels(divisions, Division.Kind.GROUPE), teachings, children,
                AvatarsResource.url(me.id(), avatars));
    }

    private static List<String> labels(List<Division> divisions, Division.Kind kind) {
        return divisions.stream().filter(d -> d.kind() == kind).map(ProfileResource::label).distinct().toList();
    }

    private static String label(Division d) {
        return d.label() == null || d.label().isBlank() ? d.code() : d.label();
    }

    private static TeachingDto teaching(Teaching t) {
        String subject = t.subjectLabel() != null && !t.subjectLabel().isBlank() ? t.subjectLabel()
                : "-".equals(t.subjectCode()) ? null : t.subjectCode();
        return new TeachingDto(label(t.division()), subject);
    }

    private static SchoolDto school(String uai, DirectoryService directory) {
        return directory.school(new fr.preau.api.Uai(uai)).map(School::name).map(n -> new SchoolDto(uai, n))
                .orElse(new SchoolDto(uai, uai));
    }
}
