package fr.preau.portal.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;

/**
 * Serves the built web UI (bundle folder {@code /ui}) at the root of the box: {@code /assets/…},
 * {@code /favicon.svg}. {@code /} and {@code /index.html} are answered by {@link UiFilter}, which
 * also sets the caching headers. Longer patterns ({@code /api/v1/*}, {@code /modules/<id>/*}) win.
 */
@Component(service = UiResources.class)
@HttpWhiteboardResource(pattern = "/*", prefix = "/ui")
public final class UiResources {
}
