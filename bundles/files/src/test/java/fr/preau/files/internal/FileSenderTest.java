package fr.preau.files.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSenderTest {

    @TempDir
    Path dir;

    /** Stands for Jetty's HttpOutput: takes buffers as they are. */
    public static final class BufferOutput extends ByteArrayOutputStream {
        int buffers;
        boolean direct = true;

        public void write(ByteBuffer content) {
            buffers++;
            direct &= content.isDirect();
            byte[] b = new byte[content.remaining()];
            content.get(b);
            write(b, 0, b.length);
        }
    }

    /** A container whose write fails as a broken connection does. */
    public static final class BrokenOutput extends ByteArrayOutputStream {
        public void write(ByteBuffer content) throws IOException {
            throw new IOException("Broken pipe");
        }
    }

    private Path file(int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(dir.resolve("blob-" + size), bytes);
    }

    @Test
    void aJettyLikeOutputGetsALargeRangeInDirectBuffersOfOneMebibyte() throws IOException {
        Path f = file(3_000_000);
        byte[] all = Files.readAllBytes(f);
        BufferOutput out = new BufferOutput();
        FileSender.send(out, f, 1_000, 2_500_000);
        assertEquals(3, out.buffers, "1 MiB, 1 MiB and the rest");
        assertTrue(out.direct, "direct buffers, not heap copies");
        assertArrayEquals(Arrays.copyOfRange(all, 1_000, 2_501_000), out.toByteArray());
        BufferOutput small = new BufferOutput();
        FileSender.send(small, f, 0, FileSender.DIRECT_FROM - 1);
        assertEquals(0, small.buffers, "a small range is copied through the heap");
        assertArrayEquals(Arrays.copyOfRange(all, 0, (int) FileSender.DIRECT_FROM - 1), small.toByteArray());
    }

    @Test
    void anyOtherOutputGetsCopiesOfTheExactRange() throws IOException {
        Path f = file(2_500_000);
        byte[] all = Files.readAllBytes(f);
        for (long[] range : new long[][] {{7, 2_400_000}, {0, all.length}}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            FileSender.send(out, f, range[0], range[1]);
            assertArrayEquals(Arrays.copyOfRange(all, (int) range[0], (int) (range[0] + range[1])), out.toByteArray());
        }
    }

    @Test
    void theContainersFailureReachesTheCaller() throws IOException {
        Path f = file(300_000);
        IOException e = assertThrows(IOException.class, () -> FileSender.send(new BrokenOutput(), f, 0, 300_000));
        assertEquals("Broken pipe", e.getMessage());
    }
}
