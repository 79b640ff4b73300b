package fr.preau.benchsearch;

import fr.preau.api.Person;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.api.spi.SearchDocument;
import fr.preau.api.spi.SearchPrincipals;
import fr.preau.api.spi.SearchSource;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.search.internal.BenchWords;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.ServiceReference;

/**
 * The search source of {@code ./preau bench search}'s REST half, dropped into a demo box's {@code deploy/} by the
 * bench (never shipped): module {@code bench}, {@code preau.bench.search.documents} generated documents (100,000 by
 * default) spread over the demo collège's classes and groupes like a cahier's — readers a class, its responsables and
 * the direction; one in ten owned by a teacher; one in ten planned for tomorrow — with the words of {@link BenchWords}.
 * Documents are computed from their number (seeded), so that the listing streams them and {@link #document} gives the
 * same one back. The second check asks the annuaire whether the person attends or teaches the class (the direction:
 * always), as a module's check would ask its own rules; a page of hits asks it once.
 */
public final class BenchSource implements BundleActivator, SearchSource {

    private static final Uai COLLEGE = new Uai("0999999Z");
    private static final Instant NOW = Instant.now();

    private volatile ServiceRegistration<SearchSource> registration;
    private volatile DirectoryService directory;
    private Thread waiter;
    private List<String> words;
    private List<Division> divisions;
    private int count;

    @Override
    public void start(BundleContext context) {
        count = Integer.getInteger("preau.bench.search.documents", 100_000);
        words = BenchWords.vocabulary(new Random(42), 5_000);
        // registered once the demo collège's classes are in the annuaire (its import runs at the first boot)
        waiter = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                ServiceReference<DirectoryService> ref = context.getServiceReference(DirectoryService.class);
                DirectoryService d = ref == null ? null : context.getService(ref);
                List<Division> found = d == null ? List.of() : d.divisions(COLLEGE);
                if (!found.isEmpty()) {
                    directory = d;
                    divisions = found;
                    registration = context.registerService(SearchSource.class, this, null);
                    return;
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "preau-bench-search");
        waiter.setDaemon(true);
        waiter.start();
    }

    @Override
    public void stop(BundleContext context) throws InterruptedException {
        waiter.interrupt();
        waiter.join(5_000);
        if (registration != null) {
            registration.unregister();
        }
    }

    @Override
    public String module() {
        return "bench";
    }

    @Override
    public void documents(Consumer<? super SearchDocument> sink) {
        for (int i = 0; i < count; i++) {
            sink.accept(document(i));
        }
    }

    @Override
    public Optional<SearchDocument> document(String id) {
        int i = number(id);
        return i < 0 ? Optional.empty() : Optional.of(document(i));
    }

    @Override
    public boolean visible(Person who, String id) {
        int i = number(id);
        if (i < 0) {
            return false;
        }
        if (who.has(Profile.DIRECTION)) {
            return true;
        }
        String division = division(i).id();
        return directory.divisionsOf(who.id()).stream().anyMatch(x -> x.id().equals(division));
    }

    /** The same check for a page of hits: the annuaire is asked once for the page, not once per hit. */
    @Override
    public Set<String> visible(Person who, List<String> ids) {
        Set<String> out = new HashSet<>();
        boolean direction = who.has(Profile.DIRECTION);
        Set<String> mine = null;
        for (String id : ids) {
            int i = number(id);
            if (i < 0) {
                continue;
            }
            if (!direction && mine == null) {
                mine = new HashSet<>();
                for (Division x : directory.divisionsOf(who.id())) {
                    mine.add(x.id());
                }
            }
            if (direction || mine.contains(division(i).id())) {
                out.add(id);
            }
        }
        return out;
    }

    /** The number of a document id ({@code doc:<n>}), or -1 when it names none. */
    private int number(String id) {
        try {
            int i = Integer.parseInt(id.substring(id.indexOf(':') + 1));
            return i >= 0 && i < count ? i : -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private Division division(int i) {
        return divisions.get(new Random(i * 1_000_003L + 7).nextInt(divisions.size()));
    }

    private SearchDocument document(int i) {
        Random random = new Random(i * 1_000_003L + 7);
        Division d = divisions.get(random.nextInt(divisions.size()));
        String text = BenchWords.phrase(random, words, 40);
        String title = BenchWords.phrase(random, words, 5);
        String id = "doc:" + i;
        return new SearchDocument("bench", id, i % 3 == 0 ? "fichier" : "devoir", title.strip(), text,
                NOW.minusSeconds(random.nextInt(30_000_000)), "/#/", Set.of(SearchPrincipals.division(d.id()),
                        SearchPrincipals.divisionParents(d.id()), SearchPrincipals.profile(COLLEGE, Profile.DIRECTION)),
                i % 10 == 0 ? Set.of(SearchPrincipals.person("prof" + random.nextInt(60))) : Set.of(),
                i % 10 == 1 ? NOW.plusSeconds(86_400) : null);
    }
}
