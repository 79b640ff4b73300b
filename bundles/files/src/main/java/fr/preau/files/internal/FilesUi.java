package fr.preau.files.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;

/**
 * The « Documents » screen, served by its own bundle: the folder {@code /ui} of this bundle (built from
 * {@code src/main/frontend}) at {@code /modules/files/…}, where the catalogue entry points.
 */
@Component(service = FilesUi.class)
@HttpWhiteboardResource(pattern = "/modules/" + FilesModule.ID + "/*", prefix = "/ui")
public final class FilesUi {
}
