package fr.preau.mail.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import fr.preau.api.ProblemException;

/**
 * Fetches a message's remote image for the webmail, when the person asked for them: the browser only ever talks to
 * the box (its Content-Security-Policy allows no other origin). Bounded: {@code http(s)} only, hosts that resolve to
 * public addresses only (never the box itself or the school's network), no redirect followed, a time limit, a size
 * limit, raster image types only (no SVG, which may carry script).
 */
final class RemoteImages {

    static final long MAX_BYTES = 5L * 1024 * 1024;
    static final Set<String> TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    /** An image fetched: its type and bytes. */
    record Image(String type, byte[] bytes) {
    }

    private final HttpClient http = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    /** Which hosts may be asked ({@link #isPublic} on the box; the tests' own server in unit tests). */
    private final Predicate<String> hostAllowed;

    RemoteImages() {
        this(RemoteImages::isPublic);
    }

    RemoteImages(Predicate<String> hostAllowed) {
        this.hostAllowed = hostAllowed;
    }

    Image fetch(String url) throws IOException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw unavailable();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !hostAllowed.test(uri.getHost())) {
            throw unavailable();
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Accept", "image/*").GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (IOException e) {
            throw unavailable();
        }
        try (InputStream in = response.body()) {
            String type = response.headers().firstValue("Content-Type").orElse("").split(";")[0].trim().toLowerCase(Locale.ROOT);
            if (response.statusCode() != 200 || !TYPES.contains(type)) {
                throw unavailable();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16384];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0;) {
                total += n;
                if (total > MAX_BYTES) {
                    throw unavailable();
                }
                out.write(buffer, 0, n);
            }
            return new Image(type, out.toByteArray());
        }
    }

    /** Whether every address of {@code host} is a public one (not loopback, private, link-local, multicast…). */
    static boolean isPublic(String host) {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress a : all) {
                byte[] b = a.getAddress();
                boolean uniqueLocal6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
                boolean sharedCgn = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
                if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                    || a.isMulticastAddress() || uniqueLocal6 || sharedCgn) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }

    static ProblemException unavailable() {
        return new ProblemException(404, "remote-image-unavailable",
            "Cette image distante n'a pas pu être affichée : son serveur ne répond pas ou ce n'est pas une image.");
    }
}
