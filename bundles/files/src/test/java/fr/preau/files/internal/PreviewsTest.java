package fr.preau.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.ProblemException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreviewsTest {

    @TempDir
    Path dir;
    Blobs blobs;
    Previews previews;

    @BeforeEach
    void setUp() {
        blobs = new Blobs(dir.resolve("blobs"));
        previews = new Previews(blobs.previews(), Previews.Limits.DEFAULT);
    }

    Node stored(byte[] bytes, String name) throws IOException {
        Blobs.Stored s = blobs.save(new java.io.ByteArrayInputStream(bytes), Long.MAX_VALUE, n -> new IllegalStateException(),
                Blobs.Inspector.NONE);
        Instant at = Instant.parse("2026-12-07T10:00:00Z");
        return new Node(1, "perso:p1", null, name, false, s.size(), s.sha256(), s.blob(), Sniffer.type(s.head(), name, null), "e", "p1", at,
                at, null, false);
    }

    static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(new Color(0, 0, 255, 128));
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    static BufferedImage read(Path jpeg) throws IOException {
        byte[] bytes = Files.readAllBytes(jpeg);
        assertEquals(0xff, bytes[0] & 0xff);
        assertEquals(0xd8, bytes[1] & 0xff);
        return ImageIO.read(jpeg.toFile());
    }

    @Test
    void aPngBecomesAJpegThumbnailKeptOnDiskAndDeletedWithItsBlob() throws Exception {
        Node n = stored(png(1200, 600), "dessin.png");
        assertEquals("image/png", n.mediaType());
        Path thumb = previews.of(n, blobs.file(n.blob()), Previews.Size.VIGNETTE);
        BufferedImage t = read(thumb);
        assertEquals(256, t.getWidth());
        assertEquals(128, t.getHeight());
        Color left = new Color(t.getRGB(10, 64));
        assertTrue(left.getRed() > 200 && left.getBlue() < 60, left.toString());
        BufferedImage large = read(previews.of(n, blobs.file(n.blob()), Previews.Size.GRANDE));
        assertEquals(1024, large.getWidth());
        // the second request reads the cache, even when the content is gone
        long modified = Files.getLastModifiedTime(thumb).toMillis();
        assertEquals(thumb, previews.of(n, dir.resolve("absent"), Previews.Size.VIGNETTE));
        assertEquals(modified, Files.getLastModifiedTime(thumb).toMillis());
        // a small image is not enlarged
        Node small = stored(png(40, 30), "icone.png");
        assertEquals(40, read(previews.of(small, blobs.file(small.blob()), Previews.Size.VIGNETTE)).getWidth());
        // deleting the blob (purge, a version dropped) deletes its previews
        blobs.delete(n.blob());
        assertFalse(Files.exists(thumb));
        try (var left1 = Files.list(thumb.getParent())) {
            assertEquals(0, left1.filter(p -> p.getFileName().toString().startsWith(n.blob())).count());
        }
    }

    @Test
    void jpegAndGifGetThumbnailsAndTheEtagFollowsTheContent() throws Exception {
        BufferedImage image = new BufferedImage(600, 900, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream jpg = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", jpg);
        Node j = stored(jpg.toByteArray(), "photo.jpg");
        BufferedImage t = read(previews.of(j, blobs.file(j.blob()), Previews.Size.VIGNETTE));
        assertEquals(256, t.getHeight());
        assertEquals(171, t.getWidth());
        ByteArrayOutputStream gif = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(300, 100, BufferedImage.TYPE_BYTE_INDEXED), "gif", gif);
        Node g = stored(gif.toByteArray(), "anim.gif");
        assertEquals(256, read(previews.of(g, blobs.file(g.blob()), Previews.Size.VIGNETTE)).getWidth());
        assertNotEquals(Previews.etag(j, Previews.Size.VIGNETTE), Previews.etag(g, Previews.Size.VIGNETTE));
        assertNotEquals(Previews.etag(j, Previews.Size.VIGNETTE), Previews.etag(j, Previews.Size.GRANDE));
    }

    @Test
    void aPdfFirstPageIsRendered() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PDDocument doc = new PDDocument()) {
            PDPage first = new PDPage(PDRectangle.A4);
            doc.addPage(first);
            try (PDPageContentStream c = new PDPageContentStream(doc, first)) {
                c.setNonStrokingColor(Color.BLACK);
                c.addRect(0, PDRectangle.A4.getHeight() / 2, PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight() / 2);
                c.fill();
                c.beginText();
                c.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 24);
                c.setNonStrokingColor(Color.BLACK);
                c.newLineAtOffset(72, 200);
                c.showText("Fractions");
                c.endText();
            }
            doc.addPage(new PDPage(PDRectangle.A4));
            doc.save(out);
        }
        Node n = stored(out.toByteArray(), "cours.pdf");
        assertEquals("application/pdf", n.mediaType());
        BufferedImage t = read(previews.of(n, blobs.file(n.blob()), Previews.Size.VIGNETTE));
        assertEquals(256, t.getHeight());
        assertEquals(181, t.getWidth(), 1);
        // the top half is black, the bottom white: it is page 1 as drawn
        assertTrue(new Color(t.getRGB(90, 30)).getRed() < 40);
        assertTrue(new Color(t.getRGB(90, 230)).getRed() > 200);
    }

    /** A PNG whose header declares {@code width × height} pixels, with a tiny (broken) body. */
    static byte[] pngHeader(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0)
                .put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        crc.update(ihdr.array());
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + 4 + 13 + 4 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a}).putInt(13).put("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put(ihdr.array()).putInt((int) crc.getValue()).putInt(0).put("IDAT".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(0);
        return b.array();
    }

    @Test
    void aDecompressionBombIsRefusedFromItsHeaderBeforeDecoding() throws Exception {
        // 50,000 × 50,000 = 2.5 gigapixels (10 GB decoded): refused on the header, fast, without memory
        Node bomb = stored(pngHeader(50_000, 50_000), "bombe.png");
        long start = System.nanoTime();
        ProblemException e = assertThrows(ProblemException.class, () -> previews.of(bomb, blobs.file(bomb.blob()), Previews.Size.VIGNETTE));
        assertEquals(404, e.status());
        assertEquals("preview-unavailable", e.code());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5);
        assertTrue(Files.exists(Previews.filesOf(blobs.previews(), bomb.blob())[2]), "marked: not tried again");
        // the bound itself: a smaller limit refuses an ordinary image
        Previews strict = new Previews(dir.resolve("strict"), new Previews.Limits(100 * 100, 1024, Duration.ofSeconds(5), 1, 1));
        Node photo = stored(png(101, 100), "photo.png");
        assertTrue(strict.make(photo.blob(), blobs.file(photo.blob()), photo.mediaType(), Previews.Size.VIGNETTE).isEmpty());
        Node ok = stored(png(100, 100), "ok.png");
        assertTrue(strict.make(ok.blob(), blobs.file(ok.blob()), ok.mediaType(), Previews.Size.VIGNETTE).isPresent());
    }

    @Test
    void aDamagedOrUnknownFileHasNoPreview() throws Exception {
        byte[] png = png(300, 300);
        byte[] cut = java.util.Arrays.copyOf(png, 60);
        Node broken = stored(cut, "coupe.png");
        assertEquals("image/png", broken.mediaType());
        assertEquals("preview-unavailable", assertThrows(ProblemException.class,
                () -> previews.of(broken, blobs.file(broken.blob()), Previews.Size.VIGNETTE)).code());
        Node badPdf = stored("%PDF-1.7\nthis is not a PDF at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "faux.pdf");
        assertEquals("application/pdf", badPdf.mediaType());
        assertEquals(404, assertThrows(ProblemException.class, () -> previews.of(badPdf, blobs.file(badPdf.blob()), Previews.Size.VIGNETTE))
                .status());
        Node text = stored("Bonjour".getBytes(java.nio.charset.StandardCharsets.UTF_8), "mot.txt");
        assertEquals(404, assertThrows(ProblemException.class, () -> previews.of(text, blobs.file(text.blob()), Previews.Size.VIGNETTE))
                .status());
        assertEquals(400, assertThrows(ProblemException.class, () -> Previews.Size.of("immense")).status());
        assertEquals(Previews.Size.VIGNETTE, Previews.Size.of(null));
    }

    @Test
    void aStuckRenderIsGivenUpAndDoesNotBlockTheNext() throws Exception {
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        Previews stuckOnPdf = new Previews(dir.resolve("quick"), new Previews.Limits(40_000_000L, 1024, Duration.ofMillis(300), 1, 1)) {
            @Override
            BufferedImage draw(Path content, String mediaType, Size size) throws IOException {
                if (Previews.PDF.equals(mediaType)) {
                    // a render that never ends (and ignores interruption, as a decoder in a loop would)
                    while (never.getCount() > 0) {
                        try {
                            never.await();
                        } catch (InterruptedException ignored) {
                            // keeps going
                        }
                    }
                    return null;
                }
                return super.draw(content, mediaType, size);
            }
        };
        try {
            Node image = stored(png(50, 50), "petit.png");
            Node pdf = stored("%PDF-1.4 ...".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "bloque.pdf");
            long start = System.nanoTime();
            assertTrue(stuckOnPdf.make(pdf.blob(), blobs.file(pdf.blob()), Previews.PDF, Previews.Size.VIGNETTE).isEmpty());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 3000);
            // the slot is free again: the next file gets its preview while the stuck render still runs
            assertTrue(stuckOnPdf.make(image.blob(), blobs.file(image.blob()), "image/png", Previews.Size.VIGNETTE).isPresent());
            // the given-up file is not tried again
            assertTrue(stuckOnPdf.make(pdf.blob(), blobs.file(pdf.blob()), Previews.PDF, Previews.Size.GRANDE).isEmpty());
            // a second stuck render: beyond the given-up renders allowed, the box answers "busy" rather than piling threads up
            Node pdf2 = stored("%PDF-1.4 ....".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "bloque2.pdf");
            assertTrue(stuckOnPdf.make(pdf2.blob(), blobs.file(pdf2.blob()), Previews.PDF, Previews.Size.VIGNETTE).isEmpty());
            Node image2 = stored(png(60, 50), "autre.png");
            assertEquals(503, assertThrows(ProblemException.class,
                    () -> stuckOnPdf.make(image2.blob(), blobs.file(image2.blob()), "image/png", Previews.Size.VIGNETTE)).status());
        } finally {
            never.countDown();
        }
    }
}
