package fr.preau.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import fr.preau.api.Uai;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.School;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class AutoconfigTest {

    private final DirectoryService directory = mock(DirectoryService.class);
    private final MailServer server = mock(MailServer.class);
    private final MailServer.Config config = mock(MailServer.Config.class);
    private final Autoconfig servlet = new Autoconfig(directory, server);

    AutoconfigTest() {
        Uai college = new Uai("0999999Z");
        Uai ecole = new Uai("0999997X");
        when(directory.schools()).thenReturn(List.of(new School(college, "Collège Jean Rostand", true),
                new School(ecole, "École élémentaire des Lilas", true)));
        when(directory.mailDomain(college)).thenReturn("Rostand.preau.test");
        when(directory.mailDomain(ecole)).thenReturn("lilas.preau.test");
        when(server.config()).thenReturn(config);
        when(config.imap_port()).thenReturn(143);
        when(config.submission_port()).thenReturn(587);
        when(config.public_host()).thenReturn("");
    }

    @Test
    void anAddressOfASchoolGetsItsServersWithStartTlsAndTheLocalPartAsLogin() throws Exception {
        Answer a = get("leo.marchand@rostand.preau.test", "ent.rostand.example");
        assertEquals(200, a.status);
        Document doc = parse(a.body);
        XPath x = XPathFactory.newInstance().newXPath();
        assertEquals("1.1", x.evaluate("/clientConfig/@version", doc));
        assertEquals("rostand.preau.test", x.evaluate("/clientConfig/emailProvider/domain", doc));
        assertEquals("Collège Jean Rostand (Préau)", x.evaluate("/clientConfig/emailProvider/displayName", doc));
        String imap = "/clientConfig/emailProvider/incomingServer[@type='imap']/";
        assertEquals("ent.rostand.example", x.evaluate(imap + "hostname", doc), "the name the client reached the box by");
        assertEquals("143", x.evaluate(imap + "port", doc));
        assertEquals("STARTTLS", x.evaluate(imap + "socketType", doc));
        assertEquals("%EMAILLOCALPART%", x.evaluate(imap + "username", doc));
        String smtp = "/clientConfig/emailProvider/outgoingServer[@type='smtp']/";
        assertEquals("587", x.evaluate(smtp + "port", doc));
        assertEquals("STARTTLS", x.evaluate(smtp + "socketType", doc));
        assertEquals("password-cleartext", x.evaluate(smtp + "authentication", doc));
    }

    @Test
    void theConfiguredPublicNameWinsAndTheAutoconfigHostNameGivesTheDomain() throws Exception {
        when(config.public_host()).thenReturn("mail.lilas.example");
        Answer a = get(null, "autoconfig.lilas.preau.test");
        assertEquals(200, a.status);
        Document doc = parse(a.body);
        XPath x = XPathFactory.newInstance().newXPath();
        assertEquals("lilas.preau.test", x.evaluate("/clientConfig/emailProvider/@id", doc));
        assertEquals("mail.lilas.example", x.evaluate("/clientConfig/emailProvider/incomingServer/hostname", doc));
    }

    @Test
    void imapsComesFirstWhenItIsOpen() throws Exception {
        when(config.imaps_port()).thenReturn(993);
        Document doc = parse(get("leo.marchand@rostand.preau.test", "box").body);
        XPath x = XPathFactory.newInstance().newXPath();
        assertEquals("993", x.evaluate("/clientConfig/emailProvider/incomingServer[1]/port", doc));
        assertEquals("SSL", x.evaluate("/clientConfig/emailProvider/incomingServer[1]/socketType", doc));
        assertEquals("143", x.evaluate("/clientConfig/emailProvider/incomingServer[2]/port", doc));
    }

    @Test
    void otherDomainsAndNonsenseAreRefused() throws Exception {
        assertEquals(404, get("someone@example.org", "box").status);
        assertEquals(404, get(null, "example.org").status);
        assertEquals(400, get("not an address", "box").status);
        assertEquals(400, get("<x>@rostand.preau.test>", "box").status);
        when(config.submission_port()).thenReturn(0);
        assertEquals(404, get("leo.marchand@rostand.preau.test", "box").status, "no submission: no client set-up");
    }

    @Test
    void namesAreEscapedInTheDocument() throws Exception {
        String xml = Autoconfig.document("x.test", "École <des> \"Lilas\" & co", new Autoconfig.Servers("h", 1, 0, 2));
        Document doc = parse(xml.getBytes(StandardCharsets.UTF_8));
        assertEquals("École <des> \"Lilas\" & co", XPathFactory.newInstance().newXPath()
                .evaluate("/clientConfig/emailProvider/displayShortName", doc));
    }

    private record Answer(int status, byte[] body) {
    }

    private Answer get(String address, String host) throws Exception {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getMethod()).thenReturn("GET");
        when(request.getParameter("emailaddress")).thenReturn(address);
        when(request.getServerName()).thenReturn(host);
        HttpServletResponse response = mock(HttpServletResponse.class);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        when(response.getOutputStream()).thenReturn(new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }

            @Override
            public void write(int b) {
                body.write(b);
            }
        });
        int[] status = {200};
        org.mockito.Mockito.doAnswer(i -> {
            status[0] = i.getArgument(0);
            return null;
        }).when(response).sendError(anyInt(), anyString());
        servlet.service(request, response);
        if (status[0] != 200) {
            verify(response, never()).getOutputStream();
        }
        return new Answer(status[0], body.toByteArray());
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        assertTrue(doc.getDocumentElement() != null);
        return doc;
    }
}
