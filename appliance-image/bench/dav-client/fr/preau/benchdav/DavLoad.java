package fr.preau.benchdav;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The WebDAV load of {@code ./preau bench dav} (compiled by dav.sh, never shipped): the same client for Préau and
 * for the reference nginx. In one folder, PUTs {@code count} files of {@code size} bytes from {@code workers}
 * threads (each takes the next file number), then GETs them all back the same way, and prints one line per phase:
 * <pre>RESULT put|get files bytes seconds</pre>
 * Every file's content is known in advance: one seeded random block generated before the clock starts, copied for
 * each file with its first 8 bytes set to the file's number (no two files are equal). A PUT counts when the server answers 201 or 204; a GET when
 * it answers 200 with exactly the expected bytes (size and every byte compared while streaming). Any other outcome
 * stops the run with a message and exit status 1: a failed transfer never counts.
 *
 * <p>Arguments: folder URL (ending with /), login, password, count, size in bytes, workers, and optionally the
 * phases to run ({@code put}, {@code get} or {@code put,get}, the default).
 */
public final class DavLoad {

    private static final int CHUNK = 64 * 1024;

    private DavLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6 && args.length != 7) {
            System.err.println("usage: DavLoad FOLDER_URL LOGIN PASSWORD COUNT SIZE WORKERS [put,get]");
            System.exit(2);
        }
        String folder = args[0];
        String auth = "Basic " + Base64.getEncoder().encodeToString((args[1] + ":" + args[2]).getBytes(StandardCharsets.UTF_8));
        int count = Integer.parseInt(args[3]);
        int size = Integer.parseInt(args[4]);
        int workers = Integer.parseInt(args[5]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

        // the folder (MKCOL; 405 when it is already there)
        HttpResponse<String> mk = http.send(request(folder, auth).method("MKCOL", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (mk.statusCode() != 201 && mk.statusCode() != 405) {
            fail("MKCOL " + folder + " : HTTP " + mk.statusCode() + " " + mk.body());
        }

        byte[] block = new byte[size];
        new Random(20261207L).nextBytes(block);
        List<String> phases = List.of((args.length == 7 ? args[6] : "put,get").split(","));
        for (String phase : List.of("put", "get")) {
            if (phases.contains(phase)) {
                run(phase, http, folder, auth, count, size, workers, block);
            }
        }
    }

    private static HttpRequest.Builder request(String url, String auth) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).header("Authorization", auth);
    }

    /** File {@code n}'s content in {@code buf} (a worker's own copy of the block). */
    private static void content(byte[] block, byte[] buf, int n) {
        System.arraycopy(block, 0, buf, 0, buf.length);
        for (int i = 0; i < Math.min(8, buf.length); i++) {
            buf[i] = (byte) (n >>> (8 * (i % 4)));
        }
    }

    private static void run(String phase, HttpClient http, String folder, String auth, int count, int size, int workers, byte[] block)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<String> error = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<byte[]> buffers = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            buffers.add(new byte[size]);
        }
        List<Future<?>> futures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int w = 0; w < workers; w++) {
            byte[] buf = buffers.get(w);
            byte[] in = new byte[CHUNK];
            futures.add(pool.submit(() -> {
                int n;
                while (error.get() == null && (n = next.getAndIncrement()) < count) {
                    String url = folder + "f" + n + ".bin";
                    content(block, buf, n);
                    try {
                        if (phase.equals("put")) {
                            HttpResponse<String> r = http.send(request(url, auth).header("Content-Type", "application/octet-stream")
                                    .PUT(HttpRequest.BodyPublishers.ofByteArray(buf)).build(), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 201 && r.statusCode() != 204) {
                                error.compareAndSet(null, "PUT " + url + " : HTTP " + r.statusCode() + " " + r.body().strip());
                                return;
                            }
                        } else {
                            HttpResponse<InputStream> r = http.send(request(url, auth).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                            try (InputStream body = r.body()) {
                                if (r.statusCode() != 200) {
                                    error.compareAndSet(null, "GET " + url + " : HTTP " + r.statusCode());
                                    return;
                                }
                                long got = 0;
                                int k;
                                while ((k = body.read(in)) > 0) {
                                    if (got + k > size) {
                                        error.compareAndSet(null, "GET " + url + " : plus de " + size + " octets reçus");
                                        return;
                                    }
                                    int at = Arrays.mismatch(in, 0, k, buf, (int) got, (int) got + k);
                                    if (at >= 0) {
                                        error.compareAndSet(null, "GET " + url + " : contenu différent de celui envoyé (octet " + (got + at) + ")");
                                        return;
                                    }
                                    got += k;
                                }
                                if (got != size) {
                                    error.compareAndSet(null, "GET " + url + " : " + got + " octets reçus au lieu de " + size);
                                    return;
                                }
                            }
                        }
                    } catch (IOException | InterruptedException e) {
                        error.compareAndSet(null, phase.toUpperCase() + " " + url + " : " + e);
                        return;
                    }
                    bytes.addAndGet(size);
                    done.incrementAndGet();
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        if (error.get() != null) {
            fail(error.get());
        }
        if (done.get() != count) {
            fail(phase + " : " + done.get() + " fichiers sur " + count);
        }
        System.out.printf(java.util.Locale.ROOT, "RESULT %s %d %d %.3f%n", phase, done.get(), bytes.get(), seconds);
    }

    private static void fail(String message) {
        System.err.println("bench dav : transfert en échec, " + message);
        System.exit(1);
    }
}
