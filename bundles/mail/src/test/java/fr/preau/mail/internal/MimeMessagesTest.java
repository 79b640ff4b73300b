package fr.preau.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.apache.james.mime4j.dom.Message;
import org.junit.jupiter.api.Test;

class MimeMessagesTest {

    @Test
    void rawUtf8HeadersAreReadAsUtf8AndOtherEightBitBytesAsWindows1252() throws Exception {
        String utf8 = "From: Élodie Dupré <elodie@example.org>\r\nTo: \"José\" <jose@example.org>\r\n"
            + "Subject: Réunion d'été\r\n – café\r\n\r\nCorps\r\n";
        Message m = MimeMessages.parse(new ByteArrayInputStream(utf8.getBytes(StandardCharsets.UTF_8)));
        assertEquals("Réunion d'été – café", m.getSubject());
        assertEquals("Élodie Dupré", MimeMessages.firstFrom(m).name());
        assertEquals("José", MimeMessages.contacts(m.getTo()).get(0).name());

        String latin1 = "From: Hélène Côté <helene@example.org>\r\nSubject: Sortie à la forêt\r\n\r\nCorps\r\n";
        Message l = MimeMessages.parse(new ByteArrayInputStream(latin1.getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("Sortie à la forêt", l.getSubject());
        assertEquals("Hélène Côté", MimeMessages.firstFrom(l).name());
    }

    @Test
    void encodedWordsAndAsciiHeadersAreReadAsBefore() throws Exception {
        String ascii = "From: =?UTF-8?Q?L=C3=A9o?= <leo@example.org>\r\nSubject: =?UTF-8?B?w6l0w6k=?= ok\r\n\r\nCorps\r\n";
        Message m = MimeMessages.parse(new ByteArrayInputStream(ascii.getBytes(StandardCharsets.US_ASCII)));
        assertEquals("été ok", m.getSubject());
        assertEquals("Léo", MimeMessages.firstFrom(m).name());
    }

    @Test
    void eightBitTextFallsBackToWindows1252() {
        assertEquals("été", MimeMessages.eightBitText("été".getBytes(StandardCharsets.UTF_8)));
        assertEquals("été €", MimeMessages.eightBitText(new byte[] {(byte) 0xE9, 't', (byte) 0xE9, ' ', (byte) 0x80}));
    }

    @Test
    void aHundredNestedMultipartsStillGiveTheirText() throws Exception {
        StringBuilder m = new StringBuilder("Subject: profond\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n");
        for (int i = 0; i < 100; i++) {
            m.append("--b").append(i).append("\r\nContent-Type: multipart/mixed; boundary=\"b").append(i + 1).append("\"\r\n\r\n");
        }
        m.append("--b100\r\nContent-Type: text/plain\r\n\r\nTout au fond\r\n");
        MimeMessages.Parsed p = MimeMessages.read(MimeMessages.parse(new ByteArrayInputStream(m.toString().getBytes(StandardCharsets.US_ASCII))));
        System.err.println("NESTED text=" + p.text() + " parts=" + p.attachments());
        assertEquals("Tout au fond\r\n", p.text());
    }
}
