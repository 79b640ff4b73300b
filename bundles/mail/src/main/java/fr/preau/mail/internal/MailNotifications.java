package fr.preau.mail.internal;

import fr.preau.access.AccessService;
import fr.preau.api.Person;
import fr.preau.api.spi.Notification;
import fr.preau.api.spi.NotificationSource;
import fr.preau.directory.DirectoryService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.james.mailbox.exception.MailboxException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webmail's « nouveautés »: a person's unread messages of the inbox (the newest first), each opening the
 * message in the webmail. Pulled when the home page asks, so reading a message anywhere (webmail, an IMAP client)
 * takes it off the list, and nothing is kept twice. The title names the sender and the subject: the audience is
 * the mailbox's owner alone.
 */
@Component(service = NotificationSource.class)
public final class MailNotifications implements NotificationSource {

    private static final Logger LOG = LoggerFactory.getLogger(MailNotifications.class);
    /** Messages of the inbox looked at, newest first: the unread ones among them are the items. */
    static final int LOOK_AT = 50;

    private final Webmail webmail;
    private final DirectoryService directory;
    /** The moderation queue (null in tests of the inbox alone). */
    private final Moderation moderation;
    private final AccessService access;

    @Activate
    public MailNotifications(@Reference(name = "server") MailServer server, @Reference(name = "directory") DirectoryService directory,
                             @Reference(name = "access") AccessService access) {
        this(new Webmail(server.mailboxes().manager), directory, server.moderation(), access);
    }

    MailNotifications(Webmail webmail, DirectoryService directory, Moderation moderation, AccessService access) {
        this.webmail = webmail;
        this.directory = directory;
        this.moderation = moderation;
        this.access = access;
    }

    @Override
    public String module() {
        return MailModule.ID;
    }

    @Override
    public List<Notification> notificationsFor(Person who, int limit) {
        return Mailboxes.inStore(() -> unread(who, limit));
    }

    private List<Notification> unread(Person who, int limit) {
        if (who == null || limit <= 0 || directory.mailAddress(who.id()).isEmpty()) {
            return List.of();
        }
        List<Notification> out = new ArrayList<>();
        toValidate(who).ifPresent(out::add);
        try {
            for (Webmail.Summary m : webmail.list(who.login(), Webmail.INBOX, 0, LOOK_AT).items()) {
                if (out.size() >= limit) {
                    break;
                }
                if (m.seen()) {
                    continue;
                }
                String from = m.from() == null ? "un correspondant"
                    : m.from().name() != null && !m.from().name().isBlank() ? m.from().name() : m.from().address();
                String subject = m.subject() == null || m.subject().isBlank() ? "(sans objet)" : m.subject();
                String title = "Message de " + from + " : « " + subject + " »";
                if (title.length() > 200) {
                    title = title.substring(0, 197) + "…";
                }
                out.add(new Notification("message:" + m.uid(), MailModule.ID, title,
                    "/#/module/" + MailModule.ID + "/" + Webmail.INBOX + "/" + m.uid(),
                    m.date() == null ? Instant.EPOCH : Instant.parse(m.date())));
            }
        } catch (MailboxException | java.io.IOException | RuntimeException e) {
            LOG.warn("Mail: the inbox of a person could not be read for the home page ({})", e.getClass().getSimpleName());
            return List.of();
        }
        return out;
    }

    /**
     * For a teacher or the direction, one item while pupils' messages wait for their approval (« À valider »): its id
     * is the newest one's, so a new message shows again once the older ones were seen.
     */
    private java.util.Optional<Notification> toValidate(Person who) {
        if (moderation == null) {
            return java.util.Optional.empty();
        }
        try {
            List<Moderation.Held> held = moderation.decidableBy(access, who);
            if (held.isEmpty()) {
                return java.util.Optional.empty();
            }
            Moderation.Held newest = held.get(held.size() - 1);
            String title = held.size() == 1 ? "1 message d'élève attend votre accord"
                : held.size() + " messages d'élèves attendent votre accord";
            return java.util.Optional.of(new Notification("moderation:" + newest.id(), MailModule.ID, title,
                "/#/module/" + MailModule.ID + "/a-valider", newest.created()));
        } catch (java.sql.SQLException | RuntimeException e) {
            LOG.warn("Mail: the moderation queue could not be read for the home page ({})", e.getClass().getSimpleName());
            return java.util.Optional.empty();
        }
    }
}
