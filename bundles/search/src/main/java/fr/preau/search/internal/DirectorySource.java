package fr.preau.search.internal;

import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.api.spi.SearchChanges;
import fr.preau.api.spi.SearchDocument;
import fr.preau.api.spi.SearchPrincipals;
import fr.preau.api.spi.SearchSource;
import fr.preau.directory.DirectoryEntry;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.directory.PeopleQuery;
import fr.preau.directory.School;
import fr.preau.directory.Teaching;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The annuaire as white pages: one document per active person (name, profile, classes, matières taught;
 * never a birth date, an address or a mail). Who finds whom follows the communication rules:
 * <ul>
 * <li>a pupil: the pupils and teachers of their classes and groupes, and the school's staff;</li>
 * <li>a responsable légal: the teachers of their children's classes and groupes, and the school's staff;</li>
 * <li>teachers, direction, personnels (and the referent, in every school): everybody of the school.</li>
 * </ul>
 * It lives in the search module rather than in {@code directory}: the directory is platform code that
 * every box runs, and white pages are a search concern; the search module only reads the directory's
 * public API. The annuaire changes by imports (a few a day at most): the source is listed again when an
 * import has finished (looked for every minute) and every {@code refresh.minutes} (deactivations, guests'
 * end dates), instead of telling each change.
 */
@Component(service = {SearchSource.class, DirectorySource.class}, configurationPid = "fr.preau.search.directory")
@Designate(ocd = DirectorySource.Config.class)
public final class DirectorySource implements SearchSource {

    static final String MODULE = "annuaire";
    private static final Set<Profile> STAFF = Collections.unmodifiableSet(
            java.util.EnumSet.of(Profile.ENSEIGNANT, Profile.DIRECTION, Profile.PERSONNEL, Profile.REFERENT));

    @ObjectClassDefinition(name = "Préau – recherche : annuaire")
    public @interface Config {
        @AttributeDefinition(description = "Minutes between two listings of the annuaire (0: only when the index is rebuilt)")
        int refresh_minutes() default 30;
    }

    private final DirectoryService directory;
    private final Principals principals;
    private final ScheduledExecutorService timer;
    private volatile SearchChanges changes;
    /** When the latest import seen had finished (null: none seen yet). */
    private volatile java.time.Instant lastImport;

    @org.osgi.service.component.annotations.Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    private volatile fr.preau.directory.ImportService imports;

    @Activate
    public DirectorySource(@Reference(name = "directory") DirectoryService directory, Config config) {
        this(directory, config.refresh_minutes());
    }

    DirectorySource(DirectoryService directory, int refreshMinutes) {
        this.directory = directory;
        this.principals = new Principals(directory);
        if (refreshMinutes > 0) {
            this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "preau-search-annuaire");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(() -> {
                SearchChanges c = changes;
                if (c != null) {
                    c.changedAll();
                }
            }, refreshMinutes, refreshMinutes, TimeUnit.MINUTES);
            timer.scheduleWithFixedDelay(this::checkImports, 1, 1, TimeUnit.MINUTES);
        } else {
            this.timer = null;
        }
    }

    /** Lists the annuaire again when an import finished since the last look. */
    void checkImports() {
        fr.preau.directory.ImportService service = imports;
        SearchChanges c = changes;
        if (service == null || c == null) {
            return;
        }
        try {
            java.time.Instant finished = service.list(5).stream().map(fr.preau.directory.ImportRun::finishedAt)
                    .filter(java.util.Objects::nonNull).max(java.util.Comparator.naturalOrder()).orElse(null);
            java.time.Instant seen = lastImport;
            if (finished != null && !finished.equals(seen)) {
                lastImport = finished;
                if (seen != null || finished.isAfter(java.time.Instant.now().minus(java.time.Duration.ofMinutes(2)))) {
                    c.changedAll();
                }
            }
        } catch (RuntimeException e) {
            // the directory is busy or leaving: next minute
        }
    }

    @Deactivate
    void deactivate() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    @Override
    public String module() {
        return MODULE;
    }

    @Override
    public void watch(SearchChanges changes) {
        this.changes = changes;
    }

    @Override
    public void documents(Consumer<? super SearchDocument> sink) {
        for (School school : directory.schools()) {
            for (DirectoryEntry e : directory.search(PeopleQuery.of(school.uai()))) {
                if (e.active() && e.person().uai().equals(school.uai())) {
                    sink.accept(document(e.person()));
                }
            }
        }
    }

    @Override
    public Optional<SearchDocument> document(String id) {
        return personId(id).flatMap(directory::find).map(this::document);
    }

    @Override
    public boolean visible(Person who, String id) {
        return !visible(who, List.of(id)).isEmpty();
    }

    /**
     * The page's people {@code who} may find: the asker's principals computed once for the page, and of each person only
     * what their readers need (their classes and groupes; not the matières, not the text).
     */
    @Override
    public Set<String> visible(Person who, List<String> ids) {
        Set<String> mine = principals.of(who);
        Set<String> out = new HashSet<>();
        for (String id : ids) {
            Optional<Person> p = personId(id).flatMap(directory::find);
            if (p.isPresent() && readers(p.get(), divisions(p.get())).stream().anyMatch(mine::contains)) {
                out.add(id);
            }
        }
        return out;
    }

    /** The classes and groupes that make a person's readers (pupils and teachers only). */
    private List<Division> divisions(Person p) {
        return p.has(Profile.ELEVE) || p.has(Profile.ENSEIGNANT) ? directory.divisionsOf(p.id()) : List.of();
    }

    /** Who finds {@code p} in the white pages (see the class comment), from their classes and groupes. */
    private static Set<String> readers(Person p, List<Division> divisions) {
        Uai uai = p.uai();
        Set<String> readers = new LinkedHashSet<>();
        readers.add(SearchPrincipals.person(p.id()));
        for (Profile staff : STAFF) {
            readers.add(SearchPrincipals.profile(uai, staff));
        }
        boolean teacher = p.has(Profile.ENSEIGNANT);
        for (Division d : divisions) {
            readers.add(SearchPrincipals.division(d.id()));
            if (teacher) {
                readers.add(SearchPrincipals.divisionParents(d.id()));
            }
        }
        if (p.has(Profile.DIRECTION) || p.has(Profile.PERSONNEL)) {
            readers.add(SearchPrincipals.school(uai));
        }
        return readers;
    }

    private static Optional<PersonId> personId(String id) {
        if (id == null || !id.startsWith("person:") || id.length() <= 7) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PersonId(id.substring(7)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A person's card in the white pages: what the search shows of them, nothing more (no birth date, no address). */
    public record Card(String id, String displayName, String type, List<String> profiles, List<String> classes, List<String> matieres) {
    }

    /**
     * The card of {@code personId} for {@code who}, when {@code who} may find that person in the white pages; empty
     * otherwise — unknown, deactivated and hidden people alike, so that nobody learns who exists.
     */
    public Optional<Card> card(Person who, String personId) {
        Optional<Person> p = personId(personId == null ? null : "person:" + personId).flatMap(directory::find);
        if (p.isEmpty() || !p.get().uai().equals(who.uai()) || !visible(who, "person:" + p.get().id().value())) {
            return Optional.empty();
        }
        Person person = p.get();
        Set<String> classes = new TreeSet<>();
        if (person.has(Profile.ELEVE) || person.has(Profile.ENSEIGNANT)) {
            for (Division d : directory.divisionsOf(person.id())) {
                classes.add(d.label() == null ? d.code() : d.label());
            }
        }
        Set<String> subjects = new TreeSet<>();
        if (person.has(Profile.ENSEIGNANT)) {
            for (Teaching t : directory.teachingsOf(person.id())) {
                if (t.subjectLabel() != null) {
                    subjects.add(t.subjectLabel());
                }
            }
        }
        SearchDocument d = document(person);
        return Optional.of(new Card(person.id().value(), person.displayName(), d.type(),
                person.profiles().stream().map(Profile::label).toList(), List.copyOf(classes), List.copyOf(subjects)));
    }

    SearchDocument document(Person p) {
        List<Division> divisions = divisions(p);
        Set<String> readers = readers(p, divisions);
        Set<String> labels = new TreeSet<>();
        Set<String> subjects = new TreeSet<>();
        boolean pupil = p.has(Profile.ELEVE);
        boolean teacher = p.has(Profile.ENSEIGNANT);
        for (Division d : divisions) {
            labels.add(d.label() == null ? d.code() : d.label());
        }
        if (teacher) {
            for (Teaching t : directory.teachingsOf(p.id())) {
                if (t.subjectLabel() != null) {
                    subjects.add(t.subjectLabel());
                }
            }
        }
        String type = pupil ? "eleve" : teacher ? "enseignant" : p.has(Profile.PARENT) ? "responsable"
                : p.has(Profile.DIRECTION) ? "direction" : "personnel";
        StringBuilder text = new StringBuilder();
        for (Profile pr : p.profiles()) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(pr.label());
        }
        if (!labels.isEmpty()) {
            text.append(pupil ? " — classe " : " — classes ").append(String.join(", ", labels));
        }
        if (!subjects.isEmpty()) {
            text.append(" — ").append(String.join(", ", subjects));
        }
        return SearchDocument.of(MODULE, "person:" + p.id().value(), type, p.displayName(), text.toString(), null,
                "/#/annuaire/" + p.id().value(), readers);
    }
}
