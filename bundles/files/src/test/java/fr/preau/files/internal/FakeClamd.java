package fr.preau.files.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A stand-in for clamd speaking its {@code zINSTREAM} and {@code zVERSION} commands on a unix socket or on loopback
 * TCP: it reads the chunks as clamd does, then answers what {@code answer} says of the bytes received (null: never
 * answers, to test timeouts). Beyond {@code streamMax} bytes it answers as clamd does ({@code INSTREAM size limit
 * exceeded. ERROR}) and closes.
 */
final class FakeClamd implements AutoCloseable {

    static final String EICAR = RealClamd.EICAR;

    /** A clamd that finds EICAR anywhere in the stream. */
    static final Function<byte[], String> EICAR_FINDER = bytes -> new String(bytes, StandardCharsets.ISO_8859_1).contains(EICAR)
            ? "stream: Eicar-Signature FOUND" : "stream: OK";

    private final ServerSocketChannel server;
    private final String address;
    private final Thread thread;
    private final long streamMax;
    volatile Function<byte[], String> answer;
    /** The bytes of the last stream received, and the commands seen. */
    final AtomicReference<byte[]> last = new AtomicReference<>();
    final AtomicLong streams = new AtomicLong();

    private FakeClamd(ServerSocketChannel server, String address, long streamMax, Function<byte[], String> answer) {
        this.server = server;
        this.address = address;
        this.streamMax = streamMax;
        this.answer = answer;
        this.thread = new Thread(this::serve, "fake-clamd");
        thread.setDaemon(true);
        thread.start();
    }

    static FakeClamd unix(Path dir, long streamMax, Function<byte[], String> answer) throws IOException {
        Path socket = dir.resolve("clamd.sock");
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(socket));
        return new FakeClamd(s, socket.toString(), streamMax, answer);
    }

    static FakeClamd tcp(long streamMax, Function<byte[], String> answer) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new FakeClamd(s, "127.0.0.1:" + ((InetSocketAddress) s.getLocalAddress()).getPort(), streamMax, answer);
    }

    String address() {
        return address;
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel ch = server.accept()) {
                handle(ch);
            } catch (IOException e) {
                // the next client, or closed
            }
        }
    }

    private void handle(SocketChannel ch) throws IOException {
        InputStream raw = Channels.newInputStream(ch);
        DataInputStream in = new DataInputStream(raw);
        StringBuilder command = new StringBuilder();
        for (int c; (c = in.read()) > 0;) {
            command.append((char) c);
        }
        if (command.toString().equals("zVERSION")) {
            reply(ch, "ClamAV 0.0.0-fake/1/Mon Dec  7 09:00:00 2026");
            return;
        }
        if (!command.toString().equals("zINSTREAM")) {
            reply(ch, "UNKNOWN COMMAND");
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int n; (n = in.readInt()) > 0;) {
            if (bytes.size() + (long) n > streamMax) {
                reply(ch, "INSTREAM size limit exceeded. ERROR");
                return;
            }
            bytes.write(in.readNBytes(n));
        }
        streams.incrementAndGet();
        last.set(bytes.toByteArray());
        String a = answer.apply(bytes.toByteArray());
        if (a == null) {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        reply(ch, a);
    }

    private static void reply(SocketChannel ch, String text) throws IOException {
        Channels.newOutputStream(ch).write((text + "\0").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
    }
}
