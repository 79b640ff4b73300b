package fr.preau.mail.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.BinaryBody;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.address.MailboxList;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.message.BasicBodyFactory;
import org.apache.james.mime4j.message.BodyPartBuilder;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.message.DefaultMessageWriter;
import org.apache.james.mime4j.message.MultipartBuilder;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.NameValuePair;

/**
 * Reading and writing RFC 5322 messages with Apache Mime4j (embedded with James): what the webmail shows of a
 * stored message, and the message it builds from what a person wrote. Pure: no mailbox, no server.
 */
final class MimeMessages {

    /** One person of a header: display name (may be empty) and address. */
    record Contact(String name, String address) {
    }

    /** An attachment of a stored message: its position among the attachments, name, type and decoded size. */
    record Part(int index, String name, String type, long size) {
    }

    /** What the reading pane shows of a message. */
    record Parsed(String subject, Contact from, List<Contact> to, List<Contact> cc, Date date, String messageId,
                  String references, String text, String html, List<Part> attachments, String inReplyTo) {

        /**
         * The thread this message answers, as a reply built from it again carries it: its {@code In-Reply-To} and the
         * {@code References} before that one (null when it answers nothing). A draft of a reply keeps its threading so.
         */
        MimeMessages.Thread thread() {
            if (inReplyTo == null || inReplyTo.isBlank()) {
                return null;
            }
            String before = references == null ? "" : references.strip();
            if (before.endsWith(inReplyTo.strip())) {
                before = before.substring(0, before.length() - inReplyTo.strip().length()).strip();
            }
            return new MimeMessages.Thread(inReplyTo.strip(), before.isEmpty() ? null : before);
        }
    }

    /** A reply's threading headers: the message answered, and the references before it. */
    record Thread(String inReplyTo, String references) {
    }

    /** A file to attach to a new message. */
    record Attachment(String name, String type, byte[] bytes) {
    }

    /** A message to build. */
    record Draft(Contact from, List<Contact> to, List<Contact> cc, String subject, String text, String html,
                 List<Attachment> attachments, String inReplyTo, String references, Date date, String domain) {
    }

    private MimeMessages() {
    }

    private static DefaultMessageBuilder builder() {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        // stored messages were accepted by SMTP already: read them leniently, but keep header counts bounded
        builder.setMimeEntityConfig(MimeConfig.custom().setMaxLineLen(-1).setMaxHeaderLen(-1).setMaxHeaderCount(5_000)
            .setMaxContentLen(-1).build());
        builder.setDecodeMonitor(DecodeMonitor.SILENT);
        builder.setFieldParser(EIGHT_BIT_FIELDS);
        return builder;
    }

    /**
     * Mime4j's lenient field parser, reading a header that carries raw 8-bit bytes (no RFC 2047 encoding: common from
     * old clients and scripts) as UTF-8 when it is valid UTF-8 (RFC 6532), else as windows-1252 (the usual Latin-1 of
     * such mail), instead of byte by byte as ISO-8859-1 (« RÃ©union »).
     */
    private static final org.apache.james.mime4j.dom.FieldParser<org.apache.james.mime4j.dom.field.ParsedField> EIGHT_BIT_FIELDS =
        new org.apache.james.mime4j.dom.FieldParser<>() {
            @Override
            public org.apache.james.mime4j.dom.field.ParsedField parse(org.apache.james.mime4j.stream.Field field,
                                                                        DecodeMonitor monitor) {
                org.apache.james.mime4j.util.ByteSequence raw = field.getRaw();
                org.apache.james.mime4j.stream.Field read = field;
                if (raw != null && eightBit(raw)) {
                    String text = eightBitText(raw.toByteArray());
                    int colon = text.indexOf(':');
                    if (colon > 0) {
                        read = new org.apache.james.mime4j.stream.RawField(field.getName(),
                            text.substring(colon + 1).replaceAll("\\r?\\n(?=[ \\t])", "").replaceFirst("^[ \\t]+", ""));
                    }
                }
                return org.apache.james.mime4j.field.LenientFieldParser.getParser().parse(read, monitor);
            }
        };

    private static boolean eightBit(org.apache.james.mime4j.util.ByteSequence raw) {
        for (int i = 0; i < raw.length(); i++) {
            if ((raw.byteAt(i) & 0x80) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Raw header bytes as text: UTF-8 when they are valid UTF-8, else windows-1252. */
    static String eightBitText(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException notUtf8) {
            return new String(bytes, java.nio.charset.Charset.forName("windows-1252"));
        }
    }

    static Message parse(InputStream in) throws IOException {
        return builder().parseMessage(in);
    }

    /** The headers of a message (the list view): subject, from, date, and whether it has attachments. */
    static Message parseHeaders(InputStream headers) throws IOException {
        return parse(headers);
    }

    static Contact contact(Mailbox m) {
        return new Contact(m.getName() == null ? "" : m.getName(), m.getAddress());
    }

    static List<Contact> contacts(AddressList list) {
        List<Contact> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        for (Address a : list) {
            if (a instanceof Mailbox m) {
                out.add(contact(m));
            } else if (a instanceof Group g) {
                for (Mailbox m : g.getMailboxes()) {
                    out.add(contact(m));
                }
            }
        }
        return out;
    }

    static Contact firstFrom(Message m) {
        MailboxList from = m.getFrom();
        return from == null || from.isEmpty() ? new Contact("", "") : contact(from.get(0));
    }

    /** A top-level multipart/mixed (or a single non-text part) means the sender attached something. */
    static boolean hasAttachments(Message m) {
        String type = m.getMimeType() == null ? "text/plain" : m.getMimeType().toLowerCase(Locale.ROOT);
        return type.equals("multipart/mixed") || (!type.startsWith("text/") && !type.startsWith("multipart/"));
    }

    /** The reading pane's view of a whole message: the first text and HTML bodies, the other leaves as attachments. */
    static Parsed read(Message m) throws IOException {
        Walk walk = new Walk();
        walk.visit(m, true);
        String refs = field(m, "References");
        return new Parsed(m.getSubject() == null ? "" : m.getSubject(), firstFrom(m), contacts(m.getTo()), contacts(m.getCc()),
            m.getDate(), m.getMessageId(), refs, walk.text, walk.html, walk.parts, field(m, "In-Reply-To"));
    }

    /** The bytes, name and type of attachment {@code index} (as numbered by {@link #read}), or null. */
    static Attachment attachment(Message m, int index) throws IOException {
        Walk walk = new Walk();
        walk.want = index;
        walk.visit(m, true);
        return walk.found;
    }

    private static String field(Message m, String name) {
        org.apache.james.mime4j.stream.Field f = m.getHeader() == null ? null : m.getHeader().getField(name);
        return f == null ? null : f.getBody().trim();
    }

    /** Depth-first walk of the MIME tree: text and HTML bodies, attachments numbered from 0. */
    private static final class Walk {
        String text;
        String html;
        final List<Part> parts = new ArrayList<>();
        int want = -1;
        Attachment found;

        void visit(Entity e, boolean root) throws IOException {
            Body body = e.getBody();
            if (body instanceof Multipart mp) {
                for (Entity child : mp.getBodyParts()) {
                    visit(child, false);
                }
                return;
            }
            String type = e.getMimeType() == null ? "text/plain" : e.getMimeType().toLowerCase(Locale.ROOT);
            boolean attachment = "attachment".equalsIgnoreCase(e.getDispositionType()) || (e.getFilename() != null && !root);
            if (!attachment && body instanceof TextBody tb && type.equals("text/plain") && text == null) {
                text = read(tb);
                return;
            }
            if (!attachment && body instanceof TextBody tb && type.equals("text/html") && html == null) {
                html = read(tb);
                return;
            }
            if (!attachment && body instanceof TextBody && type.startsWith("text/")) {
                return; // another alternative of a body already read
            }
            int index = parts.size();
            String name = e.getFilename() != null && !e.getFilename().isBlank() ? e.getFilename()
                : body instanceof Message ? "message-joint.eml" : "piece-jointe-" + (index + 1);
            if (body instanceof Message inner) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                new DefaultMessageWriter().writeMessage(inner, out);
                record(index, name, "message/rfc822", out.toByteArray());
            } else if (body instanceof SingleBody sb) {
                byte[] bytes;
                try (InputStream in = sb.getInputStream()) {
                    bytes = in.readAllBytes();
                }
                record(index, name, type, bytes);
            }
        }

        private void record(int index, String name, String type, byte[] bytes) {
            parts.add(new Part(index, name, type, bytes.length));
            if (index == want) {
                found = new Attachment(name, type, bytes);
            }
        }

        private static String read(TextBody tb) throws IOException {
            try (InputStream in = tb.getInputStream()) {
                byte[] bytes = in.readAllBytes();
                java.nio.charset.Charset cs;
                try {
                    cs = tb.getMimeCharset() == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(tb.getMimeCharset());
                } catch (RuntimeException unknown) {
                    cs = StandardCharsets.ISO_8859_1;
                }
                return new String(bytes, cs);
            }
        }
    }

    /** Builds the message: text (and sanitised HTML) body, attachments, threading headers; UTF-8 throughout. */
    static byte[] build(Draft d) throws IOException {
        BasicBodyFactory bodies = new BasicBodyFactory();
        BodyPartBuilder textPart = BodyPartBuilder.create().setBody(bodies.textBody(d.text(), StandardCharsets.UTF_8))
            .setContentType("text/plain", new NameValuePair("charset", "UTF-8")).setContentTransferEncoding("quoted-printable");
        Message.Builder message = Message.Builder.of()
            .setFrom(mailbox(d.from()))
            .setSubject(d.subject())
            .setDate(d.date())
            .setMessageId("<" + UUID.randomUUID() + "@" + d.domain() + ">");
        if (!d.to().isEmpty()) {
            message.setTo(d.to().stream().map(MimeMessages::mailbox).toArray(Address[]::new));
        }
        if (!d.cc().isEmpty()) {
            message.setCc(d.cc().stream().map(MimeMessages::mailbox).toArray(Address[]::new));
        }
        if (d.inReplyTo() != null && !d.inReplyTo().isBlank()) {
            message.setField(new org.apache.james.mime4j.stream.RawField("In-Reply-To", d.inReplyTo()));
            String refs = (d.references() == null || d.references().isBlank() ? "" : d.references().trim() + " ") + d.inReplyTo();
            message.setField(new org.apache.james.mime4j.stream.RawField("References", refs));
        }
        Entity content;
        if (d.html() != null && !d.html().isBlank()) {
            BodyPartBuilder htmlPart = BodyPartBuilder.create().setBody(bodies.textBody(d.html(), StandardCharsets.UTF_8))
                .setContentType("text/html", new NameValuePair("charset", "UTF-8")).setContentTransferEncoding("quoted-printable");
            content = BodyPartBuilder.create().setBody(MultipartBuilder.create("alternative").addBodyPart(textPart)
                .addBodyPart(htmlPart).build()).build();
        } else {
            content = textPart.build();
        }
        if (d.attachments().isEmpty()) {
            if (content.getBody() instanceof Multipart mp) {
                message.setBody(mp);
            } else {
                message.setBody((TextBody) content.getBody());
                message.setContentType("text/plain", new NameValuePair("charset", "UTF-8"));
                message.setContentTransferEncoding("quoted-printable");
            }
        } else {
            MultipartBuilder mixed = MultipartBuilder.create("mixed").addBodyPart(content);
            for (Attachment a : d.attachments()) {
                BinaryBody bytes = bodies.binaryBody(a.bytes());
                mixed.addBodyPart(BodyPartBuilder.create().setBody(bytes).setContentType(a.type())
                    .setContentTransferEncoding("base64").setContentDisposition("attachment", a.name()));
            }
            message.setBody(mixed.build());
        }
        return DefaultMessageWriter.asBytes(message.build());
    }

    /**
     * The notice put in a sender's mailbox when the académie's relay refused their message for good or could not be
     * reached for two days: in French, naming the recipients and the reason, the original attached.
     */
    static byte[] nonDeliveryNotice(String hostName, List<String> recipients, String reason, byte[] original) throws IOException {
        return notice(hostName, original, "Message non remis : ", "message-non-remis.eml", subject ->
            "Bonjour,\n\nVotre message « " + subject + " » n'a pas pu être remis à :\n"
            + recipients.stream().map(r -> "  - " + r + "\n").collect(java.util.stream.Collectors.joining())
            + "\nRaison : " + reason + "\n\nVérifiez l'adresse, puis renvoyez le message si besoin. Si le problème persiste, "
            + "signalez-le au référent numérique de l'établissement.\nLe message d'origine est joint.\n\n-- \nLa messagerie Préau\n");
    }

    /**
     * The notice put in a pupil's mailbox when a teacher (or the direction) refused their message waiting for
     * approval: who refused, their reason when they gave one, the original attached.
     */
    static byte[] moderationRefusal(String hostName, String decidedBy, String reason, byte[] original) throws IOException {
        return notice(hostName, original, "Message non envoyé : ", "message-non-envoye.eml", subject ->
            "Bonjour,\n\n" + decidedBy + " n'a pas accepté votre message « " + subject + " » : il n'a pas été envoyé.\n"
            + (reason == null || reason.isBlank() ? "" : "\nSon explication : " + reason.strip() + "\n")
            + "\nVous pouvez en parler en classe, puis écrire un nouveau message si besoin.\nVotre message est joint.\n\n"
            + "-- \nLa messagerie Préau\n");
    }

    /** A French notice from the box's postmaster about {@code original} (attached), its text made from the original's subject. */
    private static byte[] notice(String hostName, byte[] original, String subjectPrefix, String attachmentName,
                                 java.util.function.Function<String, String> text) throws IOException {
        String subject;
        try {
            Message headers = parseHeaders(new java.io.ByteArrayInputStream(original));
            subject = headers.getSubject() == null || headers.getSubject().isBlank() ? "(sans objet)" : headers.getSubject();
        } catch (IOException | RuntimeException e) {
            subject = "(sans objet)";
        }
        BasicBodyFactory bodies = new BasicBodyFactory();
        MultipartBuilder mixed = MultipartBuilder.create("mixed")
            .addBodyPart(BodyPartBuilder.create().setBody(bodies.textBody(text.apply(subject), StandardCharsets.UTF_8))
                .setContentType("text/plain", new NameValuePair("charset", "UTF-8")).setContentTransferEncoding("quoted-printable"))
            .addBodyPart(BodyPartBuilder.create().setBody(bodies.binaryBody(original)).setContentType("message/rfc822")
                .setContentDisposition("attachment", attachmentName));
        Message notice = Message.Builder.of()
            .setFrom(new Mailbox("Messagerie Préau", "postmaster", hostName))
            .setSubject(subjectPrefix + subject)
            .setDate(new java.util.Date())
            .setMessageId("<" + UUID.randomUUID() + "@" + hostName + ">")
            .setField(new org.apache.james.mime4j.stream.RawField("Auto-Submitted", "auto-replied"))
            .setBody(mixed.build())
            .build();
        return DefaultMessageWriter.asBytes(notice);
    }

    private static Mailbox mailbox(Contact c) {
        int at = c.address().lastIndexOf('@');
        String name = c.name() == null || c.name().isBlank() ? null : c.name();
        return new Mailbox(name, c.address().substring(0, at), c.address().substring(at + 1));
    }

    /**
     * Parses what a person typed as one recipient: {@code adresse@domaine} or {@code Nom <adresse@domaine>}.
     *
     * @return the address in lower case, or null when it is not one
     */
    static String address(String typed) {
        if (typed == null || typed.isBlank() || typed.length() > 320) {
            return null;
        }
        Mailbox m;
        try {
            m = LenientAddressParser.DEFAULT.parseMailbox(typed.trim());
        } catch (RuntimeException e) {
            return null;
        }
        if (m == null || m.getDomain() == null || m.getLocalPart() == null || m.getLocalPart().isBlank()
            || !m.getDomain().matches("[A-Za-z0-9.-]+\\.[A-Za-z0-9-]+") || !m.getLocalPart().matches("[A-Za-z0-9._%+'-]+")) {
            return null;
        }
        return (m.getLocalPart() + "@" + m.getDomain()).toLowerCase(Locale.ROOT);
    }
}
