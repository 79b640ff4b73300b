package fr.preau.files.internal;

import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resumable uploads of big files: a session is opened with the file's name, size and folder (the person must be able
 * to write there and the space must have room for the declared size — less what their other open sessions to that
 * space already hold), then receives the bytes in pieces, each at the offset the box has (a piece sent again after a
 * cut is refused with the offset to resume from), each synced before the offset moves on. Finishing hands the whole
 * file to {@link Files#upload} — the same checks, antivirus, sniffed type, versions and atomic write as a single
 * upload. A session lives {@link #EXPIRY} after its last piece, then it and its bytes are deleted; a person keeps
 * {@link #MAX_OPEN} open at most.
 * <p>
 * On disk, beside the blobs: {@code <data>/envois/<id>/session.properties} (who, where, what, how much is received)
 * and {@code data.part}; they survive a restart of the box.
 */
@Component(service = Uploads.class)
public final class Uploads {

    private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern ID = Pattern.compile("[0-9a-f]{24}");
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)");

    /** How long a session waits for its next piece. */
    static final Duration EXPIRY = Duration.ofHours(24);
    /** Open sessions per person. */
    static final int MAX_OPEN = 5;

    /** An open session; {@code received}: the bytes the box holds (the offset to send next). */
    record Session(String id, String owner, String space, Long folder, String name, String type, long size, boolean replace, Instant touched,
            long received) {

        Instant expires() {
            return touched.plus(EXPIRY);
        }

        Session received(long bytes, Instant at) {
            return new Session(id, owner, space, folder, name, type, size, replace, at, bytes);
        }
    }

    private final Files files;
    private final Clock clock;
    private final Path dir;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    @Activate
    public Uploads(@Reference(name = "files") Files files, @Reference(name = "clock") Clock clock) {
        this(files, clock, files.blobs().root().resolveSibling("envois"), true);
    }

    Uploads(Files files, Clock clock, Path dir, boolean sweep) {
        this.files = files;
        this.clock = clock;
        this.dir = dir;
        timer = sweep ? Hourly.sweep("preau-files-uploads", this::sweep, LOG, "Deleted {} unfinished upload(s) left for more than "
                + EXPIRY.toHours() + " hours", "Sweeping unfinished uploads failed, tried again in an hour: {}") : null;
    }

    @Deactivate
    void deactivate() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    // --- the session's life ------------------------------------------------------------------------------

    /**
     * Opens a session for a file of {@code size} bytes: refused when {@code who} may not write there, when the name is
     * taken (unless {@code replace}), when the file is over the largest file or the room of the space (what is free,
     * less what their other open sessions to this space will bring), or when they have {@link #MAX_OPEN} open already.
     */
    Session create(Person who, String spaceId, Long folder, String rawName, long size, String type, boolean replace)
            throws SQLException, IOException {
        if (size < 0) {
            throw new ProblemException(400, "upload-size-invalid", "Indiquez la taille du fichier à envoyer, en octets.");
        }
        if (size > files.limits().maxFile()) {
            throw files.limits().fileTooLarge();
        }
        Files.Target target = files.target(who, spaceId, folder, rawName, replace);
        files.requireScannable(size);
        List<Session> mine = open(who);
        if (mine.size() >= MAX_OPEN) {
            throw new ProblemException(429, "too-many-uploads", "Vous avez déjà " + MAX_OPEN
                    + " envois en cours : terminez-les ou annulez-en un avant d'en commencer un autre.");
        }
        requireRoom(target, size, mine, null);
        String id = HexFormat.of().formatHex(bytes(12));
        Path at = dir.resolve(id);
        java.nio.file.Files.createDirectories(at);
        java.nio.file.Files.createFile(at.resolve("data.part"));
        Session s = new Session(id, who.id().value(), target.space().id(), target.folder(), target.name(),
                type == null || type.isBlank() ? null : type.strip(), size, replace, clock.instant(), 0);
        save(s);
        return s;
    }

    /** A session of {@code who}'s (404 for anyone else's, or once it expired). */
    Session status(Person who, String id) throws IOException {
        Session s = load(id).filter(x -> x.owner().equals(who.id().value())).orElseThrow(Uploads::notFound);
        if (!clock.instant().isBefore(s.expires())) {
            delete(s.id());
            throw notFound();
        }
        return s;
    }

    /**
     * Adds the bytes of {@code body} at {@code offset}, which must be what the box holds (else 409 with that offset); at
     * most the declared size in all; the space's room is checked again first (it may have filled meanwhile). The bytes
     * are synced before the offset moves on: what the answer says is received survives a crash.
     *
     * @param length the piece's declared length (Content-Length), or -1
     */
    Session append(Person who, String id, long offset, long length, InputStream body) throws SQLException, IOException {
        ReentrantLock lock = locked(status(who, id));
        try {
            Session s = status(who, id);
            if (offset != s.received()) {
                throw new ProblemException(409, "upload-offset-mismatch", "Le serveur a reçu " + s.received()
                        + " octets de ce fichier : reprenez l'envoi à partir de là.");
            }
            long left = s.size() - s.received();
            if (length > left) {
                throw tooLong(s);
            }
            requireRoom(files.target(who, s.space(), s.folder(), s.name(), s.replace()), s.size(), open(who), s.id());
            Path data = dir.resolve(s.id()).resolve("data.part");
            long received = s.received();
            try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
                // bytes beyond the offset (a piece cut before the box answered) are not the file's
                ch.truncate(received);
                ch.position(received);
                OutputStream out = Channels.newOutputStream(ch);
                byte[] buffer = new byte[64 * 1024];
                try {
                    for (int n; (n = body.read(buffer)) >= 0;) {
                        if (n > left) {
                            ch.truncate(s.received());
                            throw tooLong(s);
                        }
                        out.write(buffer, 0, n);
                        left -= n;
                        received += n;
                    }
                } catch (IOException cut) {
                    // the connection broke: what came before the cut is kept, the next piece starts there
                    ch.force(true);
                    save(s.received(received, clock.instant()));
                    throw cut;
                }
                ch.force(true);
            }
            Session next = s.received(received, clock.instant());
            save(next);
            return next;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes the file of a complete session, through {@link Files#upload} (quota, antivirus, type, versions, atomic write);
     * the session is gone afterwards — but for a full space or an antivirus that did not answer, when it may be finished
     * again later.
     */
    Files.Upload finish(Person who, String id) throws SQLException, IOException {
        ReentrantLock lock = locked(status(who, id));
        try {
            Session s = status(who, id);
            if (s.received() != s.size()) {
                throw new ProblemException(409, "upload-incomplete", "Il manque " + Quotas.human(s.size() - s.received())
                        + " de ce fichier : reprenez l'envoi à partir de " + s.received() + " octets.");
            }
            Files.Upload done;
            try (InputStream in = java.nio.file.Files.newInputStream(dir.resolve(s.id()).resolve("data.part"))) {
                done = files.upload(who, s.space(), s.folder(), s.name(), s.type(), s.size(), in, s.replace());
            } catch (ProblemException e) {
                if (e.status() != 507 && e.status() != 503) {
                    delete(s.id());
                }
                throw e;
            }
            delete(s.id());
            return done;
        } finally {
            lock.unlock();
        }
    }

    /** Abandons a session: its bytes are deleted. */
    void cancel(Person who, String id) throws IOException {
        Session s = status(who, id);
        delete(s.id());
    }

    /** Deletes the sessions whose last piece is older than {@link #EXPIRY} (and what is not a session); how many. */
    int sweep() throws IOException {
        if (!java.nio.file.Files.isDirectory(dir)) {
            return 0;
        }
        int count = 0;
        Instant now = clock.instant();
        for (Path p : list()) {
            String id = p.getFileName().toString();
            Optional<Session> s = ID.matcher(id).matches() ? load(id) : Optional.empty();
            if (s.isEmpty() || !now.isBefore(s.get().expires())) {
                delete(id);
                count++;
            }
        }
        return count;
    }

    // --- offsets -------------------------------------------------------------------------------------------

    /**
     * The offset of a piece: from {@code Content-Range: bytes <first>-<last>/<total>} when sent (its length must match
     * {@code length} when that is known, its total the session's size), else the {@code position} parameter.
     */
    static long offset(String contentRange, String position, long length, long size) {
        if (contentRange != null && !contentRange.isBlank()) {
            Matcher m = CONTENT_RANGE.matcher(contentRange.strip());
            if (!m.matches()) {
                throw badRange();
            }
            long first = Long.parseLong(m.group(1));
            long last = Long.parseLong(m.group(2));
            if (last < first || (length >= 0 && last - first + 1 != length) || (!m.group(3).equals("*") && Long.parseLong(m.group(3)) != size)) {
                throw badRange();
            }
            return first;
        }
        if (position == null || position.isBlank()) {
            throw badRange();
        }
        try {
            long p = Long.parseLong(position.strip());
            if (p < 0) {
                throw badRange();
            }
            return p;
        } catch (NumberFormatException e) {
            throw badRange();
        }
    }

    private static ProblemException badRange() {
        return new ProblemException(400, "upload-range-invalid",
                "Indiquez où va ce morceau : « position » (en octets depuis le début) ou un en-tête Content-Range valide.");
    }

    private static ProblemException tooLong(Session s) {
        return new ProblemException(413, "upload-too-long", "Ce fichier dépasse la taille annoncée à l'ouverture de l'envoi ("
                + Quotas.human(s.size()) + ") : recommencez l'envoi.");
    }

    static ProblemException notFound() {
        return new ProblemException(404, "upload-not-found", "Cet envoi n'existe pas ou a expiré (24 heures sans nouvelles) : recommencez-le.");
    }

    // --- storage --------------------------------------------------------------------------------------------

    /** Refused when {@code size} does not fit in what is free less the other open sessions of that space. */
    private static void requireRoom(Files.Target target, long size, List<Session> mine, String except) {
        long reserved = 0;
        for (Session o : mine) {
            if (!o.id().equals(except) && o.space().equals(target.space().id())) {
                reserved += o.size();
            }
        }
        long room = target.free() - reserved;
        if (size > room) {
            throw Quotas.quotaExceeded(size, room);
        }
    }

    /** {@code who}'s sessions still open. */
    private List<Session> open(Person who) throws IOException {
        List<Session> out = new ArrayList<>();
        if (!java.nio.file.Files.isDirectory(dir)) {
            return out;
        }
        Instant now = clock.instant();
        for (Path p : list()) {
            String id = p.getFileName().toString();
            if (ID.matcher(id).matches()) {
                load(id).filter(s -> s.owner().equals(who.id().value()) && now.isBefore(s.expires())).ifPresent(out::add);
            }
        }
        return out;
    }

    private List<Path> list() throws IOException {
        try (Stream<Path> all = java.nio.file.Files.list(dir)) {
            return all.toList();
        }
    }

    /** The session's lock, held: one piece (or the end) at a time; 409 while another is in flight. */
    private ReentrantLock locked(Session s) {
        ReentrantLock lock = locks.computeIfAbsent(s.id(), k -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw new ProblemException(409, "upload-busy", "Un morceau de ce fichier est en cours d'envoi : attendez qu'il soit reçu.");
        }
        return lock;
    }

    private Optional<Session> load(String id) throws IOException {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Path file = dir.resolve(id).resolve("session.properties");
        if (!java.nio.file.Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = java.nio.file.Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        try {
            String folder = p.getProperty("folder", "");
            return Optional.of(new Session(id, p.getProperty("owner"), p.getProperty("space"), folder.isEmpty() ? null : Long.valueOf(folder),
                    p.getProperty("name"), p.getProperty("type"), Long.parseLong(p.getProperty("size")),
                    Boolean.parseBoolean(p.getProperty("replace")), Instant.parse(p.getProperty("touched")),
                    Long.parseLong(p.getProperty("received"))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Writes a session's description whole (a temporary file synced, then moved over the old one). */
    private void save(Session s) throws IOException {
        Properties p = new Properties();
        p.setProperty("owner", s.owner());
        p.setProperty("space", s.space());
        p.setProperty("folder", s.folder() == null ? "" : s.folder().toString());
        p.setProperty("name", s.name());
        if (s.type() != null) {
            p.setProperty("type", s.type());
        }
        p.setProperty("size", Long.toString(s.size()));
        p.setProperty("replace", Boolean.toString(s.replace()));
        p.setProperty("touched", s.touched().toString());
        p.setProperty("received", Long.toString(s.received()));
        Path at = dir.resolve(s.id());
        Path tmp = at.resolve("session.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                Writer w = Channels.newWriter(ch, StandardCharsets.UTF_8)) {
            p.store(w, null);
            w.flush();
            ch.force(true);
        }
        Blobs.moveIntoPlace(tmp, at.resolve("session.properties"));
    }

    private void delete(String id) throws IOException {
        Path at = dir.resolve(id);
        if (java.nio.file.Files.isDirectory(at)) {
            try (Stream<Path> all = java.nio.file.Files.walk(at)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.deleteIfExists(p);
                }
            }
        } else {
            java.nio.file.Files.deleteIfExists(at);
        }
        locks.remove(id);
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
