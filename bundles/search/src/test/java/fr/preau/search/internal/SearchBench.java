package fr.preau.search.internal;

import fr.preau.access.AccessService;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.api.spi.SearchDocument;
import fr.preau.api.spi.SearchPrincipals;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.directory.School;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.lucene.search.TopDocs;

/**
 * {@code ./preau bench search} (in-process part): 100,000 generated documents across two modules with
 * realistic principals (a collège of 40 classes; each document readable by a class, its responsables and the
 * direction, one in ten owned by a teacher, one in ten planned ahead), indexed through a source (the reindex
 * time); then 1,000 queries from the generated word list (one or two words, one in five misspelt), run by
 * pupils through the engine (principals from the annuaire, filter in the query, second check, snippets, facets)
 * and the same text query on the raw {@code IndexSearcher}, unfiltered. Prints p50/p95/p99 of both, the
 * throughput ratio, the index size and the reindex time. Not a test: timings never fail anything.
 * <p>
 * Arguments: {@code [documents] [queries] [index folder]}.
 */
public final class SearchBench {

    private SearchBench() {
    }

    public static void main(String[] args) throws Exception {
        int documents = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("preau-search-bench");
        Random random = new Random(42);
        Uai uai = new Uai("0999999Z");
        List<String> words = BenchWords.vocabulary(random, 5_000);
        List<Division> divisions = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            divisions.add(new Division(uai.value() + ":CLASSE:" + i, uai, Division.Kind.CLASSE, "C" + i, "C" + i));
        }
        Map<String, List<Division>> of = new HashMap<>();
        List<Person> pupils = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Person p = new Person(new PersonId("eleve" + i), "eleve" + i, "Élève " + i, uai, Set.of(Profile.ELEVE));
            pupils.add(p);
            of.put(p.id().value(), List.of(divisions.get(i % 40), divisions.get((i * 7 + 3) % 40)));
        }
        DirectoryService directory = (DirectoryService) Proxy.newProxyInstance(SearchBench.class.getClassLoader(),
                new Class<?>[] {DirectoryService.class}, (proxy, method, a) -> switch (method.getName()) {
                    case "divisionsOf" -> of.getOrDefault(((PersonId) a[0]).value(), List.of());
                    case "childrenOf", "search", "teachingsOf" -> List.of();
                    case "schools" -> List.of(new School(uai, "Collège", true));
                    case "find" -> java.util.Optional.empty();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        AccessService access = (AccessService) Proxy.newProxyInstance(SearchBench.class.getClassLoader(),
                new Class<?>[] {AccessService.class}, (proxy, method, a) -> method.getName().equals("mayUse") ? Boolean.TRUE : null);

        Fakes.Source cahier = new Fakes.Source("cahier");
        Fakes.Source files = new Fakes.Source("files");
        java.time.Instant now = java.time.Instant.parse("2026-12-07T08:00:00Z");
        for (int i = 0; i < documents; i++) {
            Division d = divisions.get(random.nextInt(divisions.size()));
            String text = BenchWords.phrase(random, words, 40);
            String title = BenchWords.phrase(random, words, 5);
            Fakes.Source s = i % 3 == 0 ? files : cahier;
            String id = (s == files ? "file:" : "devoir:") + i;
            s.docs.put(id, new SearchDocument(s.module(), id, s == files ? "fichier" : "devoir", title.strip(), text,
                    now.minusSeconds(random.nextInt(30_000_000)), "/#/module/" + s.module(),
                    Set.of(SearchPrincipals.division(d.id()), SearchPrincipals.divisionParents(d.id()),
                            SearchPrincipals.profile(uai, Profile.DIRECTION)),
                    i % 10 == 0 ? Set.of(SearchPrincipals.person("prof" + random.nextInt(60))) : Set.of(),
                    i % 10 == 1 ? now.plusSeconds(86_400) : null));
        }

        SearchEngine engine = new SearchEngine(directory, access, Clock.fixed(now, java.time.ZoneOffset.UTC), dir.resolve("index"), 60);
        try {
            long t0 = System.nanoTime();
            engine.bindSource(cahier);
            engine.bindSource(files);
            engine.awaitIdle();
            engine.awaitIdle();
            long reindexMs = (System.nanoTime() - t0) / 1_000_000;
            engine.index().commit();
            long size;
            try (Stream<Path> all = Files.walk(dir.resolve("index"))) {
                size = all.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            }
            List<String> qs = BenchWords.queries(random, words, queries);
            org.apache.lucene.analysis.Analyzer analyzer = FrenchText.analyzer();
            // warm-up
            for (int i = 0; i < 200; i++) {
                engine.search(pupils.get(i % pupils.size()), qs.get(i % qs.size()), null, null, null, null, 1);
                raw(engine, analyzer, qs.get(i % qs.size()));
            }
            long[] preau = new long[qs.size()];
            long[] bare = new long[qs.size()];
            long hits = 0;
            for (int i = 0; i < qs.size(); i++) {
                long a = System.nanoTime();
                hits += engine.search(pupils.get(i % pupils.size()), qs.get(i), null, null, null, null, 1).total();
                preau[i] = System.nanoTime() - a;
                long b = System.nanoTime();
                raw(engine, analyzer, qs.get(i));
                bare[i] = System.nanoTime() - b;
            }
            System.out.printf("documents %d, index %.1f MB, reindex %.1f s (%.0f documents/s)%n", documents, size / 1e6, reindexMs / 1e3,
                    documents * 1e3 / Math.max(1, reindexMs));
            System.out.printf("queries %d (one or two words, one in five misspelt), %.1f visible hits on average per pupil%n", qs.size(),
                    hits / (double) qs.size());
            BenchWords.print("preau (principals, filter, second check, snippets, facets)", preau);
            BenchWords.print("raw IndexSearcher (same text query, unfiltered)", bare);
            double ratio = BenchWords.mean(bare) / BenchWords.mean(preau);
            System.out.printf("ratio %.2f (preau %.0f q/s vs raw %.0f q/s, one thread); goal p95 <= 50 ms and ratio >= 0.5%n", ratio,
                    1e9 / BenchWords.mean(preau), 1e9 / BenchWords.mean(bare));
        } finally {
            engine.deactivate();
            if (args.length <= 2) {
                SearchIndex.wipe(dir);
            }
        }
    }

    private static TopDocs raw(SearchEngine engine, org.apache.lucene.analysis.Analyzer analyzer, String q) {
        return engine.index().withSearcher(s -> {
            try {
                return s.search(Queries.text(Queries.words(analyzer, q), true), 20);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }


}
