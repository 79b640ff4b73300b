package fr.preau.search.internal;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.FSDirectory;

/**
 * {@code ./preau bench search}, REST half: a demo box runs with the bench's search source in {@code deploy/}
 * ({@code appliance-image/bench/search-source}: 100,000 generated documents on the demo collège's classes). This waits
 * until the box has indexed them, asks the box to rebuild its index (the reindex time, every source included), then
 * runs 1,000 queries of the generated words as a demo pupil through the REST API ({@code GET /api/v1/search}: session,
 * principals, permission filter, second check, snippets, facets, JSON) on one connection, and the same text queries on
 * a raw Lucene {@code IndexSearcher} opened on the box's index folder, unfiltered. Prints p50/p95/p99 of both (and of
 * {@code GET /api/v1/ping} from the same client: the transport's floor), the index size and the throughput ratio. Not a test.
 * <p>
 * Arguments: {@code baseUrl indexFolder pupilLogin referentLogin password documents queries}.
 */
public final class SearchRestBench {

    /** The bench module's entry in the status's modules, and its document count. */
    private static final Pattern BENCH = Pattern.compile("\\{[^{}]*\"module\"\\s*:\\s*\"bench\"[^{}]*\\}");
    private static final Pattern DOCUMENTS = Pattern.compile("\"documents\"\\s*:\\s*(\\d+)");
    /** The status's own state comes first in its JSON. */
    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z]+)\"");

    private SearchRestBench() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0].replaceAll("/+$", "");
        Path index = Path.of(args[1]);
        String pupil = args[2];
        String referent = args[3];
        String password = args[4];
        long documents = Long.parseLong(args[5]);
        int queries = Integer.parseInt(args[6]);

        HttpClient ref = client();
        login(ref, base, referent, password);
        long waitStart = System.nanoTime();
        while (benchDocuments(ref, base) < documents) {
            if (System.nanoTime() - waitStart > Duration.ofMinutes(10).toNanos()) {
                throw new IllegalStateException("the box did not index the bench's documents in 10 minutes");
            }
            Thread.sleep(500);
        }
        // the reindex time: the referent's « Reconstruire l'index », every source listed again
        long r0 = System.nanoTime();
        HttpResponse<String> reindex = ref.send(withCsrf(ref, base, HttpRequest.newBuilder(URI.create(base + "/api/v1/search/reindex")))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        if (reindex.statusCode() != 202) {
            throw new IllegalStateException("reindex refused: " + reindex.statusCode() + " " + reindex.body());
        }
        Thread.sleep(200);
        while (!"READY".equals(state(ref, base)) || benchDocuments(ref, base) < documents) {
            Thread.sleep(100);
        }
        long reindexMs = (System.nanoTime() - r0) / 1_000_000;
        long size = size(index);

        HttpClient me = client();
        login(me, base, pupil, password);
        List<String> words = BenchWords.vocabulary(new Random(42), 5_000);
        List<String> qs = BenchWords.queries(new Random(4242), words, queries);
        Analyzer analyzer = FrenchText.analyzer();
        try (FSDirectory dir = FSDirectory.open(index); DirectoryReader reader = DirectoryReader.open(dir)) {
            IndexSearcher raw = new IndexSearcher(reader);
            for (int i = 0; i < 200; i++) {
                search(me, base, qs.get(i % qs.size()));
                raw.search(Queries.text(Queries.words(analyzer, qs.get(i % qs.size())), true), 20);
            }
            long[] preau = new long[qs.size()];
            long[] bare = new long[qs.size()];
            long[] floor = new long[qs.size()];
            long hits = 0;
            for (int i = 0; i < qs.size(); i++) {
                long a = System.nanoTime();
                hits += search(me, base, qs.get(i));
                preau[i] = System.nanoTime() - a;
                long b = System.nanoTime();
                raw.search(Queries.text(Queries.words(analyzer, qs.get(i)), true), 20);
                bare[i] = System.nanoTime() - b;
                long c = System.nanoTime();
                ping(me, base);
                floor[i] = System.nanoTime() - c;
            }
            System.out.printf("REST: %d bench documents in a demo box (%d in its index), index %.1f MB, reindex of every source %.1f s%n",
                    documents, reader.numDocs(), size / 1e6, reindexMs / 1e3);
            System.out.printf("queries %d as %s through GET /api/v1/search, %.1f visible hits on average%n", qs.size(), pupil,
                    hits / (double) qs.size());
            BenchWords.print("preau REST (session, principals, filter, 2nd check, JSON)", preau);
            BenchWords.print("raw IndexSearcher on the box's index (unfiltered)", bare);
            BenchWords.print("HTTP floor: GET /api/v1/ping, same client (no search)", floor);
            double ratio = BenchWords.mean(bare) / BenchWords.mean(preau);
            System.out.printf("ratio %.2f (preau-rest %.0f q/s vs raw %.0f q/s, one thread); goal p95 <= 50 ms and ratio >= 0.5%n", ratio,
                    1e9 / BenchWords.mean(preau), 1e9 / BenchWords.mean(bare));
        }
    }

    /** The index folder's size; walked again when a commit removes a file under the walk. */
    private static long size(Path index) throws IOException, InterruptedException {
        for (int attempt = 1;; attempt++) {
            try (Stream<Path> all = Files.walk(index)) {
                return all.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
                if (attempt == 5) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static String csrf;

    private static void login(HttpClient c, String base, String login, String password) throws IOException, InterruptedException {
        String body = "{\"login\":\"" + login + "\",\"password\":\"" + password.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login of " + login + " refused: " + r.statusCode());
        }
        Matcher m = Pattern.compile("\"csrfToken\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        if (m.find()) {
            csrf = m.group(1);
        }
    }

    private static HttpRequest.Builder withCsrf(HttpClient c, String base, HttpRequest.Builder b) {
        return csrf == null ? b : b.header("X-CSRF-Token", csrf);
    }

    private static String status(HttpClient c, String base) throws IOException, InterruptedException {
        return c.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/search/status")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long benchDocuments(HttpClient c, String base) throws IOException, InterruptedException {
        Matcher m = BENCH.matcher(status(c, base));
        if (!m.find()) {
            return 0;
        }
        Matcher d = DOCUMENTS.matcher(m.group());
        return d.find() ? Long.parseLong(d.group(1)) : 0;
    }

    private static String state(HttpClient c, String base) throws IOException, InterruptedException {
        Matcher m = STATE.matcher(status(c, base));
        return m.find() ? m.group(1) : "";
    }

    private static final Pattern TOTAL = Pattern.compile("\"total\"\\s*:\\s*(\\d+)");

    private static long search(HttpClient c, String base, String q) throws IOException, InterruptedException {
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("search refused: " + r.statusCode() + " " + r.body());
        }
        Matcher m = TOTAL.matcher(r.body());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** The transport's own cost, for comparison: a bare resource of the same box, no session, no database, no search. */
    private static void ping(HttpClient c, String base) throws IOException, InterruptedException {
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/ping")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("ping refused: " + r.statusCode());
        }
    }
}
