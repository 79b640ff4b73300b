package fr.preau.mail.internal;

import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.api.Retry;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.directory.School;
import fr.preau.directory.letters.PersonName;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.apache.james.mailbox.exception.MailboxException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo school's mail: on a box holding demo schools only, once the demo people have their addresses and while the
 * demo teacher's mailbox is still empty, the week's mail of a collège — the direction to all teachers, a mother telling
 * the teacher her son will be absent and his answer (a thread), the teacher to the parents of his class, the pupil's
 * question about his homework (left unread). Each message goes through the webmail's own path ({@link MailServer#submit}:
 * the communication rules, quotas, local delivery) with a copy in the sender's « Envoyés »; a message the rules refuse is
 * left out. The demo import may still be running when the module starts: it looks again every few seconds.
 */
@Component(immediate = true)
public final class MailDemo {

    private static final Logger LOG = LoggerFactory.getLogger(MailDemo.class);
    static final String TEACHER = "julien.dumas";
    static final String PUPIL = "leo.marchand";
    static final String PARENT = "helene.marchand";
    static final String HEAD = "anne.verger";
    static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    private final MailServer server;
    private final DirectoryService directory;
    private final Webmail webmail;
    private final Clock clock;
    /** Null in tests: they call {@link #seedIfDemo} themselves. */
    private final Retry retry;

    @Activate
    public MailDemo(@Reference(name = "server") MailServer server, @Reference(name = "directory") DirectoryService directory) {
        this.server = server;
        this.directory = directory;
        this.webmail = new Webmail(server.mailboxes().manager);
        this.clock = Clock.system(ZONE);
        this.retry = Retry.start("preau-mail-demo", Duration.ofSeconds(3), Duration.ofSeconds(5), 120, this::seedIfDemo, e -> {
            LOG.warn("Demo mail not written: {}", e.toString());
            return false;
        });
    }

    MailDemo(MailServer server, DirectoryService directory, Webmail webmail, Clock clock) {
        this.server = server;
        this.directory = directory;
        this.webmail = webmail;
        this.clock = clock;
        this.retry = null;
    }

    @Deactivate
    void deactivate() {
        if (retry != null) {
            retry.close();
        }
    }

    /** Writes the demo mail when the box holds demo schools only (done: true, also when there is nothing to do). */
    boolean seedIfDemo() throws IOException, MailboxException {
        List<School> schools = directory.schools();
        if (schools.isEmpty()) {
            return false;
        }
        if (schools.stream().anyMatch(s -> !s.demo())) {
            return true;
        }
        Optional<Person> teacher = directory.findByLogin(TEACHER);
        Optional<Person> pupil = directory.findByLogin(PUPIL);
        Optional<Person> parent = directory.findByLogin(PARENT);
        Optional<Person> head = directory.findByLogin(HEAD);
        if (teacher.isEmpty() || pupil.isEmpty() || parent.isEmpty() || head.isEmpty()
                || directory.mailAddress(teacher.get().id()).isEmpty() || directory.divisionsOf(pupil.get().id()).isEmpty()) {
            return false; // the demo people, their classes or their addresses are not there yet
        }
        if (webmail.folders(TEACHER).stream().anyMatch(f -> f.total() > 0)) {
            return true; // written already (or the teacher has mail of his own)
        }
        int sent = write(teacher.get(), pupil.get(), parent.get(), head.get());
        LOG.info("Demo mail written: {} messages", sent);
        return true;
    }

    private int write(Person teacher, Person pupil, Person parent, Person head) throws IOException {
        LocalDate today = LocalDate.now(clock);
        String domain = domainOf(teacher);
        Division pupilClass = directory.divisionsOf(pupil.id()).stream().filter(d -> d.kind() == Division.Kind.CLASSE).findFirst()
                .orElse(directory.divisionsOf(pupil.id()).get(0));
        List<String> sent = new ArrayList<>();
        sent.add(send(head, List.of("enseignants@" + domain), "Conseil pédagogique du jeudi 14 janvier",
                "Bonjour à toutes et à tous,\n\nLe prochain conseil pédagogique aura lieu le jeudi 14 janvier à 17 h 30, en salle du "
                        + "conseil. À l'ordre du jour : les devoirs communs de 3e, la semaine des langues et le bilan des boîtes de dépôt.\n\n"
                        + "Le compte rendu du précédent conseil est dans la Salle des profs (espace Documents).\n\nBonne semaine,\n"
                        + head.displayName() + "\nPrincipale du collège", at(today.minusDays(4), 16, 20), null));
        String absence = send(parent, List.of(addressOf(teacher)), "Absence de " + firstName(pupil) + " jeudi matin",
                "Bonjour Monsieur " + lastName(teacher) + ",\n\n" + firstName(pupil) + " a rendez-vous chez l'orthodontiste jeudi "
                        + "à 9 h : il arrivera au collège vers 10 h 30 et manquera donc votre cours. Pourriez-vous lui indiquer ce qu'il "
                        + "devra rattraper ?\n\nMerci d'avance,\n" + parent.displayName(), at(today.minusDays(3), 7, 45), null);
        sent.add(absence);
        if (absence != null) {
            sent.add(send(teacher, List.of(addressOf(parent)), "Re: Absence de " + firstName(pupil) + " jeudi matin",
                    "Bonjour Madame " + lastName(parent) + ",\n\nMerci de m'avoir prévenu. Nous commençons jeudi l'addition des "
                            + "fractions : " + firstName(pupil) + " trouvera le cours dans l'espace de la classe (Documents, dossier "
                            + "« Cours ») et pourra me poser ses questions en fin d'heure vendredi.\n\nBien cordialement,\n"
                            + teacher.displayName(), at(today.minusDays(3), 12, 10), absence));
        }
        sent.add(send(teacher, List.of("parents-" + MailLists.slug(pupilClass.label()) + "@" + domain), "Sortie au musée des Confluences",
                "Madame, Monsieur,\n\nLa classe de " + pupilClass.label() + " visitera le musée des Confluences le vendredi 22 janvier, "
                        + "de 8 h 30 à 16 h 30 (départ et retour au collège, en car). Prévoir un pique-nique.\n\nL'autorisation de sortie "
                        + "est à rendre signée avant le 15 janvier ; la sortie est gratuite pour les familles.\n\nBien cordialement,\n"
                        + teacher.displayName() + "\nProfesseur principal", at(today.minusDays(1), 18, 5), null));
        sent.add(send(pupil, List.of(addressOf(teacher)), "Question sur le DM n° 3",
                "Bonjour Monsieur,\n\nDans l'exercice 4 du devoir maison, faut-il écrire le calcul ou seulement le résultat ?\n\n"
                        + "Merci,\n" + pupil.displayName(), at(today, 7, 52), null));
        return (int) sent.stream().filter(java.util.Objects::nonNull).count();
    }

    /**
     * One message on the webmail's path, with its copy in the sender's « Envoyés ».
     *
     * @return its Message-ID, or null when the rules refuse it
     */
    private String send(Person from, List<String> to, String subject, String text, Date date, String inReplyTo) throws IOException {
        String address = addressOf(from);
        List<MimeMessages.Contact> recipients = to.stream().map(a -> new MimeMessages.Contact(null, a)).toList();
        byte[] message = MimeMessages.build(new MimeMessages.Draft(new MimeMessages.Contact(from.displayName(), address), recipients,
                List.of(), subject, text, null, List.of(), inReplyTo, inReplyTo, date, domainOf(from)));
        try {
            server.submit(from, to, message);
        } catch (ProblemException e) {
            LOG.info("Demo mail: « {} » left out ({})", subject, e.code());
            return null;
        }
        try {
            webmail.keepSent(from.login(), message);
        } catch (MailboxException e) {
            LOG.warn("Demo mail: « {} » sent without its copy in Sent: {}", subject, e.toString());
        }
        return MimeMessages.parse(new java.io.ByteArrayInputStream(message)).getMessageId();
    }

    private String addressOf(Person p) {
        return directory.mailAddress(p.id()).orElseThrow(() -> new IllegalStateException("no address for " + p.login()));
    }

    private String domainOf(Person p) {
        String a = addressOf(p);
        return a.substring(a.indexOf('@') + 1);
    }

    private Date at(LocalDate day, int hour, int minute) {
        return Date.from(day.atTime(LocalTime.of(hour, minute)).atZone(ZONE).toInstant());
    }

    /** The first name as the annuaire has it (« Léo »), or the whole display name. */
    private String firstName(Person p) {
        return directory.nameOf(p.id()).map(PersonName::first).orElse(p.displayName());
    }

    /** The last name as the annuaire has it (« Dumas »), or the whole display name. */
    private String lastName(Person p) {
        return directory.nameOf(p.id()).map(PersonName::last).orElse(p.displayName());
    }
}
