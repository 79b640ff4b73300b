package fr.preau.probe.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;

/**
 * The probe's screen, served by its own bundle: the folder {@code /ui} of this bundle at
 * {@code /modules/probe/…}, where its catalogue entry's entry point ({@code /modules/probe/index.js})
 * points. It comes and goes with the module (see the portal's KIT.md, "A module's own screen").
 */
@Component(service = ProbeUi.class)
@HttpWhiteboardResource(pattern = "/modules/" + ProbeModule.ID + "/*", prefix = "/ui")
public final class ProbeUi {
}
