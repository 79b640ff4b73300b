package fr.preau.mail.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.mail.Flags;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.apache.james.mailbox.exception.MailboxException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.preau.access.AccessService;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.directory.DirectoryService;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import fr.preau.web.StreamedBody;

/**
 * {@code /api/v1/mail/…}: the webmail on the signed-in person's own mailboxes (contract in the module's README).
 * Every call checks {@code mail:use} with {@code access}; sending goes through {@link MailServer#submit}, the path of
 * SMTP submission, so the box's and the school's communication rules and the size limit apply.
 */
@Component(service = MailResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.MODULES)
@JSONRequired
@Path(MailModule.ID)
@Produces(MediaType.APPLICATION_JSON)
public final class MailResource {

    private static final Logger LOG = LoggerFactory.getLogger(MailResource.class);
    static final int CONTACTS_LIMIT = 20;
    static final int LISTS_LIMIT = 8;
    /** Types a browser would run or render as a page: downloaded as bytes instead. */
    private static final Set<String> NOT_AS_IS = Set.of("text/html", "application/xhtml+xml", "image/svg+xml", "text/xml",
        "application/xml", "text/javascript", "application/javascript", "application/x-javascript", "text/css");

    /**
     * The folders. {@code toValidate}: for a teacher or the direction, how many pupils' messages wait for their
     * approval (null for anyone else); {@code pending}: how many of the caller's own messages wait for one.
     */
    record FolderList(String address, long unread, List<Webmail.Folder> items, Integer toValidate, int pending) {
    }

    /** A pupil's message waiting for approval, as the « À valider » view (and the pupil) see it. */
    record HeldView(String id, MimeMessages.Contact from, List<String> to, String subject, String date, String preview,
                    List<MimeMessages.Part> attachments, long size) {
    }

    record HeldList(List<HeldView> items) {
    }

    record Approved(int recipients) {
    }

    record Refusal(String reason) {
    }

    /** A school's moderation of pupils' mail: {@code enabled} now, {@code byDefault} without the referent's choice. */
    record ModerationSetting(String uai, String name, String degree, boolean enabled, boolean byDefault) {
    }

    record ModerationSettingInput(Boolean enabled) {
    }

    record Seen(Boolean seen) {
    }

    record Flagged(Boolean flagged) {
    }

    record Deleted(boolean trashed) {
    }

    record Ref(String folder, Long uid) {
    }

    /**
     * A message to send or a draft to keep. {@code draft}: the UID in « Brouillons » of the draft being edited (sent:
     * deleted; kept again: replaced); {@code draftAttachments}: which of that draft's attachments (by index) the
     * message keeps (null: all).
     */
    record SendInput(List<String> to, List<String> cc, String subject, String text, String html, List<String> attachments,
                     Ref replyTo, Ref forward, Long draft, List<Integer> draftAttachments) {
    }

    /** A kept draft: its UID in « Brouillons » and its attachments (to keep or remove when it is edited again). */
    record SavedDraft(String folder, long uid, List<MimeMessages.Part> attachments) {
    }

    /** A draft reopened in the compose form. */
    record DraftView(long uid, List<String> to, List<String> cc, String subject, String text, String html,
                     List<MimeMessages.Part> attachments) {
    }

    /** {@code pending}: the message waits for a teacher's approval (nothing delivered yet), {@code message} says so. */
    record Sent(int recipients, String folder, boolean pending, String message) {
    }

    static final String PENDING_TEXT = "Votre message attend l'accord de votre enseignant.";
    static final int MAX_REASON = 1000;
    static final int PREVIEW = 300;

    record ContactView(String name, String address, String profile, String detail) {
    }

    record Member(String name, String address) {
    }

    record ListView(String name, String detail, List<Member> members) {
    }

    record AddressBook(List<ContactView> items, List<ListView> lists) {
    }

    private final MailServer server;
    private final DirectoryService directory;
    private final AccessService access;
    private final Webmail webmail;
    private final Uploads uploads;
    private final RemoteImages remoteImages = new RemoteImages();
    private final AuditLog audit;
    @Context
    HttpServletRequest http;

    @Activate
    public MailResource(@Reference(name = "server") MailServer server, @Reference(name = "directory") DirectoryService directory,
                        @Reference(name = "access") AccessService access, @Reference(name = "audit") AuditLog audit) {
        this(server, directory, access, new Webmail(server.mailboxes().manager), new Uploads(
            java.nio.file.Path.of(System.getProperty("karaf.data", "data"), "preau", "mail", "uploads"), server.maxMessageSize()),
            audit);
    }

    MailResource(MailServer server, DirectoryService directory, AccessService access, Webmail webmail, Uploads uploads,
                 AuditLog audit) {
        this.server = server;
        this.directory = directory;
        this.access = access;
        this.webmail = webmail;
        this.uploads = uploads;
        this.audit = audit;
    }

    /** The signed-in person, once allowed to use the webmail and given a mailbox. */
    private Person caller(SecurityContext security) {
        Person who = Callers.require(security);
        access.require(who, MailModule.USE, who.uai());
        return who;
    }

    private String address(Person who) {
        return directory.mailAddress(who.id()).orElseThrow(() -> new ProblemException(403, "no-mailbox",
            "Votre compte n'a pas d'adresse de messagerie. Adressez-vous au référent numérique de l'établissement."));
    }

    private static ProblemException failure(MailboxException e) {
        LOG.error("Mail: webmail store error", e);
        return new ProblemException(503, "mailbox-unavailable",
            "Votre messagerie ne répond pas pour le moment. Réessayez dans un instant.");
    }

    @GET
    @Path("folders")
    public FolderList folders(@Context SecurityContext security) {
        Person who = caller(security);
        String address = address(who);
        try {
            List<Webmail.Folder> folders = webmail.folders(who.login());
            long unread = folders.stream().filter(f -> f.id().equals(Webmail.INBOX)).mapToLong(Webmail.Folder::unread).sum();
            Integer toValidate = access.decide(who, MailModule.MODERATE, who.uai()).allowed()
                ? server.moderation().decidableBy(access, who).size() : null;
            return new FolderList(address, unread, folders, toValidate, server.moderation().of(who.login()).size());
        } catch (MailboxException e) {
            throw failure(e);
        } catch (java.sql.SQLException e) {
            throw moderationFailure(e);
        }
    }

    @GET
    @Path("folders/{folder}/messages")
    public Webmail.Page messages(@Context SecurityContext security, @PathParam("folder") String folder,
                                 @QueryParam("offset") String offset, @QueryParam("limit") String limit,
                                 @QueryParam("q") String q) throws IOException {
        Person who = caller(security);
        address(who);
        try {
            if (q != null) {
                return webmail.search(who.login(), folder, q, number(offset, 0), number(limit, 25));
            }
            return webmail.list(who.login(), folder, number(offset, 0), number(limit, 25));
        } catch (MailboxException e) {
            throw failure(e);
        }
    }

    static int number(String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new ProblemException(400, "invalid-page", "La page demandée n'est pas valable : « " + value + " » n'est pas un nombre.");
        }
    }

    static long uid(String value) {
        try {
            long uid = Long.parseLong(value);
            if (uid > 0) {
                return uid;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw Webmail.unknownMessage();
    }

    @GET
    @Path("folders/{folder}/messages/{uid}")
    public Webmail.Read message(@Context SecurityContext security, @PathParam("folder") String folder, @PathParam("uid") String uid,
                                @QueryParam("images") String images) throws IOException {
        Person who = caller(security);
        address(who);
        try {
            return webmail.read(who.login(), folder, uid(uid), "remote".equals(images));
        } catch (MailboxException e) {
            throw failure(e);
        }
    }

    @PUT
    @Path("folders/{folder}/messages/{uid}/seen")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response seen(@Context SecurityContext security, @PathParam("folder") String folder, @PathParam("uid") String uid, Seen in) {
        Person who = caller(security);
        if (in == null || in.seen() == null) {
            throw new ProblemException(400, "missing-field", "Indiquez si le message est lu (« seen » : true ou false).");
        }
        try {
            webmail.flag(who.login(), folder, uid(uid), Flags.Flag.SEEN, in.seen());
        } catch (MailboxException e) {
            throw failure(e);
        }
        return Response.noContent().build();
    }

    @PUT
    @Path("folders/{folder}/messages/{uid}/flagged")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response flagged(@Context SecurityContext security, @PathParam("folder") String folder, @PathParam("uid") String uid,
                            Flagged in) {
        Person who = caller(security);
        if (in == null || in.flagged() == null) {
            throw new ProblemException(400, "missing-field", "Indiquez si le message est suivi (« flagged » : true ou false).");
        }
        try {
            webmail.flag(who.login(), folder, uid(uid), Flags.Flag.FLAGGED, in.flagged());
        } catch (MailboxException e) {
            throw failure(e);
        }
        return Response.noContent().build();
    }

    /** Where a message goes. */
    public record Move(String to) {
    }

    @POST
    @Path("folders/{folder}/messages/{uid}/move")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response move(@Context SecurityContext security, @PathParam("folder") String folder, @PathParam("uid") String uid, Move in) {
        Person who = caller(security);
        try {
            webmail.move(who.login(), folder, uid(uid), in == null ? null : in.to());
        } catch (MailboxException e) {
            throw failure(e);
        }
        return Response.noContent().build();
    }

    @DELETE
    @Path("folders/{folder}/messages/{uid}")
    public Deleted delete(@Context SecurityContext security, @PathParam("folder") String folder, @PathParam("uid") String uid) {
        Person who = caller(security);
        try {
            return new Deleted(webmail.delete(who.login(), folder, uid(uid)));
        } catch (MailboxException e) {
            throw failure(e);
        }
    }

    @GET
    @Path("folders/{folder}/messages/{uid}/attachments/{index}")
    @Produces(MediaType.WILDCARD)
    public Response attachment(@Context SecurityContext security, @PathParam("folder") String folder, @PathParam("uid") String uid,
                               @PathParam("index") String index) throws IOException {
        Person who = caller(security);
        int n = index(index, new ProblemException(404, "unknown-attachment", "Cette pièce jointe n'existe pas dans ce message."));
        MimeMessages.Attachment a;
        try {
            a = webmail.attachment(who.login(), folder, uid(uid), n);
        } catch (MailboxException e) {
            throw failure(e);
        }
        String type = Uploads.mediaType(a.type());
        String encoded = URLEncoder.encode(a.name(), StandardCharsets.UTF_8).replace("+", "%20");
        String ascii = a.name().replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "_");
        return Response.ok(a.bytes(), NOT_AS_IS.contains(type) ? "application/octet-stream" : type)
            .header("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded)
            .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "private, no-store").build();
    }

    /** A part's index in a path, or {@code unknown} when it is not a number. */
    private static int index(String text, ProblemException unknown) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw unknown;
        }
    }

    /**
     * Remote image {@code index} of a message, fetched by the box when the person asked to see them (the browser
     * reaches no other server): a raster image of 5 MB at most, never from the school's own network.
     */
    @GET
    @Path("folders/{folder}/messages/{uid}/images/{index}")
    @Produces(MediaType.WILDCARD)
    public Response remoteImage(@Context SecurityContext security, @PathParam("folder") String folder, @PathParam("uid") String uid,
                                @PathParam("index") String index) throws IOException {
        Person who = caller(security);
        int n = index(index, new ProblemException(404, "unknown-image", "Ce message n'a pas cette image."));
        String url;
        try {
            url = webmail.remoteImage(who.login(), folder, uid(uid), n);
        } catch (MailboxException e) {
            throw failure(e);
        }
        RemoteImages.Image image = remoteImages.fetch(url);
        return Response.ok(image.bytes(), image.type())
            .header("X-Content-Type-Options", "nosniff")
            .header("Content-Disposition", "inline")
            .header("Cache-Control", "private, max-age=3600")
            .build();
    }

    @GET
    @Path("folders/{folder}/messages/{uid}/reply")
    public Compose.Draft reply(@Context SecurityContext security, @PathParam("folder") String folder, @PathParam("uid") String uid,
                               @QueryParam("all") String all) throws IOException {
        Person who = caller(security);
        try {
            return Compose.reply(webmail.parsed(who.login(), folder, uid(uid)), "true".equalsIgnoreCase(all), address(who));
        } catch (MailboxException e) {
            throw failure(e);
        }
    }

    @GET
    @Path("folders/{folder}/messages/{uid}/forward")
    public Compose.Draft forward(@Context SecurityContext security, @PathParam("folder") String folder, @PathParam("uid") String uid)
        throws IOException {
        Person who = caller(security);
        try {
            return Compose.forward(webmail.parsed(who.login(), folder, uid(uid)));
        } catch (MailboxException e) {
            throw failure(e);
        }
    }

    @POST
    @Path("uploads")
    @Consumes(MediaType.WILDCARD)
    @StreamedBody
    public Response upload(@Context SecurityContext security, @QueryParam("nom") String name, @HeaderParam("Content-Type") String type,
                           @HeaderParam("Content-Length") String length, InputStream body) throws IOException {
        Person who = caller(security);
        address(who);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > uploads.maxBytes()) {
                    throw Uploads.tooLarge(uploads.maxBytes());
                }
            } catch (NumberFormatException ignored) {
                // read and bounded by Uploads
            }
        }
        return Response.status(201).entity(uploads.save(who.id(), name, type, body)).build();
    }

    @DELETE
    @Path("uploads/{id}")
    public Response deleteUpload(@Context SecurityContext security, @PathParam("id") String id) throws IOException {
        Person who = caller(security);
        uploads.delete(who.id(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("messages")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response send(@Context SecurityContext security, SendInput in) throws IOException {
        Person who = caller(security);
        String from = address(who);
        if (in == null) {
            throw new ProblemException(400, "missing-body", "Le message est vide : indiquez au moins un destinataire.");
        }
        List<String> recipients = Compose.recipients(in.to(), in.cc());
        byte[] message = build(who, from, in, Compose.subject(in.subject()));
        MailServer.Submission submission = server.submit(who, recipients, message);
        if (submission.held() != null) {
            discardDraft(who, in);
            forgetUploads(who, in);
            return Response.status(202).entity(new Sent(recipients.size(), null, true, PENDING_TEXT)).build();
        }
        try {
            webmail.keepSent(who.login(), message);
        } catch (MailboxException e) {
            LOG.error(Quotas.isOverQuota(e) ? "Mail: sent, but its copy in Sent did not fit in the sender's mailbox any more"
                : "Mail: sent, but its copy in Sent failed", e);
        }
        discardDraft(who, in);
        forgetUploads(who, in);
        return Response.status(201).entity(new Sent(recipients.size(), Webmail.SENT, false, null)).build();
    }

    /** The draft a message was sent from, deleted for good once the message is sent (or held for approval). */
    private void discardDraft(Person who, SendInput in) {
        if (in.draft() != null) {
            try {
                webmail.discardDraft(who.login(), in.draft());
            } catch (MailboxException | ProblemException e) {
                LOG.warn("Mail: sent, but its draft could not be deleted", e);
            }
        }
    }

    /** Keeps a draft in « Brouillons » (a new one, or a new version of {@code draft}): recipients may be missing. */
    @POST
    @Path("drafts")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response saveDraft(@Context SecurityContext security, SendInput in) throws IOException {
        Person who = caller(security);
        String from = address(who);
        if (in == null) {
            throw new ProblemException(400, "missing-body", "Le brouillon est vide.");
        }
        Compose.draftRecipients(in.to(), in.cc());
        byte[] message = build(who, from, in, Compose.draftSubject(in.subject()));
        long uid;
        try {
            uid = webmail.saveDraft(who.login(), message, in.draft());
        } catch (MailboxException e) {
            if (Quotas.isOverQuota(e)) {
                throw Quotas.overQuota();
            }
            throw failure(e);
        }
        forgetUploads(who, in);
        List<MimeMessages.Part> parts;
        try {
            parts = webmail.parsed(who.login(), Webmail.DRAFTS, uid).attachments();
        } catch (MailboxException e) {
            throw failure(e);
        }
        return Response.status(201).entity(new SavedDraft(Webmail.DRAFTS, uid, parts)).build();
    }

    /** A draft of « Brouillons », to go on with it in the compose form. */
    @GET
    @Path("drafts/{uid}")
    public DraftView draft(@Context SecurityContext security, @PathParam("uid") String uid) throws IOException {
        Person who = caller(security);
        try {
            MimeMessages.Parsed p = webmail.parsed(who.login(), Webmail.DRAFTS, uid(uid));
            return new DraftView(uid(uid), p.to().stream().map(Compose::who).toList(), p.cc().stream().map(Compose::who).toList(),
                p.subject(), p.text() == null ? "" : p.text(), p.html() == null ? null : MailHtml.forSending(p.html()), p.attachments());
        } catch (MailboxException e) {
            throw failure(e);
        }
    }

    /**
     * The message as MIME: text bounds, attachments (uploads, a forwarded message's, the edited draft's kept ones),
     * threading headers, and the sender's mailbox room.
     */
    private byte[] build(Person who, String from, SendInput in, String subject) throws IOException {
        Compose.checkText(in.text(), in.html());
        String html = MailHtml.forSending(in.html());
        String text = in.text() != null && !in.text().isBlank() ? in.text() : MailHtml.toText(html);
        List<String> ids = in.attachments() == null ? List.of() : in.attachments();
        if (ids.size() > Uploads.MAX_PENDING) {
            throw new ProblemException(400, "too-many-attachments", "Un message porte au plus " + Uploads.MAX_PENDING + " pièces jointes.");
        }
        List<MimeMessages.Attachment> files = new ArrayList<>();
        for (String id : ids) {
            files.add(uploads.read(who.id(), id));
        }
        String inReplyTo = null;
        String references = null;
        try {
            if (in.replyTo() != null) {
                MimeMessages.Parsed original = webmail.parsed(who.login(), in.replyTo().folder(), in.replyTo().uid() == null ? 0 : in.replyTo().uid());
                inReplyTo = original.messageId();
                references = original.references();
            }
            if (in.forward() != null) {
                long uid = in.forward().uid() == null ? 0 : in.forward().uid();
                files.addAll(attachments(who, in.forward().folder(), uid, null));
            }
            if (in.draft() != null) {
                files.addAll(attachments(who, Webmail.DRAFTS, in.draft(), in.draftAttachments()));
                if (in.replyTo() == null) {
                    // a reopened draft of a reply: its threading goes on with the new version or the sent message
                    MimeMessages.Thread thread = webmail.parsed(who.login(), Webmail.DRAFTS, in.draft()).thread();
                    if (thread != null) {
                        inReplyTo = thread.inReplyTo();
                        references = thread.references();
                    }
                }
            }
        } catch (MailboxException e) {
            throw failure(e);
        }
        if (files.size() > Uploads.MAX_PENDING) {
            throw new ProblemException(400, "too-many-attachments", "Un message porte au plus " + Uploads.MAX_PENDING + " pièces jointes.");
        }
        String domain = from.substring(from.indexOf('@') + 1);
        byte[] message = MimeMessages.build(new MimeMessages.Draft(new MimeMessages.Contact(who.displayName(), from),
            contacts(in.to()), contacts(in.cc()), subject, text, html.isBlank() ? null : html, files, inReplyTo, references,
            new Date(), domain));
        if (!server.mailboxes().usage(who.login()).fits(message.length)) {
            throw Quotas.overQuota();
        }
        return message;
    }

    /** The attachments of a message of the person's ({@code only}: those indexes, null: all). */
    private List<MimeMessages.Attachment> attachments(Person who, String folder, long uid, List<Integer> only)
        throws MailboxException, IOException {
        List<MimeMessages.Attachment> out = new ArrayList<>();
        for (MimeMessages.Part part : webmail.parsed(who.login(), folder, uid).attachments()) {
            if (only == null || only.contains(part.index())) {
                out.add(webmail.attachment(who.login(), folder, uid, part.index()));
            }
        }
        return out;
    }

    /** The uploads now inside a message or a draft: no longer pending. */
    private void forgetUploads(Person who, SendInput in) {
        for (String id : in.attachments() == null ? List.<String>of() : in.attachments()) {
            try {
                uploads.delete(who.id(), id);
            } catch (ProblemException | IOException ignored) {
                // already gone
            }
        }
    }

    /** The typed recipients with the annuaire's names for the box's own addresses. */
    private List<MimeMessages.Contact> contacts(List<String> typed) {
        List<MimeMessages.Contact> out = new ArrayList<>();
        if (typed == null) {
            return out;
        }
        for (String t : typed) {
            String address = t == null || t.isBlank() ? null : MimeMessages.address(t);
            if (address == null) {
                continue;
            }
            String name = server.localMailbox(address).flatMap(directory::findByLogin).map(Person::displayName).orElse("");
            out.add(new MimeMessages.Contact(name, address));
        }
        return out;
    }

    @GET
    @Path("contacts")
    public AddressBook contacts(@Context SecurityContext security, @QueryParam("q") String q) {
        Person who = caller(security);
        if (q != null && q.length() > 100) {
            throw new ProblemException(400, "query-too-long", "Cherchez avec 100 caractères au plus.");
        }
        List<ContactView> out = new ArrayList<>();
        for (Person p : server.rules().addressBook(who, q, CONTACTS_LIMIT)) {
            String address = directory.mailAddress(p.id()).orElse(null);
            if (address == null) {
                continue;
            }
            Profile main = p.profiles().stream().sorted().findFirst().orElse(Profile.INVITE);
            List<String> classes = directory.classesOf(p.id());
            String detail = main.label() + (classes.isEmpty() ? "" : " · " + String.join(", ", classes.stream().limit(4).toList()));
            out.add(new ContactView(p.displayName(), address, main.name().toLowerCase(Locale.ROOT), detail));
        }
        List<ListView> lists = new ArrayList<>();
        for (MailLists.PeopleList list : server.rules().lists(who, q, LISTS_LIMIT)) {
            List<Member> members = new ArrayList<>();
            for (Person p : list.members()) {
                directory.mailAddress(p.id()).ifPresent(a -> members.add(new Member(p.displayName(), a)));
            }
            if (!members.isEmpty() && members.size() <= Compose.MAX_RECIPIENTS) {
                lists.add(new ListView(list.name(), members.size() == 1 ? "Liste, 1 personne" : "Liste, " + members.size() + " personnes", members));
            }
        }
        return new AddressBook(out, lists);
    }

    private static ProblemException moderationFailure(java.sql.SQLException e) {
        LOG.error("Mail: moderation store error", e);
        return new ProblemException(503, "moderation-unavailable",
            "Les messages à valider ne peuvent pas être lus pour le moment. Réessayez dans un instant.");
    }

    private static HeldView view(Moderation.Held held) {
        MimeMessages.Parsed p;
        try {
            p = MimeMessages.read(MimeMessages.parse(new java.io.ByteArrayInputStream(held.message())));
        } catch (IOException | RuntimeException e) {
            return new HeldView(held.id(), new MimeMessages.Contact("", held.sender()), held.recipients(), "(message illisible)",
                held.created().toString(), "", List.of(), held.message().length);
        }
        String text = p.text() != null ? p.text() : p.html() == null ? "" : MailHtml.toText(MailHtml.forReading(p.html()));
        text = text.strip();
        String preview = text.length() > PREVIEW ? text.substring(0, PREVIEW - 1) + "…" : text;
        return new HeldView(held.id(), p.from(), held.recipients(), p.subject().isBlank() ? "(sans objet)" : p.subject(),
            held.created().toString(), preview, p.attachments(), held.message().length);
    }

    /** « À valider »: the pupils' messages waiting for the caller's approval (a teacher: their pupils'; the direction: the school's). */
    @GET
    @Path("moderation")
    public HeldList moderationQueue(@Context SecurityContext security) {
        Person who = caller(security);
        access.require(who, MailModule.MODERATE, who.uai());
        try {
            return new HeldList(server.moderation().decidableBy(access, who).stream().map(MailResource::view).toList());
        } catch (java.sql.SQLException e) {
            throw moderationFailure(e);
        }
    }

    /** The caller's own messages waiting for a teacher's approval. */
    @GET
    @Path("moderation/mine")
    public HeldList myPending(@Context SecurityContext security) {
        Person who = caller(security);
        try {
            return new HeldList(server.moderation().of(who.login()).stream().map(MailResource::view).toList());
        } catch (java.sql.SQLException e) {
            throw moderationFailure(e);
        }
    }

    /** A held message the caller may decide on: 404 when it is gone or is not of their pupils (never telling which). */
    private Moderation.Held decidable(Person who, String id) throws java.sql.SQLException {
        access.require(who, MailModule.MODERATE, who.uai());
        Moderation.Held held = server.moderation().find(id).orElseThrow(Moderation::unknown);
        if (!Moderation.mayDecide(access, who, held)) {
            throw Moderation.unknown();
        }
        return held;
    }

    private void audit(Person who, String action, Moderation.Held held, Map<String, String> details) {
        java.util.Map<String, String> all = new java.util.HashMap<>(details);
        all.put("sender", held.sender());
        all.put("recipients", Integer.toString(held.recipients().size()));
        audit.record(new AuditEvent(action, who.id(), held.id(), http == null ? null : http.getRemoteAddr(), true, all));
    }

    /** Approves a pupil's message: delivered now as if just sent (the rules checked again). */
    @POST
    @Path("moderation/{id}/approve")
    public Approved approve(@Context SecurityContext security, @PathParam("id") String id) {
        Person who = caller(security);
        try {
            Moderation.Held held = decidable(who, id);
            server.approve(held.id());
            audit(who, "mail.moderation.approve", held, Map.of());
            return new Approved(held.recipients().size());
        } catch (java.sql.SQLException e) {
            throw moderationFailure(e);
        }
    }

    /** Refuses a pupil's message: it is not sent, and the pupil finds a notice (with the reason, if given) in their inbox. */
    @POST
    @Path("moderation/{id}/refuse")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response refuse(@Context SecurityContext security, @PathParam("id") String id, Refusal in) {
        Person who = caller(security);
        String reason = in == null || in.reason() == null ? "" : in.reason().strip();
        if (reason.length() > MAX_REASON) {
            throw new ProblemException(400, "reason-too-long", "L'explication est trop longue : " + MAX_REASON + " caractères au plus.");
        }
        try {
            Moderation.Held held = decidable(who, id);
            server.refuse(held.id(), who.displayName(), reason);
            audit(who, "mail.moderation.refuse", held, Map.of("reason", reason.isEmpty() ? "no" : "yes"));
        } catch (java.sql.SQLException e) {
            throw moderationFailure(e);
        }
        return Response.noContent().build();
    }

    /** Each school's moderation of pupils' mail, for the referent. */
    @GET
    @Path("moderation/settings")
    public List<ModerationSetting> moderationSettings(@Context SecurityContext security) {
        Person who = caller(security);
        List<ModerationSetting> out = new ArrayList<>();
        for (fr.preau.directory.School school : directory.schools()) {
            if (access.decide(who, MailModule.CONFIGURE, school.uai()).allowed()) {
                out.add(setting(school));
            }
        }
        if (out.isEmpty()) {
            access.require(who, MailModule.CONFIGURE, who.uai());
        }
        return out;
    }

    private ModerationSetting setting(fr.preau.directory.School school) {
        return new ModerationSetting(school.uai().value(), school.name(), directory.degree(school.uai()).orElse(null),
            server.moderationOn(school.uai()), server.moderationByDefault(school.uai()));
    }

    /** Turns the moderation of pupils' mail on or off for one school (referent; audited). */
    @PUT
    @Path("moderation/settings/{uai}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ModerationSetting setModeration(@Context SecurityContext security, @PathParam("uai") String uaiText,
                                           ModerationSettingInput in) {
        Person who = caller(security);
        fr.preau.directory.School school = directory.schools().stream().filter(s -> s.uai().value().equalsIgnoreCase(uaiText))
            .findFirst().orElseThrow(() -> new ProblemException(404, "unknown-school", "Cet établissement n'existe pas sur la box."));
        access.require(who, MailModule.CONFIGURE, school.uai());
        if (in == null || in.enabled() == null) {
            throw new ProblemException(400, "missing-field", "Indiquez si la validation est active (« enabled » : true ou false).");
        }
        try {
            server.moderation().set(school.uai(), in.enabled());
        } catch (java.sql.SQLException e) {
            throw moderationFailure(e);
        }
        audit.record(new AuditEvent("mail.moderation.setting", who.id(), school.uai().value(),
            http == null ? null : http.getRemoteAddr(), true, Map.of("enabled", in.enabled().toString())));
        return setting(school);
    }

    /** The person's mailbox use and limit in bytes ({@code limit} null: no limit), for the folder pane's bar. */
    @GET
    @Path("quota")
    public Quotas.Usage quota(@Context SecurityContext security) {
        Person who = caller(security);
        return server.mailboxes().usage(who.login());
    }

    /** For the tile's badge and the tests: the unread count of the inbox. */
    @GET
    @Path("unread")
    public Map<String, Long> unread(@Context SecurityContext security) {
        Person who = caller(security);
        try {
            return Map.of("unread", webmail.unread(who.login()));
        } catch (MailboxException e) {
            throw failure(e);
        }
    }
}
