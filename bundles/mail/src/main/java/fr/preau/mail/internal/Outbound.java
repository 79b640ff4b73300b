package fr.preau.mail.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import com.sun.mail.smtp.SMTPAddressFailedException;
import com.sun.mail.smtp.SMTPSendFailedException;
import javax.mail.Address;
import javax.mail.MessagingException;
import javax.mail.SendFailedException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mail for other domains, sent through the académie's relay (the smarthost): a durable spool and
 * its delivery.
 * <p>
 * A message is accepted (250) only once it is in the spool: its content {@code <id>.eml} then its
 * envelope {@code <id>.env} (sender, recipients, attempts, next attempt), each written to a
 * temporary file, forced to disk and renamed, so that a crash leaves either a whole queued message
 * or nothing (a lone {@code .eml} is removed). {@link #deliverDue()} hands the due messages to the
 * relay: accepted → removed; refused for good (5xx) → a non-delivery notice in French to the
 * sender's mailbox; refused for now (4xx, relay unreachable) → tried again later (1, 5, 15, 30
 * minutes, then every hour) for two days, then the notice.
 */
final class Outbound {

    private static final Logger LOG = LoggerFactory.getLogger(Outbound.class);
    static final Duration GIVE_UP_AFTER = Duration.ofDays(2);
    private static final Duration[] BACKOFF = {Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
        Duration.ofMinutes(30), Duration.ofHours(1)};

    /** How the relay is reached. */
    enum Security {
        /** STARTTLS required before anything else (port 587 or 25) */
        STARTTLS,
        /** TLS from the first byte (port 465) */
        TLS,
        /** clear text: only for a relay on the box's own network segment that offers nothing else */
        NONE;

        static Security parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("smarthost.security must be starttls, tls or none, not " + value);
            }
        }
    }

    /** The relay: {@code host:port}, optional login and password, security; {@code sockets} null = the JVM's trust store. */
    record Smarthost(String host, int port, String user, String password, Security security, SSLSocketFactory sockets) {
        static Smarthost parse(String hostPort, String user, String password, String security) {
            String hp = hostPort.trim();
            int colon = hp.lastIndexOf(':');
            Security s = Security.parse(security);
            if (colon < 0) {
                return new Smarthost(hp, s == Security.TLS ? 465 : 587, user, password, s, null);
            }
            try {
                int port = Integer.parseInt(hp.substring(colon + 1));
                if (port < 1 || port > 65535 || colon == 0) {
                    throw new NumberFormatException();
                }
                return new Smarthost(hp.substring(0, colon), port, user, password, s, null);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("smarthost must be host or host:port, not " + hostPort);
            }
        }

        @Override
        public String toString() { // never the password
            return host + ":" + port + " (" + security.name().toLowerCase(Locale.ROOT) + (user.isBlank() ? "" : ", as " + user) + ")";
        }
    }

    /** A queued message's envelope. */
    record Envelope(String id, String from, List<String> to, int attempts, Instant next, Instant created, String lastError) {
    }

    /** Where notices go: the sender's own mailbox on the box (when the sender is one of its people). */
    interface Notices {
        void notDelivered(Envelope envelope, String reason, byte[] original);
    }

    private final Path spool;
    private final Smarthost relay;
    private final Clock clock;
    private final Notices notices;

    Outbound(Path spool, Smarthost relay, Clock clock, Notices notices) throws IOException {
        this.spool = spool;
        this.relay = relay;
        this.clock = clock;
        this.notices = notices;
        Files.createDirectories(spool);
    }

    /** Puts a message in the spool, on disk before returning. */
    Envelope enqueue(String from, List<String> to, InputStream message) throws IOException {
        String id = clock.instant().toEpochMilli() + "-" + UUID.randomUUID();
        Path eml = spool.resolve(id + ".eml");
        Path tmp = spool.resolve(id + ".eml.tmp");
        try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            message.transferTo(out);
        }
        force(tmp);
        move(tmp, eml);
        Envelope envelope = new Envelope(id, from == null ? "" : from, List.copyOf(to), 0, clock.instant(), clock.instant(), "");
        write(envelope);
        return envelope;
    }

    /** The queued messages, oldest first. */
    List<Envelope> queued() throws IOException {
        List<Envelope> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(spool, "*.env")) {
            for (Path f : files) {
                try {
                    out.add(read(f));
                } catch (IOException | RuntimeException e) {
                    LOG.error("Mail: unreadable outbound envelope {}", f.getFileName(), e);
                }
            }
        }
        out.sort((a, b) -> a.created().compareTo(b.created()));
        return out;
    }

    /** Sends every due message once; returns how many left the spool (sent, refused or given up). */
    synchronized int deliverDue() throws IOException {
        removeOrphans();
        int done = 0;
        for (Envelope e : queued()) {
            if (e.next().isAfter(clock.instant())) {
                continue;
            }
            byte[] content = Files.readAllBytes(spool.resolve(e.id() + ".eml"));
            Attempt result = send(e, content);
            if (!result.sent().isEmpty()) {
                LOG.info("Mail: outbound message {} relayed to {} recipient(s)", e.id(), result.sent().size());
            }
            result.refused().forEach((reason, addresses) -> {
                LOG.warn("Mail: outbound message {} refused by the relay for {} recipient(s): {}", e.id(), addresses.size(), reason);
                notices.notDelivered(withRecipients(e, addresses), reason, content);
            });
            if (result.retry().isEmpty()) {
                remove(e);
                done++;
            } else if (Duration.between(e.created(), clock.instant()).compareTo(GIVE_UP_AFTER) >= 0) {
                LOG.warn("Mail: outbound message {} given up after two days: {}", e.id(), result.error());
                notices.notDelivered(withRecipients(e, result.retry()),
                    "le relais de l'académie n'a pas pu le prendre pendant deux jours (" + result.error() + ")", content);
                remove(e);
                done++;
            } else {
                int attempts = e.attempts() + 1;
                Duration wait = BACKOFF[Math.min(attempts - 1, BACKOFF.length - 1)];
                LOG.info("Mail: outbound message {} deferred (attempt {}): {}", e.id(), attempts, result.error());
                write(new Envelope(e.id(), e.from(), result.retry(), attempts, clock.instant().plus(wait), e.created(),
                    result.error()));
            }
        }
        return done;
    }

    private static Envelope withRecipients(Envelope e, List<String> to) {
        return new Envelope(e.id(), e.from(), List.copyOf(to), e.attempts(), e.next(), e.created(), e.lastError());
    }

    /**
     * What one try gave: recipients the relay took, those it refused for good (by reason), those to try again later
     * (with the last error).
     */
    record Attempt(List<String> sent, Map<String, List<String>> refused, List<String> retry, String error) {
    }

    /** One try through the relay; every recipient ends in exactly one of the attempt's lists. */
    Attempt send(Envelope e, byte[] content) {
        Properties p = new Properties();
        String proto = relay.security() == Security.TLS ? "smtps" : "smtp";
        p.setProperty("mail.transport.protocol", proto);
        p.setProperty("mail." + proto + ".host", relay.host());
        p.setProperty("mail." + proto + ".port", Integer.toString(relay.port()));
        p.setProperty("mail." + proto + ".connectiontimeout", "30000");
        p.setProperty("mail." + proto + ".timeout", "120000");
        p.setProperty("mail." + proto + ".writetimeout", "120000");
        p.setProperty("mail." + proto + ".from", e.from());
        p.setProperty("mail." + proto + ".localhost", "preau.local");
        p.setProperty("mail." + proto + ".sendpartial", "true"); // one refused recipient does not hold the others back
        p.setProperty("mail." + proto + ".auth", Boolean.toString(!relay.user().isBlank()));
        if (relay.security() == Security.STARTTLS) {
            p.setProperty("mail.smtp.starttls.enable", "true");
            p.setProperty("mail.smtp.starttls.required", "true");
        }
        if (relay.security() != Security.NONE) {
            p.setProperty("mail." + proto + ".ssl.checkserveridentity", "true");
            p.setProperty("mail." + proto + ".ssl.protocols", "TLSv1.3 TLSv1.2");
            if (relay.sockets() != null) {
                p.put("mail." + proto + ".ssl.socketFactory", relay.sockets());
            }
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Outbound.class.getClassLoader()); // javax.mail finds its providers through it
        try {
            Session session = Session.getInstance(p);
            MimeMessage message = new MimeMessage(session, new java.io.ByteArrayInputStream(content));
            Address[] to = new Address[e.to().size()];
            for (int i = 0; i < to.length; i++) {
                to[i] = new InternetAddress(e.to().get(i), false);
            }
            try (Transport transport = session.getTransport(proto)) {
                if (relay.user().isBlank()) {
                    transport.connect();
                } else {
                    transport.connect(relay.host(), relay.port(), relay.user(), relay.password());
                }
                transport.sendMessage(message, to);
            }
            return new Attempt(e.to(), Map.of(), List.of(), "");
        } catch (SendFailedException ex) {
            return partial(e, ex);
        } catch (MessagingException ex) {
            return whole(e, ex);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Some recipients failed: each refused address carries its own reply code in the exception's chain. */
    private static Attempt partial(Envelope e, SendFailedException ex) {
        Map<String, String> refusedBy = new LinkedHashMap<>();
        Set<String> later = new LinkedHashSet<>();
        for (Exception next = ex; next instanceof MessagingException m; next = m.getNextException()) {
            if (next instanceof SMTPAddressFailedException a) {
                String address = a.getAddress().getAddress().toLowerCase(Locale.ROOT);
                if (a.getReturnCode() >= 500) {
                    refusedBy.put(address, describe(a));
                } else {
                    later.add(address);
                }
            }
            if (m.getNextException() == next) {
                break;
            }
        }
        Set<String> sent = new LinkedHashSet<>();
        if (ex.getValidSentAddresses() != null) {
            for (Address a : ex.getValidSentAddresses()) {
                sent.add(((InternetAddress) a).getAddress().toLowerCase(Locale.ROOT));
            }
        }
        if (sent.isEmpty() && refusedBy.isEmpty() && later.isEmpty()) {
            return whole(e, ex); // the message itself failed (MAIL FROM, DATA)
        }
        Map<String, List<String>> refused = new LinkedHashMap<>();
        List<String> retry = new ArrayList<>();
        List<String> delivered = new ArrayList<>();
        for (String r : e.to()) {
            String key = r.toLowerCase(Locale.ROOT);
            if (sent.contains(key)) {
                delivered.add(r);
            } else if (refusedBy.containsKey(key)) {
                refused.computeIfAbsent(refusedBy.get(key), k -> new ArrayList<>()).add(r);
            } else {
                retry.add(r); // refused for now, or not even tried
            }
        }
        return new Attempt(delivered, refused, retry, describe(ex));
    }

    /** Nothing went: a 5xx for the message refuses every recipient, anything else (4xx, network, TLS, login) waits. */
    private static Attempt whole(Envelope e, MessagingException ex) {
        return permanent(ex) ? new Attempt(List.of(), Map.of(describe(ex), e.to()), List.of(), describe(ex))
            : new Attempt(List.of(), Map.of(), e.to(), describe(ex));
    }

    /** A 5xx answer from the relay is final; anything else (4xx, network, TLS) is worth another try. */
    static boolean permanent(Exception ex) {
        for (Exception t = ex; t != null; ) {
            if (t instanceof javax.mail.AuthenticationFailedException) {
                return false; // the box's settings are wrong: the referent fixes them, the mail waits
            }
            if (t instanceof SMTPSendFailedException s && s.getReturnCode() >= 500) {
                return true;
            }
            if (t instanceof SMTPAddressFailedException a && a.getReturnCode() >= 500) {
                return true;
            }
            Exception next = t instanceof MessagingException m ? m.getNextException() : null;
            t = next == t ? null : next;
        }
        return false;
    }

    private static String describe(Exception ex) {
        String m = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage().trim();
        if (ex instanceof MessagingException me && me.getNextException() != null && me.getNextException().getMessage() != null) {
            m = m + " — " + me.getNextException().getMessage().trim();
        }
        return m.length() > 300 ? m.substring(0, 300) : m;
    }

    private void remove(Envelope e) throws IOException {
        Files.deleteIfExists(spool.resolve(e.id() + ".env"));
        Files.deleteIfExists(spool.resolve(e.id() + ".eml"));
    }

    /** Content without an envelope: a crash between the two writes (older than a minute), or leftovers of temp files. */
    private void removeOrphans() throws IOException {
        Instant limit = clock.instant().minus(Duration.ofMinutes(1));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(spool)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                boolean orphan = name.endsWith(".tmp")
                    || (name.endsWith(".eml") && !Files.exists(spool.resolve(name.substring(0, name.length() - 4) + ".env")));
                if (orphan && Files.getLastModifiedTime(f).toInstant().isBefore(limit)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private void write(Envelope e) throws IOException {
        Properties p = new Properties();
        p.setProperty("from", e.from());
        p.setProperty("to", String.join(" ", e.to()));
        p.setProperty("attempts", Integer.toString(e.attempts()));
        p.setProperty("next", e.next().toString());
        p.setProperty("created", e.created().toString());
        p.setProperty("lastError", e.lastError());
        StringWriter text = new StringWriter();
        p.store(text, null);
        Path tmp = spool.resolve(e.id() + ".env.tmp");
        Files.writeString(tmp, text.toString(), StandardCharsets.UTF_8);
        force(tmp);
        move(tmp, spool.resolve(e.id() + ".env"));
    }

    private static Envelope read(Path f) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(f, StandardCharsets.UTF_8)));
        String name = f.getFileName().toString();
        String to = p.getProperty("to", "").trim();
        return new Envelope(name.substring(0, name.length() - 4), p.getProperty("from", ""),
            to.isEmpty() ? List.of() : Arrays.asList(to.split(" ")), Integer.parseInt(p.getProperty("attempts", "0")),
            Instant.parse(p.getProperty("next")), Instant.parse(p.getProperty("created")), p.getProperty("lastError", ""));
    }

    private static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel dir = FileChannel.open(spool, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the rename itself is atomic
        }
    }
}
