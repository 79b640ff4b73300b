package fr.preau.web.internal;

import fr.preau.web.BoxTls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTPS for everyone on the school's network: a plain-HTTP request from another machine is sent to the same
 * address on the HTTPS port (308, which keeps the method); the box's own loopback (its tools: {@code ./preau},
 * health checks; the demo, which listens there) stays plain. {@code PREAU_HTTP_REDIRECT=off} keeps plain HTTP
 * for a box behind a reverse proxy of the académie that ends TLS itself.
 * <p>
 * HSTS ({@code Strict-Transport-Security}, one year) is sent over HTTPS once the box has a certificate issued
 * by an authority (the school's, set from the console): with the self-signed certificate of the first start,
 * HSTS would forbid browsers the "continue anyway" step and lock people out.
 */
@Component(service = Filter.class, property = {Constants.SERVICE_RANKING + ":Integer=100",
    // every servlet context of the box: the portal's, the JAX-RS whiteboard's (/api), WebDAV's
    "osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=*)"})
@HttpWhiteboardFilterName("preau-https")
@HttpWhiteboardFilterPattern("/*")
public final class HttpsRedirectFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(HttpsRedirectFilter.class);
    static final String HSTS = "max-age=31536000";

    private final int httpsPort;
    private final boolean redirect;
    private final Path tlsDirectory;
    private volatile Cached cached = new Cached(null, false);

    private record Cached(FileTime modified, boolean realCertificate) {
    }

    @Activate
    public HttpsRedirectFilter(BundleContext context) {
        this(parsePort(context.getProperty("preau.https.port")), !"off".equalsIgnoreCase(
                String.valueOf(context.getProperty("preau.http.redirect")).trim()), BoxTls.directory());
    }

    HttpsRedirectFilter(int httpsPort, boolean redirect, Path tlsDirectory) {
        this.httpsPort = httpsPort;
        this.redirect = redirect && httpsPort > 0;
        this.tlsDirectory = tlsDirectory;
    }

    static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value == null ? "" : value.trim());
            return port > 0 && port < 65536 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse out) {
            if (http.isSecure()) {
                if (realCertificate()) {
                    out.setHeader("Strict-Transport-Security", HSTS);
                }
            } else if (redirect && !loopback(http.getRemoteAddr())) {
                out.setStatus(308);
                out.setHeader("Location", location(http.getServerName(), httpsPort, http.getRequestURI(), http.getQueryString()));
                out.setHeader("Cache-Control", "no-store");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** {@code https://host[:port]/path[?query]}; IPv6 literals in brackets, port 443 left out. */
    static String location(String host, int port, String uri, String query) {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "https://" + h + (port == 443 ? "" : ":" + port) + (uri == null || uri.isEmpty() ? "/" : uri)
                + (query == null ? "" : "?" + query);
    }

    static boolean loopback(String address) {
        if (address == null || address.isEmpty()) {
            return false;
        }
        // a literal address only: never a name resolution from a request
        if (!address.matches("[0-9.]+|[0-9A-Fa-f:.%]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private boolean realCertificate() {
        Path keystore = tlsDirectory.resolve("keystore.p12");
        try {
            FileTime modified = Files.getLastModifiedTime(keystore);
            Cached current = cached;
            if (!modified.equals(current.modified())) {
                List<X509Certificate> chain = BoxTls.chain(tlsDirectory);
                current = new Cached(modified, !chain.isEmpty() && !BoxTls.selfSigned(chain.get(0)));
                cached = current;
            }
            return current.realCertificate();
        } catch (IOException | java.security.GeneralSecurityException e) {
            LOG.debug("Box certificate unreadable, no HSTS", e);
            return false;
        }
    }
}
