package fr.preau.files.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A client of clamd's {@code INSTREAM} command: the bytes go to the daemon in chunks (a 4-byte big-endian length, then
 * the bytes; a zero length ends), and one line comes back, {@code stream: OK}, {@code stream: <name> FOUND} or
 * {@code <reason> ERROR}. clamd listens on a unix socket (an absolute path) or on {@code host:port}. Every step waits at
 * most {@code timeout} (connecting, each write, the verdict); more than {@code maxStream} bytes are never sent (clamd's
 * {@code StreamMaxLength} would cut the stream and answer an error).
 */
final class Clamd {

    private static final int CHUNK = 64 * 1024;
    private static final int MAX_REPLY = 4096;

    /** What clamd answered: {@code virus} is null for a clean stream. */
    record Verdict(String virus) {
        boolean clean() {
            return virus == null;
        }
    }

    /** clamd could not give a verdict: unreachable, too slow, or it answered an error. */
    static class Unavailable extends IOException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The stream is longer than clamd accepts (ours or the daemon's {@code StreamMaxLength}). */
    static final class TooLarge extends Unavailable {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message, null);
        }
    }

    private final String address;
    private final long timeoutMillis;
    private final long maxStream;

    /**
     * @param address   an absolute path (unix socket) or {@code host:port}
     * @param maxStream the largest stream sent, bytes (clamd's {@code StreamMaxLength})
     */
    Clamd(String address, Duration timeout, long maxStream) {
        this.address = address.strip();
        this.timeoutMillis = Math.max(1, timeout.toMillis());
        this.maxStream = maxStream;
        socketAddress(this.address); // an address that cannot be one fails now, not at the first upload
    }

    String address() {
        return address;
    }

    long maxStream() {
        return maxStream;
    }

    static SocketAddress socketAddress(String address) {
        if (address.startsWith("/")) {
            return UnixDomainSocketAddress.of(Path.of(address));
        }
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("clamd address: a unix socket path (/run/clamav/clamd.ctl) or host:port");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("clamd address: the port is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("clamd address: the port is out of range");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** Sends {@code in} (at most {@link #maxStream()} bytes, else {@link TooLarge} before anything is sent past it). */
    Verdict scan(InputStream in) throws Unavailable {
        try (Session s = open()) {
            byte[] buffer = new byte[CHUNK];
            ByteBuffer length = ByteBuffer.allocate(4);
            long sent = 0;
            try {
                s.write(ByteBuffer.wrap("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII)));
                for (int n; (n = in.read(buffer)) >= 0;) {
                    if (n == 0) {
                        continue;
                    }
                    sent += n;
                    if (sent > maxStream) {
                        throw new TooLarge("stream longer than " + maxStream + " bytes");
                    }
                    length.clear();
                    length.putInt(n).flip();
                    s.write(length);
                    s.write(ByteBuffer.wrap(buffer, 0, n));
                }
                length.clear();
                length.putInt(0).flip();
                s.write(length);
            } catch (Unavailable e) {
                throw e;
            } catch (IOException e) {
                // clamd may answer and close before the end (its StreamMaxLength): its answer says why
                String early = s.replyQuietly();
                if (early != null) {
                    return verdict(early);
                }
                throw new Unavailable("clamd closed the stream: " + e.getMessage(), e);
            }
            return verdict(s.reply());
        }
    }

    /** clamd's {@code VERSION} answer (the referent's « Tester »). */
    String version() throws Unavailable {
        try (Session s = open()) {
            s.write(ByteBuffer.wrap("zVERSION\0".getBytes(StandardCharsets.US_ASCII)));
            return s.reply();
        } catch (Unavailable e) {
            throw e;
        } catch (IOException e) {
            throw new Unavailable("clamd closed the connection: " + e.getMessage(), e);
        }
    }

    static Verdict verdict(String reply) throws Unavailable {
        String r = reply.strip();
        if (r.endsWith(" FOUND")) {
            String name = r.substring(0, r.length() - " FOUND".length());
            int colon = name.indexOf(": ");
            return new Verdict((colon >= 0 ? name.substring(colon + 2) : name).strip());
        }
        if (r.endsWith(": OK") || r.equals("OK")) {
            return new Verdict(null);
        }
        if (r.contains("size limit exceeded")) {
            throw new TooLarge("clamd: " + r);
        }
        throw new Unavailable("clamd: " + r, null);
    }

    private Session open() throws Unavailable {
        SocketAddress target = socketAddress(address);
        try {
            if (target instanceof InetSocketAddress inet) {
                target = new InetSocketAddress(inet.getHostString(), inet.getPort());
            }
            SocketChannel ch = target instanceof UnixDomainSocketAddress ? SocketChannel.open(StandardProtocolFamily.UNIX)
                    : SocketChannel.open();
            Session s = new Session(ch, timeoutMillis);
            try {
                s.connect(target);
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
            return s;
        } catch (IOException | RuntimeException e) {
            throw new Unavailable("clamd unreachable at " + address + ": " + e, e);
        }
    }

    /** One connection, non-blocking under the hood so that every wait is bounded. */
    private static final class Session implements AutoCloseable {
        private final SocketChannel ch;
        private final Selector selector;
        private final SelectionKey key;
        private final long timeoutMillis;

        Session(SocketChannel ch, long timeoutMillis) throws IOException {
            this.ch = ch;
            this.timeoutMillis = timeoutMillis;
            ch.configureBlocking(false);
            this.selector = Selector.open();
            this.key = ch.register(selector, 0);
        }

        void connect(SocketAddress target) throws IOException {
            if (!ch.connect(target)) {
                await(SelectionKey.OP_CONNECT);
                ch.finishConnect();
            }
        }

        void write(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                if (ch.write(b) == 0) {
                    await(SelectionKey.OP_WRITE);
                }
            }
        }

        /** The reply up to its NUL (or the end of the stream); no reply in time is {@link Unavailable}. */
        String reply() throws Unavailable {
            try {
                return read();
            } catch (Unavailable e) {
                throw e;
            } catch (IOException e) {
                throw new Unavailable("no answer from clamd: " + e.getMessage(), e);
            }
        }

        private String read() throws IOException {
            ByteBuffer b = ByteBuffer.allocate(MAX_REPLY);
            while (b.hasRemaining()) {
                int n = ch.read(b);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    await(SelectionKey.OP_READ);
                    continue;
                }
                if (b.get(b.position() - 1) == 0) {
                    break;
                }
            }
            b.flip();
            String text = StandardCharsets.UTF_8.decode(b).toString().replace("\0", "").strip();
            if (text.isEmpty()) {
                throw new Unavailable("clamd closed the connection without an answer", null);
            }
            return text;
        }

        String replyQuietly() {
            try {
                return read();
            } catch (IOException e) {
                return null;
            }
        }

        private void await(int op) throws IOException {
            key.interestOps(op);
            if (selector.select(timeoutMillis) == 0) {
                throw new SocketTimeoutException("clamd did not answer within " + timeoutMillis + " ms");
            }
            selector.selectedKeys().clear();
        }

        @Override
        public void close() {
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing to release
            }
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to release
            }
        }
    }
}
