package fr.preau.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import fr.preau.web.BoxTls;
import fr.preau.web.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.servlet.FilterChain;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpsRedirectFilterTest {

    @TempDir
    Path tls;

    private static HttpServletRequest request(boolean secure, String remote, String host, String uri, String query) {
        HttpServletRequest r = mock(HttpServletRequest.class);
        when(r.isSecure()).thenReturn(secure);
        when(r.getRemoteAddr()).thenReturn(remote);
        when(r.getServerName()).thenReturn(host);
        when(r.getRequestURI()).thenReturn(uri);
        when(r.getQueryString()).thenReturn(query);
        return r;
    }

    @Test
    void plainHttpFromTheNetworkGoesToHttpsKeepingPathAndQuery() throws Exception {
        HttpsRedirectFilter filter = new HttpsRedirectFilter(8443, true, tls);
        HttpServletResponse response = mock(HttpServletResponse.class);
        FilterChain chain = mock(FilterChain.class);
        filter.doFilter(request(false, "192.168.1.20", "ent.college.test", "/api/v1/me", "a=1"), response, chain);
        verify(response).setStatus(308);
        verify(response).setHeader("Location", "https://ent.college.test:8443/api/v1/me?a=1");
        verify(chain, never()).doFilter(org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any());
    }

    @Test
    void loopbackAndRedirectOffStayPlain() throws Exception {
        for (String remote : List.of("127.0.0.1", "::1", "0:0:0:0:0:0:0:1", "127.0.1.1")) {
            FilterChain chain = mock(FilterChain.class);
            HttpServletResponse response = mock(HttpServletResponse.class);
            new HttpsRedirectFilter(8443, true, tls).doFilter(request(false, remote, "localhost", "/", null), response, chain);
            verify(chain).doFilter(org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any());
            verify(response, never()).setStatus(308);
        }
        FilterChain chain = mock(FilterChain.class);
        new HttpsRedirectFilter(8443, false, tls).doFilter(request(false, "10.0.0.5", "ent", "/", null),
                mock(HttpServletResponse.class), chain);
        verify(chain).doFilter(org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any());
        // no HTTPS port: nowhere to send anyone
        FilterChain noPort = mock(FilterChain.class);
        new HttpsRedirectFilter(-1, true, tls).doFilter(request(false, "10.0.0.5", "ent", "/", null),
                mock(HttpServletResponse.class), noPort);
        verify(noPort).doFilter(org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any());
    }

    @Test
    void locationsAndAddresses() {
        assertEquals("https://ent.test/", HttpsRedirectFilter.location("ent.test", 443, "", null));
        assertEquals("https://[fe80::1]:8443/x", HttpsRedirectFilter.location("fe80::1", 8443, "/x", null));
        assertFalse(HttpsRedirectFilter.loopback("localhost"), "names are never resolved");
        assertFalse(HttpsRedirectFilter.loopback("10.1.2.3"));
        assertFalse(HttpsRedirectFilter.loopback(null));
        assertTrue(HttpsRedirectFilter.loopback("127.0.0.1"));
        assertEquals(8443, HttpsRedirectFilter.parsePort("8443"));
        assertEquals(-1, HttpsRedirectFilter.parsePort("${preau.https.port}"));
        assertEquals(-1, HttpsRedirectFilter.parsePort(null));
    }

    @Test
    void hstsOnlyOverHttpsWithACertificateFromAnAuthority() throws Exception {
        Path store = tls.resolve("made.p12");
        keytool("-genkeypair", "-alias", "x", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=box",
                "-validity", "10", "-storetype", "PKCS12", "-keystore", store.toString());
        BoxTls.install(tls, BoxTls.fromPkcs12(Files.readAllBytes(store), "pass-1234".toCharArray(), Instant.now()));
        HttpsRedirectFilter filter = new HttpsRedirectFilter(8443, true, tls);
        HttpServletResponse selfSigned = mock(HttpServletResponse.class);
        filter.doFilter(request(true, "10.0.0.5", "box", "/", null), selfSigned, mock(FilterChain.class));
        verify(selfSigned, never()).setHeader(org.mockito.ArgumentMatchers.eq("Strict-Transport-Security"), anyString());

        // signed by an authority
        store = TestCertificates.authoritySigned(Files.createDirectory(tls.resolve("authority")), "box", "pass-1234");
        Thread.sleep(20); // a new modification time for the cache
        BoxTls.install(tls, BoxTls.fromPkcs12(Files.readAllBytes(store), "pass-1234".toCharArray(), Instant.now()));
        Files.setLastModifiedTime(tls.resolve("keystore.p12"), java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(5)));
        HttpServletResponse real = mock(HttpServletResponse.class);
        filter.doFilter(request(true, "10.0.0.5", "box", "/", null), real, mock(FilterChain.class));
        verify(real).setHeader("Strict-Transport-Security", HttpsRedirectFilter.HSTS);
        HttpServletResponse plainLoopback = mock(HttpServletResponse.class);
        filter.doFilter(request(false, "127.0.0.1", "box", "/", null), plainLoopback, mock(FilterChain.class));
        verify(plainLoopback, never()).setHeader(org.mockito.ArgumentMatchers.eq("Strict-Transport-Security"), anyString());
    }

    private static void keytool(String... args) throws Exception {
        TestCertificates.keytool("pass-1234", args);
    }
}
