package fr.preau.mail.internal;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.imap.encode.main.DefaultImapEncoderFactory;
import org.apache.james.imap.main.DefaultImapDecoderFactory;
import org.apache.james.imap.processor.main.DefaultImapProcessorFactory;
import org.apache.james.imapserver.netty.IMAPServer;
import org.apache.james.imapserver.netty.ImapMetrics;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.netty.Encryption;
import org.apache.james.protocols.netty.NettyServer;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPConfigurationImpl;
import org.apache.james.protocols.smtp.SMTPProtocolHandlerChain;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MessageHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import io.netty.util.concurrent.EventExecutorGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.preau.access.CommunicationRules;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.auth.AuthSession;
import fr.preau.auth.Authenticator;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.School;
import fr.preau.api.Uai;

/**
 * The box's mail server: James's SMTP (mail for the school's people), SMTP submission (AUTH) and
 * IMAP servers wired by hand on the JPA mailbox store, with the box's accounts. Started when the
 * component activates, stopped (ports freed, threads ended) when it deactivates.
 */
@Component(service = MailServer.class, immediate = true, configurationPid = "fr.preau.mail",
    configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MailServer.Config.class)
public class MailServer {

    @ObjectClassDefinition(name = "Préau – serveur de courrier")
    public @interface Config {
        @AttributeDefinition(description = "Adresse d'écoute des trois serveurs (127.0.0.1 en démo, 0.0.0.0 pour le réseau)")
        String bind() default "127.0.0.1";

        @AttributeDefinition(description = "Port SMTP de réception (25 en production)")
        int smtp_port() default 2525;

        @AttributeDefinition(description = "Port SMTP de soumission avec authentification (587 en production); 0 : aucun")
        int submission_port() default 5587;

        @AttributeDefinition(description = "Port IMAP (143 en production)")
        int imap_port() default 1143;

        @AttributeDefinition(description = "Port IMAPS, chiffré dès la connexion (993 en production); 0 : aucun")
        int imaps_port() default 0;

        @AttributeDefinition(description = "Taille maximale d'un message, en octets (SMTP, et dépôt IMAP : APPEND)")
        long max_message_size() default 10L * 1024 * 1024;

        @AttributeDefinition(description = "Nombre maximal de destinataires d'un message SMTP (au-delà : 452 4.5.3, à envoyer "
            + "dans un autre message); 0 : sans limite")
        int max_recipients() default 100;

        @AttributeDefinition(description = "Taille maximale des en-têtes d'un message SMTP, en octets (au-delà : 552 5.3.4); "
            + "0 : sans limite")
        long max_header_size() default 100L * 1024;

        @AttributeDefinition(description = "Relais sortant (hôte:port) pour les autres domaines; vide : aucun envoi vers l'extérieur")
        String smarthost() default "";

        @AttributeDefinition(description = "Identifiant sur le relais sortant (vide : sans identification)")
        String smarthost_user() default "";

        @AttributeDefinition(description = "Mot de passe sur le relais sortant", type = AttributeType.PASSWORD)
        String smarthost_password() default "";

        @AttributeDefinition(description = "Chiffrement vers le relais : starttls (port 587 ou 25), tls (port 465) ou none")
        String smarthost_security() default "starttls";

        @AttributeDefinition(description = "Nom annoncé par les serveurs")
        String hello_name() default "preau.local";

        @AttributeDefinition(description = "Nom de la box donné aux logiciels de messagerie (configuration automatique); "
            + "vide : le nom par lequel le logiciel a joint la box")
        String public_host() default "";

        @AttributeDefinition(description = "Taille maximale de la boîte aux lettres d'un élève, en Mo (0 : sans limite)")
        long quota_eleve_mb() default 200;

        @AttributeDefinition(description = "Taille maximale de la boîte aux lettres d'un responsable légal, en Mo (0 : sans limite)")
        long quota_parent_mb() default 200;

        @AttributeDefinition(description = "Taille maximale de la boîte aux lettres d'un enseignant, en Mo (0 : sans limite)")
        long quota_enseignant_mb() default 1024;

        @AttributeDefinition(description = "Taille maximale de la boîte aux lettres d'un membre de la direction, en Mo (0 : sans limite)")
        long quota_direction_mb() default 1024;

        @AttributeDefinition(description = "Taille maximale de la boîte aux lettres d'un membre du personnel, en Mo (0 : sans limite)")
        long quota_personnel_mb() default 1024;

        @AttributeDefinition(description = "Taille maximale de la boîte aux lettres du référent numérique, en Mo (0 : sans limite)")
        long quota_referent_mb() default 1024;

        @AttributeDefinition(description = "Taille maximale de la boîte aux lettres d'un invité, en Mo (0 : sans limite)")
        long quota_invite_mb() default 100;
    }

    private static final Logger LOG = LoggerFactory.getLogger(MailServer.class);

    private final DirectoryService directory;
    private final Authenticator authenticator;
    private final Mailboxes mailboxes;
    private final Config config;
    private final MailLists rules;
    /** Pupils' messages waiting for a teacher's approval, and each school's moderation setting. */
    private final Moderation moderation;
    private final NoMetrics metrics = new NoMetrics();
    /**
     * Passwords only under TLS (STARTTLS first) when the servers listen beyond the loopback; the demo, bound to
     * 127.0.0.1, also accepts them in clear text from the machine itself.
     */
    private final boolean tlsRequired;
    /** How often the box's certificate is looked at (its file's modification time). */
    static final long CERTIFICATE_CHECK_SECONDS = 30;
    private ScheduledExecutorService certificateWatch;
    /** Mail for other domains, when a relay is set (null otherwise: refused at RCPT). */
    private final Outbound outbound;
    /** How often the outbound spool is looked at (and right after a message enters it). */
    static final long OUTBOUND_CHECK_SECONDS = 30;
    private FileTime certificateStamp;
    private boolean stopped;
    private Tls tls;
    private NettyServer smtp;
    private NettyServer submission;
    private IMAPServer imap;
    private IMAPServer imaps;

    @Activate
    public MailServer(@Reference(name = "db", target = "(osgi.jndi.service.name=jdbc/preau-mail)") DataSource db,
                      @Reference(name = "directory") DirectoryService directory,
                      @Reference(name = "authenticator") Authenticator authenticator,
                      @Reference(name = "rules") CommunicationRules rules,
                      Config config) throws Exception {
        this.directory = directory;
        this.authenticator = authenticator;
        this.config = config;
        this.rules = new MailLists(directory, rules);
        this.tlsRequired = !loopbackOnly(config.bind());
        this.outbound = outbound(config);
        this.moderation = new Moderation(db, java.time.Clock.systemUTC());
        long start = System.nanoTime();
        // James's IMAP API does not give the client's address to the authenticator: ImapClientAddress carries it there.
        // Without it, the throttle's "address" is per login ("imap/<login>"): one client never throttles every IMAP user.
        ImapClientAddress.install();
        this.mailboxes = new Mailboxes(db,
            (user, password) -> checkPassword(user.asString(), password.toString(),
                ImapClientAddress.current().orElse("imap/" + user.asString())), metrics,
            new Quotas.ProfileMaxQuotaManager(Quotas.Limits.of(config),
                login -> directory.findByLogin(login).map(Person::profiles)));
        try {
            startServers();
            LOG.info("Mail: SMTP {}:{}, submission {}, IMAP {}, IMAPS {} started in {} ms; passwords {}", config.bind(),
                config.smtp_port(), config.submission_port(), config.imap_port(), config.imaps_port(), (System.nanoTime() - start) / 1_000_000,
                tlsRequired ? "under TLS only" : "also in clear text (loopback)");
        } catch (Exception | Error e) {
            stop();
            throw e;
        }
        certificateWatch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "preau-mail-certificate");
            t.setDaemon(true);
            return t;
        });
        certificateWatch.scheduleWithFixedDelay(this::checkCertificate, CERTIFICATE_CHECK_SECONDS,
            CERTIFICATE_CHECK_SECONDS, TimeUnit.SECONDS);
        if (outbound != null) {
            certificateWatch.scheduleWithFixedDelay(this::deliverOutbound, 5, OUTBOUND_CHECK_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** The outbound spool and its relay, or null without a (valid) {@code smarthost} setting. */
    private Outbound outbound(Config config) throws java.io.IOException {
        if (config.smarthost().isBlank()) {
            return null;
        }
        Outbound.Smarthost relay;
        try {
            relay = Outbound.Smarthost.parse(config.smarthost(), config.smarthost_user(), config.smarthost_password(),
                config.smarthost_security());
        } catch (IllegalArgumentException e) {
            LOG.error("Mail: the smarthost setting is refused ({}); mail for other domains is refused until it is corrected", e.getMessage());
            return null;
        }
        if (relay.security() == Outbound.Security.NONE) {
            LOG.warn("Mail: the relay {} is reached in clear text (smarthost.security = none)", relay);
        }
        LOG.info("Mail: mail for other domains goes through {}", relay);
        return new Outbound(Path.of(System.getProperty("karaf.data", "data"), "preau", "mail", "outbound"), relay,
            java.time.Clock.systemUTC(), this::notDelivered);
    }

    /** One pass over the outbound spool (the timer's thread). */
    private void deliverOutbound() {
        try {
            outbound.deliverDue();
        } catch (Exception e) {
            LOG.error("Mail: the outbound spool could not be processed", e);
        }
    }

    /** Puts a message for other domains in the spool (on disk before returning), and wakes the delivery up. */
    private void enqueueOutbound(String from, List<String> recipients, InputStream message) throws java.io.IOException {
        outbound.enqueue(from, recipients, message);
        ScheduledExecutorService timer = certificateWatch;
        if (timer != null) {
            try {
                timer.execute(this::deliverOutbound);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // stopping: the spool keeps it for the next start
            }
        }
    }

    /** A notice in French to the sender's mailbox, when the sender is one of the box's people. */
    private void notDelivered(Outbound.Envelope envelope, String reason, byte[] original) {
        notDelivered(envelope.id(), envelope.from(), envelope.to(), reason, original);
    }

    /** The same notice for message {@code id} (a spool id, or "local"), sent by {@code from} to {@code to}. */
    private void notDelivered(String id, String from, List<String> to, String reason, byte[] original) {
        Optional<String> login = from.isBlank() ? Optional.empty() : localMailbox(from.toLowerCase(Locale.ROOT));
        if (login.isEmpty()) {
            LOG.warn("Mail: message {} not delivered and its sender {} is not a local mailbox", id,
                from.isBlank() ? "(none)" : "is outside the box");
            return;
        }
        try {
            mailboxes.deliver(login.get(), new java.io.ByteArrayInputStream(
                MimeMessages.nonDeliveryNotice(config.hello_name(), to, reason, original)));
        } catch (Exception e) {
            LOG.error("Mail: the non-delivery notice of {} could not be delivered", id, e);
        }
    }

    /** The three servers, with the box's own key and certificate as they are now (bin/setenv's, or the school's). */
    private synchronized void startServers() throws Exception {
        tls = Tls.load(fr.preau.web.BoxTls.directory(), config.hello_name());
        certificateStamp = Files.getLastModifiedTime(tls.keystore);
        smtp = smtpServer(false, config.smtp_port());
        if (config.submission_port() > 0) {
            submission = smtpServer(true, config.submission_port());
        }
        imap = imapServer(config.imap_port(), false);
        if (config.imaps_port() > 0) {
            imaps = imapServer(config.imaps_port(), true);
        }
    }

    private synchronized void stopServers() {
        for (IMAPServer server : new IMAPServer[] {imap, imaps}) {
            if (server != null) {
                List<EventExecutorGroup> groups = Threads.executorGroups(server);
                try { server.destroy(); } catch (RuntimeException e) { LOG.warn("Mail: IMAP stop", e); }
                Threads.shutdown(groups);
            }
        }
        imap = null;
        imaps = null;
        for (NettyServer server : new NettyServer[] {smtp, submission}) {
            if (server != null) {
                List<EventExecutorGroup> groups = Threads.executorGroups(server);
                try { server.unbind(); } catch (RuntimeException e) { LOG.warn("Mail: SMTP stop", e); }
                Threads.shutdown(groups);
            }
        }
        smtp = null;
        submission = null;
    }

    /**
     * When the box's certificate has changed (the referent installed the school's from the console), the servers
     * start again with it: connections in progress end, mail clients reconnect; the mailboxes stay open.
     */
    synchronized void checkCertificate() {
        if (stopped) {
            return;
        }
        try {
            FileTime now = Files.getLastModifiedTime(tls.keystore);
            if (now.equals(certificateStamp)) {
                return;
            }
            stopServers();
            startServers();
            LOG.info("Mail: servers restarted with the box's new certificate");
        } catch (Exception e) {
            LOG.error("Mail: the servers could not start again with the new certificate", e);
        }
    }

    @Deactivate
    void stop() {
        synchronized (this) {
            stopped = true;
        }
        if (certificateWatch != null) {
            certificateWatch.shutdownNow();
        }
        stopServers();
        mailboxes.close();
        ImapClientAddress.uninstall();
        LOG.info("Mail: stopped");
    }

    /** Whether {@code bind} is a loopback address (the demo): anything else, the wildcard included, is the network. */
    static boolean loopbackOnly(String bind) {
        try {
            return java.net.InetAddress.getByName(bind).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** The servers' configuration (ports, names), as the component was activated with it. */
    Config config() {
        return config;
    }

    /** True when {@code login} exists, is active, not locked out and {@code password} is right (throttled like the web login). */
    boolean checkPassword(String login, String password, String client) {
        try {
            AuthSession session = authenticator.login(login, password, client);
            authenticator.logout(session.id(), client);
            return true;
        } catch (ProblemException e) {
            LOG.info("Mail: {} login refused ({})", client, e.code());
            return false;
        }
    }

    Set<String> localDomains() {
        return schoolDomains().keySet();
    }

    /** The schools' mail domains (lower case, sorted) and whose they are. */
    private java.util.SortedMap<String, Uai> schoolDomains() {
        java.util.SortedMap<String, Uai> domains = new java.util.TreeMap<>();
        for (School school : directory.schools()) {
            domains.putIfAbsent(directory.mailDomain(school.uai()).toLowerCase(Locale.ROOT), school.uai());
        }
        return domains;
    }

    /** The login owning this (lower-case) address, when it is an active person's address on the box. */
    Optional<String> localMailbox(String address) {
        int at = address.lastIndexOf('@');
        Optional<Person> person = directory.findByLogin(address.substring(0, at));
        return person.filter(p -> directory.mailAddress(p.id()).map(a -> a.equalsIgnoreCase(address)).orElse(false))
            .map(Person::login);
    }

    /**
     * The answer to one recipient, at SMTP RCPT time and for the webmail alike: the box's rules ({@link Rules}), then,
     * when the sender is a signed-in person of the box, the school's communication rules.
     *
     * @param sender        the signed-in sender, or null (mail arriving without AUTH, or a sender no longer active)
     * @param authenticated the SMTP session is authenticated (the webmail's is)
     */
    Rules.Verdict check(String recipient, Person sender, boolean authenticated) {
        String address = recipient.toLowerCase(Locale.ROOT);
        int at = address.lastIndexOf('@');
        if (at > 0 && localMailbox(address).isEmpty()) {
            Optional<Uai> school = schoolOfDomain(address.substring(at + 1));
            if (school.isPresent()) {
                MailLists.ListAddress list = rules.listAddress(sender, school.get(), address.substring(0, at));
                if (list instanceof MailLists.ListAddress.Open open) {
                    return open.list().members().isEmpty()
                        ? Rules.Verdict.refuse("550", Rules.FORBIDDEN_BY_SCHOOL_RULES)
                        : Rules.Verdict.ok();
                }
                if (list instanceof MailLists.ListAddress.Forbidden) {
                    return Rules.Verdict.refuse("550", sender == null
                        ? "5.7.1 Liste de diffusion reservee aux personnes de l'etablissement identifiees"
                        : Rules.FORBIDDEN_BY_SCHOOL_RULES);
                }
            }
        }
        Rules.Verdict verdict = Rules.rcpt(recipient, authenticated, outbound != null, localDomains(),
            this::localMailbox);
        if (!verdict.accepted() || sender == null) {
            return verdict;
        }
        Optional<Person> to = localMailbox(address).flatMap(directory::findByLogin);
        if (to.isPresent() && !rules.mayWrite(sender, to.get())) {
            return Rules.Verdict.refuse("550", Rules.FORBIDDEN_BY_SCHOOL_RULES);
        }
        return verdict;
    }

    /** The school whose mail domain this is. */
    private Optional<Uai> schoolOfDomain(String domain) {
        return Optional.ofNullable(schoolDomains().get(domain.toLowerCase(Locale.ROOT)));
    }

    /**
     * The mailboxes a local address reaches for this sender: its person's, or the members of a school list the
     * sender may write to (computed now from the annuaire); empty for another domain.
     */
    List<String> localLogins(String recipient, Person sender) {
        String address = recipient.toLowerCase(Locale.ROOT);
        Optional<String> one = localMailbox(address);
        if (one.isPresent()) {
            return List.of(one.get());
        }
        int at = address.lastIndexOf('@');
        Optional<Uai> school = at > 0 ? schoolOfDomain(address.substring(at + 1)) : Optional.empty();
        if (school.isPresent()
            && rules.listAddress(sender, school.get(), address.substring(0, at)) instanceof MailLists.ListAddress.Open open) {
            return open.list().members().stream()
                .map(p -> directory.mailAddress(p.id()).flatMap(a -> localMailbox(a.toLowerCase(Locale.ROOT))))
                .flatMap(Optional::stream).distinct().toList();
        }
        return List.of();
    }

    MailLists rules() {
        return rules;
    }

    Mailboxes mailboxes() {
        return mailboxes;
    }

    long maxMessageSize() {
        return config.max_message_size();
    }

    /**
     * What became of a message written in the webmail: delivered to these logins, or {@code held} for a teacher's
     * approval (nothing delivered yet).
     */
    record Submission(List<String> delivered, Moderation.Held held) {
    }

    /**
     * Submits a message written in the webmail, on the same path as SMTP submission: every recipient is checked
     * by {@link #check} (box rules, communication rules), the size by the same limit, then the message is delivered
     * by the same local delivery as the SMTP {@code MessageHook} — or, for a pupil of a school with moderation on,
     * kept in the moderation queue instead.
     *
     * @param recipients the envelope's recipients (to and cc), already parsed addresses
     * @throws ProblemException 403 {@code recipient-forbidden}, 400 {@code unknown-recipient}, {@code invalid-recipient},
     *         {@code recipient-refused}, 409 {@code recipient-mailbox-full} (a person's mailbox; a list's full members
     *         are left out), 413 {@code message-too-large}, 503 {@code mail-delivery-failed}
     */
    Submission submit(Person sender, List<String> recipients, byte[] message) {
        Checked checked = checkAll(sender, recipients, message);
        if (moderated(sender)) {
            try {
                if (moderation.count(sender.login()) >= Moderation.MAX_PENDING_PER_PUPIL) {
                    throw Moderation.tooMany();
                }
                return new Submission(List.of(), moderation.hold(sender, recipients, Moderation.Origin.WEBMAIL, message));
            } catch (java.sql.SQLException e) {
                LOG.error("Mail: a pupil's message could not be kept for moderation", e);
                throw new ProblemException(503, "mail-delivery-failed",
                    "Le message n'a pas pu être enregistré à cause d'une erreur du serveur. Réessayez dans un instant.");
            }
        }
        return new Submission(deliverChecked(sender, checked, message), null);
    }

    /** The recipients of a message once every one is checked: the local logins and the other domains' addresses. */
    private record Checked(List<String> logins, List<String> foreign) {
    }

    /** Every recipient and the size checked, as at SMTP RCPT (see {@link #submit} for the problems). */
    private Checked checkAll(Person sender, List<String> recipients, byte[] message) {
        if (message.length > config.max_message_size()) {
            throw new ProblemException(413, "message-too-large", "Ce message dépasse la taille maximale de "
                + Sizes.french(config.max_message_size()) + " (il fait " + Sizes.french(message.length)
                + "). Retirez une pièce jointe ou envoyez-la dans un autre message.");
        }
        List<String> logins = new java.util.ArrayList<>();
        List<String> foreign = new java.util.ArrayList<>();
        for (String recipient : recipients) {
            Rules.Verdict verdict = check(recipient, sender, true);
            if (!verdict.accepted()) {
                throw Rules.problem(recipient, verdict);
            }
            List<String> local = localLogins(recipient, sender);
            Optional<String> own = localMailbox(recipient.toLowerCase(Locale.ROOT));
            if (own.isPresent() && !mailboxes.usage(own.get()).fits(message.length)) {
                throw Quotas.recipientFull(recipient);
            }
            if (!local.isEmpty()) {
                logins.addAll(local);
            } else {
                foreign.add(recipient);
            }
        }
        return new Checked(logins, foreign);
    }

    /** Local delivery and the outbound spool, the recipients checked; returns the logins delivered to. */
    private List<String> deliverChecked(Person sender, Checked checked, byte[] message) {
        try {
            for (String login : new java.util.LinkedHashSet<>(checked.logins())) {
                try {
                    mailboxes.deliver(login, new java.io.ByteArrayInputStream(message));
                } catch (Exception e) {
                    if (!Quotas.isOverQuota(e)) {
                        throw e;
                    }
                    LOG.info("Mail: a list member's mailbox is full, webmail message not delivered to it");
                }
            }
            if (!checked.foreign().isEmpty()) {
                enqueueOutbound(directory.mailAddress(sender.id()).orElse(""),
                    List.copyOf(new java.util.LinkedHashSet<>(checked.foreign())), new java.io.ByteArrayInputStream(message));
            }
        } catch (Exception e) {
            LOG.error("Mail: webmail delivery failed", e);
            throw new ProblemException(503, "mail-delivery-failed",
                "Le message n'a pas pu être distribué à cause d'une erreur du serveur. Réessayez dans un instant.");
        }
        return List.copyOf(new java.util.LinkedHashSet<>(checked.logins()));
    }

    /** Whether this sender's messages wait for a teacher's approval: a pupil of a school with moderation on. */
    boolean moderated(Person sender) {
        return sender != null && sender.has(fr.preau.api.Profile.ELEVE) && sender.uai() != null && moderationOn(sender.uai());
    }

    /**
     * Whether pupils' mail of this school is moderated: the referent's choice, else on for an école (1D) and off
     * otherwise. When the setting cannot be read, on for safety.
     */
    boolean moderationOn(Uai school) {
        try {
            return moderation.setting(school).orElseGet(() -> moderationByDefault(school));
        } catch (java.sql.SQLException e) {
            LOG.error("Mail: the moderation setting could not be read; pupils' mail is held meanwhile", e);
            return true;
        }
    }

    /** Moderation without a choice of the referent's: on in 1D. */
    boolean moderationByDefault(Uai school) {
        return directory.degree(school).map("1D"::equals).orElse(false);
    }

    Moderation moderation() {
        return moderation;
    }

    /**
     * Delivers a held message as if its pupil had just sent it: every recipient checked again under today's rules
     * (a refusal leaves it in the queue), then delivered and taken out of the queue. Decisions are one at a time, so a
     * message approved twice at once is delivered once.
     *
     * @return the logins delivered to
     * @throws ProblemException 404 {@code unknown-pending-message} (decided meanwhile), 409 {@code sender-inactive},
     *         and {@link #submit}'s problems for the recipients
     */
    synchronized List<String> approve(String id) throws java.sql.SQLException {
        Moderation.Held held = moderation.find(id).orElseThrow(Moderation::unknown);
        Person sender = directory.findByLogin(held.sender()).orElseThrow(() -> new ProblemException(409, "sender-inactive",
            "Le compte de l'élève qui a écrit ce message n'est plus actif : le message ne peut plus partir. Refusez-le."));
        List<String> delivered = deliverChecked(sender, checkAll(sender, held.recipients(), held.message()), held.message());
        moderation.remove(id);
        if (held.origin() == Moderation.Origin.WEBMAIL) {
            try {
                new Webmail(mailboxes.manager).keepSent(sender.login(), held.message());
            } catch (Exception e) {
                LOG.warn("Mail: approved and delivered, but its copy in the pupil's Sent failed", e);
            }
        }
        return delivered;
    }

    /**
     * Drops a held message: the pupil finds a French notice in their inbox (who refused, the reason if any, their
     * message attached).
     *
     * @throws ProblemException 404 {@code unknown-pending-message} (decided meanwhile)
     */
    synchronized void refuse(String id, String decidedBy, String reason) throws java.sql.SQLException {
        Moderation.Held held = moderation.find(id).orElseThrow(Moderation::unknown);
        try {
            mailboxes.deliver(held.sender(), new java.io.ByteArrayInputStream(
                MimeMessages.moderationRefusal(config.hello_name(), decidedBy, reason, held.message())));
        } catch (Exception e) {
            // the pupil's mailbox cannot take it (full, or the account is gone): the decision stands all the same
            LOG.warn("Mail: a refused message's notice could not be put in the pupil's mailbox ({})", e.getClass().getSimpleName());
        }
        moderation.remove(id);
    }

    private NettyServer smtpServer(boolean submissionPort, int port) throws Exception {
        SMTPConfigurationImpl smtpConfig = new SMTPConfigurationImpl() {
            @Override public long getMaxMessageSize() { return config.max_message_size(); }
            @Override public boolean isRelayingAllowed(String remoteIp) { return false; }
            @Override public boolean isAuthAnnounced(String remoteIp, boolean tlsStarted) { return submissionPort && (tlsStarted || !tlsRequired); }
            @Override public boolean isPlainAuthEnabled() { return submissionPort; }
            @Override public String getHelloName() { return config.hello_name(); }
            @Override public String getSoftwareName() { return "Préau"; }
        };
        RcptHook rcpt = new RcptHook() {
            @Override
            public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
                HookResult tooMany = SmtpLimits.tooManyRecipients(session, config.max_recipients());
                if (tooMany != null) {
                    return tooMany;
                }
                boolean authenticated = session.getUsername() != null;
                if (submissionPort && !authenticated) {
                    return HookResult.builder().hookReturnCode(HookReturnCode.deny()).smtpReturnCode("530")
                        .smtpDescription("5.7.0 Authentification requise (AUTH) sur le port de soumission").build();
                }
                Rules.Verdict verdict = check(recipient.asString(), authenticated
                    ? directory.findByLogin(session.getUsername().getLocalPart()).orElse(null) : null, authenticated);
                if (verdict.accepted() && !hasRoom(recipient.asString())) {
                    verdict = Rules.Verdict.refuse(Quotas.SMTP_FULL_CODE, Quotas.SMTP_FULL_TEXT);
                }
                return verdict.accepted()
                    ? HookResult.builder().hookReturnCode(HookReturnCode.ok()).smtpReturnCode(verdict.code()).smtpDescription(verdict.text()).build()
                    : HookResult.builder().hookReturnCode(HookReturnCode.deny()).smtpReturnCode(verdict.code()).smtpDescription(verdict.text()).build();
            }
        };
        MessageHook deliver = (session, envelope) -> {
            try (InputStream message = new java.io.BufferedInputStream(envelope.getMessageInputStream())) {
                HookResult refused = SmtpLimits.refusal(session, message, config.max_header_size());
                if (refused != null) {
                    LOG.info("Mail: a message refused at the end of DATA ({})", refused.getSmtpRetCode());
                    return refused;
                }
            } catch (java.io.IOException e) {
                LOG.error("Mail: a received message could not be read", e);
                return HookResult.builder().hookReturnCode(HookReturnCode.denySoft()).smtpReturnCode("451")
                    .smtpDescription("4.3.0 Erreur temporaire du serveur, reessayez plus tard").build();
            }
            return deliver(session.getUsername() == null ? null
                : directory.findByLogin(session.getUsername().getLocalPart()).orElse(null), envelope);
        };
        AuthHook auth = new AuthHook() {
            @Override
            public HookResult doAuth(SMTPSession session, Username username, String password) {
                if (tlsRequired && !session.isTLSStarted()) {
                    return HookResult.builder().hookReturnCode(HookReturnCode.deny()).smtpReturnCode("538")
                        .smtpDescription("5.7.11 Chiffrement requis : envoyez STARTTLS avant AUTH").build();
                }
                String client = session.getRemoteAddress().getAddress().getHostAddress();
                if (checkPassword(username.asString(), password, client)) {
                    session.setUsername(username);
                    session.setRelayingAllowed(true);
                    return HookResult.builder().hookReturnCode(HookReturnCode.ok()).smtpReturnCode("235")
                        .smtpDescription("2.7.0 Authentification reussie").build();
                }
                return HookResult.builder().hookReturnCode(HookReturnCode.deny()).smtpReturnCode("535")
                    .smtpDescription("5.7.8 Identifiant ou mot de passe incorrect").build();
            }

            @Override
            public HookResult doSasl(SMTPSession session, OidcSASLConfiguration configuration, String initialResponse) {
                return HookResult.DECLINED;
            }
        };
        SMTPProtocolHandlerChain chain = submissionPort
            ? new SMTPProtocolHandlerChain(metrics, rcpt, deliver, auth)
            : new SMTPProtocolHandlerChain(metrics, rcpt, deliver);
        NettyServer server = new NettyServer.Factory().protocol(SmtpLimits.protocol(chain, smtpConfig))
            .secure(Encryption.createStartTls(tls.context)).build();
        server.setListenAddresses(new InetSocketAddress(config.bind(), port));
        server.setTimeout(300);
        server.setMaxConcurrentConnections(200);
        server.setMaxConcurrentConnectionsPerIP(20);
        server.bind();
        return server;
    }

    /**
     * Local delivery: every recipient (already checked at RCPT) gets the message in their INBOX before the 250, a
     * list's members once each (a person reached twice gets one copy); other domains go to the outbound spool.
     *
     * @param sender the signed-in sender (submission), or null
     */
    private HookResult deliver(Person sender, MailEnvelope envelope) {
        try {
            if (moderated(sender)) {
                if (moderation.count(sender.login()) >= Moderation.MAX_PENDING_PER_PUPIL) {
                    return HookResult.builder().hookReturnCode(HookReturnCode.denySoft()).smtpReturnCode("452")
                        .smtpDescription("4.5.3 Trop de messages en attente de l'accord de votre enseignant, reessayez plus tard").build();
                }
                try (InputStream message = envelope.getMessageInputStream()) {
                    moderation.hold(sender,
                        envelope.getRecipients().stream().map(MailAddress::asString).toList(), Moderation.Origin.SMTP,
                        message.readAllBytes());
                }
                return HookResult.builder().hookReturnCode(HookReturnCode.ok()).smtpReturnCode("250")
                    .smtpDescription("2.0.0 Message accepte, en attente de l'accord de votre enseignant").build();
            }
            List<String> foreign = new java.util.ArrayList<>();
            java.util.Set<String> logins = new java.util.LinkedHashSet<>();
            for (MailAddress recipient : envelope.getRecipients()) {
                List<String> local = localLogins(recipient.asString(), sender);
                if (local.isEmpty()) {
                    foreign.add(recipient.asString()); // accepted at RCPT: a signed-in sender, a relay is set
                }
                logins.addAll(local);
            }
            List<String> full = new java.util.ArrayList<>();
            for (String login : logins) {
                try (InputStream message = envelope.getMessageInputStream()) {
                    mailboxes.deliver(login, message);
                } catch (Exception e) {
                    if (!Quotas.isOverQuota(e)) {
                        throw e;
                    }
                    full.add(login);
                }
            }
            String from = envelope.getMaybeSender().asOptional().map(MailAddress::asString).orElse("");
            if (!foreign.isEmpty() && outbound != null) {
                try (InputStream message = envelope.getMessageInputStream()) {
                    enqueueOutbound(from, foreign, message);
                }
            }
            if (!full.isEmpty()) {
                LOG.info("Mail: {} of {} local mailboxes full, message not delivered to them", full.size(), logins.size());
                if (full.size() == logins.size() && foreign.isEmpty()) {
                    return HookResult.builder().hookReturnCode(HookReturnCode.deny()).smtpReturnCode(Quotas.SMTP_FULL_CODE)
                        .smtpDescription(Quotas.SMTP_FULL_TEXT).build();
                }
                try (InputStream message = envelope.getMessageInputStream()) {
                    notDelivered("local", from, full.stream().map(this::addressOf).toList(),
                        "la boîte aux lettres du destinataire est pleine", message.readAllBytes());
                }
            }
            return HookResult.builder().hookReturnCode(HookReturnCode.ok()).smtpReturnCode("250")
                .smtpDescription("2.0.0 Message distribue").build();
        } catch (Exception e) {
            LOG.error("Mail: delivery failed", e);
            return HookResult.builder().hookReturnCode(HookReturnCode.denySoft()).smtpReturnCode("451")
                .smtpDescription("4.3.0 Erreur temporaire du serveur, reessayez plus tard").build();
        }
    }

    /**
     * Whether a recipient's mailbox can still take a message (an address that is not one person's mailbox, a list or
     * another domain, always can: its members are looked at on delivery).
     */
    boolean hasRoom(String recipient) {
        return localMailbox(recipient.toLowerCase(Locale.ROOT)).map(login -> mailboxes.usage(login).fits(1)).orElse(true);
    }

    /** The address of a login's mailbox, for notices (the login itself when the annuaire has no address any more). */
    private String addressOf(String login) {
        return directory.findByLogin(login).flatMap(p -> directory.mailAddress(p.id())).orElse(login);
    }

    /** IMAP on {@code port}: STARTTLS offered, or TLS from the first byte ({@code implicitTls}, IMAPS). */
    private IMAPServer imapServer(int port, boolean implicitTls) throws Exception {
        IMAPServer server = new IMAPServer(new DefaultImapDecoderFactory().buildImapDecoder(),
            new DefaultImapEncoderFactory().buildImapEncoder(),
            ByeBeforeLogout.around(DefaultImapProcessorFactory.createDefaultProcessor(mailboxes.manager, mailboxes.eventBus,
                mailboxes.subscriptions, mailboxes.quotas.getQuotaManager(), mailboxes.quotas.getQuotaRootResolver(), metrics),
                mailboxes.manager, metrics),
            new ImapMetrics(metrics), metrics) {
            @Override
            protected io.netty.channel.ChannelInboundHandlerAdapter createCoreHandler() {
                return ImapClientAddress.around(super.createCoreHandler());
            }

            @Override
            protected org.apache.james.protocols.netty.ChannelHandlerFactory createFrameHandlerFactory() {
                org.apache.james.protocols.netty.ChannelHandlerFactory framer = super.createFrameHandlerFactory();
                return pipeline -> {
                    // just before the framer: sees every decrypted byte, refuses a literal over the size when announced
                    pipeline.addLast("preauLiterals", new ImapLiterals(config.max_message_size()));
                    return framer.create(pipeline);
                };
            }
        };
        server.setFileSystem(new DataFileSystem());
        BaseHierarchicalConfiguration imapConfig = new BaseHierarchicalConfiguration();
        imapConfig.addProperty("[@enabled]", true);
        imapConfig.addProperty("bind", config.bind() + ":" + port);
        imapConfig.addProperty("jmxName", "preau-imap" + (implicitTls ? "s-" : "-") + System.identityHashCode(this));
        imapConfig.addProperty("helloName", config.hello_name());
        imapConfig.addProperty("connectionLimit", 200);
        imapConfig.addProperty("connectionLimitPerIP", 20);
        imapConfig.addProperty("auth.requireSSL", tlsRequired);
        // a literal (APPEND's message, any string) larger than a message may be is refused with BAD as soon as its
        // size is announced, before a byte of it is read (also announced to clients as APPENDLIMIT)
        imapConfig.addProperty("literalSizeLimit", Long.toString(Math.min(config.max_message_size(), Integer.MAX_VALUE)));
        imapConfig.addProperty("auth.plainAuthEnabled", true);
        imapConfig.addProperty(implicitTls ? "tls.[@socketTLS]" : "tls.[@startTLS]", true);
        imapConfig.addProperty("tls.keystore", "file://" + tls.keystore.toAbsolutePath());
        imapConfig.addProperty("tls.keystoreType", "PKCS12");
        imapConfig.addProperty("tls.secret", tls.secret);
        server.configure(imapConfig);
        server.init();
        return server;
    }

    /** The James file system: paths under the box's data dir (only TLS key stores are ever asked for). */
    private static final class DataFileSystem implements FileSystem {
        private final Path base = Path.of(System.getProperty("karaf.data", "data"), "preau", "mail");

        @Override
        public InputStream getResource(String url) throws java.io.IOException {
            return new FileInputStream(getFile(url));
        }

        @Override
        public File getFile(String url) throws FileNotFoundException {
            String path = url.replaceFirst("^file://", "").replaceFirst("^file:", "");
            Path resolved = path.startsWith("/") ? Path.of(path) : base.resolve(path);
            if (!Files.exists(resolved)) {
                throw new FileNotFoundException(resolved.toString());
            }
            return resolved.toFile();
        }

        @Override
        public File getBasedir() {
            return base.toFile();
        }
    }
}
