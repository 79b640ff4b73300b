package fr.preau.directory.internal.ldap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay to the test directory that drops every connection once the server has sent a given
 * number of bytes through it: "the connection was lost in the middle of the read", reproducibly.
 */
final class CuttingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final long cutAfter;
    private final AtomicLong fromServer = new AtomicLong();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /** @param cutAfter bytes from the server after which everything is closed; {@code Long.MAX_VALUE} never */
    CuttingProxy(int target, long cutAfter) throws IOException {
        this.target = target;
        this.cutAfter = cutAfter;
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "test-ldap-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "ldap://127.0.0.1:" + server.getLocalPort();
    }

    /** Bytes the server sent through the relay so far. */
    long bytesFromServer() {
        return fromServer.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(upstream);
                pump(client.getInputStream(), upstream.getOutputStream(), false);
                pump(upstream.getInputStream(), client.getOutputStream(), true);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(InputStream in, OutputStream out, boolean downstream) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[512];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (downstream) {
                        long before = fromServer.getAndAdd(n);
                        if (before + n > cutAfter) {
                            int allowed = (int) Math.max(0, cutAfter - before);
                            out.write(buf, 0, allowed);
                            out.flush();
                            cut();
                            return;
                        }
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // closed
            }
        }, "test-ldap-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void cut() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cut();
    }
}
