package fr.preau.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * davfs2 (Debian's 1.6.1, neon 0.32) as a client of {@code /dav/}: the exact PROPFIND it sends to list a folder (captured
 * from a real mount), the parts of our answer that it parses, and a real mount for FilesIT.
 *
 * <p>What davfs2 reads of a listing (its {@code webdav.c}, neon's 207 parser): every {@code href}, percent-decoded, is a
 * path of the same server; the one equal to the asked folder is the folder itself, the others its members (a trailing
 * slash is added or removed after {@code resourcetype}); {@code resourcetype} containing {@code collection}, then
 * {@code getcontentlength}, {@code getetag} and {@code getlastmodified} (an HTTP date) of the 200 propstat; the Apache
 * {@code executable} property is simply absent (404).
 */
public final class Davfs2 {

    /** The body of davfs2's PROPFIND (Depth: 1) listing a folder, byte for byte. */
    public static final String LIST_BODY = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<propfind xmlns=\"DAV:\"><prop>\n"
            + "<resourcetype xmlns=\"DAV:\"/>\n<getcontentlength xmlns=\"DAV:\"/>\n<getetag xmlns=\"DAV:\"/>\n"
            + "<getlastmodified xmlns=\"DAV:\"/>\n<executable xmlns=\"http://apache.org/dav/props/\"/>\n</prop></propfind>\n";

    /** RFC 9110's IMF-fixdate, the form neon's date parser is sure to read. */
    static final Pattern HTTP_DATE = Pattern.compile("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");

    private static final String APACHE = "http://apache.org/dav/props/";

    private Davfs2() {
    }

    /** An HTTP answer read off the socket: status, headers (names lower-cased) and the body's bytes. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    /** Sends davfs2's listing PROPFIND for {@code path} (already percent-encoded) as davfs2 writes it, on its own connection. */
    public static Answer list(int port, String path, String login, String password) throws IOException {
        byte[] body = LIST_BODY.getBytes(StandardCharsets.UTF_8);
        String auth = Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
        String head = "PROPFIND " + path + " HTTP/1.1\r\n"
                + "User-Agent: davfs2/1.6.1 neon/0.32.5\r\n"
                + "Connection: TE\r\n"
                + "TE: trailers\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Depth: 1\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Content-Type: application/xml\r\n"
                + "Authorization: Basic " + auth + "\r\n\r\n";
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return read(s.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l; !(l = line(in)).isEmpty();) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size; (size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) > 0;) {
                body.write(in.readNBytes(size));
                line(in);
            }
        } else {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        }
        return new Answer(Integer.parseInt(parts[1]), headers, body.toByteArray());
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n';) {
            if (c < 0) {
                throw new IOException("connection closed in the middle of the answer");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Checks a listing answer on everything davfs2 reads, and gives its members: decoded name → size (-1 for a folder).
     *
     * @param path the asked folder as sent (percent-encoded, with its trailing slash)
     */
    public static Map<String, Long> checkListing(Answer a, String path) throws Exception {
        String text = new String(a.body(), StandardCharsets.UTF_8);
        assertEquals(207, a.status(), text);
        String type = a.headers().getOrDefault("content-type", "");
        assertTrue(type.startsWith("application/xml") || type.startsWith("text/xml"), type);
        Document doc = DavXml.parse(new ByteArrayInputStream(a.body()), a.body().length + 1);
        assertNotNull(doc, "an empty 207");
        assertTrue(DavXml.is(doc.getDocumentElement(), DavXml.DAV, "multistatus"), text);
        List<Element> responses = DavXml.children(doc.getDocumentElement());
        assertFalse(responses.isEmpty(), text);
        String self = decode(path);
        Map<String, Long> members = new LinkedHashMap<>();
        boolean sawSelf = false;
        for (Element r : responses) {
            assertTrue(DavXml.is(r, DavXml.DAV, "response"), text);
            Element href = DavXml.child(r, DavXml.DAV, "href");
            assertNotNull(href, text);
            String raw = href.getTextContent();
            assertTrue(raw.startsWith("/dav/"), "an absolute path of this server: " + raw);
            String decoded = decode(raw);
            Element ok = null;
            Element missing = null;
            for (Element ps : DavXml.children(r)) {
                if (!DavXml.is(ps, DavXml.DAV, "propstat")) {
                    continue;
                }
                String status = DavXml.child(ps, DavXml.DAV, "status").getTextContent();
                if (status.equals("HTTP/1.1 200 OK")) {
                    ok = DavXml.child(ps, DavXml.DAV, "prop");
                } else if (status.equals("HTTP/1.1 404 Not Found")) {
                    missing = DavXml.child(ps, DavXml.DAV, "prop");
                } else {
                    fail("unexpected propstat status " + status + " in " + text);
                }
            }
            assertNotNull(ok, "a 200 propstat for " + raw);
            Element resourcetype = DavXml.child(ok, DavXml.DAV, "resourcetype");
            assertNotNull(resourcetype, "resourcetype of " + raw);
            boolean folder = DavXml.child(resourcetype, DavXml.DAV, "collection") != null;
            assertEquals(folder, raw.endsWith("/"), "a folder's href ends with /, a file's does not: " + raw);
            Element etag = DavXml.child(ok, DavXml.DAV, "getetag");
            assertNotNull(etag, "getetag of " + raw);
            assertTrue(etag.getTextContent().matches("\"[^\"]+\""), "a strong quoted ETag: " + etag.getTextContent());
            Element modified = DavXml.child(ok, DavXml.DAV, "getlastmodified");
            assertNotNull(modified, "getlastmodified of " + raw);
            assertTrue(HTTP_DATE.matcher(modified.getTextContent()).matches(), "an IMF-fixdate: " + modified.getTextContent());
            Element length = DavXml.child(ok, DavXml.DAV, "getcontentlength");
            assertTrue(missing != null && DavXml.child(missing, APACHE, "executable") != null, "executable is absent (404): " + text);
            if (decoded.equals(self)) {
                assertFalse(sawSelf, "the folder itself once: " + text);
                assertTrue(folder, text);
                assertEquals(path, raw, "the folder's own href is the asked path, byte for byte");
                sawSelf = true;
                continue;
            }
            assertTrue(decoded.startsWith(self), "a member of the asked folder: " + decoded);
            String name = decoded.substring(self.length(), decoded.length() - (folder ? 1 : 0));
            assertFalse(name.isEmpty() || name.contains("/"), "one level below the asked folder: " + decoded);
            assertTrue(raw.startsWith(path), "a member's href extends the asked path as sent: " + raw);
            if (folder) {
                assertTrue(length == null, "no length for a folder: " + raw);
                members.put(name, -1L);
            } else {
                assertNotNull(length, "getcontentlength of " + raw);
                members.put(name, Long.parseLong(length.getTextContent()));
            }
        }
        assertTrue(sawSelf, "the asked folder itself comes in the answer (Depth: 1): " + text);
        return members;
    }

    /** A percent-encoded path, decoded as UTF-8 (as neon's ne_path_unescape, then davfs2, read it). */
    static String decode(String rawPath) {
        return java.net.URI.create("http://host" + rawPath).getPath();
    }

    /** A davfs2 mount of a WebDAV URL, unmounted (its pending uploads sent) on close. */
    public static final class Mount implements AutoCloseable {
        private final Path point;

        private Mount(Path point) {
            this.point = point;
        }

        public Path point() {
            return point;
        }

        @Override
        public void close() throws Exception {
            String out = run(List.of("umount", point.toString()), 120);
            assertFalse(Files.readString(Path.of("/proc/mounts")).contains(" " + point + " "), "still mounted: " + out);
        }
    }

    /**
     * Mounts {@code url} with davfs2 as root; the test is skipped (saying why) only where FUSE or mounting is not
     * allowed (no /dev/fuse, not root, or the kernel refuses the mount), and fails when davfs2 is missing
     * (provisioning/host-deps.sh installs it) or the box refuses it.
     *
     * <p>{@code buf_size 64}: recent kernels (6.18 here) ask a FUSE folder listing with a 32 KiB buffer, larger than
     * davfs2 1.6's default of 16 KiB, which then answers EINVAL to every listing ("Invalid argument") although the
     * server's answer was read; {@code delay_upload 0} and one-second refreshes make writes and listings immediate.
     */
    public static Mount mount(String url, String login, String password, Path work) throws Exception {
        Path fuse = Path.of("/dev/fuse");
        Assumptions.assumeTrue(Files.exists(fuse), "skipped: no /dev/fuse here, davfs2 cannot mount");
        String uid = run(List.of("id", "-u"), 10).strip();
        Assumptions.assumeTrue(uid.equals("0"), "skipped: mounting needs root here (uid " + uid + ")");
        assertTrue(Files.isExecutable(Path.of("/sbin/mount.davfs")) || Files.isExecutable(Path.of("/usr/sbin/mount.davfs")),
                "davfs2 is installed by provisioning/host-deps.sh");
        Files.createDirectories(work);
        Path secrets = work.resolve("secrets");
        Files.writeString(secrets, url + " " + quoted(login) + " " + quoted(password) + "\n");
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
        Path conf = work.resolve("davfs2.conf");
        Files.writeString(conf, "secrets " + secrets + "\nbuf_size 64\ndelay_upload 0\ndir_refresh 1\nfile_refresh 1\n");
        Path point = Files.createDirectories(work.resolve("mnt"));
        ProcessBuilder pb = new ProcessBuilder("mount", "-t", "davfs", "-o", "conf=" + conf, url, point.toString());
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "mount.davfs did not return");
        if (p.exitValue() != 0) {
            String lower = out.toLowerCase(Locale.ROOT);
            boolean notAllowed = lower.contains("not permitted") || lower.contains("permission denied") || lower.contains("fuse")
                || lower.contains("only root");
            Assumptions.assumeFalse(notAllowed, "skipped: the kernel refuses the mount here: " + out.strip());
            fail("mount.davfs failed (" + p.exitValue() + "): " + out);
        }
        return new Mount(point);
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String run(List<String> command, int seconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), command + " did not return");
        return out;
    }
}
