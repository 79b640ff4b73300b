package fr.preau.cahier.internal;

import fr.preau.api.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The bytes of the séances' attachments: one file per blob under {@code <data>/preau/cahier/pieces},
 * written to a temporary file, synced, then renamed (a piece the teacher was told is saved survives
 * a crash). Each upload is bounded while it is read.
 */
@Component(service = Attachments.class)
public final class Attachments {

    /** Largest attachment. */
    static final long MAX_BYTES = 20L * 1024 * 1024;
    /** Types served as they are; anything else is downloaded as bytes. */
    static final Set<String> SERVED_AS_IS = Set.of("application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain",
            "audio/mpeg", "video/mp4", "application/zip", "application/vnd.oasis.opendocument.text",
            "application/vnd.oasis.opendocument.spreadsheet", "application/vnd.oasis.opendocument.presentation",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation", "application/msword",
            "application/vnd.ms-excel", "application/vnd.ms-powerpoint");
    private static final Pattern BLOB = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern UNSAFE_NAME = Pattern.compile("[\\p{Cntrl}/\\\\:*?\"<>|]");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;

    @Activate
    public Attachments() {
        this(Paths.get(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "preau", "cahier", "pieces"));
    }

    Attachments(Path root) {
        this.root = root;
    }

    /** A stored blob: its name and size. */
    record Stored(String blob, long size) {
    }

    /**
     * Stores {@code body}, at most {@link #MAX_BYTES}.
     *
     * @throws ProblemException 413 {@code attachment-too-large} (nothing is kept), 400 {@code empty-attachment}
     */
    Stored save(InputStream body) throws IOException {
        Files.createDirectories(root);
        String blob = HexFormat.of().formatHex(random());
        Path tmp = Files.createTempFile(root, ".upload-", ".tmp");
        try {
            long size = 0;
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = body.read(buffer)) > 0;) {
                    size += n;
                    if (size > MAX_BYTES) {
                        throw tooLarge();
                    }
                    out.write(buffer, 0, n);
                }
            }
            if (size == 0) {
                throw new ProblemException(400, "empty-attachment", "Le fichier envoyé est vide.");
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Path target = root.resolve(blob);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            return new Stored(blob, size);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] random() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }

    static ProblemException tooLarge() {
        return new ProblemException(413, "attachment-too-large", "Ce fichier dépasse 20 Mo : compressez-le ou déposez un lien vers lui.");
    }

    /** The file of a blob. */
    Path file(String blob) {
        if (!BLOB.matcher(blob).matches()) {
            throw new IllegalArgumentException("not a blob name");
        }
        return root.resolve(blob);
    }

    void delete(String blob) throws IOException {
        Files.deleteIfExists(file(blob));
    }

    /** A file name safe to store and to send back: no path, no control character, at most 255 characters. */
    static String fileName(String name) {
        String n = name == null ? "" : name.strip();
        int slash = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
        n = UNSAFE_NAME.matcher(n.substring(slash + 1)).replaceAll("_");
        if (n.isBlank() || n.equals(".") || n.equals("..")) {
            n = "piece-jointe";
        }
        return n.length() > 255 ? n.substring(n.length() - 255) : n;
    }

    /** The media type a piece is stored with: the declared one when well formed, without parameters. */
    static String mediaType(String declared) {
        if (declared == null) {
            return "application/octet-stream";
        }
        String t = declared.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return t.matches("[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,127}") ? t : "application/octet-stream";
    }

    /** The type a piece is served with. */
    static String servedType(String stored) {
        return SERVED_AS_IS.contains(stored) ? stored : "application/octet-stream";
    }
}
