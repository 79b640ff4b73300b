package fr.preau.mail.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;

/**
 * The webmail's screen, served by this bundle: its folder {@code /ui} (built from {@code src/main/frontend}) at
 * {@code /modules/mail/…}, where the catalogue entry points.
 */
@Component(service = MailUi.class)
@HttpWhiteboardResource(pattern = "/modules/" + MailModule.ID + "/*", prefix = "/ui")
public final class MailUi {
}
