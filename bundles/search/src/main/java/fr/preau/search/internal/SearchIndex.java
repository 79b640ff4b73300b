package fr.preau.search.internal;

import fr.preau.api.spi.SearchDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene index in {@code <data>/preau/search/index}: one Lucene document per {@link SearchDocument},
 * keyed by module and id. Writes go through one writer (the engine calls them from its single indexing
 * thread); reads through a {@link SearcherManager} refreshed after each batch of writes (near real time).
 * Opening checks every segment's checksums: a missing or corrupt index is wiped and reported, so the
 * engine rebuilds it from the sources.
 */
final class SearchIndex implements AutoCloseable {

    static final String KEY = "key";
    static final String MODULE = "module";
    static final String ID = "id";
    /** The id again, as doc values (a field of its own: an index written before has {@code id} without doc values). */
    static final String ID_VALUE = "id-value";
    static final String TYPE = "type";
    static final String TITLE = "title";
    static final String TEXT = "text";
    static final String DATE = "date";
    static final String URL = "url";
    static final String READER = "reader";
    static final String OWNER = "owner";
    static final String FROM = "from";
    static final String GEN = "gen";

    /** Longest text kept per document (the rest is not searchable). */
    static final int MAX_TEXT = 100_000;

    /** Why the index had to be rebuilt on opening, or null when it was sound. */
    enum Opened { SOUND, MISSING, CORRUPT }

    private final Path path;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Opened opened;

    SearchIndex(Path path, Analyzer analyzer) throws IOException {
        this.path = path;
        Files.createDirectories(path);
        Opened state;
        Directory dir = FSDirectory.open(path);
        if (!DirectoryReader.indexExists(dir)) {
            state = Opened.MISSING;
        } else {
            state = Opened.SOUND;
            try (DirectoryReader r = DirectoryReader.open(dir)) {
                for (LeafReaderContext leaf : r.leaves()) {
                    leaf.reader().checkIntegrity();
                }
            } catch (IOException | RuntimeException e) {
                state = Opened.CORRUPT;
            }
            if (state == Opened.CORRUPT) {
                dir.close();
                wipe(path);
                Files.createDirectories(path);
                dir = FSDirectory.open(path);
            }
        }
        this.directory = dir;
        this.opened = state;
        IndexWriterConfig config = new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        this.writer = new IndexWriter(directory, config);
        if (state != Opened.SOUND) {
            writer.commit(); // an empty, valid index at once
        }
        this.searchers = new SearcherManager(writer, null);
    }

    Opened opened() {
        return opened;
    }

    Path path() {
        return path;
    }

    static String key(String module, String id) {
        return module + '\u0000' + id;
    }

    void upsert(SearchDocument d, String generation) throws IOException {
        Document doc = new Document();
        String key = key(d.module(), d.id());
        doc.add(new StringField(KEY, key, Field.Store.NO));
        doc.add(new StringField(MODULE, d.module(), Field.Store.YES));
        doc.add(new SortedDocValuesField(MODULE, new BytesRef(d.module())));
        doc.add(new StoredField(ID, d.id()));
        doc.add(new BinaryDocValuesField(ID_VALUE, new BytesRef(d.id())));
        doc.add(new StringField(TYPE, d.type(), Field.Store.YES));
        doc.add(new SortedDocValuesField(TYPE, new BytesRef(d.type())));
        doc.add(new TextField(TITLE, d.title(), Field.Store.YES));
        String text = d.text().length() > MAX_TEXT ? d.text().substring(0, MAX_TEXT) : d.text();
        doc.add(new TextField(TEXT, text, Field.Store.YES));
        if (d.date() != null) {
            doc.add(new LongPoint(DATE, d.date().toEpochMilli()));
            doc.add(new StoredField(DATE, d.date().toEpochMilli()));
        }
        doc.add(new StoredField(URL, d.url()));
        for (String r : d.readers()) {
            doc.add(new StringField(READER, r, Field.Store.NO));
        }
        for (String o : d.owners()) {
            doc.add(new StringField(OWNER, o, Field.Store.NO));
        }
        doc.add(new LongPoint(FROM, d.visibleFrom() == null ? Long.MIN_VALUE : d.visibleFrom().toEpochMilli()));
        doc.add(new StringField(GEN, generation, Field.Store.NO));
        writer.updateDocument(new Term(KEY, key), doc);
    }

    void delete(String module, String id) throws IOException {
        writer.deleteDocuments(new Term(KEY, key(module, id)));
    }

    void deleteModule(String module) throws IOException {
        writer.deleteDocuments(new Term(MODULE, module));
    }

    /** Drops the module's documents that the last listing (generation {@code generation}) did not write. */
    void deleteStale(String module, String generation) throws IOException {
        writer.deleteDocuments(new BooleanQuery.Builder()
                .add(new TermQuery(new Term(MODULE, module)), Occur.MUST)
                .add(new TermQuery(new Term(GEN, generation)), Occur.MUST_NOT).build());
    }

    void deleteAll() throws IOException {
        writer.deleteAll();
    }

    /** Makes the writes so far visible to searches. */
    void refresh() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    void commit() throws IOException {
        if (writer.hasUncommittedChanges()) {
            writer.commit();
        }
    }

    /** Runs {@code work} on a current searcher. */
    <T> T withSearcher(Function<IndexSearcher, T> work) {
        try {
            IndexSearcher s = searchers.acquire();
            try {
                return work.apply(s);
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The module and id of each of these documents ({@code modules[i]}, {@code ids[i]} for {@code docs[i]}), read from
     * doc values rather than from the stored fields, whose blocks would be decompressed with the whole text; a document
     * indexed before the id had doc values is read from its stored fields.
     */
    static void keys(IndexSearcher s, int[] docs, String[] modules, String[] ids) throws IOException {
        Integer[] order = new Integer[docs.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Integer.compare(docs[a], docs[b])); // doc values read forward only
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        int leaf = -1;
        SortedDocValues module = null;
        BinaryDocValues id = null;
        StoredFields stored = null;
        for (int i : order) {
            int l = ReaderUtil.subIndex(docs[i], leaves);
            LeafReaderContext context = leaves.get(l);
            if (l != leaf) {
                leaf = l;
                module = context.reader().getSortedDocValues(MODULE);
                id = context.reader().getBinaryDocValues(ID_VALUE);
            }
            int doc = docs[i] - context.docBase;
            if (module != null && id != null && module.advanceExact(doc) && id.advanceExact(doc)) {
                modules[i] = module.lookupOrd(module.ordValue()).utf8ToString();
                ids[i] = id.binaryValue().utf8ToString();
            } else {
                if (stored == null) {
                    stored = s.storedFields();
                }
                Document d = stored.document(docs[i], Set.of(MODULE, ID));
                modules[i] = d.get(MODULE);
                ids[i] = d.get(ID);
                leaf = -1; // the doc values iterators may have gone past the next documents
            }
        }
    }

    /** Number of documents per module. */
    Map<String, Long> counts() {
        return withSearcher(s -> {
            try {
                return facet(s, new org.apache.lucene.search.MatchAllDocsQuery(), List.of(MODULE), new long[1]).get(MODULE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Counts of the values of these doc-values fields over the documents matching {@code query}; their number in {@code total[0]}. */
    static Map<String, Map<String, Long>> facet(IndexSearcher s, Query query, Collection<String> fields, long[] total) throws IOException {
        Facets f = new Facets(fields);
        s.search(query, f);
        total[0] = f.total;
        return f.counts();
    }

    /**
     * Counts the values of doc-values fields over the documents it collects (beside a top-hits collector): by ordinal
     * within a segment, turned into values once per segment rather than once per document.
     */
    static final class Facets extends SimpleCollector {
        private final Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        private final List<String> fields;
        private final SortedDocValues[] values;
        private final int[][] ordinals;
        long total;

        Facets(Collection<String> fields) {
            this.fields = List.copyOf(fields);
            this.values = new SortedDocValues[this.fields.size()];
            this.ordinals = new int[this.fields.size()][];
            for (String f : fields) {
                counts.put(f, new TreeMap<>());
            }
        }

        @Override
        protected void doSetNextReader(LeafReaderContext context) throws IOException {
            fold();
            for (int i = 0; i < values.length; i++) {
                values[i] = context.reader().getSortedDocValues(fields.get(i));
                ordinals[i] = values[i] == null ? null : new int[values[i].getValueCount()];
            }
        }

        @Override
        public void collect(int doc) throws IOException {
            total++;
            for (int i = 0; i < values.length; i++) {
                SortedDocValues v = values[i];
                if (v != null && v.advanceExact(doc)) {
                    ordinals[i][v.ordValue()]++;
                }
            }
        }

        /** Adds the current segment's counts to the values' (once per segment). */
        private void fold() throws IOException {
            for (int i = 0; i < values.length; i++) {
                int[] o = ordinals[i];
                if (o == null) {
                    continue;
                }
                Map<String, Long> c = counts.get(fields.get(i));
                for (int ord = 0; ord < o.length; ord++) {
                    if (o[ord] > 0) {
                        c.merge(values[i].lookupOrd(ord).utf8ToString(), (long) o[ord], Long::sum);
                    }
                }
                ordinals[i] = null;
                values[i] = null;
            }
        }

        /** The counts per field and value, once every segment is collected. */
        Map<String, Map<String, Long>> counts() {
            try {
                fold();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return counts;
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            searchers.close();
        } finally {
            try {
                writer.close(); // commits
            } finally {
                directory.close();
            }
        }
    }

    static void wipe(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
