package fr.preau.mail.internal;

import fr.preau.directory.DirectoryService;
import fr.preau.directory.School;
import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The mail clients' automatic set-up (Thunderbird's "autoconfig" format, version 1.1, also read by
 * other clients such as K-9/Thunderbird for Android): given an address of one of the box's
 * schools, where its IMAP and submission servers are, with STARTTLS and the box password, the
 * login being the address's local part. Served where Thunderbird looks for it when the school's
 * name points at the box ({@code https://<domain>/.well-known/autoconfig/…}, and
 * {@code https://autoconfig.<domain>/mail/…}). Public: it says nothing but the domain, the school's
 * name and the ports.
 */
@Component(service = Servlet.class)
// named: Pax Web keeps one servlet per name in a context, and an unnamed one is called javax.servlet.Servlet (the
// mail autoconfig and the files' WebDAV servlet would wait for each other)
@HttpWhiteboardServletName("preau-mail-autoconfig")
@HttpWhiteboardServletPattern({Autoconfig.WELL_KNOWN, Autoconfig.AUTOCONFIG_HOST})
public final class Autoconfig extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String WELL_KNOWN = "/.well-known/autoconfig/mail/config-v1.1.xml";
    static final String AUTOCONFIG_HOST = "/mail/config-v1.1.xml";
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s]{1,64}@([A-Za-z0-9.-]{1,253})");

    /** Where the servers are, as a mail client reaches them. */
    record Servers(String host, int imapPort, int imapsPort, int submissionPort) {
    }

    private final transient DirectoryService directory;
    private final transient MailServer server;

    @Activate
    public Autoconfig(@Reference(name = "directory") DirectoryService directory,
                      @Reference(name = "server") MailServer server) {
        this.directory = directory;
        this.server = server;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, String> domains = domains();
        String wanted = request.getParameter("emailaddress");
        String domain;
        if (wanted != null) {
            var m = ADDRESS.matcher(wanted.trim());
            if (!m.matches()) {
                response.sendError(HttpServletResponse.SC_BAD_REQUEST, "Adresse de messagerie invalide");
                return;
            }
            domain = m.group(1).toLowerCase(Locale.ROOT);
        } else {
            // no address (older clients): the domain the client asked for by name
            String host = request.getServerName() == null ? "" : request.getServerName().toLowerCase(Locale.ROOT);
            domain = host.startsWith("autoconfig.") ? host.substring("autoconfig.".length()) : host;
        }
        String name = domains.get(domain);
        if (name == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "Ce domaine de messagerie n'est pas celui d'un établissement de la box");
            return;
        }
        MailServer.Config config = server.config();
        if (config.imap_port() <= 0 || config.submission_port() <= 0) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "La messagerie de la box n'accepte pas de logiciel de messagerie");
            return;
        }
        String host = config.public_host().isBlank() ? request.getServerName() : config.public_host().trim();
        byte[] body = document(domain, name, new Servers(host, config.imap_port(), config.imaps_port(), config.submission_port()))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        response.setContentType("application/xml");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Mail domain → school name, for the box's schools. */
    private Map<String, String> domains() {
        Map<String, String> out = new LinkedHashMap<>();
        for (School school : directory.schools()) {
            out.put(directory.mailDomain(school.uai()).toLowerCase(Locale.ROOT), school.name());
        }
        return out;
    }

    /** The autoconfig document (clientConfig 1.1) of one domain. */
    static String document(String domain, String schoolName, Servers servers) {
        try {
            StringWriter out = new StringWriter();
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("clientConfig");
            xml.writeAttribute("version", "1.1");
            xml.writeStartElement("emailProvider");
            xml.writeAttribute("id", domain);
            element(xml, "domain", domain);
            element(xml, "displayName", schoolName + " (Préau)");
            element(xml, "displayShortName", schoolName);
            if (servers.imapsPort() > 0) {
                server(xml, "incomingServer", "imap", servers.host(), servers.imapsPort(), "SSL");
            }
            server(xml, "incomingServer", "imap", servers.host(), servers.imapPort(), "STARTTLS");
            server(xml, "outgoingServer", "smtp", servers.host(), servers.submissionPort(), "STARTTLS");
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
            return out.toString();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void server(XMLStreamWriter xml, String element, String type, String host, int port, String socketType)
            throws XMLStreamException {
        xml.writeStartElement(element);
        xml.writeAttribute("type", type);
        element(xml, "hostname", host);
        element(xml, "port", Integer.toString(port));
        element(xml, "socketType", socketType);
        element(xml, "authentication", "password-cleartext"); // inside TLS: the servers refuse it before STARTTLS
        element(xml, "username", "%EMAILLOCALPART%");
        xml.writeEndElement();
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }
}
