package fr.preau.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@code kill -9} of the box during 50 concurrent writes: after a restart, every acknowledged write is there. */
class CrashIT {

    static Box box;

    @AfterAll
    static void shutdown() {
        if (box != null) {
            box.close();
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesAKill9() throws Exception {
        box = Box.demo("crash");
        box.deploy("preau-probe.xml", HotPlugIT.probeFeatures());
        box.startAndAwaitUp();
        Client writer = box.client();
        assertEquals(200, writer.login("julien.dumas", Box.DEMO_PASSWORD).status());
        HotPlugIT.awaitStatus(writer, "/api/v1/probe/notes", 200, Duration.ofSeconds(60));

        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicInteger attempts = new AtomicInteger();
        int writers = 50;
        CountDownLatch enough = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        for (int w = 0; w < writers; w++) {
            int id = w;
            pool.execute(() -> {
                for (int n = 0; ; n++) {
                    String text = "w" + id + "-" + n;
                    try {
                        attempts.incrementAndGet();
                        Client.Response r = writer.post("/api/v1/probe/notes", Client.json(Map.of("text", text)));
                        if (r.status() == 201) {
                            if (acknowledged.add(text) && acknowledged.size() >= 400) {
                                enough.countDown();
                            }
                        }
                    } catch (RuntimeException connectionLost) {
                        return;
                    }
                }
            });
        }
        enough.await(120, TimeUnit.SECONDS);
        box.kill9();
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        Set<String> acked = new HashSet<>(acknowledged);
        System.out.println("writes attempted " + attempts.get() + ", acknowledged before kill -9: " + acked.size());
        assertTrue(acked.size() >= 400, "enough writes before the crash: " + acked.size());

        box.startAndAwaitUp();
        Client reader = box.client();
        assertEquals(200, reader.login("julien.dumas", Box.DEMO_PASSWORD).status());
        HotPlugIT.awaitStatus(reader, "/api/v1/probe/notes", 200, Duration.ofSeconds(60));
        Set<String> stored = new HashSet<>();
        for (JsonNode note : reader.get("/api/v1/probe/notes").json().path("items")) {
            stored.add(note.path("text").asText());
        }
        Set<String> lost = new HashSet<>(acked);
        lost.removeAll(stored);
        assertTrue(lost.isEmpty(), lost.size() + " acknowledged writes lost, e.g. " + lost.stream().limit(5).toList());
    }
}
