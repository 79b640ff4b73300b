package fr.preau.cahier.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;

/**
 * The cahier's screen, served by its own bundle: the folder {@code /ui} of this bundle (built from
 * {@code src/main/frontend}) at {@code /modules/cahier/…}, where the catalogue entry points.
 */
@Component(service = CahierUi.class)
@HttpWhiteboardResource(pattern = "/modules/" + CahierModule.ID + "/*", prefix = "/ui")
public final class CahierUi {
}
