package fr.preau.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against Debian's real clamd with the project's signature (skipped, saying why, where clamd is absent). */
class RealClamdTest {

    @Test
    void theProjectSignatureFindsEicarAndNothingElse(@TempDir Path dir) throws Exception {
        RealClamd.assumePresent();
        try (RealClamd real = RealClamd.start(dir)) {
            Clamd clamd = new Clamd(real.address(), Duration.ofSeconds(20), 1 << 20);
            Clamd.Verdict found = clamd.scan(new ByteArrayInputStream(("Devoir\n" + RealClamd.EICAR + "\n").getBytes(StandardCharsets.ISO_8859_1)));
            assertEquals(RealClamd.SIGNATURE + ".UNOFFICIAL", found.virus(), real.output());
            assertTrue(clamd.scan(new ByteArrayInputStream("Un devoir sans virus.".getBytes(StandardCharsets.UTF_8))).clean());
            assertTrue(clamd.version().startsWith("ClamAV "));
            // clamd's own StreamMaxLength (25M here) cuts a longer stream: an error, never a clean verdict
            Clamd generous = new Clamd(real.address(), Duration.ofSeconds(20), 64L << 20);
            assertThrows(Clamd.TooLarge.class, () -> generous.scan(new ByteArrayInputStream(new byte[26 << 20])));
            real.stop();
            assertThrows(Clamd.Unavailable.class, () -> clamd.scan(new ByteArrayInputStream(new byte[1])));
        }
    }
}
