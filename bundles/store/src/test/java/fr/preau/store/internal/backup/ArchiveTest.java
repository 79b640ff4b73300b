package fr.preau.store.internal.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveTest {

    private static final char[] PASSPHRASE = "les marronniers de la cour".toCharArray();
    private static final BackupKey KEY = BackupKey.fromPassphrase(PASSPHRASE, BackupKey.MIN_ITERATIONS);

    @TempDir
    Path tmp;

    /** An archive with a small file, an empty one, one of exactly 512 bytes and one spanning several encryption chunks. */
    private byte[] archive(BackupKey key, Map<String, byte[]> contents) throws IOException {
        Random random = new Random(42);
        byte[] big = new byte[(int) (2.5 * Encryption.CHUNK)];
        random.nextBytes(big);
        contents.put("data/preau/files/ab/abcdef", big);
        contents.put("data/preau/portal/legal.json", "{\"mentions\":\"Collège Jean Rostand\"}".getBytes(StandardCharsets.UTF_8));
        contents.put("data/preau/empty", new byte[0]);
        contents.put("data/preau/" + "long-folder-name-".repeat(6) + "/block", new byte[512]);
        contents.put("karaf-etc/fr.preau.mail.cfg", "bind = 0.0.0.0\n".getBytes(StandardCharsets.UTF_8));
        Properties meta = new Properties();
        meta.setProperty("label", "0999999Z");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Archive.Writer w = new Archive.Writer(out, key, meta);
        int i = 0;
        for (Map.Entry<String, byte[]> e : contents.entrySet()) {
            if (i++ % 2 == 0) {
                w.addBytes(e.getKey(), e.getValue());
            } else {
                Path f = Files.write(tmp.resolve("f" + i), e.getValue());
                w.addFile(e.getKey(), f);
            }
        }
        w.finish();
        return out.toByteArray();
    }

    private static Archive.Contents read(byte[] archive, char[] passphrase, Map<String, byte[]> into) throws IOException {
        return Archive.read(new ByteArrayInputStream(archive), passphrase,
                (path, in) -> into.put(path, in.readAllBytes()));
    }

    @Test
    void plainArchiveRoundTripsAndIsATar() throws Exception {
        Map<String, byte[]> contents = new HashMap<>();
        byte[] archive = archive(null, contents);
        Map<String, byte[]> back = new HashMap<>();
        Archive.Contents c = read(archive, null, back);
        assertEquals(contents.keySet(), back.keySet());
        contents.forEach((k, v) -> assertArrayEquals(v, back.get(k), k));
        assertEquals("0999999Z", c.metadata().getProperty("label"));
        assertEquals(contents.size() + 1, c.entries().size(), "the metadata is listed too");
        // GNU tar reads it too (when present)
        Path file = Files.write(tmp.resolve("a.tar"), archive);
        try {
            Process p = new ProcessBuilder("tar", "tf", file.toString()).redirectErrorStream(true).start();
            String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() == 0) {
                assertTrue(listing.contains("data/preau/portal/legal.json"), listing);
                assertTrue(listing.contains(Archive.MANIFEST), listing);
            }
        } catch (IOException noTar) {
            // no tar on this machine
        }
    }

    @Test
    void encryptedArchiveRoundTripsAndHidesItsContents() throws Exception {
        Map<String, byte[]> contents = new HashMap<>();
        byte[] archive = archive(KEY, contents);
        String raw = new String(archive, StandardCharsets.ISO_8859_1);
        assertTrue(!raw.contains("legal.json") && !raw.contains("Rostand"), "names and contents are not in clear");
        Map<String, byte[]> back = new HashMap<>();
        read(archive, "les marronniers de la cour".toCharArray(), back);
        contents.forEach((k, v) -> assertArrayEquals(v, back.get(k), k));
    }

    @Test
    void wrongOrMissingPassphraseIsRefused() throws Exception {
        byte[] archive = archive(KEY, new HashMap<>());
        assertThrows(Encryption.WrongPassphraseException.class,
                () -> read(archive, "les marronniers de la courr".toCharArray(), new HashMap<>()));
        assertThrows(Archive.PassphraseRequiredException.class, () -> read(archive, null, new HashMap<>()));
    }

    @Test
    void truncatedArchivesAreRefusedAtEveryLength() throws Exception {
        for (BackupKey key : new BackupKey[] {null, KEY}) {
            byte[] archive = archive(key, new HashMap<>());
            int[] cuts = {0, 10, 100, 511, 512, 1024, 5000, archive.length / 2, archive.length - 1024 - 1,
                    archive.length - 1024, archive.length - 512, archive.length - 17, archive.length - 1};
            for (int cut : cuts) {
                byte[] truncated = Arrays.copyOf(archive, cut);
                assertThrows(IOException.class, () -> read(truncated, PASSPHRASE.clone(), new HashMap<>()),
                        (key == null ? "plain" : "encrypted") + " cut at " + cut + " of " + archive.length);
            }
        }
    }

    @Test
    void anyFlippedByteIsRefused() throws Exception {
        for (BackupKey key : new BackupKey[] {null, KEY}) {
            byte[] archive = archive(key, new HashMap<>());
            Random random = new Random(7);
            for (int i = 0; i < 40; i++) {
                byte[] damaged = archive.clone();
                int at = random.nextInt(archive.length);
                damaged[at] ^= (byte) (1 + random.nextInt(255));
                if (key == null && isPadding(archive, at)) {
                    continue; // zeros between entries carry nothing: tar ignores them too
                }
                assertThrows(IOException.class, () -> read(damaged, PASSPHRASE.clone(), new HashMap<>()),
                        (key == null ? "plain" : "encrypted") + " byte " + at);
            }
        }
    }

    /** A zero byte of a plain tar outside any header and entry (padding): changing it changes nothing that is read. */
    private static boolean isPadding(byte[] archive, int at) throws IOException {
        // walk the headers to find whether 'at' is in padding
        int pos = 0;
        while (pos + 512 <= archive.length) {
            byte[] block = Arrays.copyOfRange(archive, pos, pos + 512);
            boolean zero = true;
            for (byte b : block) {
                zero &= b == 0;
            }
            if (zero) {
                return at >= pos + 1024; // after the end marker: refused too, by expectEnd
            }
            long size = Long.parseLong(new String(block, 124, 11, StandardCharsets.US_ASCII).trim(), 8);
            int dataEnd = pos + 512 + (int) size;
            int next = pos + 512 + (int) ((size + 511) / 512 * 512);
            if (at >= dataEnd && at < next) {
                return true;
            }
            pos = next;
        }
        return false;
    }

    @Test
    void anEntryChangedWithItsTarChecksumStillFailsTheManifest() throws Exception {
        Map<String, byte[]> contents = new HashMap<>();
        byte[] archive = archive(null, contents);
        String text = new String(archive, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("Rostand");
        byte[] damaged = archive.clone();
        damaged[at] = 'r'; // content only: no tar checksum covers it
        Tar.FormatException e = assertThrows(Tar.FormatException.class, () -> read(damaged, null, new HashMap<>()));
        assertTrue(e.getMessage().contains("legal.json"), e.getMessage());
    }

    @Test
    void unsafePathsAreNeitherWrittenNorRead() {
        assertTrue(Archive.safePath("data/preau/files/ab/cd"));
        for (String bad : new String[] {"/etc/passwd", "data/../etc", "data/preau/../../x", "other/x", "data", "data//x",
                "data/a\nb"}) {
            assertTrue(!Archive.safePath(bad), bad);
        }
    }
}
