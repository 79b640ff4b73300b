package fr.preau.web.internal;

import fr.preau.web.PreauApi;
import javax.ws.rs.core.Application;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationBase;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * The one JAX-RS application of the box, under {@code /api/v1}. It declares no resources itself:
 * every bundle adds its {@code @JaxrsResource} components to it through the whiteboard.
 * <p>
 * The application is served only while its guard (sessions, CSRF, body limits), its JSON
 * provider and its problem mapper are present: no resource is ever reachable without them.
 */
@Component(service = Application.class)
@JaxrsApplicationBase(PreauApi.BASE)
@JaxrsName(PreauApi.NAME)
@JaxrsExtensionSelect({PreauApi.GUARD, PreauApi.JSON, PreauApi.PROBLEMS})
public final class PreauApplication extends Application {
}
