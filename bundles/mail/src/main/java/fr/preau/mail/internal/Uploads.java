package fr.preau.mail.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;

import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;

/**
 * Files attached to a message being written: sent one by one before the message (so that each upload is bounded and
 * shows its progress), kept in {@code <data>/preau/mail/uploads/<hash of the person>/} under a random id, and read
 * back only by the same person when the message goes. Left-overs older than a day are removed.
 */
final class Uploads {

    /** Largest attachment, whatever the message size limit. */
    static final long MAX_FILE_BYTES = 10L * 1024 * 1024;
    /** Most files waiting at once for one person. */
    static final int MAX_PENDING = 20;
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}");
    private static final SecureRandom RANDOM = new SecureRandom();

    record Stored(String id, String name, String type, long size) {
    }

    private final Path root;
    private final long maxBytes;

    Uploads(Path root, long maxBytes) {
        this.root = root;
        this.maxBytes = Math.min(MAX_FILE_BYTES, maxBytes);
    }

    long maxBytes() {
        return maxBytes;
    }

    static ProblemException tooLarge(long max) {
        return new ProblemException(413, "attachment-too-large", "Cette pièce jointe dépasse " + Sizes.french(max)
            + ". Compressez-la, ou déposez-la dans vos documents et envoyez plutôt le lien.");
    }

    private Path dir(PersonId person) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(person.value().getBytes(StandardCharsets.UTF_8));
            return root.resolve(HexFormat.of().formatHex(hash, 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file name safe to keep and to put in a MIME header. */
    static String fileName(String name) {
        String n = name == null ? "" : name.replaceAll("[\\p{Cntrl}/\\\\]", "_").strip();
        if (n.isEmpty()) {
            n = "piece-jointe";
        }
        return n.length() > 150 ? n.substring(n.length() - 150) : n;
    }

    static String mediaType(String type) {
        String t = type == null ? "" : type.split(";")[0].strip().toLowerCase(Locale.ROOT);
        return MEDIA_TYPE.matcher(t).matches() ? t : "application/octet-stream";
    }

    /** Stores one file, reading at most the limit (413 {@code attachment-too-large} beyond). */
    Stored save(PersonId person, String name, String type, InputStream body) throws IOException {
        Path dir = dir(person);
        Files.createDirectories(dir);
        sweep(dir);
        long pending;
        try (var files = Files.list(dir)) {
            pending = files.filter(p -> p.getFileName().toString().endsWith(".meta")).count();
        }
        if (pending >= MAX_PENDING) {
            throw new ProblemException(400, "too-many-attachments",
                "Un message porte au plus " + MAX_PENDING + " pièces jointes. Retirez-en avant d'en ajouter.");
        }
        byte[] raw = new byte[16];
        RANDOM.nextBytes(raw);
        String id = HexFormat.of().formatHex(raw);
        Path tmp = Files.createTempFile(dir, "up", ".tmp");
        long size = 0;
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = body.read(buffer)) > 0) {
                    size += n;
                    if (size > maxBytes) {
                        throw tooLarge(maxBytes);
                    }
                    out.write(buffer, 0, n);
                }
            }
            Properties meta = new Properties();
            meta.setProperty("name", fileName(name));
            meta.setProperty("type", mediaType(type));
            try (OutputStream out = Files.newOutputStream(dir.resolve(id + ".meta"))) {
                meta.store(out, null);
            }
            move(tmp, dir.resolve(id + ".bin"));
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new Stored(id, fileName(name), mediaType(type), size);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The person's own upload (404 {@code unknown-upload} for anything else). */
    MimeMessages.Attachment read(PersonId person, String id) throws IOException {
        Path dir = dir(person);
        if (id == null || !ID.matcher(id).matches() || !Files.isRegularFile(dir.resolve(id + ".bin"))) {
            throw unknown();
        }
        Properties meta = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve(id + ".meta"))) {
            meta.load(in);
        }
        return new MimeMessages.Attachment(meta.getProperty("name", "piece-jointe"),
            meta.getProperty("type", "application/octet-stream"), Files.readAllBytes(dir.resolve(id + ".bin")));
    }

    static ProblemException unknown() {
        return new ProblemException(404, "unknown-upload",
            "Cette pièce jointe n'est plus disponible (elle a peut-être été retirée). Ajoutez-la de nouveau.");
    }

    /** Removes one upload of the person's (sent, or taken back). */
    void delete(PersonId person, String id) throws IOException {
        if (id == null || !ID.matcher(id).matches()) {
            throw unknown();
        }
        Path dir = dir(person);
        boolean existed = Files.deleteIfExists(dir.resolve(id + ".bin"));
        Files.deleteIfExists(dir.resolve(id + ".meta"));
        if (!existed) {
            throw unknown();
        }
    }

    /** Removes what was uploaded more than a day ago and never sent. */
    private static void sweep(Path dir) {
        Instant limit = Instant.now().minus(Duration.ofDays(1));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (Files.getLastModifiedTime(f).toInstant().isBefore(limit)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException ignored) {
            // a left-over stays until the next upload
        }
    }
}
