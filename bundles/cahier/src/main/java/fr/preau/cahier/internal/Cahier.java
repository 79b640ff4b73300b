package fr.preau.cahier.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import fr.preau.access.AccessService;
import fr.preau.access.Target;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.cahier.CahierService;
import fr.preau.cahier.DevoirKind;
import fr.preau.cahier.internal.Rows.Amendment;
import fr.preau.cahier.internal.Rows.Devoir;
import fr.preau.cahier.internal.Rows.Kind;
import fr.preau.cahier.internal.Rows.Link;
import fr.preau.cahier.internal.Rows.Piece;
import fr.preau.cahier.internal.Rows.Scope;
import fr.preau.cahier.internal.Rows.Seance;
import fr.preau.cahier.internal.Rows.Visa;
import fr.preau.cahier.internal.Views.AmendmentView;
import fr.preau.cahier.internal.Views.DevoirInput;
import fr.preau.cahier.internal.Views.DevoirView;
import fr.preau.cahier.internal.Views.LinkInput;
import fr.preau.cahier.internal.Views.LinkView;
import fr.preau.cahier.internal.Views.PieceView;
import fr.preau.cahier.internal.Views.SeanceInput;
import fr.preau.cahier.internal.Views.SeanceView;
import fr.preau.cahier.internal.Views.VisaView;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.directory.Teaching;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The cahier de textes: what each person may read and write, decided through {@code access} from
 * annuaire facts, and the rules of the legal record (school year, visas, publication dates). The
 * REST resource only translates HTTP.
 */
@Component(service = {Cahier.class, CahierService.class})
public final class Cahier implements CahierService {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private final CahierStore store;
    private final DirectoryService directory;
    private final AccessService access;
    private final Clock clock;
    private final ReadCache cache = new ReadCache();
    /** Each pupil's ticked devoirs, as last read; only {@link #markDone} changes them (on this box). */
    private final Map<String, Set<Long>> ticks = java.util.Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<Long>> eldest) {
            return size() > 5000;
        }
    });
    /** The divisions each reader was last found in, for {@value #MEMBERSHIP_SECONDS} s (see {@link #readable}). */
    private final Map<String, Membership> memberships = java.util.Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Membership> eldest) {
            return size() > 5000;
        }
    });
    static final int MEMBERSHIP_SECONDS = 30;
    private final java.util.concurrent.atomic.AtomicLong tickGeneration = new java.util.concurrent.atomic.AtomicLong();

    private record Membership(List<Division> divisions, Instant until) {
    }
    /** Told of devoirs published, changed or removed (the notifier); replaced in tests. */
    volatile Consumer<Long> changed = id -> { };

    @Activate
    public Cahier(@Reference(name = "store") CahierStore store, @Reference(name = "directory") DirectoryService directory,
            @Reference(name = "access") AccessService access, @Reference(name = "clock") Clock clock) {
        this.store = store;
        this.directory = directory;
        this.access = access;
        this.clock = clock;
    }

    CahierStore store() {
        return store;
    }

    Clock clock() {
        return clock;
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), PARIS);
    }

    // --- who reads what ----------------------------------------------------------------------

    /**
     * The divisions {@code who} reads: with {@code child}, that pupil's (checked: the caller's child,
     * or the caller themselves); otherwise their own as pupil or teacher, and every division of their
     * school as direction.
     */
    List<Division> readable(Person who, String child) {
        if (child != null && !child.isBlank()) {
            PersonId pupil = new PersonId(child.trim());
            access.requireOn(who, CahierModule.READ, Target.person(who.uai(), pupil));
            return directory.divisionsOf(pupil);
        }
        if (!access.decide(who, CahierModule.READ, who.uai()).allowed()) {
            return List.of();
        }
        Map<String, Division> out = new LinkedHashMap<>();
        if (who.has(Profile.DIRECTION)) {
            // school-wide unless the permission set says otherwise: access decides per division
            for (Division d : directory.divisions(who.uai())) {
                if (access.decideOn(who, CahierModule.READ, Target.division(d.uai(), d.id())).allowed()) {
                    out.put(d.id(), d);
                }
            }
        }
        // the caller's own classes and groupes, and their children's: related by construction
        if (who.has(Profile.ELEVE) && !who.has(Profile.ENSEIGNANT)) {
            memberOf(who.id()).forEach(d -> out.putIfAbsent(d.id(), d));
        } else if (who.has(Profile.ELEVE) || who.has(Profile.ENSEIGNANT)) {
            directory.divisionsOf(who.id()).forEach(d -> out.putIfAbsent(d.id(), d));
        }
        if (who.has(Profile.PARENT)) {
            for (Person c : directory.childrenOf(who.id())) {
                directory.divisionsOf(c.id()).forEach(d -> out.putIfAbsent(d.id(), d));
            }
        }
        return new ArrayList<>(out.values());
    }

    /**
     * A pupil's classes and groupes for reading their own cahier, remembered {@value #MEMBERSHIP_SECONDS} s:
     * after an import moves a pupil, their lists follow within that time (writes and every other
     * check ask the annuaire each time).
     */
    private List<Division> memberOf(PersonId pupil) {
        Instant now = clock.instant();
        Membership m = memberships.get(pupil.value());
        if (m == null || !now.isBefore(m.until())) {
            m = new Membership(directory.divisionsOf(pupil), now.plusSeconds(MEMBERSHIP_SECONDS));
            memberships.put(pupil.value(), m);
        }
        return m.divisions();
    }

    /** The devoirs among {@code ids} that {@code pupil} ticked. */
    Set<Long> ticked(PersonId pupil, Collection<Long> ids) throws SQLException {
        Set<Long> all = ticks.get(pupil.value());
        if (all == null) {
            long generation = tickGeneration.get();
            all = Set.copyOf(store.doneBy(pupil.value()));
            synchronized (ticks) {
                if (tickGeneration.get() == generation) {
                    ticks.put(pupil.value(), all); // not if a tick was committed meanwhile: it may be missing
                }
            }
        }
        Set<Long> out = new java.util.HashSet<>();
        for (Long id : ids) {
            if (all.contains(id)) {
                out.add(id);
            }
        }
        return out;
    }

    /** The division with this id, or 400 {@code unknown-classe}. */
    Division division(String id) {
        if (id == null || id.isBlank()) {
            throw new ProblemException(400, "unknown-classe", "Choisissez une classe ou un groupe.");
        }
        return directory.division(id.trim()).orElseThrow(() -> new ProblemException(400, "unknown-classe",
                "La classe ou le groupe « " + Rules.shorten(id) + " » n'existe pas dans l'annuaire."));
    }

    /** Checks that {@code who} reads {@code division}. */
    /**
     * The groupes (not classes) that pupils of {@code classe} belong to, in its school, that {@code who} may read, by
     * label: what a class's cahier adds to its own entries.
     */
    List<Division> groupesOfPupils(Person who, Division classe) {
        Set<String> seen = new HashSet<>();
        List<Division> out = new ArrayList<>();
        for (Person pupil : directory.pupilsOf(classe.id())) {
            for (Division g : directory.divisionsOf(pupil.id())) {
                if (g.kind() == Division.Kind.GROUPE && g.uai().equals(classe.uai()) && seen.add(g.id())
                        && access.decideOn(who, CahierModule.READ, Target.division(g.uai(), g.id())).allowed()) {
                    out.add(g);
                }
            }
        }
        return out.stream().sorted(Comparator.comparing(Division::label, String.CASE_INSENSITIVE_ORDER)).toList();
    }

    Division requireRead(Person who, String divisionId) {
        Division d = division(divisionId);
        access.requireOn(who, CahierModule.READ, Target.division(d.uai(), d.id()));
        return d;
    }

    // --- views ---------------------------------------------------------------------------------

    /** The séances of these divisions in the range that {@code who} sees (published, or their own), as views. */
    List<SeanceView> seanceViews(Person who, Collection<String> divisions, LocalDate from, LocalDate to, PersonId pupil)
            throws SQLException {
        if (!who.has(Profile.ENSEIGNANT)) {
            // a reader who wrote none of them: the list everyone of these divisions reads, then their own ticks
            List<String> key = divisions.stream().distinct().sorted().toList();
            long version = store.version();
            Instant now = clock.instant();
            List<SeanceView> shared = cache.get(new ReadCache.Key("seances", key, from, to), version, now, () -> {
                List<Seance> all = store.seances(key, from, to);
                Instant[] next = {nextPublication(all.stream().map(Seance::publishAt), now)};
                List<SeanceView> views = views(who, all.stream().filter(s -> s.publishedAt(now)).toList(), null, next);
                return new ReadCache.Built<>(views, next[0]);
            });
            return pupil == null ? shared : withDone(shared, pupil);
        }
        Instant now = clock.instant();
        List<Seance> seances = store.seances(divisions, from, to).stream()
                .filter(s -> s.publishedAt(now) || s.scope().authorId().equals(who.id().value())).toList();
        return views(who, seances, pupil);
    }

    /** A séance as readers see it, and the same already written as JSON. */
    record Fragment(SeanceView view, byte[] json) {
    }

    /** Writes the views as the box's JSON provider does (absent values left out). */
    static final ObjectMapper JSON = JsonMapper.builder().serializationInclusion(JsonInclude.Include.NON_NULL).build();

    /**
     * {@code {"items":[séance…]}} for a reader who wrote none of them, as {@link #seanceViews} gives
     * it, from JSON kept with the shared list: only the séances with a devoir {@code pupil} ticked
     * are written again (the kept JSON says {@code "done":false} for a pupil's list).
     */
    byte[] seancesJson(Person who, Collection<String> divisions, LocalDate from, LocalDate to, PersonId pupil) throws SQLException {
        List<String> key = divisions.stream().distinct().sorted().toList();
        long version = store.version();
        Instant now = clock.instant();
        boolean ticks = pupil != null;
        List<Fragment> shared = cache.get(new ReadCache.Key(ticks ? "seances-json-ticks" : "seances-json", key, from, to), version, now,
                () -> {
                    List<Seance> all = store.seances(key, from, to);
                    Instant[] next = {nextPublication(all.stream().map(Seance::publishAt), now)};
                    List<SeanceView> views = views(who, all.stream().filter(s -> s.publishedAt(now)).toList(), null, next);
                    List<Fragment> out = new ArrayList<>(views.size());
                    for (SeanceView v : views) {
                        SeanceView written = ticks ? withDone(v, Set.of()) : v;
                        out.add(new Fragment(written, write(written)));
                    }
                    return new ReadCache.Built<>(out, next[0]);
                });
        Set<Long> done = Set.of();
        if (ticks) {
            List<Long> ids = shared.stream().flatMap(f -> f.view().devoirs().stream()).map(d -> Long.parseLong(d.id())).toList();
            done = ids.isEmpty() ? Set.of() : ticked(pupil, ids);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(256 + shared.size() * 1024);
        out.writeBytes(ITEMS_OPEN);
        boolean first = true;
        for (Fragment f : shared) {
            if (!first) {
                out.write(',');
            }
            first = false;
            Set<Long> mine = done;
            boolean changed = !mine.isEmpty() && f.view().devoirs().stream().anyMatch(d -> mine.contains(Long.parseLong(d.id())));
            out.writeBytes(changed ? write(withDone(f.view(), done)) : f.json());
        }
        out.writeBytes(ITEMS_CLOSE);
        return out.toByteArray();
    }

    private static final byte[] ITEMS_OPEN = "{\"items\":[".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final byte[] ITEMS_CLOSE = "]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private static byte[] write(SeanceView v) {
        try {
            return JSON.writeValueAsBytes(v);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a séance could not be written as JSON", e);
        }
    }

    /** A séance with a pupil's ticks on its devoirs. */
    private static SeanceView withDone(SeanceView v, Set<Long> done) {
        return v.devoirs().isEmpty() ? v : new SeanceView(v.id(), v.kind(), v.classe(), v.classeId(), v.matiere(), v.matiereCode(),
                v.author(), v.authorId(), v.mine(), v.date(), v.debut(), v.fin(), v.titre(), v.contenu(), v.liens(), v.pieces(),
                v.devoirs().stream().map(d -> withDone(d, done)).toList(), v.publishAt(), v.published(), v.visa(), v.locked(),
                v.editable(), v.amendements());
    }

    /** The earliest of these publication times still to come, or null. */
    private static Instant nextPublication(java.util.stream.Stream<Instant> times, Instant now) {
        return times.filter(t -> t.isAfter(now)).min(Instant::compareTo).orElse(null);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    /** The same séances with a pupil's ticks on their devoirs. */
    private List<SeanceView> withDone(List<SeanceView> views, PersonId pupil) throws SQLException {
        List<Long> ids = views.stream().flatMap(v -> v.devoirs().stream()).map(d -> Long.parseLong(d.id())).toList();
        Set<Long> done = ids.isEmpty() ? Set.of() : ticked(pupil, ids);
        List<SeanceView> out = new ArrayList<>(views.size());
        for (SeanceView v : views) {
            out.add(withDone(v, done));
        }
        return out;
    }

    private static DevoirView withDone(DevoirView d, Set<Long> done) {
        return new DevoirView(d.id(), d.seanceId(), d.classe(), d.classeId(), d.matiere(), d.matiereCode(), d.author(), d.authorId(),
                d.mine(), d.pour(), d.kind(), d.kindLabel(), d.instructions(), d.minutes(), d.rendu(), d.publishAt(), d.published(),
                done.contains(Long.parseLong(d.id())), d.locked(), d.editable(), d.amendements());
    }

    List<SeanceView> views(Person who, List<Seance> seances, PersonId pupil) throws SQLException {
        return views(who, seances, pupil, new Instant[1]);
    }

    /** Views of these séances for {@code who}; {@code next[0]} becomes the earliest publication to come of their devoirs, if sooner. */
    private List<SeanceView> views(Person who, List<Seance> seances, PersonId pupil, Instant[] next) throws SQLException {
        if (seances.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<Long> ids = seances.stream().map(Seance::id).toList();
        Map<Long, List<Devoir>> devoirs = store.devoirsOf(ids);
        Map<Long, List<Link>> links = store.links(ids);
        Map<Long, List<Piece>> pieces = store.pieces(ids);
        List<Long> devoirIds = devoirs.values().stream().flatMap(List::stream).map(Devoir::id).toList();
        Map<String, List<AmendmentView>> amendments = amendments(ids, devoirIds);
        Map<String, Visa> visas = store.latestVisas(seances.stream().map(s -> s.scope().divisionId()).toList());
        Set<Long> done = pupil == null ? Set.of() : ticked(pupil, devoirIds);
        List<SeanceView> out = new ArrayList<>(seances.size());
        for (Seance s : seances) {
            Visa visa = visas.get(s.scope().divisionId());
            boolean locked = visa != null && !s.date().isAfter(visa.until());
            boolean mine = s.scope().authorId().equals(who.id().value());
            List<DevoirView> dv = new ArrayList<>();
            for (Devoir d : devoirs.getOrDefault(s.id(), List.of())) {
                if (!d.publishedAt(now)) {
                    next[0] = earliest(next[0], d.publishAt());
                }
                if (d.publishedAt(now) || mine) {
                    dv.add(view(who, d, locked, pupil == null ? null : done.contains(d.id()), amendments));
                }
            }
            out.add(new SeanceView(Long.toString(s.id()), s.kind().name(), s.scope().divisionLabel(), s.scope().divisionId(),
                    s.scope().subjectLabel(), s.scope().subjectCode(), s.scope().authorName(), s.scope().authorId(), mine,
                    s.date().toString(), s.start(), s.end(), s.title(), s.content(),
                    links.getOrDefault(s.id(), List.of()).stream().map(l -> new LinkView(l.url(), l.label())).toList(),
                    pieces.getOrDefault(s.id(), List.of()).stream().map(Cahier::view).toList(), dv, s.publishAt().toString(),
                    s.publishedAt(now), visa == null ? null : view(visa), locked, mine && !locked,
                    amendments.getOrDefault("s" + s.id(), List.of())));
        }
        return out;
    }

    private Map<String, List<AmendmentView>> amendments(List<Long> seances, List<Long> devoirs) throws SQLException {
        Map<String, List<AmendmentView>> out = new HashMap<>();
        for (Amendment a : store.amendments(seances, devoirs)) {
            String key = a.seanceId() != null ? "s" + a.seanceId() : "d" + a.devoirId();
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(new AmendmentView(a.at().toString(), a.authorName(), a.text()));
        }
        return out;
    }

    private DevoirView view(Person who, Devoir d, boolean locked, Boolean done, Map<String, List<AmendmentView>> amendments) {
        boolean mine = d.scope().authorId().equals(who.id().value());
        return new DevoirView(Long.toString(d.id()), d.seanceId() == null ? null : Long.toString(d.seanceId()), d.scope().divisionLabel(),
                d.scope().divisionId(), d.scope().subjectLabel(), d.scope().subjectCode(), d.scope().authorName(), d.scope().authorId(), mine,
                d.due().toString(), d.kind().name(), d.kind().label(), d.instructions(), d.minutes(), d.handIn(), d.publishAt().toString(),
                d.publishedAt(clock.instant()), done, locked, mine && !locked, amendments.getOrDefault("d" + d.id(), List.of()));
    }

    static PieceView view(Piece p) {
        return new PieceView(Long.toString(p.id()), p.fileName(), p.size(), p.mediaType(), "/api/v1/cahier/pieces/" + p.id());
    }

    static VisaView view(Visa v) {
        return new VisaView(v.divisionId(), v.until().toString(), v.byName(), v.at().toString());
    }

    /** The devoirs of these divisions due in the range that {@code who} sees, as views; {@code done} for {@code pupil}. */
    List<DevoirView> devoirViews(Person who, Collection<String> divisions, LocalDate from, LocalDate to, PersonId pupil)
            throws SQLException {
        if (!who.has(Profile.ENSEIGNANT)) {
            List<String> key = divisions.stream().distinct().sorted().toList();
            long version = store.version();
            Instant now = clock.instant();
            List<DevoirView> shared = cache.get(new ReadCache.Key("devoirs", key, from, to), version, now, () -> {
                List<Devoir> all = store.devoirsDue(key, from, to);
                return new ReadCache.Built<>(devoirViews(who, all.stream().filter(d -> d.publishedAt(now)).toList(), null),
                        nextPublication(all.stream().map(Devoir::publishAt), now));
            });
            if (pupil == null || shared.isEmpty()) {
                return shared;
            }
            Set<Long> done = ticked(pupil, shared.stream().map(d -> Long.parseLong(d.id())).toList());
            return shared.stream().map(d -> withDone(d, done)).toList();
        }
        Instant now = clock.instant();
        List<Devoir> devoirs = store.devoirsDue(divisions, from, to).stream()
                .filter(d -> d.publishedAt(now) || d.scope().authorId().equals(who.id().value())).toList();
        return devoirViews(who, devoirs, pupil);
    }

    List<DevoirView> devoirViews(Person who, List<Devoir> devoirs, PersonId pupil) throws SQLException {
        if (devoirs.isEmpty()) {
            return List.of();
        }
        List<Long> ids = devoirs.stream().map(Devoir::id).toList();
        Set<Long> done = pupil == null ? Set.of() : ticked(pupil, ids);
        Map<String, List<AmendmentView>> amendments = amendments(List.of(), ids);
        Map<String, Visa> visas = store.latestVisas(devoirs.stream().map(d -> d.scope().divisionId()).toList());
        Map<Long, LocalDate> seanceDates = new HashMap<>();
        List<DevoirView> out = new ArrayList<>();
        for (Devoir d : devoirs) {
            out.add(view(who, d, locked(d, visas.get(d.scope().divisionId()), seanceDates), pupil == null ? null : done.contains(d.id()),
                    amendments));
        }
        return out;
    }

    /** A devoir is locked with its séance; one given alone, by its due date. */
    private boolean locked(Devoir d, Visa visa, Map<Long, LocalDate> seanceDates) throws SQLException {
        if (visa == null) {
            return false;
        }
        LocalDate date = d.due();
        if (d.seanceId() != null) {
            LocalDate s = seanceDates.get(d.seanceId());
            if (s == null) {
                s = store.seance(d.seanceId()).map(Seance::date).orElse(d.due());
                seanceDates.put(d.seanceId(), s);
            }
            date = s;
        }
        return !date.isAfter(visa.until());
    }

    // --- writing -------------------------------------------------------------------------------

    /** What {@code who} may write: their teachings, for which {@code access} grants the write. */
    List<Teaching> teachings(Person who) {
        if (!who.has(Profile.ENSEIGNANT)) {
            return List.of();
        }
        return directory.teachingsOf(who.id()).stream()
                .filter(t -> access.decideOn(who, CahierModule.WRITE, Target.division(t.division().uai(), t.division().id())).allowed())
                .toList();
    }

    /** The scope of an entry {@code who} writes for a division and matière, checked. */
    Scope scope(Person who, String divisionId, String subjectCode) {
        Division d = division(divisionId);
        access.requireOn(who, CahierModule.WRITE, Target.division(d.uai(), d.id()));
        if (subjectCode == null || subjectCode.isBlank()) {
            throw new ProblemException(400, "unknown-matiere", "Choisissez la matière.");
        }
        Teaching t = directory.teachingsOf(who.id()).stream()
                .filter(x -> x.division().id().equals(d.id()) && x.subjectCode().equals(subjectCode.trim())).findFirst()
                .orElseThrow(() -> new ProblemException(400, "unknown-matiere", "Vous n'enseignez pas la matière « "
                        + Rules.shorten(subjectCode) + " » en " + d.label() + " d'après l'annuaire."));
        String subjectLabel = Subjects.label(t.subjectCode(), t.subjectLabel());
        return new Scope(d.uai().value(), d.id(), d.label(), t.subjectCode(), subjectLabel, who.id().value(), who.displayName());
    }

    /** Refuses a date of a division its visa covers (409 {@code visa-locked}). */
    void requireNotVisaed(String divisionId, String divisionLabel, LocalDate date) throws SQLException {
        Visa v = store.latestVisas(List.of(divisionId)).get(divisionId);
        if (v != null && !date.isAfter(v.until())) {
            throw new ProblemException(409, "visa-locked", "Le cahier de textes de " + divisionLabel + " a été visé par " + v.byName()
                    + " jusqu'au " + French.day(v.until(), true) + " : cette entrée ne peut plus être modifiée. "
                    + "Ajoutez un rectificatif pour la corriger.");
        }
    }

    /** Parses a publication moment (ISO instant, or a local date-time in Paris); now when absent or past. */
    Instant publishAt(String value, Instant now, String code) {
        if (value == null || value.isBlank()) {
            return now;
        }
        Instant at;
        try {
            at = Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            try {
                at = LocalDateTime.parse(value.trim()).atZone(PARIS).toInstant();
            } catch (DateTimeParseException e2) {
                throw new ProblemException(400, code, "La date de publication « " + Rules.shorten(value)
                        + " » n'est pas valide (AAAA-MM-JJTHH:MM).");
            }
        }
        if (at.isAfter(now.plus(400, ChronoUnit.DAYS))) {
            throw new ProblemException(400, code, "La date de publication est à plus d'un an.");
        }
        return at.isBefore(now) ? now : at.truncatedTo(ChronoUnit.SECONDS);
    }

    /** A new séance, checked (dates, times, text, links, devoirs): nothing is stored when one thing is wrong. */
    long create(Person who, SeanceInput in) throws SQLException {
        Checked c = check(who, in, null);
        long id = store.write(conn -> {
            long sid = store.insertSeance(conn, c.seance());
            store.replaceLinks(conn, sid, c.links());
            for (Devoir d : c.devoirs()) {
                store.insertDevoir(conn, withSeance(d, sid));
            }
            return sid;
        });
        changed.accept(-1L);
        return id;
    }

    /** Replaces a séance of its author (and its devoirs: listed ones kept or updated, others removed). */
    void update(Person who, long id, SeanceInput in) throws SQLException {
        Seance old = ownSeance(who, id);
        requireNotVisaed(old.scope().divisionId(), old.scope().divisionLabel(), old.date());
        Checked c = check(who, in, old);
        Map<Long, Devoir> existing = new HashMap<>();
        store.devoirsOf(List.of(id)).getOrDefault(id, List.of()).forEach(d -> existing.put(d.id(), d));
        List<Long> removed = new ArrayList<>(existing.keySet());
        store.write(conn -> {
            store.updateSeance(conn, c.seance());
            store.replaceLinks(conn, id, c.links());
            for (Devoir d : c.devoirs()) {
                if (d.id() > 0 && existing.containsKey(d.id())) {
                    Devoir before = existing.get(d.id());
                    store.updateDevoir(conn, new Devoir(d.id(), id, d.scope(), d.due(), d.kind(), d.instructions(), d.minutes(), d.handIn(),
                            d.publishAt(), before.notified(), before.createdAt(), d.updatedAt()));
                    removed.remove(d.id());
                } else {
                    store.insertDevoir(conn, withSeance(d, id));
                }
            }
            for (long gone : removed) {
                store.deleteDevoir(conn, gone);
            }
            return null;
        });
        for (long d : existing.keySet()) {
            changed.accept(d);
        }
        changed.accept(-1L);
    }

    void delete(Person who, long id) throws SQLException {
        Seance old = ownSeance(who, id);
        requireNotVisaed(old.scope().divisionId(), old.scope().divisionLabel(), old.date());
        List<Devoir> devoirs = store.devoirsOf(List.of(id)).getOrDefault(id, List.of());
        List<Piece> pieces = store.pieces(List.of(id)).getOrDefault(id, List.of());
        store.write(conn -> store.deleteSeance(conn, id));
        devoirs.forEach(d -> changed.accept(d.id()));
        pieceDeleted.accept(pieces);
    }

    /** Told of pieces whose rows are gone (the attachments remove unused files). */
    volatile Consumer<List<Piece>> pieceDeleted = p -> { };

    private static Devoir withSeance(Devoir d, long seance) {
        return new Devoir(0, seance, d.scope(), d.due(), d.kind(), d.instructions(), d.minutes(), d.handIn(), d.publishAt(), false, d.createdAt(),
                d.updatedAt());
    }

    /** The séance {@code id} if {@code who} wrote it: 404 when it does not exist or is not readable, 403 when not theirs. */
    Seance ownSeance(Person who, long id) throws SQLException {
        Seance s = readableSeance(who, id);
        access.requireOn(who, CahierModule.WRITE, Target.division(new Uai(s.scope().school()), s.scope().divisionId()));
        if (!s.scope().authorId().equals(who.id().value())) {
            throw new ProblemException(403, "not-author", "Seul l'auteur de cette séance (" + s.scope().authorName() + ") peut la modifier.");
        }
        return s;
    }

    /** The séance {@code id} if {@code who} may read it (published, or theirs); else 404. */
    Seance readableSeance(Person who, long id) throws SQLException {
        Seance s = store.seance(id).orElseThrow(Cahier::notFound);
        if (!mayRead(who, s.scope(), s.publishedAt(clock.instant()), new HashMap<>())) {
            throw notFound();
        }
        return s;
    }

    Devoir readableDevoir(Person who, long id) throws SQLException {
        Devoir d = store.devoir(id).orElseThrow(Cahier::notFound);
        if (!mayRead(who, d.scope(), d.publishedAt(clock.instant()), new HashMap<>())) {
            throw notFound();
        }
        return d;
    }

    /**
     * Of these séances and devoirs, the ids {@code who} may read, each decided as {@link #readableSeance} and
     * {@link #readableDevoir} decide (a search page's second check): one query per kind, one access decision per division.
     */
    record Readable(Set<Long> seances, Set<Long> devoirs) {
    }

    Readable readable(Person who, Collection<Long> seances, Collection<Long> devoirs) throws SQLException {
        Instant now = clock.instant();
        Map<String, Boolean> decided = new HashMap<>();
        Set<Long> s = new HashSet<>();
        for (Seance x : store.seances(seances)) {
            if (mayRead(who, x.scope(), x.publishedAt(now), decided)) {
                s.add(x.id());
            }
        }
        Set<Long> d = new HashSet<>();
        for (Devoir x : store.devoirs(devoirs)) {
            if (mayRead(who, x.scope(), x.publishedAt(now), decided)) {
                d.add(x.id());
            }
        }
        return new Readable(s, d);
    }

    /** May {@code who} read an entry of this scope: {@code access} on its division (remembered in {@code decided}), and published or theirs. */
    private boolean mayRead(Person who, Scope scope, boolean published, Map<String, Boolean> decided) {
        boolean allowed = decided.computeIfAbsent(scope.school() + '\u0000' + scope.divisionId(),
                k -> access.decideOn(who, CahierModule.READ, Target.division(new Uai(scope.school()), scope.divisionId())).allowed());
        return allowed && (published || scope.authorId().equals(who.id().value()));
    }

    Devoir ownDevoir(Person who, long id) throws SQLException {
        Devoir d = readableDevoir(who, id);
        access.requireOn(who, CahierModule.WRITE, Target.division(new Uai(d.scope().school()), d.scope().divisionId()));
        if (!d.scope().authorId().equals(who.id().value())) {
            throw new ProblemException(403, "not-author", "Seul l'auteur de ce devoir (" + d.scope().authorName() + ") peut le modifier.");
        }
        return d;
    }

    static ProblemException notFound() {
        return new ProblemException(404, "not-found", "Cette entrée du cahier de textes n'existe pas ou plus.");
    }

    /** A checked séance with its links and devoirs (ids 0 for new devoirs). */
    record Checked(Seance seance, List<Link> links, List<Devoir> devoirs) {
    }

    Checked check(Person who, SeanceInput in, Seance old) throws SQLException {
        if (in == null) {
            throw new ProblemException(400, "invalid-seance", "Envoyez la séance à enregistrer.");
        }
        Scope scope = scope(who, in.classe(), in.matiere());
        Kind kind;
        try {
            kind = in.kind() == null || in.kind().isBlank() ? Kind.SEANCE : Kind.valueOf(in.kind().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "invalid-seance", "Le type « " + Rules.shorten(in.kind()) + " » n'existe pas (SEANCE ou JOURNAL).");
        }
        LocalDate today = today();
        LocalDate date = Rules.date(in.date(), "invalid-seance", "la date de la séance");
        Rules.inSchoolYear(date, today, "date de la séance");
        LocalTime start = Rules.time(in.debut(), "invalid-seance", "l'heure de début");
        LocalTime end = Rules.time(in.fin(), "invalid-seance", "l'heure de fin");
        if (!end.isAfter(start)) {
            throw new ProblemException(400, "invalid-seance", "L'heure de fin doit être après l'heure de début.");
        }
        String title = in.titre() == null ? "" : in.titre().strip();
        if (title.isEmpty() || title.length() > Rules.TITLE_MAX) {
            throw new ProblemException(400, "invalid-seance", "Donnez un titre à la séance (" + Rules.TITLE_MAX + " caractères au plus).");
        }
        String content = HtmlPolicy.sanitize(in.contenu(), "le contenu de la séance");
        if (HtmlPolicy.plainText(content).length() > Rules.CONTENT_MAX || content.length() > 32_000) {
            throw new ProblemException(400, "invalid-seance", "Le contenu de la séance est trop long (" + Rules.CONTENT_MAX
                    + " caractères au plus).");
        }
        List<Link> links = links(in.liens());
        requireNotVisaed(scope.divisionId(), scope.divisionLabel(), date);
        Instant now = clock.instant();
        Instant publishAt = old != null && old.publishAt().isBefore(now) && (in.publishAt() == null || in.publishAt().isBlank())
                ? old.publishAt() : publishAt(in.publishAt(), now, "invalid-seance");
        Seance seance = new Seance(old == null ? 0 : old.id(), scope, kind, date, start.toString(), end.toString(), title, content, publishAt,
                old == null ? now : old.createdAt(), now);
        List<DevoirInput> ins = in.devoirs() == null ? List.of() : in.devoirs();
        if (ins.size() > Rules.DEVOIRS_MAX) {
            throw new ProblemException(400, "invalid-devoir", "Une séance porte au plus " + Rules.DEVOIRS_MAX + " devoirs.");
        }
        List<Devoir> devoirs = new ArrayList<>();
        int n = 1;
        for (DevoirInput d : ins) {
            Devoir dv = devoir(d, scope, date, publishAt, today, now, ins.size() > 1 ? " n° " + n : "");
            if (dv.publishAt().isBefore(publishAt)) {
                // a devoir of a séance never shows before its séance: at the earliest, with it
                dv = new Devoir(dv.id(), dv.seanceId(), dv.scope(), dv.due(), dv.kind(), dv.instructions(), dv.minutes(), dv.handIn(),
                        publishAt, dv.notified(), dv.createdAt(), dv.updatedAt());
            }
            devoirs.add(dv);
            n++;
        }
        return new Checked(seance, links, devoirs);
    }

    /** A checked devoir of {@code scope}; {@code seanceDate} null for a devoir given alone. */
    Devoir devoir(DevoirInput d, Scope scope, LocalDate seanceDate, Instant defaultPublish, LocalDate today, Instant now, String which) {
        if (d == null) {
            throw new ProblemException(400, "invalid-devoir", "Un devoir est vide.");
        }
        LocalDate due = Rules.date(d.pour(), "invalid-devoir", "la date « pour le » du devoir" + which);
        Rules.inSchoolYear(due, today, "date « pour le » du devoir" + which);
        if (seanceDate != null && due.isBefore(seanceDate)) {
            throw new ProblemException(400, "due-before-seance", "Le devoir" + which + " est pour le " + French.day(due, true)
                    + ", avant la séance du " + French.day(seanceDate, true) + " : choisissez une date à partir du jour de la séance.");
        }
        DevoirKind kind = d.kind() == null || d.kind().isBlank() ? DevoirKind.MAISON : DevoirKind.parse(d.kind())
                .orElseThrow(() -> new ProblemException(400, "invalid-devoir", "Le type de devoir « " + Rules.shorten(d.kind())
                        + " » n'existe pas."));
        String instructions = HtmlPolicy.sanitize(d.instructions(), "les consignes du devoir" + which);
        if (instructions.isEmpty()) {
            throw new ProblemException(400, "invalid-devoir", "Écrivez les consignes du devoir" + which + ".");
        }
        if (HtmlPolicy.plainText(instructions).length() > Rules.CONTENT_MAX || instructions.length() > 32_000) {
            throw new ProblemException(400, "invalid-devoir", "Les consignes du devoir" + which + " sont trop longues.");
        }
        if (d.minutes() != null && (d.minutes() < 1 || d.minutes() > Rules.MINUTES_MAX)) {
            throw new ProblemException(400, "invalid-devoir", "La durée estimée du devoir" + which + " va de 1 à " + Rules.MINUTES_MAX
                    + " minutes.");
        }
        Instant publish = d.publishAt() == null || d.publishAt().isBlank() ? defaultPublish : publishAt(d.publishAt(), now, "invalid-devoir");
        long id = 0;
        if (d.id() != null && !d.id().isBlank()) {
            try {
                id = Long.parseLong(d.id().trim());
            } catch (NumberFormatException e) {
                throw new ProblemException(400, "invalid-devoir", "Identifiant de devoir invalide.");
            }
        }
        return new Devoir(id, null, scope, due, kind, instructions, d.minutes(), Boolean.TRUE.equals(d.rendu()), publish, false, now, now);
    }

    private static List<Link> links(List<LinkInput> in) {
        if (in == null) {
            return List.of();
        }
        if (in.size() > Rules.LINKS_MAX) {
            throw new ProblemException(400, "invalid-seance", "Une séance porte au plus " + Rules.LINKS_MAX + " liens.");
        }
        List<Link> out = new ArrayList<>();
        for (LinkInput l : in) {
            String url = l == null || l.url() == null ? "" : l.url().strip();
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                uri = null;
            }
            String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (url.length() > 2000 || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
                throw new ProblemException(400, "invalid-seance", "Le lien « " + Rules.shorten(url)
                        + " » n'est pas une adresse web valide (https://…).");
            }
            String label = l.label() == null || l.label().isBlank() ? url : l.label().strip();
            out.add(new Link(url, label.length() > 200 ? label.substring(0, 200) : label));
        }
        return out;
    }

    /** A devoir given alone. */
    long createDevoir(Person who, DevoirInput in) throws SQLException {
        if (in == null) {
            throw new ProblemException(400, "invalid-devoir", "Envoyez le devoir à enregistrer.");
        }
        Scope scope = scope(who, in.classe(), in.matiere());
        Instant now = clock.instant();
        Devoir d = devoir(new DevoirInput(null, in.classe(), in.matiere(), in.pour(), in.kind(), in.instructions(), in.minutes(), in.rendu(),
                in.publishAt()), scope, null, now, today(), now, "");
        requireNotVisaed(scope.divisionId(), scope.divisionLabel(), d.due());
        long id = store.write(conn -> store.insertDevoir(conn, d));
        changed.accept(-1L);
        return id;
    }

    void updateDevoir(Person who, long id, DevoirInput in) throws SQLException {
        Devoir old = ownDevoir(who, id);
        if (in == null) {
            throw new ProblemException(400, "invalid-devoir", "Envoyez le devoir à enregistrer.");
        }
        LocalDate seanceDate = old.seanceId() == null ? null : store.seance(old.seanceId()).map(Seance::date).orElse(null);
        requireNotVisaed(old.scope().divisionId(), old.scope().divisionLabel(), seanceDate != null ? seanceDate : old.due());
        Instant now = clock.instant();
        Devoir d = devoir(in, old.scope(), seanceDate, old.publishAt().isBefore(now) ? old.publishAt() : now, today(), now, "");
        if (old.seanceId() == null) {
            requireNotVisaed(old.scope().divisionId(), old.scope().divisionLabel(), d.due());
        }
        Devoir updated = new Devoir(id, old.seanceId(), old.scope(), d.due(), d.kind(), d.instructions(), d.minutes(), d.handIn(), d.publishAt(),
                old.notified(), old.createdAt(), now);
        store.write(conn -> {
            store.updateDevoir(conn, updated);
            return null;
        });
        changed.accept(id);
    }

    void deleteDevoir(Person who, long id) throws SQLException {
        Devoir old = ownDevoir(who, id);
        LocalDate seanceDate = old.seanceId() == null ? null : store.seance(old.seanceId()).map(Seance::date).orElse(null);
        requireNotVisaed(old.scope().divisionId(), old.scope().divisionLabel(), seanceDate != null ? seanceDate : old.due());
        store.write(conn -> store.deleteDevoir(conn, id));
        changed.accept(id);
    }

    /** A pupil's own tick. */
    void markDone(Person who, long id, boolean done) throws SQLException {
        access.requireOn(who, CahierModule.MARK_DONE, Target.person(who.uai(), who.id()));
        Devoir d = readableDevoir(who, id);
        try {
            store.setDone(d.id(), who.id().value(), done, clock.instant());
        } finally {
            synchronized (ticks) {
                tickGeneration.incrementAndGet();
                ticks.remove(who.id().value());
            }
        }
    }

    /** A correction of one's own entry (the only change left once it is visa'd). */
    void amend(Person who, Long seance, Long devoir, String text) throws SQLException {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty() || t.length() > Rules.AMENDMENT_MAX) {
            throw new ProblemException(400, "invalid-amendment", "Écrivez le rectificatif (" + Rules.AMENDMENT_MAX + " caractères au plus).");
        }
        if (seance != null) {
            ownSeance(who, seance);
        } else {
            ownDevoir(who, devoir);
        }
        store.insertAmendment(new Amendment(0, seance, devoir, who.id().value(), who.displayName(), t, clock.instant()));
    }

    /** Copies one's séance (with its devoirs, shifted by as many days, links and pieces) to another class, as a new séance. */
    long copy(Person who, long id, Views.CopyInput in) throws SQLException {
        Seance s = ownSeance(who, id);
        if (in == null) {
            throw new ProblemException(400, "invalid-seance", "Indiquez la classe et la date de la copie.");
        }
        LocalDate date = in.date() == null || in.date().isBlank() ? s.date() : Rules.date(in.date(), "invalid-seance", "la date de la copie");
        long shift = ChronoUnit.DAYS.between(s.date(), date);
        List<Devoir> devoirs = store.devoirsOf(List.of(id)).getOrDefault(id, List.of());
        List<Link> links = store.links(List.of(id)).getOrDefault(id, List.of());
        List<DevoirInput> dins = devoirs.stream().map(d -> new DevoirInput(null, null, null, d.due().plusDays(shift).toString(), d.kind().name(),
                d.instructions(), d.minutes(), d.handIn(), null)).toList();
        Division target = division(in.classe());
        // the same matière in the target class, else the teacher's only matière there
        List<Teaching> there = directory.teachingsOf(who.id()).stream().filter(t -> t.division().id().equals(target.id())).toList();
        String subject = there.stream().noneMatch(t -> t.subjectCode().equals(s.scope().subjectCode())) && there.size() == 1
                ? there.get(0).subjectCode() : s.scope().subjectCode();
        SeanceInput copy = new SeanceInput(target.id(), subject, s.kind().name(), date.toString(),
                in.debut() == null || in.debut().isBlank() ? s.start() : in.debut(), in.fin() == null || in.fin().isBlank() ? s.end() : in.fin(),
                s.title(), s.content(), links.stream().map(l -> new LinkInput(l.url(), l.label())).toList(), null, dins);
        long created = create(who, copy);
        List<Piece> pieces = store.pieces(List.of(id)).getOrDefault(id, List.of());
        if (!pieces.isEmpty()) {
            store.write(conn -> {
                for (Piece p : pieces) {
                    store.insertPiece(conn, new Piece(0, created, p.fileName(), p.mediaType(), p.size(), p.blob(), clock.instant()));
                }
                return null;
            });
        }
        return created;
    }

    /**
     * Copies one's séances of {@code source} between two dates into {@code target}, shifted so that
     * the first day lands on {@code start} (e.g. last year's progression, week days kept when the
     * shift is a whole number of weeks). All or nothing.
     */
    int copyRange(Person who, Views.RangeCopyInput in) throws SQLException {
        if (in == null) {
            throw new ProblemException(400, "invalid-range", "Indiquez la progression à reprendre.");
        }
        // one's own séances: of a class of the annuaire one reads, or of last year's class that it no longer lists
        String sourceId = in.source() == null ? "" : in.source().trim();
        Optional<Division> known = sourceId.isEmpty() ? Optional.empty() : directory.division(sourceId);
        if (known.isPresent()) {
            access.requireOn(who, CahierModule.READ, Target.division(known.get().uai(), known.get().id()));
        }
        String sourceLabel = known.map(Division::label).orElseGet(() -> Rules.shorten(sourceId));
        LocalDate from = Rules.date(in.from(), "invalid-range", "le début de la période à reprendre");
        LocalDate to = Rules.date(in.to(), "invalid-range", "la fin de la période à reprendre");
        Rules.range(from, to);
        LocalDate start = Rules.date(in.debut(), "invalid-range", "la date où placer la première séance");
        long shift = ChronoUnit.DAYS.between(from, start);
        Division target = division(in.cible());
        List<Seance> mine = sourceId.isEmpty() ? List.of() : store.seancesBy(who.id().value(), sourceId, from, to);
        if (mine.isEmpty()) {
            throw new ProblemException(400, "nothing-to-copy", "Vous n'avez écrit aucune séance en " + sourceLabel + " entre le "
                    + French.day(from, true) + " et le " + French.day(to, true) + ".");
        }
        if (mine.size() > 500) {
            throw new ProblemException(400, "invalid-range", "Reprenez au plus 500 séances à la fois.");
        }
        List<Checked> all = new ArrayList<>();
        Map<Long, List<Devoir>> devoirs = store.devoirsOf(mine.stream().map(Seance::id).toList());
        Map<Long, List<Link>> links = store.links(mine.stream().map(Seance::id).toList());
        List<Teaching> there = directory.teachingsOf(who.id()).stream().filter(t -> t.division().id().equals(target.id())).toList();
        for (Seance s : mine) {
            String subject = s.scope().subjectCode();
            if (there.stream().noneMatch(t -> t.subjectCode().equals(s.scope().subjectCode())) && there.size() == 1) {
                subject = there.get(0).subjectCode();
            }
            List<DevoirInput> dins = devoirs.getOrDefault(s.id(), List.of()).stream().map(d -> new DevoirInput(null, null, null,
                    d.due().plusDays(shift).toString(), d.kind().name(), d.instructions(), d.minutes(), d.handIn(), null)).toList();
            all.add(check(who, new SeanceInput(target.id(), subject, s.kind().name(), s.date().plusDays(shift).toString(), s.start(), s.end(),
                    s.title(), s.content(), links.getOrDefault(s.id(), List.of()).stream().map(l -> new LinkInput(l.url(), l.label())).toList(),
                    null, dins), null));
        }
        store.write(conn -> {
            for (Checked c : all) {
                insert(conn, c);
            }
            return null;
        });
        changed.accept(-1L);
        return all.size();
    }

    private void insert(Connection conn, Checked c) throws SQLException {
        long sid = store.insertSeance(conn, c.seance());
        store.replaceLinks(conn, sid, c.links());
        for (Devoir d : c.devoirs()) {
            store.insertDevoir(conn, withSeance(d, sid));
        }
    }

    /** Puts a visa on a division's cahier up to a date (not in the future). */
    Visa visa(Person who, Views.VisaInput in) throws SQLException {
        if (in == null) {
            throw new ProblemException(400, "invalid-visa", "Indiquez la classe et la date du visa.");
        }
        Division d = division(in.classe());
        access.requireOn(who, CahierModule.VISA, Target.division(d.uai(), d.id()));
        LocalDate until = Rules.date(in.until(), "invalid-visa", "la date jusqu'à laquelle le cahier est visé");
        if (until.isAfter(today())) {
            throw new ProblemException(400, "invalid-visa", "Un visa porte sur des séances passées : choisissez une date jusqu'à aujourd'hui.");
        }
        Visa previous = store.latestVisas(List.of(d.id())).get(d.id());
        if (previous != null && !until.isAfter(previous.until())) {
            throw new ProblemException(409, "visa-exists", "Le cahier de " + d.label() + " est déjà visé jusqu'au "
                    + French.day(previous.until(), true) + ".");
        }
        Visa v = new Visa(0, d.uai().value(), d.id(), until, who.id().value(), who.displayName(), clock.instant());
        long id = store.insertVisa(v);
        return new Visa(id, v.school(), v.divisionId(), v.until(), v.byId(), v.byName(), v.at());
    }

    // --- CahierService -----------------------------------------------------------------------

    @Override
    public Optional<fr.preau.cahier.Devoir> devoir(long id) {
        try {
            return store.devoir(id).filter(d -> d.publishedAt(clock.instant())).map(Cahier::api);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<fr.preau.cahier.Devoir> handIns(String divisionId, LocalDate from, LocalDate to) {
        try {
            Instant now = clock.instant();
            return store.devoirsDue(List.of(divisionId), from, to).stream().filter(d -> d.handIn() && d.publishedAt(now)).map(Cahier::api)
                    .toList();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static fr.preau.cahier.Devoir api(Devoir d) {
        return new fr.preau.cahier.Devoir(d.id(), d.scope().divisionId(), d.scope().subjectLabel(), d.due(), d.kind(),
                HtmlPolicy.summary(d.instructions(), 200), d.handIn());
    }
}
