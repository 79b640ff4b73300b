package fr.preau.search.internal;

import fr.preau.access.AccessService;
import fr.preau.api.Person;
import fr.preau.api.spi.CatalogueEntry;
import fr.preau.api.spi.SearchChanges;
import fr.preau.api.spi.SearchContributor;
import fr.preau.api.spi.SearchHit;
import fr.preau.api.spi.SearchDocument;
import fr.preau.api.spi.SearchSource;
import fr.preau.directory.DirectoryService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.MultiCollector;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollector;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search module's heart: the index, the sources that feed it, and the queries.
 * <ul>
 * <li>Every {@link SearchSource} bound is listed on the indexing thread (its documents written with a new
 * generation, those the listing no longer has dropped), and watched for changes, which are indexed and
 * visible within a second (near-real-time refresh after each batch).</li>
 * <li>A source that goes (module uninstalled) leaves the set of live modules at once (queries filter on
 * it) and its documents are deleted; when it comes back it is listed again.</li>
 * <li>An index found missing or corrupt on start is rebuilt from the sources; the referent follows the
 * progress through {@link #status()}.</li>
 * </ul>
 * All index writes happen on one thread; queries run on the callers' threads.
 */
@Component(service = SearchEngine.class, immediate = true, configurationPid = "fr.preau.search")
@Designate(ocd = SearchEngine.Config.class)
public final class SearchEngine {

    private static final Logger LOG = LoggerFactory.getLogger(SearchEngine.class);

    @ObjectClassDefinition(name = "Préau – recherche")
    public @interface Config {
        @AttributeDefinition(description = "Seconds between two commits of the index to disk (changes are searchable before)")
        int commit_seconds() default 5;

        @AttributeDefinition(description = "Index folder; empty for <karaf.data>/preau/search/index")
        String index_path() default "";
    }

    /** Results per page. */
    static final int PAGE_SIZE = 20;
    /** Last page a person may ask for. */
    static final int MAX_PAGE = 50;
    /** The most hits one request may ask for ({@code limit}). */
    static final int MAX_LIMIT = 50;
    static final int SUGGESTIONS = 8;

    private final DirectoryService directory;
    private final AccessService access;
    private final Clock clock;
    private final Principals principals;
    private final Analyzer analyzer = FrenchText.analyzer();
    private final SearchIndex index;
    private final ScheduledExecutorService indexer;
    private final Map<String, Bound> sources = new ConcurrentHashMap<>();
    private final Set<Key> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final AtomicLong generations = new AtomicLong(System.currentTimeMillis());
    private final AtomicInteger listingsQueued = new AtomicInteger();
    private final Map<String, SourceState> states = new ConcurrentHashMap<>();
    private volatile String rebuildReason;
    private volatile Instant rebuildStarted;
    private volatile Instant rebuildFinished;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<CatalogueEntry> catalogue;

    /** Modules that have no {@link SearchSource} are still searched through these (see {@link #fallback}). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<SearchContributor> contributors;

    private record Key(String module, String id) {
    }

    /** A source while bound: its change listener and the generation its documents are written with. */
    private final class Bound implements SearchChanges {
        final String module;
        final SearchSource source;
        volatile String generation = "0";
        volatile boolean closed;

        Bound(String module, SearchSource source) {
            this.module = module;
            this.source = source;
        }

        @Override
        public void changed(String id) {
            if (!closed && id != null) {
                pending.add(new Key(module, id));
                scheduleFlush();
            }
        }

        @Override
        public void removed(String id) {
            changed(id); // the flush finds it gone and deletes it
        }

        @Override
        public void changedAll() {
            if (!closed) {
                queueListing(this);
            }
        }
    }

    /** What the referent sees of one source. */
    record SourceState(String state, long listed, Instant lastListed, String error) {
    }

    @Activate
    public SearchEngine(@Reference(name = "directory") DirectoryService directory, @Reference(name = "access") AccessService access,
            @Reference(name = "clock") Clock clock, Config config) throws IOException {
        this(directory, access, clock, config.index_path().isBlank()
                ? Paths.get(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "preau", "search", "index")
                : Paths.get(config.index_path()), Math.max(1, config.commit_seconds()));
    }

    SearchEngine(DirectoryService directory, AccessService access, Clock clock, Path indexPath, int commitSeconds) throws IOException {
        this.directory = directory;
        this.access = access;
        this.clock = clock;
        this.principals = new Principals(directory);
        this.index = new SearchIndex(indexPath, analyzer);
        if (index.opened() != SearchIndex.Opened.SOUND) {
            rebuildReason = index.opened().name();
            rebuildStarted = clock.instant();
            LOG.info("Search index {}: rebuilding it from the modules", index.opened() == SearchIndex.Opened.MISSING ? "missing" : "corrupt");
        }
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "preau-search-indexer");
            t.setDaemon(true);
            return t;
        });
        ex.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.indexer = ex;
        indexer.scheduleWithFixedDelay(this::commit, commitSeconds, commitSeconds, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        for (Bound b : sources.values()) {
            b.closed = true;
            try {
                b.source.watch(null);
            } catch (RuntimeException e) {
                LOG.debug("Source {} refused to stop watching", b.module, e);
            }
        }
        indexer.shutdown();
        try {
            if (!indexer.awaitTermination(20, TimeUnit.SECONDS)) {
                indexer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            index.close();
        } catch (IOException e) {
            LOG.warn("Search index not closed cleanly: {}", e.toString());
        }
    }

    // --- sources ---------------------------------------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindSource(SearchSource source) {
        String module = source.module();
        Bound b = new Bound(module, source);
        if (sources.putIfAbsent(module, b) != null) {
            LOG.error("Two search sources for module {}: the second is ignored", module);
            return;
        }
        try {
            source.watch(b);
        } catch (RuntimeException e) {
            LOG.warn("Search source {} cannot be watched ({}); it is listed again on demand only", module, e.toString());
        }
        queueListing(b);
        LOG.info("Search source {} added", module);
    }

    void unbindSource(SearchSource source) {
        String module;
        try {
            module = source.module();
        } catch (RuntimeException e) {
            module = sources.entrySet().stream().filter(en -> en.getValue().source == source).map(Map.Entry::getKey).findFirst().orElse(null);
        }
        if (module == null) {
            return;
        }
        Bound b = sources.get(module);
        if (b == null || b.source != source || !sources.remove(module, b)) {
            return;
        }
        b.closed = true;
        try {
            source.watch(null);
        } catch (RuntimeException e) {
            LOG.debug("Source {} refused to stop watching", module, e);
        }
        states.remove(module);
        String gone = module;
        submit(() -> {
            if (!sources.containsKey(gone)) {
                index.deleteModule(gone);
                index.refresh();
            }
        });
        LOG.info("Search source {} removed: its documents are dropped from the index", module);
    }

    private void queueListing(Bound b) {
        listingsQueued.incrementAndGet();
        states.put(b.module, new SourceState("WAITING", 0, last(b.module), null));
        submit(() -> {
            try {
                list(b);
            } finally {
                if (listingsQueued.decrementAndGet() == 0 && rebuildStarted != null && rebuildFinished == null) {
                    rebuildFinished = clock.instant();
                    LOG.info("Search index rebuilt");
                }
            }
        });
    }

    private Instant last(String module) {
        SourceState s = states.get(module);
        return s == null ? null : s.lastListed();
    }

    /** Lists a source again: writes all its documents with a new generation, then drops the others. */
    private void list(Bound b) throws IOException {
        if (b.closed || sources.get(b.module) != b) {
            return;
        }
        String gen = Long.toString(generations.incrementAndGet());
        b.generation = gen;
        long[] count = {0};
        states.put(b.module, new SourceState("LISTING", 0, last(b.module), null));
        try {
            b.source.documents(d -> {
                if (b.closed) {
                    throw new Stopped();
                }
                if (!b.module.equals(d.module())) {
                    return;
                }
                try {
                    index.upsert(d, gen);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (++count[0] % 500 == 0) {
                    states.put(b.module, new SourceState("LISTING", count[0], last(b.module), null));
                }
            });
        } catch (Stopped stopped) {
            return;
        } catch (RuntimeException e) {
            LOG.warn("Listing search source {} failed after {} documents: {}", b.module, count[0], e.toString());
            states.put(b.module, new SourceState("FAILED", count[0], last(b.module), e.getClass().getSimpleName()));
            index.refresh();
            return;
        }
        if (b.closed || sources.get(b.module) != b) {
            return;
        }
        index.deleteStale(b.module, gen);
        index.refresh();
        states.put(b.module, new SourceState("READY", count[0], clock.instant(), null));
        LOG.info("Search source {} listed: {} documents", b.module, count[0]);
    }

    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super(null, null, false, false);
        }
    }

    private void scheduleFlush() {
        if (flushScheduled.compareAndSet(false, true)) {
            submit(this::flush);
        }
    }

    /** Indexes the changes told so far: each document is read back from its source. */
    private void flush() throws IOException {
        flushScheduled.set(false);
        List<Key> keys = new ArrayList<>(pending);
        pending.removeAll(keys);
        if (keys.isEmpty()) {
            return;
        }
        for (Key k : keys) {
            Bound b = sources.get(k.module());
            if (b == null || b.closed) {
                continue;
            }
            try {
                SearchDocument d = b.source.document(k.id()).orElse(null);
                if (d != null && d.module().equals(k.module()) && d.id().equals(k.id())) {
                    index.upsert(d, b.generation);
                } else {
                    index.delete(k.module(), k.id());
                }
            } catch (RuntimeException e) {
                LOG.warn("Search source {} could not give a changed document: {}", k.module(), e.toString());
            }
        }
        index.refresh();
    }

    private void commit() {
        try {
            index.commit();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Search index commit failed: {}", e.toString());
        }
    }

    interface IndexWork {
        void run() throws IOException;
    }

    private void submit(IndexWork work) {
        try {
            indexer.execute(() -> {
                try {
                    work.run();
                } catch (IOException | RuntimeException e) {
                    LOG.error("Search indexing failed", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // deactivating: the next start lists every source again
        }
    }

    /** Rebuilds the whole index from the sources (the referent's « Reconstruire l'index »). */
    void rebuild() {
        rebuildReason = "REQUESTED";
        rebuildStarted = clock.instant();
        rebuildFinished = null;
        submit(() -> {
            index.deleteAll();
            index.refresh();
        });
        for (Bound b : sources.values()) {
            queueListing(b);
        }
        if (sources.isEmpty()) {
            rebuildFinished = rebuildStarted;
        }
    }

    /** Waits until every queued indexing task so far has run (tests). */
    void awaitIdle() throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        indexer.execute(done::countDown);
        done.await(30, TimeUnit.SECONDS);
    }

    // --- queries ---------------------------------------------------------------------------------

    /** A hit as the REST contract gives it: {@code snippet} is HTML (escaped text, matches in {@code <mark>}), {@code date} YYYY-MM-DD. */
    record Hit(String module, String moduleName, String type, String title, String snippet, String url, String date) {
    }

    record Result(long total, List<Hit> items, Map<String, Map<String, Long>> facets) {
    }

    record Suggestion(String title, String module, String type, String url) {
    }

    /** The modules whose documents {@code who} may find now: installed, and usable by them when they have a tile. */
    private Set<String> liveFor(Person who) {
        Set<String> live = new LinkedHashSet<>(sources.keySet());
        List<CatalogueEntry> entries = catalogue;
        if (entries != null) {
            for (CatalogueEntry e : entries) {
                try {
                    if (live.contains(e.id()) && !access.mayUse(who, e)) {
                        live.remove(e.id());
                    }
                } catch (RuntimeException gone) {
                    live.remove(safeId(e));
                }
            }
        }
        return live;
    }

    private static String safeId(CatalogueEntry e) {
        try {
            return e.id();
        } catch (RuntimeException gone) {
            return "";
        }
    }

    /**
     * One page of hits for {@code who}.
     *
     * @param module   only this module, or null
     * @param type     only this type, or null
     * @param from     documents dated from this instant, or null
     * @param to       documents dated before this instant, or null
     * @param page     1-based, of {@link #PAGE_SIZE} hits
     */
    Result search(Person who, String text, String module, String type, Instant from, Instant to, int page) {
        return search(who, text, module, type, from, to, (page - 1) * PAGE_SIZE, PAGE_SIZE);
    }

    /**
     * The hits from {@code offset} (0-based), at most {@code limit} of them; the other parameters as
     * {@link #search(Person, String, String, String, Instant, Instant, int)}.
     */
    Result search(Person who, String text, String module, String type, Instant from, Instant to, int offset, int limit) {
        List<String> words = Queries.words(analyzer, text);
        if (words.isEmpty()) {
            return new Result(0, List.of(), Map.of("module", Map.of(), "type", Map.of()));
        }
        Set<String> mine = principals.of(who);
        Set<String> live = liveFor(who);
        BooleanQuery.Builder b = new BooleanQuery.Builder()
                .add(Queries.text(words, true), Occur.MUST)
                .add(Queries.permitted(mine, live, clock.instant()), Occur.FILTER);
        if (from != null || to != null) {
            b.add(Queries.dated(from, to), Occur.FILTER);
        }
        Query base = b.build();
        BooleanQuery.Builder sb = new BooleanQuery.Builder().add(base, Occur.MUST);
        if (module != null) {
            sb.add(new TermQuery(new Term(SearchIndex.MODULE, module)), Occur.FILTER);
        }
        if (type != null) {
            sb.add(new TermQuery(new Term(SearchIndex.TYPE, type)), Occur.FILTER);
        }
        Query selected = sb.build();
        return index.withSearcher(s -> {
            try {
                // one pass for the facets and the first candidates when nothing is selected, else two
                SearchIndex.Facets counting = new SearchIndex.Facets(List.of(SearchIndex.MODULE, SearchIndex.TYPE));
                int wanted = offset + limit;
                int fetch = wanted + margin(limit);
                @SuppressWarnings("deprecation")
                TopScoreDocCollector best = TopScoreDocCollector.create(fetch, Integer.MAX_VALUE);
                long total;
                if (module == null && type == null) {
                    s.search(base, MultiCollector.wrap(best, counting));
                    total = counting.total;
                } else {
                    s.search(base, counting);
                    s.search(selected, best);
                    total = best.getTotalHits();
                }
                Map<String, Map<String, Long>> facets = counting.counts();
                StoredFields stored = s.storedFields();
                // the page is the visible hits ranked offset to offset + limit: walk the ranking from the top, checking
                // a batch at a time (one call per module); when refusals leave it short, fetch further down
                ScoreDoc[] ranked = best.topDocs().scoreDocs;
                List<Integer> page = new ArrayList<>();
                int checked = 0;
                int seen = 0;
                int hidden = 0;
                while (seen < wanted) {
                    if (checked == ranked.length) {
                        if (ranked.length >= total || fetch >= MAX_CHECKED) {
                            break;
                        }
                        fetch = (int) Math.min(MAX_CHECKED, Math.min(total, 2L * fetch));
                        ranked = s.search(selected, fetch).scoreDocs; // same searcher, same ranking, further down
                        if (ranked.length <= checked) {
                            break;
                        }
                    }
                    int end = Math.min(ranked.length, checked + (wanted - seen) + margin(limit));
                    List<Candidate> batch = candidates(s, ranked, checked, end);
                    boolean[] ok = secondCheck(who, batch);
                    for (int i = 0; i < ok.length; i++) {
                        if (!ok[i]) {
                            hidden++;
                        } else if (seen++ >= offset && page.size() < limit) {
                            page.add(batch.get(i).doc());
                        }
                    }
                    checked = end;
                }
                Snippets.Matcher matcher = new Snippets.Matcher(words, true);
                List<Hit> hits = new ArrayList<>();
                for (int doc : page) {
                    Document d = stored.document(doc);
                    String m = d.get(SearchIndex.MODULE);
                    hits.add(new Hit(m, moduleName(m), d.get(SearchIndex.TYPE), d.get(SearchIndex.TITLE),
                            Snippets.of(analyzer, SearchIndex.TEXT, d.get(SearchIndex.TEXT), matcher), d.get(SearchIndex.URL),
                            date(d)));
                }
                if (offset == 0 && type == null) {
                    fallback(who, text, module, live, hits, facets, limit);
                }
                return new Result(Math.max(hits.size(), total - hidden), hits, facets);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Hits fetched beyond a page, so that a few refused by the second check still leave it full without another search. */
    static int margin(int limit) {
        return Math.max(5, limit / 2);
    }

    /** The most ranked hits one request checks to fill its page (a source refusing nearly everything: a short page). */
    static final int MAX_CHECKED = 4 * MAX_PAGE * PAGE_SIZE;

    /** What the second check needs of a hit: its Lucene document, module and id (not its text). */
    record Candidate(int doc, String module, String id) {
    }

    /** The hits ranked {@code from} to {@code to} (exclusive), with their module and id. */
    private static List<Candidate> candidates(IndexSearcher s, ScoreDoc[] ranked, int from, int to) throws IOException {
        int[] docs = new int[to - from];
        for (int i = 0; i < docs.length; i++) {
            docs[i] = ranked[from + i].doc;
        }
        String[] modules = new String[docs.length];
        String[] ids = new String[docs.length];
        SearchIndex.keys(s, docs, modules, ids);
        List<Candidate> out = new ArrayList<>(docs.length);
        for (int i = 0; i < docs.length; i++) {
            out.add(new Candidate(docs[i], modules[i], ids[i]));
        }
        return out;
    }

    /** Titles for as-you-type suggestions, visible to {@code who}, best first. */
    List<Suggestion> suggest(Person who, String text) {
        List<String> words = Queries.words(analyzer, text);
        if (words.isEmpty()) {
            return List.of();
        }
        Query q = new BooleanQuery.Builder()
                .add(Queries.text(words, true), Occur.MUST)
                .add(Queries.permitted(principals.of(who), liveFor(who), clock.instant()), Occur.FILTER)
                .build();
        return index.withSearcher(s -> {
            try {
                List<Suggestion> out = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                StoredFields stored = s.storedFields();
                List<Candidate> candidates = new ArrayList<>();
                List<Document> docs = new ArrayList<>();
                for (ScoreDoc sd : s.search(q, SUGGESTIONS * 3).scoreDocs) {
                    Document d = stored.document(sd.doc, SUGGESTED_FIELDS);
                    docs.add(d);
                    candidates.add(new Candidate(sd.doc, d.get(SearchIndex.MODULE), d.get(SearchIndex.ID)));
                }
                boolean[] ok = secondCheck(who, candidates);
                for (int i = 0; i < docs.size() && out.size() < SUGGESTIONS; i++) {
                    Document d = docs.get(i);
                    String title = d.get(SearchIndex.TITLE);
                    if (ok[i] && seen.add(title)) {
                        out.add(new Suggestion(title, d.get(SearchIndex.MODULE), d.get(SearchIndex.TYPE), d.get(SearchIndex.URL)));
                    }
                }
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static final Set<String> SUGGESTED_FIELDS = Set.of(SearchIndex.MODULE, SearchIndex.ID, SearchIndex.TITLE, SearchIndex.TYPE,
            SearchIndex.URL);

    private static String date(Document d) {
        var f = d.getField(SearchIndex.DATE);
        return f == null || f.numericValue() == null ? null
                : Instant.ofEpochMilli(f.numericValue().longValue()).atZone(SearchResource.PARIS).toLocalDate().toString();
    }

    /** The name of a module as its catalogue tile says it. */
    String moduleName(String module) {
        List<CatalogueEntry> entries = catalogue;
        if (entries != null) {
            for (CatalogueEntry e : entries) {
                try {
                    if (e.id().equals(module)) {
                        return e.name();
                    }
                } catch (RuntimeException gone) {
                    // leaving
                }
            }
        }
        return DirectorySource.MODULE.equals(module) ? "Annuaire" : module;
    }

    /**
     * Modules that offer no {@link SearchSource} yet but a {@link SearchContributor} (the portal's simple
     * search SPI) are still searched, per request, on the first page: their hits follow the index's.
     */
    private void fallback(Person who, String text, String module, Set<String> live, List<Hit> hits,
            Map<String, Map<String, Long>> facets, int limit) {
        List<SearchContributor> all = contributors;
        List<CatalogueEntry> entries = catalogue;
        if (all == null || all.isEmpty() || entries == null) {
            return;
        }
        for (SearchContributor c : all) {
            try {
                String m = c.module();
                if (sources.containsKey(m) || (module != null && !module.equals(m))) {
                    continue;
                }
                CatalogueEntry entry = entries.stream().filter(e -> safeId(e).equals(m)).findFirst().orElse(null);
                if (entry == null || !access.mayUse(who, entry)) {
                    continue;
                }
                List<SearchHit> found = c.search(who, text, limit);
                if (found == null) {
                    continue;
                }
                for (SearchHit h : found) {
                    StringBuilder snippet = new StringBuilder();
                    Snippets.escape(snippet, h.snippet(), 0, h.snippet().length());
                    hits.add(new Hit(m, entry.name(), "resultat", h.title(), snippet.toString(), h.url(), null));
                    facets.get(SearchIndex.MODULE).merge(m, 1L, Long::sum);
                    facets.get(SearchIndex.TYPE).merge("resultat", 1L, Long::sum);
                }
            } catch (RuntimeException | LinkageError e) {
                // never log the query: it may name a pupil
                LOG.warn("Search contributor failed ({}); its hits are left out", e.getClass().getName());
            }
        }
    }

    /**
     * The sources of the hits say again whether {@code who} may open each, in one call per module
     * ({@link SearchSource#visible(Person, List)}); a source gone or failing: no. Only ids asked and answered count.
     */
    private boolean[] secondCheck(Person who, List<Candidate> hits) {
        Map<String, List<String>> byModule = new LinkedHashMap<>();
        for (Candidate c : hits) {
            byModule.computeIfAbsent(c.module(), k -> new ArrayList<>()).add(c.id());
        }
        Map<String, Set<String>> visible = new HashMap<>();
        for (Map.Entry<String, List<String>> e : byModule.entrySet()) {
            Bound b = e.getKey() == null ? null : sources.get(e.getKey());
            Set<String> ok = Set.of();
            if (b != null && !b.closed) {
                try {
                    Set<String> answer = b.source.visible(who, List.copyOf(e.getValue()));
                    ok = answer == null ? Set.of() : answer;
                } catch (RuntimeException | LinkageError refused) {
                    ok = Set.of();
                }
            }
            visible.put(e.getKey(), ok);
        }
        boolean[] out = new boolean[hits.size()];
        for (int i = 0; i < out.length; i++) {
            Candidate c = hits.get(i);
            out[i] = c.id() != null && visible.get(c.module()).contains(c.id());
        }
        return out;
    }

    // --- status ----------------------------------------------------------------------------------

    record ModuleStatus(String module, long documents, String state, long listed, Instant lastListed) {
    }

    record Status(String state, String message, long documents, List<ModuleStatus> modules, String rebuildReason,
            Instant rebuildStarted, Instant rebuildFinished, int modulesDone, int modulesTotal) {
    }

    Status status() {
        Map<String, Long> counts = index.counts();
        List<ModuleStatus> modules = new ArrayList<>();
        int done = 0;
        Map<String, Bound> now = new TreeMap<>(sources);
        for (String m : now.keySet()) {
            SourceState st = states.getOrDefault(m, new SourceState("WAITING", 0, null, null));
            if (st.state().equals("READY") || st.state().equals("FAILED")) {
                done++;
            }
            modules.add(new ModuleStatus(m, counts.getOrDefault(m, 0L), st.state(), st.listed(), st.lastListed()));
        }
        boolean busy = listingsQueued.get() > 0;
        long total = counts.entrySet().stream().filter(e -> now.containsKey(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        String message = busy
                ? "Index en cours de construction : " + done + " module(s) sur " + now.size() + " indexé(s), " + total + " éléments pour l'instant."
                : "Index à jour : " + total + " éléments de " + now.size() + " module(s).";
        return new Status(busy ? "INDEXING" : "READY", message, total, modules, rebuildReason, rebuildStarted, rebuildFinished, done,
                now.size());
    }

    /** For tests: the live sources. */
    Map<String, Object> debugSources() {
        return new LinkedHashMap<>(sources);
    }

    DirectoryService directory() {
        return directory;
    }

    /** The index itself (the benchmark compares with raw Lucene on it). */
    SearchIndex index() {
        return index;
    }

    Principals principals() {
        return principals;
    }
}
