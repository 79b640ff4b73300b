package fr.preau.files.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The words inside the box's files, for the search index: read once per blob ({@link TextExtractor}, bounded) and
 * kept beside the blobs ({@link Blobs#sidecar}), so that listing the files module again (each time the search module
 * starts) reads small text files instead of parsing every PDF again. A blob never changes, so neither does its text;
 * the text goes with the blob. A file that gave no text (damaged, encrypted, too big, too slow) is remembered as
 * such (an empty text) and not tried again.
 */
final class DocumentTexts implements AutoCloseable {

    static final String KIND = "texts";
    private static final String SUFFIX = ".txt";

    private final Blobs blobs;
    private final TextExtractor extractor;

    DocumentTexts(Blobs blobs, TextExtractor extractor) {
        this.blobs = blobs;
        this.extractor = extractor;
    }

    /** The words inside this file, empty for a folder, a kind the box does not read, or a file that gave none. */
    Optional<String> of(Node n) {
        if (n.folder() || n.blob() == null || TextExtractor.kind(n.name(), n.mediaType()).isEmpty()) {
            return Optional.empty();
        }
        Path cached = blobs.sidecar(KIND, n.blob(), SUFFIX);
        try {
            if (Files.isRegularFile(cached)) {
                String text = Files.readString(cached, StandardCharsets.UTF_8);
                return text.isEmpty() ? Optional.empty() : Optional.of(text);
            }
            Path blob = blobs.file(n.blob());
            if (!Files.isRegularFile(blob)) {
                return Optional.empty();
            }
            Optional<String> text = extractor.extract(blob, n.name(), n.mediaType());
            keep(cached, text.orElse(""));
            return text;
        } catch (IOException e) {
            // no text this time: the file stays findable by its name
            return Optional.empty();
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** Whether the words of this blob were read already (for tests). */
    boolean known(String blob) {
        return Files.isRegularFile(blobs.sidecar(KIND, blob, SUFFIX));
    }

    private static void keep(Path target, String text) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "text-", ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Blobs.moveIntoPlace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public void close() {
        extractor.close();
    }
}
