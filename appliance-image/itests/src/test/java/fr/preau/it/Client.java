package fr.preau.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A browser-like HTTP client of the box: keeps its cookies and the CSRF token of its session. */
public final class Client {

    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer. */
    public record Response(int status, String contentType, String body, HttpHeaders headers) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }

    private final String base;
    private final HttpClient http;
    private String csrf;

    Client(String base) {
        this(base, null);
    }

    /** A client of {@code base} that trusts only the certificates of {@code tls} (HTTPS), or the JDK's (null). */
    Client(String base, javax.net.ssl.SSLContext tls) {
        this.base = base;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
    }

    /** TLS trusting exactly {@code certificate} (a box's self-signed one, or the authority of its certificate). */
    public static javax.net.ssl.SSLContext trusting(java.security.cert.Certificate certificate) {
        try {
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("box", certificate);
            javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (java.security.GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Logs in and keeps the session cookie and CSRF token; returns the answer. */
    public Response login(String login, String password) {
        Response r = post("/api/v1/auth/login", json(Map.of("login", login, "password", password)));
        if (r.status() == 200) {
            csrf = r.json().path("csrfToken").asText();
        }
        return r;
    }

    public String csrfToken() {
        return csrf;
    }

    public void csrfToken(String token) {
        this.csrf = token;
    }

    public Response get(String path) {
        return send("GET", path, null, null, Map.of());
    }

    /** POST of JSON with the session's CSRF token (if any). */
    public Response post(String path, String json) {
        return send("POST", path, "application/json", json, csrf == null ? Map.of() : Map.of("X-CSRF-Token", csrf));
    }

    public Response send(String method, String path, String contentType, String body, Map<String, String> headers) {
        return sendWith(method, path, contentType,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body), headers);
    }

    /** GET accepting another media type (a CSV report…). */
    public Response get(String path, String accept) {
        return send("GET", path, null, null, Map.of("Accept", accept));
    }

    /** PUT of raw bytes (a file upload), with the CSRF header. */
    public Response put(String path, byte[] body) {
        return sendWith("PUT", path, "application/octet-stream", HttpRequest.BodyPublishers.ofByteArray(body),
                csrf == null ? Map.of() : Map.of("X-CSRF-Token", csrf));
    }

    public Response putJson(String path, String json) {
        return sendWith("PUT", path, "application/json", HttpRequest.BodyPublishers.ofString(json),
                csrf == null ? Map.of() : Map.of("X-CSRF-Token", csrf));
    }

    /** GET of raw bytes (a download): the status and the body as sent. */
    public byte[] getBytes(String path) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET().build();
        try {
            HttpResponse<byte[]> answer = http.send(r, HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw new AssertionError("GET " + path + ": " + answer.statusCode());
            }
            return answer.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response sendWith(String method, String path, String contentType, HttpRequest.BodyPublisher body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        b.header("Accept", "application/json");
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::setHeader);
        b.method(method, body);
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
