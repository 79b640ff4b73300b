package fr.preau.cahier.internal;

import fr.preau.access.AccessService;
import fr.preau.access.Target;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.cahier.internal.Rows.Devoir;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.directory.PersonRecord;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Date;
import net.fortuna.ical4j.model.DateTime;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.CalScale;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtEnd;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.LastModified;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Summary;
import net.fortuna.ical4j.model.property.Transp;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Version;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.validate.ValidationException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The secret iCal address of a pupil's devoirs ({@code cahier:feed}): a pupil's own, or a parent's for one child.
 * The token (32 random bytes, base64url) is shown once, when it is created; only its SHA-256 is stored (in
 * {@code cahier_feed}, keyed by the pupil's id, or {@code <parent id>:<child id>}), so a lost address cannot be
 * shown again, only replaced. The feed lists the published devoirs of the pupil's classes and groupes from 30 days
 * ago to the end of the school year, one all-day event per devoir, written with ical4j. The owner's right is checked
 * again on every read: a deactivated account, a parent no longer linked to the child, a revoked permission make the
 * address answer 404 like an unknown one.
 */
@Component(service = DevoirFeed.class)
public final class DevoirFeed {

    /** Days of past devoirs a feed still shows. */
    static final int PAST_DAYS = 30;
    /** Most events in one feed. */
    static final int MAX_EVENTS = 2000;
    static final String PATH = "/api/v1/cahier/agenda/";

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final DateTimeFormatter ICAL_DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Cahier cahier;
    private final DirectoryService directory;
    private final AccessService access;

    /** Whether a feed exists, and its address when it was just created. */
    record Status(boolean active, String url) {
    }

    /** What one feed shows. */
    record Feed(String pupilFirstName, List<Devoir> devoirs, Instant at) {
    }

    @Activate
    public DevoirFeed(@Reference(name = "cahier") Cahier cahier, @Reference(name = "directory") DirectoryService directory,
            @Reference(name = "access") AccessService access) {
        this.cahier = cahier;
        this.directory = directory;
        this.access = access;
    }

    // --- the address ----------------------------------------------------------------------------

    /** Whether {@code who} has an address (for themselves, or for {@code child}); the address itself is not kept. */
    Status status(Person who, String child) throws SQLException {
        return new Status(cahier.store().hasFeed(key(who, child)), null);
    }

    /** A new address, replacing the previous one (which stops working at once). */
    Status create(Person who, String child) throws SQLException {
        String key = key(who, child);
        String token = newToken();
        cahier.store().setFeed(key, hash(token), cahier.clock().instant());
        return new Status(true, PATH + token + ".ics");
    }

    /** Removes the address. */
    void revoke(Person who, String child) throws SQLException {
        cahier.store().setFeed(key(who, child), null, cahier.clock().instant());
    }

    /**
     * The store key of the caller's feed, checked through {@code access}: the pupil's id for a pupil's own
     * feed, {@code <parent id>:<child id>} for a parent's.
     *
     * @throws ProblemException 403 {@code forbidden}, 400 {@code child-required} for a parent without {@code child}
     */
    String key(Person who, String child) {
        if (child != null && !child.isBlank() && !child.trim().equals(who.id().value())) {
            PersonId pupil = new PersonId(child.trim());
            access.requireOn(who, CahierModule.FEED, Target.person(who.uai(), pupil));
            return who.id().value() + ":" + pupil.value();
        }
        if (!who.has(Profile.ELEVE) && who.has(Profile.PARENT)) {
            throw new ProblemException(400, "child-required", "Choisissez l'enfant dont vous voulez l'agenda des devoirs.");
        }
        access.requireOn(who, CahierModule.FEED, Target.person(who.uai(), who.id()));
        return who.id().value();
    }

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- the feed -------------------------------------------------------------------------------

    /** The feed of a token, if it is a current one whose owner may still read it. */
    Optional<Feed> feed(String token) throws SQLException {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        Optional<String> key = cahier.store().feedOwner(hash(token));
        if (key.isEmpty()) {
            return Optional.empty();
        }
        int colon = key.get().indexOf(':');
        String ownerId = colon < 0 ? key.get() : key.get().substring(0, colon);
        String pupilId = colon < 0 ? key.get() : key.get().substring(colon + 1);
        Optional<PersonRecord> owner = active(ownerId);
        Optional<PersonRecord> pupil = colon < 0 ? owner : active(pupilId);
        if (owner.isEmpty() || pupil.isEmpty()) {
            return Optional.empty();
        }
        Person o = owner.get().person();
        PersonId p = pupil.get().person().id();
        if (!access.decideOn(o, CahierModule.FEED, Target.person(o.uai(), p)).allowed()) {
            return Optional.empty();
        }
        LocalDate today = cahier.today();
        LocalDate end = Rules.schoolYear(today).end();
        List<String> divisions = directory.divisionsOf(p).stream().map(Division::id).toList();
        Instant now = cahier.clock().instant();
        List<Devoir> devoirs = divisions.isEmpty() ? List.of() : cahier.store().devoirsDue(divisions, today.minusDays(PAST_DAYS), end)
                .stream().filter(d -> d.publishedAt(now)).sorted(Comparator.comparing(Devoir::due).thenComparing(Devoir::id))
                .limit(MAX_EVENTS).toList();
        String first = pupil.get().firstName();
        if (first == null || first.isBlank()) {
            first = pupil.get().person().displayName();
        }
        return Optional.of(new Feed(first.strip(), devoirs, now));
    }

    private Optional<PersonRecord> active(String id) {
        try {
            new PersonId(id);
        } catch (ProblemException e) {
            return Optional.empty();
        }
        return directory.record(id).filter(PersonRecord::active);
    }

    /** « Devoirs de Léo », « Devoirs d'Émile ». */
    static String calendarName(String firstName) {
        String n = firstName == null ? "" : firstName.strip();
        boolean vowel = !n.isEmpty() && "aeiouyhàâäéèêëîïôöùûüœæ".indexOf(Character.toLowerCase(n.charAt(0))) >= 0;
        return "Devoirs " + (vowel ? "d'" : "de ") + n;
    }

    /** « Mathématiques : devoir sur table / contrôle ». */
    static String summary(Devoir d) {
        String kind = d.kind().label();
        return d.scope().subjectLabel() + " : " + kind.substring(0, 1).toLowerCase(Locale.FRENCH) + kind.substring(1);
    }

    static String description(Devoir d) {
        StringBuilder b = new StringBuilder(HtmlLines.text(d.instructions()));
        if (d.minutes() != null) {
            b.append(b.isEmpty() ? "" : "\n\n").append("Durée estimée : ").append(PdfExport.minutes(d.minutes())).append('.');
        }
        if (d.handIn()) {
            b.append(b.isEmpty() ? "" : "\n").append("À rendre.");
        }
        b.append(b.isEmpty() ? "" : "\n").append("Donné par ").append(d.scope().authorName()).append('.');
        return b.toString();
    }

    /** Writes {@code feed} as an iCalendar ({@code host} names the box in the events' UIDs). */
    static void write(Feed feed, String host, OutputStream out) throws IOException {
        Calendar cal = new Calendar();
        cal.getProperties().add(new ProdId("-//Préau//Cahier de textes//FR"));
        cal.getProperties().add(Version.VERSION_2_0);
        cal.getProperties().add(CalScale.GREGORIAN);
        cal.getProperties().add(new XProperty("X-WR-CALNAME", calendarName(feed.pupilFirstName())));
        cal.getProperties().add(new XProperty("X-WR-TIMEZONE", "Europe/Paris"));
        cal.getProperties().add(new XProperty("X-PUBLISHED-TTL", "PT1H"));
        String box = host == null || host.isBlank() ? "preau" : host;
        try {
            for (Devoir d : feed.devoirs()) {
                VEvent e = new VEvent(false);
                e.getProperties().add(new Uid("devoir-" + d.id() + "@" + box));
                e.getProperties().add(new DtStamp(utc(d.updatedAt())));
                e.getProperties().add(new LastModified(utc(d.updatedAt())));
                e.getProperties().add(new DtStart(new Date(ICAL_DATE.format(d.due()))));
                e.getProperties().add(new DtEnd(new Date(ICAL_DATE.format(d.due().plusDays(1)))));
                e.getProperties().add(new Summary(summary(d)));
                e.getProperties().add(new Description(description(d)));
                e.getProperties().add(Transp.TRANSPARENT);
                cal.getComponents().add(e);
            }
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        // the outputter closes its writer: the response's stream is only flushed
        Writer w = new OutputStreamWriter(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        }, StandardCharsets.UTF_8);
        // ical4j finds its configuration and resources through the context class loader first: this bundle's
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(DevoirFeed.class.getClassLoader());
        try {
            new CalendarOutputter(false).output(cal, w);
        } catch (ValidationException e) {
            throw new IllegalStateException(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static DateTime utc(Instant at) {
        DateTime t = new DateTime(at.toEpochMilli());
        t.setUtc(true);
        return t;
    }
}
