package fr.preau.files.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The INSTREAM client against {@link FakeClamd}: verdicts, errors, timeouts and the stream bound. */
class ClamdTest {

    @TempDir
    Path dir;

    static ByteArrayInputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void cleanStreamOverAUnixSocketArrivesWhole() throws Exception {
        byte[] big = new byte[300_000]; // several chunks
        new Random(7).nextBytes(big);
        try (FakeClamd fake = FakeClamd.unix(dir, 1 << 20, FakeClamd.EICAR_FINDER)) {
            Clamd.Verdict v = new Clamd(fake.address(), Duration.ofSeconds(5), 1 << 20).scan(new ByteArrayInputStream(big));
            assertTrue(v.clean());
            assertNull(v.virus());
            assertArrayEquals(big, fake.last.get());
        }
    }

    @Test
    void foundNamesTheVirusOverTcp() throws Exception {
        try (FakeClamd fake = FakeClamd.tcp(1 << 20, FakeClamd.EICAR_FINDER)) {
            Clamd.Verdict v = new Clamd(fake.address(), Duration.ofSeconds(5), 1 << 20).scan(bytes("avant " + FakeClamd.EICAR + " après"));
            assertEquals("Eicar-Signature", v.virus());
        }
    }

    @Test
    void anErrorAnswerIsNoVerdict() throws Exception {
        try (FakeClamd fake = FakeClamd.unix(dir, 1 << 20, b -> "Can't allocate memory ERROR")) {
            Clamd.Unavailable e = assertThrows(Clamd.Unavailable.class,
                    () -> new Clamd(fake.address(), Duration.ofSeconds(5), 1 << 20).scan(bytes("x")));
            assertTrue(e.getMessage().contains("Can't allocate memory"), e.getMessage());
        }
    }

    @Test
    void aSilentClamdTimesOut() throws Exception {
        try (FakeClamd fake = FakeClamd.unix(dir, 1 << 20, b -> null)) {
            long start = System.nanoTime();
            Clamd.Unavailable e = assertThrows(Clamd.Unavailable.class,
                    () -> new Clamd(fake.address(), Duration.ofMillis(300), 1 << 20).scan(bytes("x")));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.getCause() instanceof SocketTimeoutException || e.getMessage().contains("did not answer"), e.toString());
            assertTrue(ms < 4_000, "waited " + ms + " ms");
        }
    }

    @Test
    void nothingListeningIsUnavailable() {
        Clamd c = new Clamd(dir.resolve("absent.sock").toString(), Duration.ofSeconds(1), 1 << 20);
        assertThrows(Clamd.Unavailable.class, () -> c.scan(bytes("x")));
        assertThrows(Clamd.Unavailable.class, c::version);
    }

    @Test
    void neverSendsMoreThanItsBound() throws Exception {
        try (FakeClamd fake = FakeClamd.unix(dir, 1 << 20, FakeClamd.EICAR_FINDER)) {
            Clamd c = new Clamd(fake.address(), Duration.ofSeconds(5), 100_000);
            assertThrows(Clamd.TooLarge.class, () -> c.scan(new ByteArrayInputStream(new byte[100_001])));
            assertEquals(0, fake.streams.get(), "the stream was cut, never ended as if whole");
            assertTrue(c.scan(new ByteArrayInputStream(new byte[100_000])).clean());
        }
    }

    @Test
    void clamdsOwnStreamLimitIsTooLarge() throws Exception {
        try (FakeClamd fake = FakeClamd.unix(dir, 50_000, FakeClamd.EICAR_FINDER)) {
            Clamd c = new Clamd(fake.address(), Duration.ofSeconds(5), 10 << 20);
            assertThrows(Clamd.TooLarge.class, () -> c.scan(new ByteArrayInputStream(new byte[2_000_000])));
        }
    }

    @Test
    void versionForTheReferentsTest() throws Exception {
        try (FakeClamd fake = FakeClamd.tcp(1 << 20, FakeClamd.EICAR_FINDER)) {
            assertTrue(new Clamd(fake.address(), Duration.ofSeconds(5), 1 << 20).version().startsWith("ClamAV"));
        }
    }

    @Test
    void verdictsAndAddresses() throws Exception {
        assertTrue(Clamd.verdict("stream: OK").clean());
        assertEquals("Win.Test.EICAR_HDB-1", Clamd.verdict("stream: Win.Test.EICAR_HDB-1 FOUND").virus());
        assertEquals("Preau.Test.EICAR.UNOFFICIAL", Clamd.verdict("stream: Preau.Test.EICAR.UNOFFICIAL FOUND\n").virus());
        assertThrows(Clamd.TooLarge.class, () -> Clamd.verdict("INSTREAM size limit exceeded. ERROR"));
        assertThrows(Clamd.Unavailable.class, () -> Clamd.verdict("stream: lstat() failed ERROR"));
        assertThrows(IllegalArgumentException.class, () -> new Clamd("clamd", Duration.ofSeconds(1), 1));
        assertThrows(IllegalArgumentException.class, () -> new Clamd("localhost:http", Duration.ofSeconds(1), 1));
        assertThrows(IllegalArgumentException.class, () -> new Clamd("localhost:70000", Duration.ofSeconds(1), 1));
        assertEquals("[::1]:3310", new Clamd("[::1]:3310", Duration.ofSeconds(1), 1).address());
    }
}
