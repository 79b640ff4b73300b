package fr.preau.portal.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.preau.api.Person;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Forgotten passwords go through the referent (no e-mail: pupils have none): a person asks from
 * the login page, the referent sees the request in the console and prints a new letter. Pending
 * requests are kept in {@code <karaf.data>/preau/portal/password-requests.json} (one per person,
 * {@value #MAX_PENDING} at most, written atomically); each address may ask {@value #PER_ADDRESS}
 * times per {@value #WINDOW_MINUTES} minutes.
 */
@Component(service = PasswordRequests.class)
public final class PasswordRequests {

    /** A pending request; {@code at} is an ISO-8601 instant. */
    public record Request(String id, String personId, String login, String displayName, String school, String at) {
    }

    static final int MAX_PENDING = 500;
    static final int PER_ADDRESS = 5;
    static final int WINDOW_MINUTES = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final java.nio.file.Path file;
    private final Clock clock;
    private final Map<String, Deque<Instant>> recent = new HashMap<>();

    @Activate
    public PasswordRequests(@Reference(name = "clock") Clock clock) {
        this(Paths.get(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "preau", "portal",
                "password-requests.json"), clock);
    }

    PasswordRequests(java.nio.file.Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** Whether this address may ask now (and counts the attempt). */
    synchronized boolean allow(String address) {
        Instant now = clock.instant();
        Deque<Instant> times = recent.computeIfAbsent(address == null ? "?" : address, k -> new ArrayDeque<>());
        while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(Duration.ofMinutes(WINDOW_MINUTES)))) {
            times.pollFirst();
        }
        if (recent.size() > 10_000) {
            recent.clear();
        }
        if (times.size() >= PER_ADDRESS) {
            return false;
        }
        times.addLast(now);
        return true;
    }

    /** Records a request for this person (replacing an older one of theirs). */
    synchronized void add(Person person) {
        List<Request> all = new ArrayList<>(pending());
        all.removeIf(r -> r.personId().equals(person.id().value()));
        if (all.size() >= MAX_PENDING) {
            all.remove(0);
        }
        all.add(new Request(UUID.randomUUID().toString(), person.id().value(), person.login(), person.displayName(),
                person.uai().value(), clock.instant().toString()));
        save(all);
    }

    synchronized List<Request> pending() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return JSON.readValue(file.toFile(), new TypeReference<List<Request>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("password requests unreadable: " + file, e);
        }
    }

    /** Removes a request (done, or not to be done); false if there was none. */
    synchronized boolean remove(String id) {
        List<Request> all = new ArrayList<>(pending());
        boolean removed = all.removeIf(r -> r.id().equals(id));
        if (removed) {
            save(all);
        }
        return removed;
    }

    private void save(List<Request> all) {
        try {
            Files.createDirectories(file.getParent());
            java.nio.file.Path tmp = Files.createTempFile(file.getParent(), "requests", ".tmp");
            JSON.writeValue(tmp.toFile(), all);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("password requests not saved: " + file, e);
        }
    }
}
