package fr.preau.files.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongFunction;
import java.util.regex.Pattern;

/**
 * The bytes of the files: one file per blob, {@code <root>/<2 hex>/<32 hex>}, written to a temporary
 * file of the same file system, synced, then moved into place (a file is whole or absent, never half
 * there). A blob is never rewritten: overwriting a file writes a new blob. The SHA-256 is computed
 * while the bytes stream through; nothing is held in memory beyond one buffer.
 */
final class Blobs {

    private static final Pattern BLOB = Pattern.compile("[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;

    Blobs(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** Where the previews of the blobs are kept ({@link Previews}, a {@link #SIDECARS sidecar}): deleted with their blob. */
    Path previews() {
        return root.resolveSibling("previews");
    }

    /** How many first bytes of a blob are kept to tell its type ({@link Sniffer}). */
    static final int HEAD = 4096;

    /** A stored blob, with its first bytes ({@link #HEAD} at most). */
    record Stored(String blob, long size, String sha256, byte[] head) {
    }

    /** Looks at written bytes before they are moved into place; throwing keeps nothing (the antivirus). */
    @FunctionalInterface
    interface Inspector {
        Inspector NONE = (file, size) -> {
        };

        void inspect(Path file, long size) throws IOException;
    }

    /**
     * Stores {@code body}, refusing it as soon as it passes {@code limit} bytes.
     *
     * @param tooLarge the exception to throw (nothing is kept) given the byte count reached
     * @param inspector sees the whole written file before it is moved into place
     */
    Stored save(InputStream body, long limit, LongFunction<RuntimeException> tooLarge, Inspector inspector) throws IOException {
        Path tmpDir = root.resolve("tmp");
        Files.createDirectories(tmpDir);
        Path tmp = Files.createTempFile(tmpDir, "upload-", ".tmp");
        try {
            MessageDigest sha = sha256();
            long size = 0;
            byte[] head = new byte[HEAD];
            int headLength = 0;
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = body.read(buffer)) >= 0;) {
                    if (n == 0) {
                        continue;
                    }
                    size += n;
                    if (size > limit) {
                        throw tooLarge.apply(size);
                    }
                    if (headLength < HEAD) {
                        int k = Math.min(n, HEAD - headLength);
                        System.arraycopy(buffer, 0, head, headLength, k);
                        headLength += k;
                    }
                    sha.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            inspector.inspect(tmp, size);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            String blob = HexFormat.of().formatHex(random());
            Path target = file(blob);
            Files.createDirectories(target.getParent());
            moveIntoPlace(tmp, target);
            return new Stored(blob, size, HexFormat.of().formatHex(sha.digest()), java.util.Arrays.copyOf(head, headLength));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Moves a whole, synced file into place in one step where the file system can (else a plain move). */
    static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A copy of a blob (the copy of a file): a new blob with the same bytes (inspected when they came in). */
    Stored copy(String blob, long limit, LongFunction<RuntimeException> tooLarge) throws IOException {
        try (InputStream in = Files.newInputStream(file(blob))) {
            return save(in, limit, tooLarge, Inspector.NONE);
        }
    }

    /** The file of a blob. */
    Path file(String blob) {
        if (blob == null || !BLOB.matcher(blob).matches()) {
            throw new IllegalArgumentException("not a blob name");
        }
        return root.resolve(blob.substring(0, 2)).resolve(blob);
    }

    /**
     * What the box derives from a blob and keeps beside the blobs, deleted with it: the words inside
     * ({@link DocumentTexts}), the previews ({@link Previews}).
     */
    static final List<String> SIDECARS = List.of("texts", "previews");

    /**
     * Where something derived from a blob is kept: {@code <root>/../<kind>/<2 hex>/<blob><suffix>} (a blob never changes,
     * so neither does what is derived from it).
     */
    Path sidecar(String kind, String blob, String suffix) {
        Path f = file(blob);
        return root.resolveSibling(kind).resolve(f.getParent().getFileName()).resolve(blob + suffix);
    }

    /** Deletes a blob and what was derived from it, quietly when already gone. */
    void delete(String blob) {
        try {
            Files.deleteIfExists(file(blob));
            for (String kind : SIDECARS) {
                Path dir = root.resolveSibling(kind).resolve(blob.substring(0, 2));
                if (Files.isDirectory(dir)) {
                    try (java.util.stream.Stream<Path> derived = Files.list(dir)) {
                        for (Path d : (Iterable<Path>) derived.filter(x -> x.getFileName().toString().startsWith(blob))::iterator) {
                            Files.deleteIfExists(d);
                        }
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // an orphan blob takes room but harms nobody; the next purge does not see it again
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] random() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }
}
