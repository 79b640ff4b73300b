package fr.preau.portal.internal;

import fr.preau.api.Person;
import fr.preau.api.Profile;
import fr.preau.directory.DirectoryService;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
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
 * {@code GET /api/v1/children}: the pupils the signed-in responsable légal follows (legal links
 * only), for the portal's child switcher: {@code {"items": [{"id", "displayName", "classes", "school"}]}},
 * by name; empty for anyone else. Child-scoped modules check again, through {@code access}, that
 * the child asked for is one of these.
 */
@Component(service = ChildrenResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("children")
@Produces(MediaType.APPLICATION_JSON)
public final class ChildrenResource {

    /** A child as the switcher shows them. */
    public record ChildDto(String id, String displayName, List<String> classes, SchoolDto school) {
    }

    /** A school, by UAI and name. */
    public record SchoolDto(String uai, String name) {
    }

    private final DirectoryService directory;

    @Activate
    public ChildrenResource(@Reference(name = "directory") DirectoryService directory) {
        this.directory = directory;
    }

    @GET
    public Dtos.Items<ChildDto> list(@Context SecurityContext security) {
        Person me = Callers.require(security);
        if (!me.profiles().contains(Profile.PARENT)) {
            return new Dtos.Items<>(List.of());
        }
        List<ChildDto> children = directory.childrenOf(me.id()).stream()
                .map(c -> new ChildDto(c.id().value(), c.displayName(), directory.classesOf(c.id()),
                        directory.school(c.uai()).map(s -> new SchoolDto(s.uai().value(), s.name()))
                                .orElse(new SchoolDto(c.uai().value(), c.uai().value()))))
                .toList();
        return new Dtos.Items<>(children);
    }
}
