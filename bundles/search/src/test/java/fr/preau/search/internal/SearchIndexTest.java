package fr.preau.search.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fr.preau.api.spi.SearchDocument;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchIndexTest {

    @TempDir
    Path data;

    /** Module and id come from doc values, and from the stored fields for a document indexed before the id had doc values. */
    @Test
    void keysOfNewAndOlderDocuments() throws Exception {
        Path path = data.resolve("index");
        try (FSDirectory dir = FSDirectory.open(path); IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(FrenchText.analyzer()))) {
            Document old = new Document(); // as SearchIndex wrote it before: the id stored only
            old.add(new StringField(SearchIndex.KEY, SearchIndex.key("cahier", "devoir:1"), Field.Store.NO));
            old.add(new StringField(SearchIndex.MODULE, "cahier", Field.Store.YES));
            old.add(new SortedDocValuesField(SearchIndex.MODULE, new BytesRef("cahier")));
            old.add(new StoredField(SearchIndex.ID, "devoir:1"));
            w.addDocument(old);
            w.commit();
        }
        try (SearchIndex index = new SearchIndex(path, FrenchText.analyzer())) {
            for (int i = 2; i <= 4; i++) {
                index.upsert(SearchDocument.of(i % 2 == 0 ? "files" : "cahier", "doc:" + i, "fichier", "Titre " + i, "texte", null, "/#/",
                        Set.of("school:0999999Z")), "1");
                index.refresh(); // one segment each
            }
            String[] keys = index.withSearcher(s -> {
                try {
                    ScoreDoc[] all = s.search(new MatchAllDocsQuery(), 10).scoreDocs;
                    int[] docs = Arrays.stream(all).mapToInt(d -> d.doc).toArray();
                    // out of doc order, as a ranking gives them
                    int[] ranked = {docs[3], docs[0], docs[2], docs[1]};
                    String[] modules = new String[4];
                    String[] ids = new String[4];
                    SearchIndex.keys(s, ranked, modules, ids);
                    String[] out = new String[4];
                    for (int i = 0; i < 4; i++) {
                        out[i] = modules[i] + "/" + ids[i];
                    }
                    return out;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertEquals(Set.of("cahier/devoir:1", "files/doc:2", "cahier/doc:3", "files/doc:4"), Set.of(keys));
            assertEquals("cahier/devoir:1", keys[1], "the older document, from its stored fields");
            assertEquals("files/doc:4", keys[0]);
        }
    }
}
