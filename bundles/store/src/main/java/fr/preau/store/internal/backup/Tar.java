package fr.preau.store.internal.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The small part of POSIX ustar that a backup needs: regular files with a path of at most 255
 * bytes (name + prefix), a size below 8 GiB, mode and modification time. Written as it streams
 * (header, bytes, padding to 512), read the same way; the archive ends with two zero blocks, so
 * that a truncated archive is told apart from a whole one. Plain archives open with GNU/BSD tar.
 */
final class Tar {

    static final int BLOCK = 512;
    static final long MAX_SIZE = 077777777777L;

    private Tar() {
    }

    /** One entry's header. */
    record Header(String path, long size, long mtimeSeconds, int mode) {
    }

    /** Writes entries one after the other onto {@code out} (not closed by {@link #finish()}). */
    static final class Writer {
        private final OutputStream out;
        private long remaining = -1;
        private long written;

        Writer(OutputStream out) {
            this.out = out;
        }

        void begin(Header h) throws IOException {
            if (remaining > 0) {
                throw new IllegalStateException("previous entry not complete");
            }
            closeEntry();
            out.write(header(h));
            remaining = h.size();
            written = 0;
        }

        void write(byte[] b, int off, int len) throws IOException {
            if (len > remaining) {
                throw new IOException("entry larger than announced");
            }
            out.write(b, off, len);
            remaining -= len;
            written += len;
        }

        void end() throws IOException {
            if (remaining != 0) {
                throw new IOException("entry shorter than announced (" + remaining + " bytes missing)");
            }
            closeEntry();
        }

        private void closeEntry() throws IOException {
            if (remaining == 0) {
                int pad = (int) ((BLOCK - written % BLOCK) % BLOCK);
                out.write(new byte[pad]);
                remaining = -1;
            }
        }

        /** The end-of-archive marker: two zero blocks. */
        void finish() throws IOException {
            closeEntry();
            out.write(new byte[2 * BLOCK]);
            out.flush();
        }
    }

    static byte[] header(Header h) {
        byte[] name = h.path().getBytes(StandardCharsets.UTF_8);
        if (h.size() < 0 || h.size() > MAX_SIZE) {
            throw new IllegalArgumentException("entry too large for ustar: " + h.path());
        }
        byte[] block = new byte[BLOCK];
        byte[] prefix = new byte[0];
        byte[] last = name;
        if (name.length > 100) {
            int split = -1;
            for (int i = Math.min(name.length - 1, 155); i > 0; i--) {
                if (name[i] == '/' && name.length - i - 1 <= 100) {
                    split = i;
                    break;
                }
            }
            if (split < 0) {
                throw new IllegalArgumentException("path too long for ustar: " + h.path());
            }
            prefix = Arrays.copyOfRange(name, 0, split);
            last = Arrays.copyOfRange(name, split + 1, name.length);
        }
        System.arraycopy(last, 0, block, 0, last.length);
        octal(block, 100, 8, h.mode() & 07777);
        octal(block, 108, 8, 0);
        octal(block, 116, 8, 0);
        octal(block, 124, 12, h.size());
        octal(block, 136, 12, Math.max(0, h.mtimeSeconds()));
        Arrays.fill(block, 148, 156, (byte) ' ');
        block[156] = '0';
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, block, 257, 8);
        System.arraycopy(prefix, 0, block, 345, prefix.length);
        long sum = 0;
        for (byte b : block) {
            sum += b & 0xff;
        }
        octal(block, 148, 7, sum);
        block[155] = ' ';
        return block;
    }

    private static void octal(byte[] block, int offset, int length, long value) {
        String s = Long.toOctalString(value);
        if (s.length() > length - 1) {
            throw new IllegalArgumentException("value too large for its field");
        }
        String padded = "0".repeat(length - 1 - s.length()) + s;
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, block, offset, length - 1);
        block[offset + length - 1] = 0;
    }

    /** A refused archive: its shape is wrong (truncated, damaged, not ours). */
    static final class FormatException extends IOException {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }
    }

    /** Reads entries one after the other from {@code in}. */
    static final class Reader {
        private final InputStream in;
        private long remaining;
        private long padding;
        private boolean ended;

        Reader(InputStream in) {
            this.in = in;
        }

        /** The next entry, or null at the end-of-archive marker; skips what is left of the current one. */
        Header next() throws IOException {
            if (ended) {
                return null;
            }
            skipFully(remaining + padding);
            remaining = 0;
            padding = 0;
            byte[] block = new byte[BLOCK];
            readBlock(block);
            if (allZero(block)) {
                readBlock(block);
                if (!allZero(block)) {
                    throw new FormatException("damaged end-of-archive marker");
                }
                ended = true;
                return null;
            }
            long stored = parseOctal(block, 148, 8);
            long sum = 0;
            for (int i = 0; i < BLOCK; i++) {
                sum += (i >= 148 && i < 156) ? ' ' : (block[i] & 0xff);
            }
            if (sum != stored) {
                throw new FormatException("tar header checksum mismatch");
            }
            if (block[156] != '0' && block[156] != 0) {
                throw new FormatException("unsupported tar entry type " + (char) block[156]);
            }
            String name = string(block, 0, 100);
            String prefix = string(block, 345, 155);
            String path = prefix.isEmpty() ? name : prefix + "/" + name;
            long size = parseOctal(block, 124, 12);
            remaining = size;
            padding = (BLOCK - size % BLOCK) % BLOCK;
            return new Header(path, size, parseOctal(block, 136, 12), (int) parseOctal(block, 100, 8));
        }

        /** Reads the current entry's bytes; -1 at its end. */
        int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new FormatException("archive truncated inside an entry");
            }
            remaining -= n;
            return n;
        }

        /** After the end marker: nothing but zero padding may follow. */
        void expectEnd() throws IOException {
            byte[] b = new byte[8192];
            for (int n; (n = in.read(b)) >= 0;) {
                for (int i = 0; i < n; i++) {
                    if (b[i] != 0) {
                        throw new FormatException("data after the end of the archive");
                    }
                }
            }
        }

        private void readBlock(byte[] block) throws IOException {
            int off = 0;
            while (off < BLOCK) {
                int n = in.read(block, off, BLOCK - off);
                if (n < 0) {
                    throw new FormatException(off == 0 ? "archive truncated (no end marker)" : "archive truncated in a header");
                }
                off += n;
            }
        }

        private void skipFully(long n) throws IOException {
            byte[] b = new byte[8192];
            while (n > 0) {
                int r = in.read(b, 0, (int) Math.min(b.length, n));
                if (r < 0) {
                    throw new FormatException("archive truncated inside an entry");
                }
                n -= r;
            }
        }
    }

    private static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String string(byte[] block, int offset, int length) {
        int end = offset;
        while (end < offset + length && block[end] != 0) {
            end++;
        }
        return new String(block, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long parseOctal(byte[] block, int offset, int length) throws FormatException {
        long v = 0;
        boolean digits = false;
        for (int i = offset; i < offset + length; i++) {
            byte c = block[i];
            if (c == 0 || c == ' ') {
                if (digits) {
                    break;
                }
                continue;
            }
            if (c < '0' || c > '7') {
                throw new FormatException("damaged tar header");
            }
            digits = true;
            v = v * 8 + (c - '0');
        }
        return v;
    }
}
