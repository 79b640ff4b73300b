package fr.preau.portal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.servlet.FilterChain;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

class UiFilterTest {

    private static final byte[] INDEX = "<!doctype html><html lang=\"fr\"></html>".getBytes(StandardCharsets.UTF_8);

    private static HttpServletRequest request(String method, String uri) {
        HttpServletRequest req = mock(HttpServletRequest.class);
        when(req.getMethod()).thenReturn(method);
        when(req.getRequestURI()).thenReturn(uri);
        when(req.getContextPath()).thenReturn("");
        return req;
    }

    private static final class Captured extends ServletOutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener l) {
        }

        @Override
        public void write(int b) {
            bytes.write(b);
        }
    }

    @Test
    void rootAndIndexServeThePageUncachedWithACsp() throws Exception {
        for (String uri : new String[] {"/", "/index.html"}) {
            UiFilter filter = new UiFilter(null, INDEX);
            HttpServletResponse res = mock(HttpServletResponse.class);
            Captured out = new Captured();
            when(res.getOutputStream()).thenReturn(out);
            FilterChain chain = mock(FilterChain.class);

            filter.doFilter(request("GET", uri), res, chain);

            verify(chain, never()).doFilter(any(), any());
            verify(res).setContentType("text/html;charset=UTF-8");
            verify(res).setHeader("Cache-Control", "no-cache, no-store, must-revalidate");
            verify(res).setHeader("Content-Security-Policy", UiFilter.DEFAULT_CSP);
            assertEquals(new String(INDEX, StandardCharsets.UTF_8), out.bytes.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void scriptsAndStylesGoOutGzippedToBrowsersThatAcceptIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        byte[] gz = {31, -117, 8, 0, 1, 2, 3};
        java.nio.file.Path copy = dir.resolve("index-abc.js.gz");
        java.nio.file.Files.write(copy, gz);
        UiFilter filter = new UiFilter(null, INDEX);
        filter.resources = name -> {
            try {
                return "/ui/assets/index-abc.js.gz".equals(name) ? copy.toUri().toURL() : null;
            } catch (java.net.MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        };

        HttpServletRequest req = request("GET", "/assets/index-abc.js");
        when(req.getHeader("Accept-Encoding")).thenReturn("gzip, deflate, br");
        HttpServletResponse res = mock(HttpServletResponse.class);
        Captured out = new Captured();
        when(res.getOutputStream()).thenReturn(out);
        FilterChain chain = mock(FilterChain.class);
        filter.doFilter(req, res, chain);
        verify(chain, never()).doFilter(any(), any());
        verify(res).setHeader("Content-Encoding", "gzip");
        verify(res).setHeader("Vary", "Accept-Encoding");
        verify(res).setContentType("text/javascript;charset=UTF-8");
        verify(res).setHeader("Cache-Control", "public, max-age=31536000, immutable");
        assertEquals(java.util.Arrays.toString(gz), java.util.Arrays.toString(out.bytes.toByteArray()));

        // no gzip accepted, or no gzip copy: the plain file, through the chain
        for (String[] c : new String[][] {{"/assets/index-abc.js", "identity"}, {"/assets/index-abc.js", "gzip;q=0, br"},
                {"/assets/other.js", "gzip"}, {"/assets/logo.svg", "gzip"}, {"/assets/index-abc.js", null}}) {
            HttpServletRequest plain = request("GET", c[0]);
            when(plain.getHeader("Accept-Encoding")).thenReturn(c[1]);
            HttpServletResponse r = mock(HttpServletResponse.class);
            FilterChain ch = mock(FilterChain.class);
            filter.doFilter(plain, r, ch);
            verify(ch).doFilter(plain, r);
            verify(r, never()).setHeader("Content-Encoding", "gzip");
        }
    }

    @Test
    void acceptEncodingIsReadAsHttpSays() {
        assertEquals(true, UiFilter.acceptsGzip("gzip"));
        assertEquals(true, UiFilter.acceptsGzip("br, GZIP;q=0.5"));
        assertEquals(true, UiFilter.acceptsGzip("*"));
        assertEquals(false, UiFilter.acceptsGzip("gzip;q=0"));
        assertEquals(false, UiFilter.acceptsGzip("gzip; q=0.000"));
        assertEquals(false, UiFilter.acceptsGzip("deflate, br"));
        assertEquals(false, UiFilter.acceptsGzip(null));
    }

    @Test
    void headSendsNoBody() throws Exception {
        HttpServletResponse res = mock(HttpServletResponse.class);
        new UiFilter(null, INDEX).doFilter(request("HEAD", "/"), res, mock(FilterChain.class));
        verify(res).setContentLength(INDEX.length);
        verify(res, never()).getOutputStream();
    }

    @Test
    void hashedAssetsAreCachedForAYearAndPassThrough() throws Exception {
        HttpServletRequest req = request("GET", "/assets/index-abc123.js");
        HttpServletResponse res = mock(HttpServletResponse.class);
        FilterChain chain = mock(FilterChain.class);
        new UiFilter(null, INDEX).doFilter(req, res, chain);
        verify(res).setHeader("Cache-Control", "public, max-age=31536000, immutable");
        verify(chain).doFilter(req, res);
    }

    @Test
    void everythingElsePassesThroughUntouched() throws Exception {
        for (String uri : new String[] {"/api/v1/catalogue", "/modules/cahier/index.js", "/index.htmlx"}) {
            HttpServletRequest req = request("GET", uri);
            HttpServletResponse res = mock(HttpServletResponse.class);
            FilterChain chain = mock(FilterChain.class);
            new UiFilter(null, INDEX).doFilter(req, res, chain);
            verify(chain).doFilter(req, res);
            verify(res, never()).setHeader(any(), any());
        }
        HttpServletRequest post = request("POST", "/");
        FilterChain chain = mock(FilterChain.class);
        HttpServletResponse res = mock(HttpServletResponse.class);
        new UiFilter(null, INDEX).doFilter(post, res, chain);
        verify(chain).doFilter(post, res);
    }

    @Test
    void pathIgnoresTheContextPathAndPathParameters() {
        HttpServletRequest req = mock(HttpServletRequest.class);
        when(req.getRequestURI()).thenReturn("/ctx/index.html;jsessionid=x");
        when(req.getContextPath()).thenReturn("/ctx");
        assertEquals("/index.html", UiFilter.pathOf(req));
        when(req.getRequestURI()).thenReturn("/ctx");
        assertEquals("/", UiFilter.pathOf(req));
    }

    @Test
    void aConfiguredCspIsUsed() throws Exception {
        HttpServletResponse res = mock(HttpServletResponse.class);
        when(res.getOutputStream()).thenReturn(new Captured());
        new UiFilter("default-src 'self'", INDEX).doFilter(request("GET", "/"), res, mock(FilterChain.class));
        verify(res).setHeader("Content-Security-Policy", "default-src 'self'");
    }
}
