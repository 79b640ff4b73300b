package fr.preau.files.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * XML of WebDAV requests and responses. Parsing is namespace aware with DTDs, external entities and
 * XInclude off (a DOCTYPE is refused outright); writing escapes text and writes a stored element
 * with every namespace declaration it needs, so that it can be embedded anywhere.
 */
final class DavXml {

    static final String DAV = "DAV:";

    private DavXml() {
    }

    /** A malformed or refused request body. */
    static final class BadXml extends Exception {
        private static final long serialVersionUID = 1L;

        BadXml(String message) {
            super(message);
        }
    }

    static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            b.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not read");
            });
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The document of a request body, or null when the body is empty. */
    static Document parse(InputStream body, int maxBytes) throws IOException, BadXml {
        byte[] bytes = body.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw new BadXml("body too large");
        }
        boolean blank = true;
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                blank = false;
                break;
            }
        }
        if (blank) {
            return null;
        }
        try {
            return builder().parse(new java.io.ByteArrayInputStream(bytes));
        } catch (SAXException e) {
            throw new BadXml(e.getMessage());
        }
    }

    static boolean is(Node n, String ns, String local) {
        return n instanceof Element && ns.equals(n.getNamespaceURI()) && local.equals(n.getLocalName());
    }

    static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element el) {
                out.add(el);
            }
        }
        return out;
    }

    static Element child(Element e, String ns, String local) {
        for (Element c : children(e)) {
            if (is(c, ns, local)) {
                return c;
            }
        }
        return null;
    }

    static String text(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\r' -> b.append("&#13;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** An element written on its own: every namespace it and its descendants use is declared in it. */
    static String serialize(Element e) {
        StringBuilder b = new StringBuilder();
        Map<String, String> scope = new HashMap<>();
        scope.put("", "");
        write(e, b, scope, new int[] {0});
        return b.toString();
    }

    /** An empty element named like {@code e} (PROPFIND propname, a 404 propstat). */
    static String emptyElement(String ns, String local) {
        if (ns == null || ns.isEmpty()) {
            return "<" + local + " xmlns=\"\"/>";
        }
        if (DAV.equals(ns)) {
            return "<D:" + local + "/>";
        }
        return "<X:" + local + " xmlns:X=\"" + text(ns) + "\"/>";
    }

    private static void write(Element e, StringBuilder b, Map<String, String> outer, int[] counter) {
        Map<String, String> scope = new HashMap<>(outer);
        StringBuilder decl = new StringBuilder();
        String ns = e.getNamespaceURI() == null ? "" : e.getNamespaceURI();
        String prefix = e.getPrefix() == null ? "" : e.getPrefix();
        if (ns.isEmpty()) {
            prefix = "";
        }
        if (!ns.equals(scope.get(prefix))) {
            scope.put(prefix, ns);
            decl.append(prefix.isEmpty() ? " xmlns=\"" : " xmlns:" + prefix + "=\"").append(text(ns)).append('"');
        }
        String name = prefix.isEmpty() ? e.getLocalName() : prefix + ":" + e.getLocalName();
        StringBuilder attrs = new StringBuilder();
        NamedNodeMap map = e.getAttributes();
        for (int i = 0; i < map.getLength(); i++) {
            Attr a = (Attr) map.item(i);
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())) {
                continue;
            }
            String ans = a.getNamespaceURI();
            String aname;
            if (ans == null || ans.isEmpty()) {
                aname = a.getLocalName() == null ? a.getName() : a.getLocalName();
            } else if (XMLConstants.XML_NS_URI.equals(ans)) {
                aname = "xml:" + a.getLocalName();
            } else {
                String ap = a.getPrefix();
                if (ap == null || ap.isEmpty() || (scope.containsKey(ap) && !ans.equals(scope.get(ap)))) {
                    ap = "a" + counter[0]++;
                }
                if (!ans.equals(scope.get(ap))) {
                    scope.put(ap, ans);
                    decl.append(" xmlns:").append(ap).append("=\"").append(text(ans)).append('"');
                }
                aname = ap + ":" + a.getLocalName();
            }
            attrs.append(' ').append(aname).append("=\"").append(text(a.getValue())).append('"');
        }
        b.append('<').append(name).append(decl).append(attrs);
        if (e.getFirstChild() == null) {
            b.append("/>");
            return;
        }
        b.append('>');
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            switch (c.getNodeType()) {
                case Node.ELEMENT_NODE -> write((Element) c, b, scope, counter);
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> b.append(text(c.getNodeValue()));
                default -> {
                    // comments and processing instructions are not kept
                }
            }
        }
        b.append("</").append(name).append('>');
    }

    static Document empty() {
        return builder().newDocument();
    }
}
