package fr.preau.portal.internal;

import static fr.preau.portal.internal.Fixtures.PUPIL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.ProblemException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvatarStoreTest {

    @TempDir
    Path dir;

    static byte[] picture(String format, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLUE);
        g.fillRect(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out));
        return out.toByteArray();
    }

    /** A tiny PNG whose header claims a huge picture (a "decompression bomb" shape). */
    static byte[] pngClaiming(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(4 + 4 + 13 + 4);
        ihdr.putInt(13).put("IHDR".getBytes()).putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0)
                .put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array(), 4, 17);
        ihdr.putInt((int) crc.getValue());
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        byte[] out = Arrays.copyOf(magic, magic.length + ihdr.capacity());
        System.arraycopy(ihdr.array(), 0, out, magic.length, ihdr.capacity());
        return out;
    }

    @Test
    void aPhotoIsReEncodedAsASquarePngAndReplaced() throws IOException {
        AvatarStore store = new AvatarStore(dir.resolve("avatars"));
        assertTrue(store.find(PUPIL.id()).isEmpty());
        AvatarStore.Avatar saved = store.save(PUPIL.id(), new ByteArrayInputStream(picture("jpeg", 640, 480)));
        BufferedImage back = ImageIO.read(saved.file().toFile());
        assertEquals(AvatarStore.SIZE, back.getWidth());
        assertEquals(AvatarStore.SIZE, back.getHeight());
        byte[] written = Files.readAllBytes(saved.file());
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(written, 4), "always served as PNG");
        // the centre of the square is the blue centre of the picture
        Color centre = new Color(back.getRGB(128, 128));
        assertTrue(centre.getBlue() > 200 && centre.getRed() < 60, centre.toString());
        Color corner = new Color(back.getRGB(2, 2));
        assertTrue(corner.getRed() > 200 && corner.getBlue() < 60, "the sides of the landscape picture are cut: " + corner);
        store.save(PUPIL.id(), new ByteArrayInputStream(picture("png", 100, 300)));
        assertEquals(1, Files.list(dir.resolve("avatars")).count(), "replaced, no temporary file left");
        assertTrue(store.delete(PUPIL.id()));
        assertFalse(store.delete(PUPIL.id()));
        assertTrue(store.find(PUPIL.id()).isEmpty());
    }

    @Test
    void otherFormatsAndHugeOrBrokenPicturesAreRefused() throws IOException {
        AvatarStore store = new AvatarStore(dir.resolve("avatars"));
        ProblemException gif = assertThrows(ProblemException.class,
                () -> store.save(PUPIL.id(), new ByteArrayInputStream(picture("gif", 50, 50))));
        assertEquals(415, gif.status());
        ProblemException svg = assertThrows(ProblemException.class,
                () -> store.save(PUPIL.id(), new ByteArrayInputStream("<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes())));
        assertEquals(415, svg.status());
        // refused from its header alone: decoding 60,000 × 60,000 pixels would exhaust the memory
        ProblemException bomb = assertThrows(ProblemException.class,
                () -> store.save(PUPIL.id(), new ByteArrayInputStream(pngClaiming(60_000, 60_000))));
        assertEquals(415, bomb.status());
        assertTrue(bomb.title().contains("trop grande"), bomb.title());
        byte[] truncated = Arrays.copyOf(picture("png", 300, 300), 60);
        assertEquals(415, assertThrows(ProblemException.class,
                () -> store.save(PUPIL.id(), new ByteArrayInputStream(truncated))).status());
        byte[] heavy = new byte[(int) AvatarStore.MAX_BYTES + 10];
        System.arraycopy(picture("png", 10, 10), 0, heavy, 0, 8);
        ProblemException large = assertThrows(ProblemException.class, () -> store.save(PUPIL.id(), new ByteArrayInputStream(heavy)));
        assertEquals(413, large.status());
        assertTrue(store.find(PUPIL.id()).isEmpty());
        assertFalse(Files.exists(dir.resolve("avatars")) && Files.list(dir.resolve("avatars")).findAny().isPresent(),
                "nothing written");
    }
}
