package fr.preau.store.internal.backup;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The encrypted envelope of an archive: AES-256-GCM over chunks of 1 MiB, so that nothing is held
 * in memory beyond one chunk and damage is found in the chunk where it is.
 * <pre>
 * header: "PREAUENC" · version (1) · PBKDF2 iterations (int) · PBKDF2 salt (16) · archive salt (16)
 *         · nonce prefix (8) · chunk size (int) · key check (32)
 * chunk:  length of the ciphertext (int) · ciphertext with its 16-byte tag
 * </pre>
 * Each chunk's nonce is the prefix and the chunk's number; its additional data is the whole header,
 * the chunk's number and whether it is the last one. Reordered, dropped or swapped chunks, a
 * changed header and a truncated file (no last chunk) all fail authentication; the key check
 * tells a wrong passphrase apart from a damaged file.
 */
final class Encryption {

    static final byte[] MAGIC = "PREAUENC".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int CHUNK = 1 << 20;
    static final int TAG_BITS = 128;
    static final int HEADER_BYTES = 8 + 1 + 4 + 16 + 16 + 8 + 4 + 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Encryption() {
    }

    /** Whether the file starts like an encrypted archive. */
    static boolean isEncrypted(byte[] firstBytes) {
        return firstBytes.length >= MAGIC.length && Arrays.equals(Arrays.copyOf(firstBytes, MAGIC.length), MAGIC);
    }

    /** What can go wrong reading an encrypted archive. */
    static final class WrongPassphraseException extends IOException {
        private static final long serialVersionUID = 1L;

        WrongPassphraseException() {
            super("wrong passphrase");
        }
    }

    /** Encrypts what is written to it onto {@code out}; {@link #close()} writes the last chunk (does not close {@code out}). */
    static final class EncryptingOutputStream extends OutputStream {
        private final OutputStream out;
        private final SecretKeySpec key;
        private final byte[] header;
        private final byte[] prefix;
        private final byte[] buffer = new byte[CHUNK];
        private int filled;
        private long counter;
        private boolean closed;

        EncryptingOutputStream(OutputStream out, BackupKey master) throws IOException {
            this.out = out;
            byte[] archiveSalt = new byte[16];
            RANDOM.nextBytes(archiveSalt);
            prefix = new byte[8];
            RANDOM.nextBytes(prefix);
            ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES);
            h.put(MAGIC).put((byte) VERSION).putInt(master.iterations()).put(master.salt()).put(archiveSalt).put(prefix)
                    .putInt(CHUNK).put(master.check(archiveSalt));
            header = h.array();
            key = master.archiveKey(archiveSalt);
            out.write(header);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (filled == CHUNK) {
                    emit(false);
                }
                int n = Math.min(len, CHUNK - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                emit(true);
                Arrays.fill(buffer, (byte) 0);
                out.flush();
            }
        }

        private void emit(boolean last) throws IOException {
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce(prefix, counter)));
                c.updateAAD(aad(header, counter, last));
                byte[] sealed = c.doFinal(buffer, 0, filled);
                out.write(ByteBuffer.allocate(4).putInt(sealed.length).array());
                out.write(sealed);
            } catch (GeneralSecurityException e) {
                throw new IOException("encryption failed", e);
            }
            counter++;
            filled = 0;
        }
    }

    /** Decrypts an encrypted archive as it is read; a damaged, truncated or foreign file fails with {@link Tar.FormatException}. */
    static final class DecryptingInputStream extends InputStream {
        private final DataInputStream in;
        private final SecretKeySpec key;
        private final byte[] header;
        private final byte[] prefix;
        private byte[] plain = new byte[0];
        private int pos;
        private long counter;
        private boolean last;

        /** Reads and checks the header; {@code passphrase} gives the key. */
        DecryptingInputStream(InputStream raw, char[] passphrase) throws IOException {
            this.in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16));
            header = new byte[HEADER_BYTES];
            try {
                in.readFully(header);
            } catch (EOFException e) {
                throw new Tar.FormatException("encrypted archive truncated in its header");
            }
            ByteBuffer h = ByteBuffer.wrap(header);
            byte[] magic = new byte[MAGIC.length];
            h.get(magic);
            if (!Arrays.equals(magic, MAGIC) || h.get() != VERSION) {
                throw new Tar.FormatException("not an encrypted Préau archive");
            }
            int iterations = h.getInt();
            byte[] salt = new byte[16];
            h.get(salt);
            byte[] archiveSalt = new byte[16];
            h.get(archiveSalt);
            prefix = new byte[8];
            h.get(prefix);
            if (h.getInt() != CHUNK || iterations < BackupKey.MIN_ITERATIONS || iterations > BackupKey.MAX_ITERATIONS) {
                throw new Tar.FormatException("damaged encryption header");
            }
            byte[] check = new byte[32];
            h.get(check);
            BackupKey master = BackupKey.derive(passphrase, salt, iterations);
            if (!master.matches(archiveSalt, check)) {
                throw new WrongPassphraseException();
            }
            key = master.archiveKey(archiveSalt);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (pos == plain.length) {
                if (last) {
                    return -1;
                }
                nextChunk();
            }
            int n = Math.min(len, plain.length - pos);
            System.arraycopy(plain, pos, b, off, n);
            pos += n;
            return n;
        }

        private void nextChunk() throws IOException {
            int length;
            byte[] sealed;
            try {
                length = in.readInt();
                if (length < TAG_BITS / 8 || length > CHUNK + TAG_BITS / 8) {
                    throw new Tar.FormatException("damaged encrypted chunk " + counter);
                }
                sealed = new byte[length];
                in.readFully(sealed);
            } catch (EOFException e) {
                throw new Tar.FormatException("encrypted archive truncated (chunk " + counter + " missing)");
            }
            boolean isLast = peekEnd();
            plain = open(sealed, isLast);
            if (plain == null) {
                // the file continues: this cannot be the last chunk, or it is damaged
                throw new Tar.FormatException("damaged encrypted chunk " + counter);
            }
            last = isLast;
            pos = 0;
            counter++;
        }

        private boolean peekEnd() throws IOException {
            in.mark(1);
            int b = in.read();
            if (b < 0) {
                return true;
            }
            in.reset();
            return false;
        }

        private byte[] open(byte[] sealed, boolean lastChunk) throws IOException {
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce(prefix, counter)));
                c.updateAAD(aad(header, counter, lastChunk));
                return c.doFinal(sealed);
            } catch (AEADBadTagException e) {
                if (lastChunk) {
                    throw new Tar.FormatException("encrypted archive truncated or damaged (chunk " + counter + ")");
                }
                return null;
            } catch (GeneralSecurityException e) {
                throw new IOException("decryption failed", e);
            }
        }
    }

    static byte[] nonce(byte[] prefix, long counter) {
        if (counter > 0xffffffffL) {
            throw new IllegalStateException("too many chunks");
        }
        return ByteBuffer.allocate(12).put(prefix).putInt((int) counter).array();
    }

    static byte[] aad(byte[] header, long counter, boolean last) {
        return ByteBuffer.allocate(header.length + 9).put(header).putLong(counter).put((byte) (last ? 1 : 0)).array();
    }
}
