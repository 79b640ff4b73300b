package fr.preau.store.internal.backup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A backup archive: a tar whose first entry is {@value #METADATA} (what was saved, when, by which
 * box) and whose last entry is {@value #MANIFEST} (the SHA-256 and size of every other entry, one
 * a line: {@code <sha256> <size> <path>}), optionally inside the encrypted envelope of
 * {@link Encryption}. Written and read as a stream: nothing is ever held whole in memory.
 * <p>
 * An archive is accepted only whole: every entry listed in the manifest with its sum and size,
 * nothing more, nothing less, the manifest last, then tar's end marker and nothing after it.
 */
final class Archive {

    static final String METADATA = "preau-backup.properties";
    static final String MANIFEST = "MANIFEST.sha256";
    static final String MANIFEST_TITLE = "# Préau backup manifest 1";
    /** Paths an archive may hold: under data/ or karaf-etc/, no "..", no empty segment, no control character. */
    private static final Pattern SAFE = Pattern.compile("(data|karaf-etc)(/[^/\\p{Cntrl}]+)+");

    private Archive() {
    }

    static boolean safePath(String path) {
        if (!SAFE.matcher(path).matches()) {
            return false;
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                return false;
            }
        }
        return true;
    }

    /** One line of the manifest. */
    record Sum(String path, long size, String sha256) {
    }

    /** Writes an archive onto {@code out}; {@link #finish()} adds the manifest and the end marker and closes the envelope. */
    static final class Writer {
        private final OutputStream sink;
        private final Tar.Writer tar;
        private final Encryption.EncryptingOutputStream encrypted;
        private final List<Sum> sums = new ArrayList<>();
        private final Set<String> paths = new HashSet<>();
        private final byte[] buffer = new byte[1 << 16];

        /** {@code key} null: a plain tar. */
        Writer(OutputStream out, BackupKey key, Properties metadata) throws IOException {
            this.sink = out;
            this.encrypted = key == null ? null : new Encryption.EncryptingOutputStream(out, key);
            this.tar = new Tar.Writer(encrypted == null ? out : encrypted);
            java.io.StringWriter text = new java.io.StringWriter();
            metadata.store(text, "Préau backup");
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            add(METADATA, bytes.length, 0, 0644, new ByteArrayInputStream(bytes), true);
        }

        /** Adds a file of the disk under {@code path}; its size is the one it has now (a file growing meanwhile is cut there). */
        void addFile(String path, Path file) throws IOException {
            long size = Files.size(file);
            long mtime = Files.getLastModifiedTime(file).toMillis() / 1000;
            try (InputStream in = Files.newInputStream(file)) {
                add(path, size, mtime, 0600, in, false);
            }
        }

        void addBytes(String path, byte[] bytes) throws IOException {
            add(path, bytes.length, 0, 0600, new ByteArrayInputStream(bytes), false);
        }

        private void add(String path, long size, long mtime, int mode, InputStream in, boolean special) throws IOException {
            if (!special && !safePath(path)) {
                throw new IllegalArgumentException("unsafe archive path: " + path);
            }
            if (!paths.add(path)) {
                throw new IllegalArgumentException("duplicate archive path: " + path);
            }
            MessageDigest sha = sha256();
            tar.begin(new Tar.Header(path, size, mtime, mode));
            long left = size;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("file shrank while it was saved: " + path);
                }
                sha.update(buffer, 0, n);
                tar.write(buffer, 0, n);
                left -= n;
            }
            tar.end();
            sums.add(new Sum(path, size, HexFormat.of().formatHex(sha.digest())));
        }

        /** Manifest, end marker, envelope's last chunk; {@code out} itself is left open. */
        List<Sum> finish() throws IOException {
            StringBuilder manifest = new StringBuilder(MANIFEST_TITLE).append('\n');
            for (Sum s : sums) {
                manifest.append(s.sha256()).append(' ').append(s.size()).append(' ').append(s.path()).append('\n');
            }
            byte[] bytes = manifest.toString().getBytes(StandardCharsets.UTF_8);
            tar.begin(new Tar.Header(MANIFEST, bytes.length, 0, 0644));
            tar.write(bytes, 0, bytes.length);
            tar.end();
            tar.finish();
            if (encrypted != null) {
                encrypted.close();
            }
            sink.flush();
            return List.copyOf(sums);
        }
    }

    /** Where the entries of a verified archive go; {@link #NONE} only checks. */
    interface Sink {
        Sink NONE = (path, in) -> {
            byte[] b = new byte[1 << 16];
            while (in.read(b) >= 0) {
                // reading is checking
            }
        };

        void accept(String path, InputStream in) throws IOException;
    }

    /** What a verified archive holds. */
    record Contents(Properties metadata, List<Sum> entries, long bytes) {
    }

    /**
     * Reads a whole archive, checking every entry against the manifest, and hands each entry to
     * {@code sink} as it goes (a sink that writes must treat what it wrote as unconfirmed until this returns).
     *
     * @param passphrase needed when the archive is encrypted; null otherwise
     * @throws Tar.FormatException damaged, truncated or not an archive of a box
     * @throws Encryption.WrongPassphraseException encrypted with another passphrase
     * @throws PassphraseRequiredException encrypted and no passphrase given
     */
    static Contents read(InputStream raw, char[] passphrase, Sink sink) throws IOException {
        java.io.BufferedInputStream buffered = new java.io.BufferedInputStream(raw, 1 << 16);
        buffered.mark(16);
        byte[] first = buffered.readNBytes(Encryption.MAGIC.length);
        buffered.reset();
        InputStream in = buffered;
        if (Encryption.isEncrypted(first)) {
            if (passphrase == null || passphrase.length == 0) {
                throw new PassphraseRequiredException();
            }
            in = new Encryption.DecryptingInputStream(buffered, passphrase);
        }
        Tar.Reader tar = new Tar.Reader(in);
        Map<String, Sum> seen = new LinkedHashMap<>();
        Properties metadata = null;
        byte[] manifest = null;
        long bytes = 0;
        byte[] buffer = new byte[1 << 16];
        for (Tar.Header h; (h = tar.next()) != null;) {
            if (manifest != null) {
                throw new Tar.FormatException("entry after the manifest");
            }
            if (metadata == null && !METADATA.equals(h.path())) {
                throw new Tar.FormatException("not a Préau backup (no metadata first)");
            }
            if (MANIFEST.equals(h.path())) {
                if (h.size() > 64L << 20) {
                    throw new Tar.FormatException("manifest too large");
                }
                java.io.ByteArrayOutputStream m = new java.io.ByteArrayOutputStream();
                for (int n; (n = tar.read(buffer, 0, buffer.length)) >= 0;) {
                    m.write(buffer, 0, n);
                }
                manifest = m.toByteArray();
                continue;
            }
            if (seen.containsKey(h.path())) {
                throw new Tar.FormatException("duplicate entry " + h.path());
            }
            MessageDigest sha = sha256();
            if (metadata == null) {
                if (h.size() > 1 << 20) {
                    throw new Tar.FormatException("metadata too large");
                }
                java.io.ByteArrayOutputStream m = new java.io.ByteArrayOutputStream();
                for (int n; (n = tar.read(buffer, 0, buffer.length)) >= 0;) {
                    m.write(buffer, 0, n);
                    sha.update(buffer, 0, n);
                }
                metadata = new Properties();
                metadata.load(new java.io.StringReader(m.toString(StandardCharsets.UTF_8)));
            } else {
                if (!safePath(h.path())) {
                    throw new Tar.FormatException("unsafe entry path");
                }
                Tar.Reader current = tar;
                InputStream entry = new InputStream() {
                    @Override
                    public int read() throws IOException {
                        byte[] one = new byte[1];
                        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = current.read(b, off, len);
                        if (n > 0) {
                            sha.update(b, off, n);
                        }
                        return n;
                    }
                };
                sink.accept(h.path(), entry);
                while (entry.read(buffer) >= 0) {
                    // the sink may stop early: the rest is still checked
                }
            }
            seen.put(h.path(), new Sum(h.path(), h.size(), HexFormat.of().formatHex(sha.digest())));
            bytes += h.size();
        }
        tar.expectEnd();
        if (manifest == null) {
            throw new Tar.FormatException("archive without manifest (truncated)");
        }
        List<Sum> listed = parseManifest(manifest);
        if (listed.size() != seen.size()) {
            throw new Tar.FormatException("manifest lists " + listed.size() + " entries, archive holds " + seen.size());
        }
        for (Sum s : listed) {
            Sum actual = seen.get(s.path());
            if (actual == null || actual.size() != s.size() || !actual.sha256().equals(s.sha256())) {
                throw new Tar.FormatException("entry does not match the manifest: " + s.path());
            }
        }
        return new Contents(metadata, listed, bytes);
    }

    private static List<Sum> parseManifest(byte[] bytes) throws Tar.FormatException {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
        if (lines.length == 0 || !MANIFEST_TITLE.equals(lines[0])) {
            throw new Tar.FormatException("damaged manifest");
        }
        List<Sum> sums = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(" ", 3);
            if (f.length != 3 || !f[0].matches("[0-9a-f]{64}") || !f[1].matches("[0-9]{1,19}")) {
                throw new Tar.FormatException("damaged manifest line " + i);
            }
            sums.add(new Sum(f[2], Long.parseLong(f[1]), f[0]));
        }
        return sums;
    }

    /** The archive is encrypted and no passphrase was given. */
    static final class PassphraseRequiredException extends IOException {
        private static final long serialVersionUID = 1L;

        PassphraseRequiredException() {
            super("passphrase required");
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code bytes} to {@code target} atomically: temporary file in the same folder, fsync, rename. */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
