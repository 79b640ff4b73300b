package fr.preau.files.internal;

import fr.preau.api.ProblemException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thumbnails of images (JPEG, PNG, GIF, and WebP when the JDK reads it) and the first page of PDFs, as small JPEGs made
 * on the first request and then kept on disk, {@code <data>/previews/<2 hex>/<blob>-<size>.jpg}. A blob is never
 * rewritten, so its name keys the preview: overwriting a file gives it a new blob (and a new preview), and deleting a
 * blob deletes its previews ({@link Blobs#delete}). A file that gives no preview (damaged, too big, unknown, too slow)
 * is marked {@code <blob>.none} so that it is not tried again.
 * <p>
 * A pupil's upload is untrusted input: an image's declared dimensions are read from its header and refused beyond
 * {@link Limits#maxPixels()} before a pixel is decoded (a decompression bomb), the decoding is subsampled, a PDF page
 * is rendered at a scale that fits the preview (never above 144 dpi), and each render runs on a fresh thread given up
 * after {@link Limits#time()}: a stuck render never blocks the next one, and only a few given-up renders may still run
 * before the box answers "busy".
 */
@Component(service = Previews.class)
public class Previews {

    private static final Logger LOG = LoggerFactory.getLogger(Previews.class);

    /** The sizes a preview comes in: the longest side, in pixels. */
    enum Size {
        /** In a folder's listing. */
        VIGNETTE(256, 's'),
        /** In the preview panel. */
        GRANDE(1024, 'l');

        final int pixels;
        final char letter;

        Size(int pixels, char letter) {
            this.pixels = pixels;
            this.letter = letter;
        }

        /** {@code taille} of the REST call: {@code vignette} (also when absent) or {@code grande}. */
        static Size of(String name) {
            if (name == null || name.isBlank() || name.equals("vignette")) {
                return VIGNETTE;
            }
            if (name.equals("grande")) {
                return GRANDE;
            }
            throw new ProblemException(400, "preview-size-invalid", "Taille d'aperçu inconnue : « vignette » ou « grande ».");
        }
    }

    /**
     * The bounds of previews.
     *
     * @param maxPixels   the most pixels an image may declare (width × height)
     * @param maxPdfBytes the largest PDF rendered
     * @param time        how long one render may take
     * @param parallel    how many renders run at once
     * @param givenUp     how many given-up renders may still be running before new ones are refused
     */
    record Limits(long maxPixels, long maxPdfBytes, Duration time, int parallel, int givenUp) {
        static final Limits DEFAULT = new Limits(40_000_000L, 100L * 1024 * 1024, Duration.ofSeconds(20), 2, 4);
    }

    /** The types a preview is made of (the sniffed type of the content). */
    static final Set<String> IMAGES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");
    static final String PDF = "application/pdf";

    private final Path dir;
    private final Limits limits;
    private final Semaphore slots;
    private final AtomicInteger running = new AtomicInteger();

    @Activate
    public Previews(@Reference(name = "files") fr.preau.files.internal.Files files) {
        this(files.blobs().previews(), Limits.DEFAULT);
    }

    Previews(Path dir, Limits limits) {
        this.dir = dir;
        this.limits = limits;
        this.slots = new Semaphore(limits.parallel(), true);
    }

    /** Whether a file of this (sniffed) type may have a preview. */
    static boolean previewable(String mediaType) {
        return mediaType != null && (IMAGES.contains(mediaType) || PDF.equals(mediaType));
    }

    /** The entity tag of a file's preview: its content and the size. */
    static String etag(Node n, Size size) {
        String key = n.sha256() != null && n.sha256().length() >= 32 ? n.sha256().substring(0, 32) : n.blob();
        return "\"p" + size.letter + "-" + key + "\"";
    }

    /** The JPEG preview of a file node; 404 {@code preview-unavailable} when it has none. */
    Path of(Node n, Path content, Size size) throws IOException {
        if (n.folder() || n.blob() == null || !previewable(n.mediaType())) {
            throw unavailable();
        }
        return make(n.blob(), content, n.mediaType(), size).orElseThrow(Previews::unavailable);
    }

    static ProblemException unavailable() {
        return new ProblemException(404, "preview-unavailable", "Pas d'aperçu pour ce fichier : téléchargez-le pour l'ouvrir.");
    }

    static ProblemException busy() {
        return new ProblemException(503, "preview-busy", "Les aperçus sont très demandés en ce moment : réessayez dans un instant.");
    }

    /** The files of a blob's previews (every size, and the "none" mark), under {@code dir}. */
    static Path[] filesOf(Path dir, String blob) {
        Path d = dir.resolve(blob.substring(0, 2));
        return new Path[] {d.resolve(blob + "-" + Size.VIGNETTE.letter + ".jpg"), d.resolve(blob + "-" + Size.GRANDE.letter + ".jpg"),
            d.resolve(blob + ".none")};
    }

    /**
     * The preview of a blob at a size, from the cache or made now; empty when it cannot have one.
     *
     * @param mediaType the sniffed type of the content
     */
    Optional<Path> make(String blob, Path content, String mediaType, Size size) throws IOException {
        Path[] files = filesOf(dir, blob);
        Path target = files[size.ordinal()];
        Path none = files[2];
        if (Files.isRegularFile(target)) {
            return Optional.of(target);
        }
        if (Files.exists(none) || !Files.isRegularFile(content)) {
            return Optional.empty();
        }
        BufferedImage image = render(content, mediaType, size);
        if (image == null) {
            mark(none);
            return Optional.empty();
        }
        write(image, target);
        return Optional.of(target);
    }

    /** Renders on a fresh thread, waiting at most {@link Limits#time()}; null when the file gives no image. */
    private BufferedImage render(Path content, String mediaType, Size size) throws IOException {
        if (running.get() >= limits.parallel() + limits.givenUp()) {
            throw busy();
        }
        try {
            if (!slots.tryAcquire(limits.time().toMillis(), TimeUnit.MILLISECONDS)) {
                throw busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        }
        AtomicReference<BufferedImage> result = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                result.set(draw(content, mediaType, size));
            } catch (IOException | RuntimeException | LinkageError | OutOfMemoryError e) {
                LOG.debug("No preview for a file: {}", e.toString());
            } finally {
                running.decrementAndGet();
            }
        }, "preau-files-preview");
        worker.setDaemon(true);
        worker.setPriority(Thread.NORM_PRIORITY - 1);
        running.incrementAndGet();
        try {
            worker.start();
            worker.join(limits.time().toMillis());
            if (worker.isAlive()) {
                worker.interrupt();
                LOG.warn("A preview took more than {} s and was given up", limits.time().toSeconds());
                return null;
            }
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        } finally {
            slots.release();
        }
    }

    /** The picture of a file at a size (run on the render's own thread), or null. */
    BufferedImage draw(Path content, String mediaType, Size size) throws IOException {
        return PDF.equals(mediaType) ? pdf(content, size) : image(content, size);
    }

    /** An image scaled down to {@code size}, or null when it is not one the JDK reads or declares too many pixels. */
    BufferedImage image(Path file, Size size) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                return null;
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0 || (long) width * height > limits.maxPixels()) {
                    return null;
                }
                ImageReadParam param = reader.getDefaultReadParam();
                // decode no more than twice the pixels kept: a large photo is subsampled while it is read
                int step = Math.max(1, Math.max(width, height) / (2 * size.pixels));
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage decoded = reader.read(0, param);
                return decoded == null ? null : fit(decoded, size.pixels);
            } finally {
                reader.dispose();
            }
        }
    }

    /** The first page of a PDF at a scale that fits {@code size} (at most 144 dpi), or null. */
    BufferedImage pdf(Path file, Size size) throws IOException {
        if (Files.size(file) > limits.maxPdfBytes()) {
            return null;
        }
        // fonts a PDF does not embed are drawn with PDFBox's Liberation Sans, without scanning the system's fonts
        PdfFonts.install();
        try (PDDocument doc = Loader.loadPDF(new RandomAccessReadBufferedFile(file.toFile()), "", null, null,
                IOUtils.createTempFileOnlyStreamCache())) {
            if (doc.getNumberOfPages() < 1) {
                return null;
            }
            PDPage page = doc.getPage(0);
            PDRectangle box = page.getCropBox();
            float longest = Math.max(box.getWidth(), box.getHeight());
            if (!(longest > 0)) {
                return null;
            }
            float scale = Math.min(2f, size.pixels / longest);
            PDFRenderer renderer = new PDFRenderer(doc);
            renderer.setSubsamplingAllowed(true);
            return fit(renderer.renderImage(0, scale, ImageType.RGB), size.pixels);
        }
    }

    /** {@code image} within a square of {@code pixels} (never enlarged), opaque on white. */
    static BufferedImage fit(BufferedImage image, int pixels) {
        int w = image.getWidth();
        int h = image.getHeight();
        double ratio = Math.min(1.0, pixels / (double) Math.max(w, h));
        int tw = Math.max(1, (int) Math.round(w * ratio));
        int th = Math.max(1, (int) Math.round(h * ratio));
        BufferedImage out = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, tw, th);
            g.drawImage(image, 0, 0, tw, th, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Writes the JPEG whole next to its place, then moves it there (a preview is whole or absent). */
    private void write(BufferedImage image, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "preview-", ".tmp");
        try {
            if (!ImageIO.write(image, "jpg", tmp.toFile())) {
                throw new IOException("no JPEG writer");
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Blobs.moveIntoPlace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void mark(Path none) throws IOException {
        Files.createDirectories(none.getParent());
        try {
            Files.createFile(none);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // another request marked it first
        }
    }
}
