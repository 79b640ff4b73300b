package fr.preau.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Demo accounts asking the box for the same pages in a loop while something changes under them (a module
 * installed or removed, an update applied): what was answered, and every answer that was not a 200.
 * Health is not part of it: it rightly says 503 while a module is being installed.
 */
final class Load {

    static final List<String> PAGES = List.of("/api/v1/me", "/api/v1/catalogue", "/api/v1/notifications");

    final AtomicInteger served = new AtomicInteger();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService clients;

    /** {@code count} clients, signed in alternately as a pupil and a parent of the demo school. */
    Load(Box box, int count) {
        clients = Executors.newFixedThreadPool(count);
        for (int i = 0; i < count; i++) {
            String login = i % 2 == 0 ? "leo.marchand" : "helene.marchand";
            clients.execute(() -> {
                Client c;
                try {
                    c = box.signedIn(login);
                } catch (RuntimeException | AssertionError e) {
                    failures.add("login of " + login + " failed: " + e);
                    return;
                }
                while (running.get()) {
                    for (String path : PAGES) {
                        try {
                            Client.Response r = c.get(path);
                            if (r.status() != 200) {
                                failures.add(path + " -> " + r);
                            } else {
                                served.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            failures.add(path + " -> " + e);
                        }
                    }
                }
            });
        }
    }

    /** Stops the clients and waits for them. */
    void stop() throws InterruptedException {
        running.set(false);
        clients.shutdown();
        assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS), "the load's clients did not stop");
    }

    /** Whether the clients still run (for a companion loop of the caller's own). */
    boolean running() {
        return running.get();
    }
}
