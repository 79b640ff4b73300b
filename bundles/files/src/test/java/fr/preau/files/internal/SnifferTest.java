package fr.preau.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Types told from real first bytes, whatever the client declared; what is served of each. */
class SnifferTest {

    static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static final byte[] PNG = bytes(0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R');
    static final byte[] JPEG = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0);
    static final byte[] OLE2 = bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0);

    @Test
    void imagesPdfAudioVideoFromTheirMagicBytes() {
        assertEquals("image/png", Sniffer.type(PNG, "photo.jpg", "image/jpeg"));
        assertEquals("image/jpeg", Sniffer.type(JPEG, "photo", null));
        assertEquals("image/gif", Sniffer.type(ascii("GIF89a\u0001\u0000"), "a.gif", "text/html"));
        assertEquals("image/webp", Sniffer.type(ascii("RIFF\u0024\u0000\u0000\u0000WEBPVP8 "), "a.webp", null));
        assertEquals("application/pdf", Sniffer.type(ascii("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n"), "cours.txt", "text/plain"));
        assertEquals("audio/mpeg", Sniffer.type(ascii("ID3\u0004\u0000\u0000\u0000\u0000\u0000"), "chanson.mp3", null));
        assertEquals("video/mp4", Sniffer.type(bytes(0, 0, 0, 0x20, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0), "film.mp4", null));
        assertEquals("image/heic", Sniffer.type(bytes(0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0), "IMG_0001.HEIC", null));
        assertEquals("video/quicktime", Sniffer.type(bytes(0, 0, 0, 0x14, 'f', 't', 'y', 'p', 'q', 't', ' ', ' ', 0, 0, 0, 0), "a.mov", null));
    }

    static byte[] zip(String first, byte[] content, boolean stored) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            ZipEntry e = new ZipEntry(first);
            if (stored) {
                e.setMethod(ZipEntry.STORED);
                e.setSize(content.length);
                CRC32 crc = new CRC32();
                crc.update(content);
                e.setCrc(crc.getValue());
            }
            z.putNextEntry(e);
            z.write(content);
            z.closeEntry();
            z.putNextEntry(new ZipEntry("content.xml"));
            z.write(ascii("<office:document-content/>"));
            z.closeEntry();
        }
        return out.toByteArray();
    }

    @Test
    void zipsAndOfficeFiles() throws Exception {
        byte[] odt = zip("mimetype", ascii("application/vnd.oasis.opendocument.text"), true);
        assertEquals("application/vnd.oasis.opendocument.text", Sniffer.type(odt, "rapport.zip", "application/zip"));
        byte[] ooxml = zip("[Content_Types].xml", ascii("<Types/>"), false);
        assertEquals("application/vnd.openxmlformats-officedocument.wordprocessingml.document", Sniffer.type(ooxml, "lettre.DOCX", null));
        assertEquals("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Sniffer.type(ooxml, "notes.xlsx", null));
        assertEquals("application/zip", Sniffer.type(ooxml, "archive.zip", "text/html"));
        assertEquals("application/zip", Sniffer.type(ascii("PK\u0005\u0006\u0000\u0000"), "vide.zip", null));
        assertEquals("application/msword", Sniffer.type(OLE2, "ancien.doc", null));
        assertEquals("application/vnd.ms-excel", Sniffer.type(OLE2, "ancien.xls", null));
        assertEquals("application/x-ole-storage", Sniffer.type(OLE2, "inconnu", null));
    }

    @Test
    void textAndMarkup() {
        assertEquals("text/plain", Sniffer.type("Bonjour à tous,\r\nla sortie est reportée.\n".getBytes(StandardCharsets.UTF_8), "mot.txt", "image/png"));
        assertEquals("text/plain", Sniffer.type("Élève;Note\n".getBytes(StandardCharsets.ISO_8859_1), "notes", null));
        assertEquals("text/csv", Sniffer.type(ascii("nom;note\nLéo;12\n"), "notes.csv", null));
        assertEquals("text/plain", Sniffer.type(new byte[0], "vide.txt", "application/pdf"));
        assertEquals("text/html", Sniffer.type(ascii("\n  <!DOCTYPE html><html><script>alert(1)</script>"), "page.txt", "text/plain"));
        assertEquals("text/html", Sniffer.type(ascii("\u00ef\u00bb\u00bf<script>fetch('/api')</script>"), "photo.png", "image/png"));
        assertEquals("image/svg+xml", Sniffer.type(ascii("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"),
                "logo.png", "image/png"));
        assertEquals("application/xml", Sniffer.type(ascii("<?xml version=\"1.0\"?><note/>"), "a.xml", null));
        assertEquals("text/html", Sniffer.type(ascii("<x onclick=1>"), "a", null));
    }

    @Test
    void unknownBytesKeepAClaimOnlyWhenTheBytesCouldNotHaveToldIt() {
        byte[] binary = bytes(1, 2, 3, 0, 4, 5, 6, 7);
        assertEquals("application/octet-stream", Sniffer.type(binary, "photo.png", "image/png"));
        assertEquals("application/octet-stream", Sniffer.type(binary, "page.html", "text/html"));
        assertEquals("application/octet-stream", Sniffer.type(binary, "a.pdf", null));
        assertEquals("application/x-sqlite3", Sniffer.type(binary, "base.db", "application/x-sqlite3; charset=x"));
        assertEquals("application/octet-stream", Sniffer.type(binary, "a.unknownext", "nonsense"));
    }

    @Test
    void servedTypesNeverRunInTheBrowser() {
        assertEquals("image/png", Sniffer.served("image/png"));
        assertEquals("application/pdf", Sniffer.served("application/pdf"));
        assertEquals("text/plain", Sniffer.served("text/plain"));
        for (String active : Sniffer.ACTIVE) {
            assertEquals("application/octet-stream", Sniffer.served(active));
        }
        assertEquals("application/octet-stream", Sniffer.served("text/csv"));
        assertEquals("application/octet-stream", Sniffer.served(null));
    }

    @Test
    void claimedTypes() {
        assertEquals("application/pdf", Sniffer.claimed("application/pdf; charset=x", "a.pdf"));
        assertEquals("application/octet-stream", Sniffer.claimed("nonsense", "a.unknownext"));
        assertEquals("image/png", Sniffer.claimed(null, "a.png"));
    }
}
