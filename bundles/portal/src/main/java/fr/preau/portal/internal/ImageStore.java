package fr.preau.portal.internal;

import fr.preau.api.ProblemException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pictures people send (people's photos, schools' logos), one PNG file per key in one folder:
 * what is sent (PNG or JPEG, recognised by its first bytes, never SVG, {@link Rules#maxBytes}
 * at most) is decoded only after its dimensions are read from its header and found reasonable,
 * then decoded sub-sampled (a huge picture never takes much memory), cropped to a centred square
 * or fitted in a box, and written again as a PNG (what is served is never what was sent). Files
 * are written to a temporary file, forced to disk and renamed.
 */
final class ImageStore {

    /** A stored picture; {@code version} changes with every new picture. */
    record Stored(Path file, long version) {
    }

    /**
     * What a store accepts and how it writes it.
     *
     * @param width,height the square's side ({@code crop}) or the box the picture is fitted in (never enlarged)
     * @param code         prefix of the problem codes: {@code avatar} → {@code avatar-too-large}, …
     * @param tooLarge     the French title of a too heavy picture
     * @param notSaved     the French title when the disk refused it
     */
    record Rules(long maxBytes, int maxSide, long maxPixels, int width, int height, boolean crop, String code,
            String tooLarge, String notSaved) {
    }

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    /** Keys are file names: letters, digits, '-' and '_' only. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Logger LOG = LoggerFactory.getLogger(ImageStore.class);

    private final Path dir;
    private final Rules rules;

    ImageStore(Path dir, Rules rules) {
        this.dir = dir;
        this.rules = rules;
    }

    Rules rules() {
        return rules;
    }

    /** The picture stored under {@code key}, if any. */
    Optional<Stored> find(String key) {
        Path file = file(key);
        try {
            return Optional.of(new Stored(file, Files.getLastModifiedTime(file).toMillis()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("picture unreadable", e);
        }
    }

    /** Reads, checks and stores a picture (replacing the previous one); the body is read up to the limit only. */
    Stored save(String key, InputStream body) {
        Path target = file(key);
        byte[] bytes = readBounded(body);
        BufferedImage image = decode(bytes, format(bytes));
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, rules.code(), ".tmp");
            try {
                ByteArrayOutputStream png = new ByteArrayOutputStream(64 * 1024);
                if (!ImageIO.write(image, "png", png)) {
                    throw new IOException("no PNG writer");
                }
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer buffer = ByteBuffer.wrap(png.toByteArray());
                    while (buffer.hasRemaining()) {
                        ch.write(buffer);
                    }
                    ch.force(true);
                }
                // a picture replaced within the same millisecond still gets a new version
                long before = Files.exists(target) ? Files.getLastModifiedTime(target).toMillis() : Long.MIN_VALUE;
                if (Files.getLastModifiedTime(tmp).toMillis() <= before) {
                    Files.setLastModifiedTime(tmp, java.nio.file.attribute.FileTime.fromMillis(before + 1));
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            LOG.error("Picture could not be written ({})", e.getClass().getSimpleName());
            throw new ProblemException(503, rules.code() + "-not-saved", rules.notSaved(), e);
        }
        return find(key).orElseThrow();
    }

    /** Removes the picture; false if there was none. */
    boolean delete(String key) {
        try {
            return Files.deleteIfExists(file(key));
        } catch (IOException e) {
            throw new UncheckedIOException("picture not removed", e);
        }
    }

    private Path file(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("bad picture key");
        }
        return dir.resolve(key + ".png");
    }

    ProblemException tooLarge() {
        return new ProblemException(413, rules.code() + "-too-large", rules.tooLarge());
    }

    private ProblemException unreadable() {
        return new ProblemException(415, rules.code() + "-unreadable",
                "Cette image ne peut pas être utilisée. Choisissez une image au format PNG ou JPEG.");
    }

    /** Refuses at once a body announced larger than the limit (Content-Length); the body is bounded anyway. */
    void checkLength(String contentLength) {
        if (contentLength != null) {
            try {
                if (Long.parseLong(contentLength.strip()) > rules.maxBytes()) {
                    throw tooLarge();
                }
            } catch (NumberFormatException e) {
                // read and bounded in save
            }
        }
    }

    byte[] readBounded(InputStream body) {
        if (body == null) {
            throw unreadable();
        }
        try {
            byte[] bytes = body.readNBytes((int) rules.maxBytes() + 1);
            if (bytes.length > rules.maxBytes()) {
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw new ProblemException(400, rules.code() + "-not-received", "L'image n'est pas arrivée en entier. Réessayez.", e);
        } catch (javax.ws.rs.WebApplicationException e) {
            if (e.getResponse() != null && e.getResponse().getStatus() == 413) {
                throw tooLarge();
            }
            throw e;
        }
    }

    String format(byte[] bytes) {
        if (startsWith(bytes, PNG)) {
            return "png";
        }
        if (startsWith(bytes, JPEG)) {
            return "jpeg";
        }
        throw unreadable();
    }

    private static boolean startsWith(byte[] bytes, byte[] magic) {
        return bytes.length >= magic.length && Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length);
    }

    /** Decodes a picture whose header announced sane dimensions, sub-sampled, into its square or its box. */
    BufferedImage decode(byte[] bytes, String format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            throw unreadable();
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width < 1 || height < 1 || width > rules.maxSide() || height > rules.maxSide()
                    || (long) width * height > rules.maxPixels()) {
                throw new ProblemException(415, rules.code() + "-unreadable", "Cette image est trop grande (" + width + " × " + height
                        + " pixels ; " + rules.maxSide() + " pixels de côté au plus). Choisissez une image plus petite.");
            }
            return rules.crop() ? square(reader, width, height) : fitted(reader, width, height);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException p) {
                throw p;
            }
            throw unreadable();
        } finally {
            reader.dispose();
        }
    }

    private BufferedImage square(ImageReader reader, int width, int height) throws IOException {
        int size = rules.width();
        // decode every n-th pixel so that the shorter side stays between size and 2 × size
        int step = Math.max(1, Math.min(width, height) / size / 2);
        BufferedImage image = read(reader, step);
        int side = Math.min(image.getWidth(), image.getHeight());
        int x = (image.getWidth() - side) / 2;
        int y = (image.getHeight() - side) / 2;
        return draw(image, size, size, x, y, side, side);
    }

    private BufferedImage fitted(ImageReader reader, int width, int height) throws IOException {
        double scale = Math.min(1.0, Math.min((double) rules.width() / width, (double) rules.height() / height));
        int step = Math.max(1, (int) (1 / scale / 2));
        BufferedImage image = read(reader, step);
        int w = Math.max(1, (int) Math.round(width * scale));
        int h = Math.max(1, (int) Math.round(height * scale));
        return draw(image, w, h, 0, 0, image.getWidth(), image.getHeight());
    }

    private static BufferedImage read(ImageReader reader, int step) throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(step, step, 0, 0);
        return reader.read(0, param);
    }

    private static BufferedImage draw(BufferedImage image, int w, int h, int x, int y, int sw, int sh) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, w, h, x, y, x + sw, y + sh, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
