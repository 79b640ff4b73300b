package fr.preau.mail.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import fr.preau.api.ProblemException;

/** Remote images: markers in the reading HTML, and their bounded fetch through the box. */
class RemoteImagesTest {

    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        reply("/pixel.png", 200, "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        reply("/evil.svg", 200, "image/svg+xml", "<svg onload=\"alert(1)\"/>".getBytes(StandardCharsets.UTF_8));
        reply("/big.jpg", 200, "image/jpeg", new byte[(int) RemoteImages.MAX_BYTES + 1]);
        server.createContext("/moved.png", x -> {
            x.getResponseHeaders().add("Location", base + "/pixel.png");
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void reply(String path, int status, String type, byte[] body) {
        server.createContext(path, x -> {
            x.getResponseHeaders().add("Content-Type", type);
            x.sendResponseHeaders(status, body.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        });
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void remoteImagesBecomeMarkersOthersAreDropped() {
        MailHtml.WithImages w = MailHtml.withRemoteImages("<p>Avant<img src=\"https://a.example/x.png?a=1&amp;b=2\" alt=\"Logo\" onerror=\"x()\">"
            + "<img src=\"cid:part1\"><img src=\"data:image/png;base64,AAAA\"><img src=\"http://b.example/y.gif\">après</p><script>1</script>");
        assertEquals(List.of(new MailHtml.RemoteImage(0, "https://a.example/x.png?a=1&b=2", "Logo"),
            new MailHtml.RemoteImage(1, "http://b.example/y.gif", "")), w.images());
        assertEquals("<p>Avant\u27E6image:0\u27E7\u27E6image:1\u27E7après</p>", w.html());
        assertEquals(0, MailHtml.remoteImageCount("<p>Rien</p>"));
        assertFalse(MailHtml.forReading("<img src=\"https://a.example/x.png\">").contains("img"), "blocked by default");
    }

    @Test
    void neverTheBoxNorTheSchoolsNetwork() {
        for (String host : List.of("127.0.0.1", "localhost", "10.1.2.3", "172.16.0.1", "192.168.1.10", "169.254.169.254", "0.0.0.0",
            "100.64.0.1", "::1", "fd00::1", "fe80::1", "224.0.0.1", "no-such-host.invalid")) {
            assertFalse(RemoteImages.isPublic(host), host);
        }
        assertTrue(RemoteImages.isPublic("93.184.215.14"));
        ProblemException local = assertThrows(ProblemException.class, () -> new RemoteImages().fetch(base + "/pixel.png"));
        assertEquals("remote-image-unavailable", local.code(), "the box's own address is refused");
        assertEquals(404, assertThrows(ProblemException.class, () -> new RemoteImages().fetch("file:///etc/passwd")).status());
    }

    @Test
    void onlyRasterImagesWithinTheLimitWithoutRedirects() throws Exception {
        RemoteImages images = new RemoteImages(host -> true);
        RemoteImages.Image png = images.fetch(base + "/pixel.png");
        assertEquals("image/png", png.type());
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, png.bytes());
        for (String path : List.of("/evil.svg", "/big.jpg", "/moved.png", "/missing.png")) {
            assertEquals("remote-image-unavailable", assertThrows(ProblemException.class, () -> images.fetch(base + path)).code(), path);
        }
    }
}
