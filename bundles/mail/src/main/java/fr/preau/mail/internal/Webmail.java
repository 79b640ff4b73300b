package fr.preau.mail.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.ComposedMessageIdWithMetaData;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxCounters;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.apache.james.mime4j.dom.Message;

import fr.preau.api.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The webmail's operations on one person's own mailboxes, in-process through James's {@link MailboxManager}: the
 * session is always made for the signed-in person's login (never another's), so the store itself keeps people
 * apart. Special folders: {@code INBOX} (« Boîte de réception »), {@code Drafts} (« Brouillons »), {@code Sent}
 * (« Envoyés »), {@code Trash} (« Corbeille »), created when first needed; others (made with an IMAP client) are listed by name.
 */
final class Webmail {

    static final String INBOX = "INBOX";
    static final String SENT = "Sent";
    static final String TRASH = "Trash";
    /** « Brouillons »: messages kept before they are sent, each with the {@code \\Draft} flag (as IMAP clients keep theirs). */
    static final String DRAFTS = "Drafts";
    static final int MAX_PAGE = 100;

    record Folder(String id, String label, String role, long total, long unread) {
    }

    record Summary(long uid, MimeMessages.Contact from, List<MimeMessages.Contact> to, String subject, String date, long size,
                   boolean seen, boolean flagged, boolean attachments) {
    }

    record Page(String folder, long total, int offset, int limit, List<Summary> items) {
    }

    /**
     * A message to read. {@code remoteImages}: how many remote images its HTML has (never fetched unless asked);
     * {@code images}: when they were asked for, each one's index and alternative text, the HTML then holding a marker
     * {@code ⟦image:N⟧} where each goes (null otherwise).
     */
    record Read(String folder, long uid, String subject, MimeMessages.Contact from, List<MimeMessages.Contact> to,
                List<MimeMessages.Contact> cc, String date, long size, boolean seen, boolean flagged, String text, String html,
                List<MimeMessages.Part> attachments, String messageId, int remoteImages, List<ImageView> images) {
    }

    /** A remote image as the webmail places it. */
    record ImageView(int index, String alt) {
    }

    private final MailboxManager manager;

    Webmail(MailboxManager manager) {
        this.manager = manager;
    }

    private MailboxSession session(String login) {
        return manager.createSystemSession(Username.of(login));
    }

    private static ProblemException unknownFolder() {
        return new ProblemException(404, "unknown-folder", "Ce dossier n'existe pas (ou plus) dans votre messagerie.");
    }

    static ProblemException unknownMessage() {
        return new ProblemException(404, "unknown-message",
            "Ce message n'existe plus dans ce dossier : il a peut-être été supprimé ou déplacé. Rechargez la liste.");
    }

    static String label(String name) {
        return switch (name) {
            case INBOX -> "Boîte de réception";
            case SENT -> "Envoyés";
            case TRASH -> "Corbeille";
            case DRAFTS -> "Brouillons";
            default -> name;
        };
    }

    private static String role(String name) {
        return switch (name) {
            case INBOX -> "inbox";
            case SENT -> "sent";
            case TRASH -> "trash";
            case DRAFTS -> "drafts";
            default -> "other";
        };
    }

    private boolean exists(MailboxPath path, MailboxSession session) {
        return Boolean.TRUE.equals(Mono.from(manager.mailboxExists(path, session)).block());
    }

    private MessageManager ensure(String login, String name, MailboxSession session) throws MailboxException {
        MailboxPath path = MailboxPath.forUser(Username.of(login), name);
        if (!exists(path, session)) {
            manager.createMailbox(path, session);
        }
        return manager.getMailbox(path, session);
    }

    /** An existing folder of the person (the special ones are created on demand). */
    private MessageManager folder(String login, String name, MailboxSession session) throws MailboxException {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw unknownFolder();
        }
        if (name.equals(INBOX) || name.equals(SENT) || name.equals(TRASH) || name.equals(DRAFTS)) {
            return ensure(login, name, session);
        }
        MailboxPath path = MailboxPath.forUser(Username.of(login), name);
        if (!exists(path, session)) {
            throw unknownFolder();
        }
        return manager.getMailbox(path, session);
    }

    /** The person's folders with their counts: the special ones first, then the others by name. */
    List<Folder> folders(String login) throws MailboxException {
        MailboxSession session = session(login);
        try {
            for (String special : List.of(INBOX, DRAFTS, SENT, TRASH)) {
                ensure(login, special, session);
            }
            List<Folder> out = new ArrayList<>();
            for (MailboxPath path : manager.list(session)) {
                if (!path.getUser().equals(Username.of(login))) {
                    continue;
                }
                MailboxCounters counters = manager.getMailbox(path, session).getMailboxCounters(session);
                out.add(new Folder(path.getName(), label(path.getName()), role(path.getName()), counters.getCount(),
                    counters.getUnseen()));
            }
            Map<String, Integer> order = Map.of(INBOX, 0, DRAFTS, 1, SENT, 2, TRASH, 3);
            out.sort(Comparator.comparing((Folder f) -> order.getOrDefault(f.id(), 4)).thenComparing(f -> f.id().toLowerCase(Locale.ROOT)));
            return out;
        } finally {
            manager.endProcessingRequest(session);
        }
    }

    /** Unread messages of the inbox (the tile's badge). */
    long unread(String login) throws MailboxException {
        MailboxSession session = session(login);
        try {
            return ensure(login, INBOX, session).getMailboxCounters(session).getUnseen();
        } finally {
            manager.endProcessingRequest(session);
        }
    }

    /** One page of a folder, newest first (by arrival: highest UID first). */
    Page list(String login, String name, int offset, int limit) throws MailboxException, IOException {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new ProblemException(400, "invalid-page",
                "La page demandée n'est pas valable : le début doit être positif et la taille comprise entre 1 et " + MAX_PAGE + ".");
        }
        MailboxSession session = session(login);
        try {
            MessageManager mailbox = folder(login, name, session);
            List<ComposedMessageIdWithMetaData> all = Flux.from(mailbox.listMessagesMetadata(MessageRange.all(), session))
                .collectList().block();
            List<MessageUid> uids = new ArrayList<>(all == null ? List.of() : all.stream()
                .map(m -> m.getComposedMessageId().getUid()).toList());
            uids.sort(Comparator.reverseOrder());
            List<Summary> items = new ArrayList<>();
            if (offset < uids.size()) {
                List<MessageUid> page = uids.subList(offset, Math.min(uids.size(), offset + limit));
                MessageRange range = MessageRange.range(page.get(page.size() - 1), page.get(0));
                List<MessageResult> results = new ArrayList<>();
                MessageResultIterator it = mailbox.getMessages(range, FetchGroup.HEADERS, session);
                while (it.hasNext()) {
                    results.add(it.next());
                }
                results.sort(Comparator.comparing(MessageResult::getUid).reversed());
                for (MessageResult r : results) {
                    items.add(summary(r));
                }
            }
            return new Page(name, uids.size(), offset, limit, items);
        } finally {
            manager.endProcessingRequest(session);
        }
    }

    private static Summary summary(MessageResult r) throws MailboxException, IOException {
        Message headers;
        try (InputStream in = r.getHeaders().getInputStream()) {
            headers = MimeMessages.parseHeaders(in);
        } catch (IOException unreadable) {
            // headers mime4j refuses (beyond its bounds): the message stays listed, and readable over IMAP
            return new Summary(r.getUid().asLong(), new MimeMessages.Contact("", ""), List.of(), "(en-têtes illisibles)",
                iso(r.getInternalDate()), r.getSize(), r.getFlags().contains(Flags.Flag.SEEN),
                r.getFlags().contains(Flags.Flag.FLAGGED), false);
        }
        Date date = headers.getDate() != null ? headers.getDate() : r.getInternalDate();
        Flags flags = r.getFlags();
        return new Summary(r.getUid().asLong(), MimeMessages.firstFrom(headers), MimeMessages.contacts(headers.getTo()),
            headers.getSubject() == null ? "" : headers.getSubject(), iso(date), r.getSize(), flags.contains(Flags.Flag.SEEN),
            flags.contains(Flags.Flag.FLAGGED), MimeMessages.hasAttachments(headers));
    }

    static String iso(Date date) {
        return date == null ? null : Instant.ofEpochMilli(date.getTime()).toString();
    }

    private static MessageUid uid(long uid) {
        if (uid < 1) {
            throw unknownMessage();
        }
        return MessageUid.of(uid);
    }

    private static MessageResult one(MessageManager mailbox, long uid, FetchGroup group, MailboxSession session) throws MailboxException {
        MessageResultIterator it = mailbox.getMessages(MessageRange.one(uid(uid)), group, session);
        if (!it.hasNext()) {
            throw unknownMessage();
        }
        return it.next();
    }

    /** The parsed message (not yet sanitised), for reply and forward. */
    MimeMessages.Parsed parsed(String login, String name, long uid) throws MailboxException, IOException {
        MailboxSession session = session(login);
        try {
            MessageResult r = one(folder(login, name, session), uid, FetchGroup.FULL_CONTENT, session);
            try (InputStream in = r.getFullContent().getInputStream()) {
                return MimeMessages.read(MimeMessages.parse(in));
            }
        } finally {
            manager.endProcessingRequest(session);
        }
    }

    /** Reads one message (HTML sanitised, remote images left out unless {@code remoteImages}) and marks it seen. */
    Read read(String login, String name, long uid, boolean remoteImages) throws MailboxException, IOException {
        MailboxSession session = session(login);
        try {
            MessageManager mailbox = folder(login, name, session);
            MessageResult r = one(mailbox, uid, FetchGroup.FULL_CONTENT, session);
            MimeMessages.Parsed p;
            try (InputStream in = r.getFullContent().getInputStream()) {
                p = MimeMessages.read(MimeMessages.parse(in));
            }
            boolean flagged = r.getFlags().contains(Flags.Flag.FLAGGED);
            if (!r.getFlags().contains(Flags.Flag.SEEN)) {
                mailbox.setFlags(new Flags(Flags.Flag.SEEN), MessageManager.FlagsUpdateMode.ADD, MessageRange.one(r.getUid()), session);
            }
            Date date = p.date() != null ? p.date() : r.getInternalDate();
            String text = p.text() == null ? (p.html() == null ? "" : MailHtml.toText(MailHtml.forReading(p.html()))) : p.text();
            MailHtml.WithImages withImages = MailHtml.withRemoteImages(p.html());
            return new Read(name, uid, p.subject(), p.from(), p.to(), p.cc(), iso(date), r.getSize(), true, flagged, text,
                remoteImages ? withImages.html() : MailHtml.forReading(p.html()), p.attachments(), p.messageId(),
                withImages.images().size(),
                remoteImages ? withImages.images().stream().map(i -> new ImageView(i.index(), i.alt())).toList() : null);
        } finally {
            manager.endProcessingRequest(session);
        }
    }

    /** The address of remote image {@code index} of a message (404 {@code unknown-image} when it has no such image). */
    String remoteImage(String login, String name, long uid, int index) throws MailboxException, IOException {
        List<MailHtml.RemoteImage> images = MailHtml.withRemoteImages(parsed(login, name, uid).html()).images();
        if (index < 0 || index >= images.size()) {
            throw new ProblemException(404, "unknown-image", "Ce message n'a pas cette image.");
        }
        return images.get(index).url();
    }

    /** Attachment {@code index} of a message. */
    MimeMessages.Attachment attachment(String login, String name, long uid, int index) throws MailboxException, IOException {
        MailboxSession session = session(login);
        try {
            MessageResult r = one(folder(login, name, session), uid, FetchGroup.FULL_CONTENT, session);
            MimeMessages.Attachment a;
            try (InputStream in = r.getFullContent().getInputStream()) {
                a = MimeMessages.attachment(MimeMessages.parse(in), index);
            }
            if (a == null) {
                throw new ProblemException(404, "unknown-attachment", "Cette pièce jointe n'existe pas dans ce message.");
            }
            return a;
        } finally {
            manager.endProcessingRequest(session);
        }
    }

    /** Adds or removes a flag ({@code \Seen}, {@code \Flagged}) on one message. */
    void flag(String login, String name, long uid, Flags.Flag flag, boolean on) throws MailboxException {
        MailboxSession session = session(login);
        try {
            MessageManager mailbox = folder(login, name, session);
            one(mailbox, uid, FetchGroup.MINIMAL, session);
            mailbox.setFlags(new Flags(flag), on ? MessageManager.FlagsUpdateMode.ADD : MessageManager.FlagsUpdateMode.REMOVE,
                MessageRange.one(uid(uid)), session);
        } finally {
            manager.endProcessingRequest(session);
        }
    }

    /**
     * Deletes one message: moved to the trash, or, when already there, deleted for good.
     *
     * @return true when it went to the trash, false when it was deleted for good
     */
    boolean delete(String login, String name, long uid) throws MailboxException {
        MailboxSession session = session(login);
        try {
            MessageManager mailbox = folder(login, name, session);
            one(mailbox, uid, FetchGroup.MINIMAL, session);
            if (name.equals(TRASH)) {
                mailbox.delete(List.of(uid(uid)), session);
                return false;
            }
            ensure(login, TRASH, session);
            manager.moveMessages(MessageRange.one(uid(uid)), MailboxPath.forUser(Username.of(login), name),
                MailboxPath.forUser(Username.of(login), TRASH), session);
            return true;
        } finally {
            manager.endProcessingRequest(session);
        }
    }

    /**
     * Moves one message to another existing folder of the person (the trash too: « Supprimer » is the usual way).
     *
     * @throws ProblemException 404 {@code unknown-folder}, {@code unknown-message}; 400 {@code same-folder}
     */
    void move(String login, String name, long uid, String to) throws MailboxException {
        if (to == null || to.isBlank()) {
            throw new ProblemException(400, "missing-field", "Choisissez le dossier où déplacer le message.");
        }
        if (to.equals(name)) {
            throw new ProblemException(400, "same-folder", "Le message est déjà dans ce dossier : choisissez-en un autre.");
        }
        MailboxSession session = session(login);
        try {
            MessageManager mailbox = folder(login, name, session);
            one(mailbox, uid, FetchGroup.MINIMAL, session);
            folder(login, to, session);
            manager.moveMessages(MessageRange.one(uid(uid)), MailboxPath.forUser(Username.of(login), name),
                MailboxPath.forUser(Username.of(login), to), session);
        } finally {
            manager.endProcessingRequest(session);
        }
    }

    /** Characters of a webmail search at most. */
    static final int MAX_QUERY = 200;

    /**
     * The messages of a folder whose subject, correspondents or text hold {@code query} (accents and case as typed,
     * as IMAP SEARCH does), newest first, one page.
     */
    Page search(String login, String name, String query, int offset, int limit) throws MailboxException, IOException {
        String q = query == null ? "" : query.strip();
        if (q.isEmpty() || q.length() > MAX_QUERY) {
            throw new ProblemException(400, "invalid-query", "Tapez entre 1 et " + MAX_QUERY + " caractères à chercher.");
        }
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new ProblemException(400, "invalid-page",
                "La page demandée n'est pas valable : le début doit être positif et la taille comprise entre 1 et " + MAX_PAGE + ".");
        }
        MailboxSession session = session(login);
        try {
            MessageManager mailbox = folder(login, name, session);
            org.apache.james.mailbox.model.SearchQuery search = org.apache.james.mailbox.model.SearchQuery.of(
                org.apache.james.mailbox.model.SearchQuery.or(List.of(
                    org.apache.james.mailbox.model.SearchQuery.headerContains("Subject", q),
                    org.apache.james.mailbox.model.SearchQuery.address(org.apache.james.mailbox.model.SearchQuery.AddressType.From, q),
                    org.apache.james.mailbox.model.SearchQuery.address(org.apache.james.mailbox.model.SearchQuery.AddressType.To, q),
                    org.apache.james.mailbox.model.SearchQuery.bodyContains(q))));
            List<MessageUid> uids = new ArrayList<>(Flux.from(mailbox.search(search, session)).collectList().block());
            uids.sort(Comparator.reverseOrder());
            List<Summary> items = new ArrayList<>();
            for (MessageUid uid : uids.subList(Math.min(offset, uids.size()), Math.min(uids.size(), offset + limit))) {
                MessageResultIterator it = mailbox.getMessages(MessageRange.one(uid), FetchGroup.HEADERS, session);
                if (it.hasNext()) {
                    items.add(summary(it.next()));
                }
            }
            return new Page(name, uids.size(), offset, limit, items);
        } finally {
            manager.endProcessingRequest(session);
        }
    }

    /** Keeps a copy of a sent message in « Envoyés », already read. */
    void keepSent(String login, byte[] message) throws MailboxException {
        MailboxSession session = session(login);
        try {
            ensure(login, SENT, session).appendMessage(MessageManager.AppendCommand.builder()
                .withFlags(new Flags(Flags.Flag.SEEN))
                .withInternalDate(new Date())
                .build(message), session);
        } finally {
            manager.endProcessingRequest(session);
        }
    }

    /**
     * Keeps a draft in « Brouillons » (created when missing), flagged {@code \\Draft} and {@code \\Seen}; when it
     * replaces an older version, that one is deleted only once the new one is stored (so a failure loses nothing).
     *
     * @param replaces the UID of the draft's previous version in « Brouillons », or null
     * @return the new draft's UID
     */
    long saveDraft(String login, byte[] message, Long replaces) throws MailboxException {
        MailboxSession session = session(login);
        try {
            MessageManager drafts = ensure(login, DRAFTS, session);
            if (replaces != null) {
                one(drafts, replaces, FetchGroup.MINIMAL, session);
            }
            Flags flags = new Flags(Flags.Flag.DRAFT);
            flags.add(Flags.Flag.SEEN);
            long uid = drafts.appendMessage(MessageManager.AppendCommand.builder()
                .withFlags(flags)
                .withInternalDate(new Date())
                .build(message), session).getId().getUid().asLong();
            if (replaces != null) {
                drafts.delete(List.of(uid(replaces)), session);
            }
            return uid;
        } finally {
            manager.endProcessingRequest(session);
        }
    }

    /** Deletes a draft for good once its message is sent (gone already: nothing to do). */
    void discardDraft(String login, long uid) throws MailboxException {
        MailboxSession session = session(login);
        try {
            MessageManager drafts = ensure(login, DRAFTS, session);
            if (drafts.getMessages(MessageRange.one(uid(uid)), FetchGroup.MINIMAL, session).hasNext()) {
                drafts.delete(List.of(uid(uid)), session);
            }
        } finally {
            manager.endProcessingRequest(session);
        }
    }
}
