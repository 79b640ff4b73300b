package fr.preau.mail.internal;

import fr.preau.api.Person;
import fr.preau.api.spi.SearchChanges;
import fr.preau.api.spi.SearchDocument;
import fr.preau.api.spi.SearchPrincipals;
import fr.preau.api.spi.SearchSource;
import fr.preau.directory.DirectoryService;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.james.core.Username;
import org.apache.james.events.Event;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.events.Registration;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.events.MailboxEvents;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.apache.james.mailbox.MessageUid;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each person's own mail for the box-wide search ({@code preau-search}): every message of their
 * folders but the trash, found by its subject, correspondents and text, by its owner only (the
 * person principal, and {@link #visible} checks the login again). Changes come from James's event
 * bus, whoever made them (delivery, webmail, an IMAP client): a message added or expunged is
 * indexed again or dropped at once; a folder renamed or deleted lists the module again.
 * <p>
 * Ids: {@code <login>/<folder>/<uid>} (logins hold no {@code /}, the uid is the last segment).
 */
@Component(service = SearchSource.class)
public final class MailSearchSource implements SearchSource {

    private static final Logger LOG = LoggerFactory.getLogger(MailSearchSource.class);
    /** Text indexed per message at most (characters): the beginning is what people search for. */
    static final int MAX_TEXT = 20_000;
    static final String TYPE = "message";

    /** The group of the search listener on James's event bus (one per box). */
    public static final class SearchGroup extends Group {
    }

    private final MailServer server;
    private final DirectoryService directory;
    private volatile Registration registration;

    @Activate
    public MailSearchSource(@Reference(name = "server") MailServer server, @Reference(name = "directory") DirectoryService directory) {
        this.server = server;
        this.directory = directory;
    }

    @Deactivate
    void deactivate() {
        watch(null);
    }

    @Override
    public String module() {
        return MailModule.ID;
    }

    @Override
    public synchronized void watch(SearchChanges changes) {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        if (changes == null) {
            return;
        }
        EventListener.GroupEventListener listener = new EventListener.GroupEventListener() {
            @Override
            public Group getDefaultGroup() {
                return new SearchGroup();
            }

            @Override
            public void event(Event event) {
                if (event instanceof MailboxEvents.Added added) {
                    String prefix = prefix(added.getMailboxPath().getUser().asString(), added.getMailboxPath());
                    if (prefix != null) {
                        added.getUids().forEach(uid -> changes.changed(prefix + uid.asLong()));
                    }
                } else if (event instanceof MailboxEvents.Expunged expunged) {
                    String prefix = prefix(expunged.getMailboxPath().getUser().asString(), expunged.getMailboxPath());
                    if (prefix != null) {
                        expunged.getUids().forEach(uid -> changes.removed(prefix + uid.asLong()));
                    }
                } else if (event instanceof MailboxEvents.MailboxRenamed || event instanceof MailboxEvents.MailboxDeletion) {
                    changes.changedAll();
                }
            }
        };
        registration = server.mailboxes().eventBus.register(listener);
    }

    /** {@code <login>/<folder>/} of a folder the search indexes, or null (the trash, another user's). */
    private static String prefix(String user, MailboxPath path) {
        if (path == null || Webmail.TRASH.equals(path.getName())) {
            return null;
        }
        return user.toLowerCase(Locale.ROOT) + "/" + path.getName() + "/";
    }

    @Override
    public void documents(Consumer<? super SearchDocument> sink) {
        Mailboxes.inStore(() -> {
            list(sink);
            return null;
        });
    }

    private void list(Consumer<? super SearchDocument> sink) {
        var manager = server.mailboxes().manager;
        MailboxSession admin = manager.createSystemSession(Username.of("preau-search"));
        List<MailboxPath> paths;
        try {
            paths = manager.list(admin);
        } catch (MailboxException e) {
            throw new IllegalStateException("mail listing for search failed", e);
        } finally {
            manager.endProcessingRequest(admin);
        }
        for (MailboxPath path : paths) {
            String login = path.getUser().asString().toLowerCase(Locale.ROOT);
            String prefix = prefix(login, path);
            Optional<Person> owner = directory.findByLogin(login);
            if (prefix == null || owner.isEmpty()) {
                continue;
            }
            MailboxSession session = manager.createSystemSession(path.getUser());
            try {
                MessageManager folder = manager.getMailbox(path, session);
                MessageResultIterator it = folder.getMessages(MessageRange.all(), FetchGroup.FULL_CONTENT, session);
                while (it.hasNext()) {
                    MessageResult r = it.next();
                    try {
                        sink.accept(document(owner.get(), path.getName(), r));
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("Mail: message {}{} left out of the search index", prefix, r.getUid().asLong(), e);
                    }
                }
            } catch (MailboxException e) {
                LOG.warn("Mail: folder {} of {} left out of the search listing", path.getName(), login, e);
            } finally {
                manager.endProcessingRequest(session);
            }
        }
    }

    @Override
    public Optional<SearchDocument> document(String id) {
        return Mailboxes.inStore(() -> read(id));
    }

    private Optional<SearchDocument> read(String id) {
        Id parsed = Id.parse(id);
        if (parsed == null || Webmail.TRASH.equals(parsed.folder())) {
            return Optional.empty();
        }
        Optional<Person> owner = directory.findByLogin(parsed.login());
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        var manager = server.mailboxes().manager;
        MailboxSession session = manager.createSystemSession(Username.of(parsed.login()));
        try {
            MessageManager folder = manager.getMailbox(MailboxPath.forUser(Username.of(parsed.login()), parsed.folder()), session);
            MessageResultIterator it = folder.getMessages(MessageRange.one(MessageUid.of(parsed.uid())), FetchGroup.FULL_CONTENT, session);
            return it.hasNext() ? Optional.of(document(owner.get(), parsed.folder(), it.next())) : Optional.empty();
        } catch (org.apache.james.mailbox.exception.MailboxNotFoundException e) {
            return Optional.empty();
        } catch (MailboxException | IOException | RuntimeException e) {
            LOG.warn("Mail: a message asked for by the search could not be read ({})", e.getClass().getName());
            throw new IllegalStateException("mail message for search unreadable", e);
        } finally {
            manager.endProcessingRequest(session);
        }
    }

    @Override
    public boolean visible(Person who, String id) {
        Id parsed = Id.parse(id);
        return parsed != null && who != null && who.login().equalsIgnoreCase(parsed.login())
            && directory.mailAddress(who.id()).isPresent() && document(id).isPresent();
    }

    /** A page of hits at once: the owner and their mailbox checked once, then each message still there. */
    @Override
    public Set<String> visible(Person who, List<String> ids) {
        Set<String> out = new java.util.HashSet<>();
        if (who == null || directory.mailAddress(who.id()).isEmpty()) {
            return out;
        }
        for (String id : ids) {
            Id parsed = Id.parse(id);
            if (parsed != null && who.login().equalsIgnoreCase(parsed.login()) && document(id).isPresent()) {
                out.add(id);
            }
        }
        return out;
    }

    SearchDocument document(Person owner, String folder, MessageResult r) throws IOException, MailboxException {
        MimeMessages.Parsed m;
        try (InputStream in = r.getFullContent().getInputStream()) {
            m = MimeMessages.read(MimeMessages.parse(in));
        }
        String subject = m.subject() == null || m.subject().isBlank() ? "(sans objet)" : m.subject();
        String from = m.from() == null ? "" : Compose.who(m.from());
        String to = m.to().stream().map(Compose::who).collect(Collectors.joining(", "));
        String body = m.text() != null && !m.text().isBlank() ? m.text() : m.html() == null ? "" : MailHtml.toText(m.html());
        String text = from + "\n" + to + "\n" + body;
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT);
        }
        String title = "Message « " + subject + " »" + (from.isBlank() ? "" : " — " + from) + " (" + Webmail.label(folder) + ")";
        Instant date = m.date() != null ? m.date().toInstant() : r.getInternalDate().toInstant();
        String id = owner.login().toLowerCase(Locale.ROOT) + "/" + folder + "/" + r.getUid().asLong();
        return new SearchDocument(MailModule.ID, id, TYPE, title, text, date,
            "/#/module/" + MailModule.ID + "/" + folder + "/" + r.getUid().asLong(),
            Set.of(SearchPrincipals.person(owner.id())), Set.of(), null);
    }

    /** A parsed search id. */
    record Id(String login, String folder, long uid) {
        static Id parse(String id) {
            if (id == null) {
                return null;
            }
            int first = id.indexOf('/');
            int last = id.lastIndexOf('/');
            if (first <= 0 || last <= first + 1 || last == id.length() - 1) {
                return null;
            }
            try {
                long uid = Long.parseLong(id.substring(last + 1));
                return uid > 0 ? new Id(id.substring(0, first), id.substring(first + 1, last), uid) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
