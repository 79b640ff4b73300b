package fr.preau.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SmtpLimitsTest {

    private static long headerSize(String message, long limit) throws Exception {
        return SmtpLimits.headerSize(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)), limit);
    }

    @Test
    void theHeaderSectionEndsAtTheFirstEmptyLine() throws Exception {
        assertEquals(14, headerSize("Subject: a\r\n\r\nCorps\r\n\r\nsuite", 1000));
        assertEquals(12, headerSize("Subject: a\n\nCorps", 1000), "bare LF too");
        assertEquals(2, headerSize("\r\nCorps seulement", 1000));
        assertEquals(12, headerSize("Subject: a\r\n", 1000), "no body: the whole message");
    }

    @Test
    void readingStopsJustBeyondTheLimit() throws Exception {
        assertEquals(11, headerSize("X-Long: " + "a".repeat(100_000) + "\r\n\r\n", 10));
        assertEquals(11, headerSize("Subject: a\r\n\r\n", 10), "14 bytes of header, limit 10: over");
    }
}
