package fr.preau.portal.internal;

import fr.preau.api.PersonId;
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
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * People's photos, in {@code <karaf.data>/preau/portal/avatars/<person id>.png}: what a person
 * sends (PNG or JPEG, recognised by its first bytes, {@value #MAX_BYTES} bytes at most) is decoded
 * only after its dimensions are read from its header and found reasonable, then decoded
 * sub-sampled (a huge picture never takes much memory), cropped to a centred square and written
 * again as a {@value #SIZE}×{@value #SIZE} PNG (what is served is never what was sent). Files are
 * written to a temporary file, forced to disk and renamed.
 */
@Component(service = AvatarStore.class)
public final class AvatarStore {

    /** A stored photo. */
    public record Avatar(Path file, long version) {
    }

    static final int SIZE = 256;
    static final long MAX_BYTES = 1_048_576L;
    /** Largest side of a picture we agree to decode (a phone photo is about 4,000 px). */
    static final int MAX_SIDE = 12_000;
    static final long MAX_PIXELS = 50_000_000L;
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final Logger LOG = LoggerFactory.getLogger(AvatarStore.class);

    private final Path dir;

    @Activate
    public AvatarStore() {
        this(Paths.get(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "preau", "portal", "avatars"));
    }

    AvatarStore(Path dir) {
        this.dir = dir;
    }

    /** The person's photo, if they put one. */
    public Optional<Avatar> find(PersonId who) {
        Path file = file(who);
        try {
            return Optional.of(new Avatar(file, Files.getLastModifiedTime(file).toMillis()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("avatar unreadable", e);
        }
    }

    /** Reads, checks and stores a photo (replacing the previous one); the body is read up to the limit only. */
    public Avatar save(PersonId who, InputStream body) {
        byte[] bytes = readBounded(body);
        String format = format(bytes);
        BufferedImage square = decodeSquare(bytes, format);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "avatar", ".tmp");
            try {
                ByteArrayOutputStream png = new ByteArrayOutputStream(64 * 1024);
                if (!ImageIO.write(square, "png", png)) {
                    throw new IOException("no PNG writer");
                }
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer buffer = ByteBuffer.wrap(png.toByteArray());
                    while (buffer.hasRemaining()) {
                        ch.write(buffer);
                    }
                    ch.force(true);
                }
                try {
                    Files.move(tmp, file(who), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file(who), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            LOG.error("Avatar could not be written ({})", e.getClass().getSimpleName());
            throw new ProblemException(503, "avatar-not-saved",
                    "Votre photo n'a pas pu être enregistrée. Réessayez dans un instant.", e);
        }
        return find(who).orElseThrow();
    }

    /** Removes the person's photo; false if there was none. */
    public boolean delete(PersonId who) {
        try {
            return Files.deleteIfExists(file(who));
        } catch (IOException e) {
            throw new UncheckedIOException("avatar not removed", e);
        }
    }

    private Path file(PersonId who) {
        // a PersonId is [A-Za-z0-9_-]{1,64}: a safe file name
        return dir.resolve(who.value() + ".png");
    }

    static ProblemException tooLarge() {
        return new ProblemException(413, "avatar-too-large",
                "Cette photo est trop lourde : 1 Mo au maximum. Choisissez une image plus petite ou réduisez-la.");
    }

    private static ProblemException unreadable() {
        return new ProblemException(415, "avatar-unreadable",
                "Cette image ne peut pas être utilisée. Choisissez une photo au format PNG ou JPEG.");
    }

    static byte[] readBounded(InputStream body) {
        if (body == null) {
            throw unreadable();
        }
        try {
            byte[] bytes = body.readNBytes((int) MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw new ProblemException(400, "avatar-not-received", "La photo n'est pas arrivée en entier. Réessayez.", e);
        } catch (javax.ws.rs.WebApplicationException e) {
            if (e.getResponse() != null && e.getResponse().getStatus() == 413) {
                throw tooLarge();
            }
            throw e;
        }
    }

    static String format(byte[] bytes) {
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

    /** Decodes a picture whose header announced sane dimensions, sub-sampled, into a SIZE×SIZE square. */
    static BufferedImage decodeSquare(byte[] bytes, String format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            throw unreadable();
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE || (long) width * height > MAX_PIXELS) {
                throw new ProblemException(415, "avatar-unreadable",
                        "Cette image est trop grande (" + width + " × " + height + " pixels). Choisissez une photo plus petite.");
            }
            // decode every n-th pixel so that the shorter side stays between SIZE and 2 × SIZE
            int step = Math.max(1, Math.min(width, height) / SIZE / 2);
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceSubsampling(step, step, 0, 0);
            BufferedImage image = reader.read(0, param);
            int side = Math.min(image.getWidth(), image.getHeight());
            int x = (image.getWidth() - side) / 2;
            int y = (image.getHeight() - side) / 2;
            BufferedImage out = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = out.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
                g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
                g.drawImage(image, 0, 0, SIZE, SIZE, x, y, x + side, y + side, null);
            } finally {
                g.dispose();
            }
            return out;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException p) {
                throw p;
            }
            throw unreadable();
        } finally {
            reader.dispose();
        }
    }
}
