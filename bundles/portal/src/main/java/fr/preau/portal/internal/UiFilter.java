package fr.preau.portal.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.function.Function;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * The UI's front door and cache rules, in front of {@link UiResources}:
 * <ul>
 * <li>{@code GET /} and {@code /index.html}: the page itself, never cached, with a strict
 * Content-Security-Policy (no welcome-file support needed from the container);</li>
 * <li>{@code /assets/…}: Vite's content-hashed files, cached for a year; scripts and style sheets
 * go out as the build's gzip copies ({@code x.js.gz}) to browsers that accept gzip;</li>
 * <li>{@code /sw.js} (the service worker) and {@code /manifest.webmanifest} (the PWA manifest):
 * revalidated at every visit, with their media types;</li>
 * <li>everything else passes through untouched (the API included).</li>
 * </ul>
 */
@Component(service = Filter.class, configurationPid = "fr.preau.portal")
@HttpWhiteboardFilterPattern("/*")
public final class UiFilter implements Filter {

    static final String DEFAULT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    static final String INDEX = "/ui/index.html";

    private final String csp;
    private volatile byte[] index;
    /** The bundle's resources (tests give others). */
    Function<String, URL> resources = UiFilter.class::getResource;

    @Activate
    public UiFilter(PortalConfig config) {
        this(config.ui_content_security_policy());
    }

    UiFilter(String csp) {
        this(csp, null);
    }

    /** For tests: a given index page instead of the bundle's. */
    UiFilter(String csp, byte[] index) {
        this.csp = csp == null || csp.isBlank() ? DEFAULT_CSP : csp;
        this.index = index;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse res)) {
            chain.doFilter(request, response);
            return;
        }
        String path = pathOf(req);
        if ("/".equals(path) || "/index.html".equals(path)) {
            String method = req.getMethod();
            if ("GET".equals(method) || "HEAD".equals(method)) {
                serveIndex(res, "HEAD".equals(method));
                return;
            }
        } else if (path.startsWith("/assets/")) {
            res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
            res.setHeader("X-Content-Type-Options", "nosniff");
            if (servedCompressed(req, res, path)) {
                return;
            }
        } else if ("/favicon.svg".equals(path) || path.startsWith("/icons/")) {
            res.setHeader("Cache-Control", "public, max-age=86400");
        } else if ("/sw.js".equals(path)) {
            // the browser checks for a new service worker at every visit
            res.setHeader("Cache-Control", "no-cache");
            res.setContentType("text/javascript;charset=UTF-8");
        } else if ("/manifest.webmanifest".equals(path)) {
            res.setHeader("Cache-Control", "no-cache");
            res.setContentType("application/manifest+json;charset=UTF-8");
        }
        chain.doFilter(request, response);
    }

    /**
     * Sends {@code /ui<path>.gz} for a script or style sheet when the browser accepts gzip and the
     * build made that copy; false when the plain file should be served instead.
     */
    boolean servedCompressed(HttpServletRequest req, HttpServletResponse res, String path) throws IOException {
        String type = path.endsWith(".js") ? "text/javascript;charset=UTF-8"
                : path.endsWith(".css") ? "text/css;charset=UTF-8" : null;
        String method = req.getMethod();
        if (type == null || path.contains("..") || !("GET".equals(method) || "HEAD".equals(method))) {
            return false;
        }
        res.setHeader("Vary", "Accept-Encoding");
        if (!acceptsGzip(req.getHeader("Accept-Encoding"))) {
            return false;
        }
        URL gz = resources.apply("/ui" + path + ".gz");
        if (gz == null) {
            return false;
        }
        byte[] body;
        try (InputStream in = gz.openStream()) {
            body = in.readAllBytes();
        }
        res.setStatus(HttpServletResponse.SC_OK);
        res.setContentType(type);
        res.setHeader("Content-Encoding", "gzip");
        res.setContentLength(body.length);
        if ("GET".equals(method)) {
            res.getOutputStream().write(body);
        }
        return true;
    }

    /** Whether an {@code Accept-Encoding} header accepts gzip (not with {@code q=0}). */
    static boolean acceptsGzip(String header) {
        if (header == null) {
            return false;
        }
        for (String part : header.split(",")) {
            String[] pieces = part.trim().split(";");
            String coding = pieces[0].trim();
            if (coding.equalsIgnoreCase("gzip") || coding.equals("*")) {
                for (int i = 1; i < pieces.length; i++) {
                    String p = pieces[i].trim().replace(" ", "");
                    if (p.matches("q=0(\\.0{0,3})?")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** The path inside the context: {@code /index.html}, {@code /assets/x.js}. */
    static String pathOf(HttpServletRequest req) {
        String uri = req.getRequestURI();
        String ctx = req.getContextPath();
        String path = uri == null ? "/" : uri;
        if (ctx != null && !ctx.isEmpty() && path.startsWith(ctx)) {
            path = path.substring(ctx.length());
        }
        int semi = path.indexOf(';');
        if (semi >= 0) {
            path = path.substring(0, semi);
        }
        return path.isEmpty() ? "/" : path;
    }

    void serveIndex(HttpServletResponse res, boolean headOnly) throws IOException {
        byte[] body = index();
        if (body == null) {
            res.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        res.setStatus(HttpServletResponse.SC_OK);
        res.setContentType("text/html;charset=UTF-8");
        res.setHeader("Cache-Control", "no-cache, no-store, must-revalidate");
        res.setHeader("Pragma", "no-cache");
        res.setHeader("Content-Security-Policy", csp);
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("X-Frame-Options", "DENY");
        res.setHeader("Referrer-Policy", "same-origin");
        res.setContentLength(body.length);
        if (!headOnly) {
            res.getOutputStream().write(body);
        }
    }

    private byte[] index() {
        byte[] b = index;
        if (b == null) {
            URL url = UiFilter.class.getResource(INDEX);
            if (url == null) {
                return null; // built with -Dskip.npm
            }
            try (InputStream in = url.openStream()) {
                b = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the UI's index.html", e);
            }
            index = b;
        }
        return b;
    }
}
