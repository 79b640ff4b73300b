package fr.preau.mail.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A relay for tests, speaking just enough ESMTP: EHLO, STARTTLS (when given a TLS context), AUTH
 * PLAIN (when given a login), MAIL, RCPT (answered by {@link #rcpt}), DATA, RSET, NOOP, QUIT.
 * Records what it accepted.
 */
final class FakeRelay implements AutoCloseable {

    record Received(String from, List<String> to, String data, boolean tls, String user) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    final ServerSocket server;
    private final SSLContext tls;
    private final String user;
    private final String password;
    /** The answer to RCPT TO for an address: "250 ok", "450 …", "550 …". */
    volatile Function<String, String> rcpt = a -> "250 2.1.5 ok";
    private final Thread thread;

    FakeRelay(SSLContext tls, String user, String password) throws IOException {
        this.tls = tls;
        this.user = user;
        this.password = password;
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.thread = new Thread(this::run, "fake-relay");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void run() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                session(s);
            } catch (IOException e) {
                // closed, or the client went away
            }
        }
    }

    private void session(Socket plain) throws IOException {
        Socket s = plain;
        boolean secure = false;
        String authenticated = null;
        BufferedReader in = reader(s);
        OutputStream out = s.getOutputStream();
        say(out, "220 relay.test ESMTP");
        String from = null;
        List<String> to = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            String upper = line.toUpperCase(java.util.Locale.ROOT);
            if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
                StringBuilder b = new StringBuilder("250-relay.test\r\n");
                if (tls != null && !secure) {
                    b.append("250-STARTTLS\r\n");
                }
                if (user != null && (secure || tls == null)) {
                    b.append("250-AUTH PLAIN\r\n");
                }
                b.append("250 8BITMIME");
                say(out, b.toString());
            } else if (upper.equals("STARTTLS") && tls != null && !secure) {
                say(out, "220 2.0.0 go ahead");
                SSLSocket t = (SSLSocket) tls.getSocketFactory().createSocket(s, "localhost", s.getPort(), true);
                t.setUseClientMode(false);
                t.startHandshake();
                s = t;
                secure = true;
                in = reader(s);
                out = s.getOutputStream();
            } else if (upper.startsWith("AUTH PLAIN")) {
                String[] parts = line.split(" ");
                String blob = parts.length > 2 ? parts[2] : null;
                if (blob == null) {
                    say(out, "334 ");
                    blob = in.readLine();
                }
                String[] creds = new String(Base64.getDecoder().decode(blob), StandardCharsets.UTF_8).split("\0");
                if (creds.length == 3 && creds[1].equals(user) && creds[2].equals(password)) {
                    authenticated = creds[1];
                    say(out, "235 2.7.0 ok");
                } else {
                    say(out, "535 5.7.8 bad credentials");
                }
            } else if (upper.startsWith("MAIL FROM:")) {
                if (user != null && authenticated == null) {
                    say(out, "530 5.7.0 authentication required");
                    continue;
                }
                from = address(line);
                to.clear();
                say(out, "250 2.1.0 ok");
            } else if (upper.startsWith("RCPT TO:")) {
                String a = address(line);
                String answer = rcpt.apply(a);
                if (answer.startsWith("250")) {
                    to.add(a);
                }
                say(out, answer);
            } else if (upper.equals("DATA")) {
                if (to.isEmpty()) {
                    say(out, "554 5.5.1 no valid recipients");
                    continue;
                }
                say(out, "354 go ahead");
                StringBuilder data = new StringBuilder();
                String d;
                while ((d = in.readLine()) != null && !d.equals(".")) {
                    data.append(d.startsWith("..") ? d.substring(1) : d).append("\r\n");
                }
                received.add(new Received(from, List.copyOf(to), data.toString(), secure, authenticated));
                say(out, "250 2.0.0 queued");
            } else if (upper.equals("RSET") || upper.equals("NOOP")) {
                say(out, "250 2.0.0 ok");
            } else if (upper.equals("QUIT")) {
                say(out, "221 2.0.0 bye");
                return;
            } else {
                say(out, "502 5.5.2 not implemented");
            }
        }
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    private static String address(String line) {
        int lt = line.indexOf('<');
        int gt = line.indexOf('>', lt + 1);
        return lt >= 0 && gt > lt ? line.substring(lt + 1, gt) : line.substring(line.indexOf(':') + 1).trim();
    }

    private static void say(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
