package fr.preau.directory.internal.ldap;

import fr.preau.directory.internal.feed.FeedCategory;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes one AAF XML file ({@code ficAlimMENESR}, AAF.md §1) of {@code addRequest}s, request by
 * request: nothing is kept in memory. Text is escaped by the StAX writer; characters XML 1.0
 * cannot carry (control characters other than tab and line ends) become U+FFFD, so that one odd
 * value never makes the whole file unreadable.
 */
final class AafXmlWriter implements AutoCloseable {

    private final Path file;
    private final OutputStream out;
    private final XMLStreamWriter xml;
    private final FeedCategory category;
    private long requests;

    AafXmlWriter(Path file, FeedCategory category, String comment) throws IOException, XMLStreamException {
        this.file = file;
        this.category = category;
        this.out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW), 64 * 1024);
        // the JDK's own StAX implementation, whatever else the OSGi framework offers
        this.xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeCharacters("\n");
        xml.writeStartElement("ficAlimMENESR");
        xml.writeCharacters("\n");
        xml.writeComment(" " + clean(comment).replace("--", "- -") + " ");
        xml.writeCharacters("\n");
    }

    /** Writes one {@code addRequest}; attributes without values are left out. */
    void add(String key, Map<String, List<String>> attributes) throws XMLStreamException {
        xml.writeStartElement("addRequest");
        xml.writeCharacters("\n  ");
        xml.writeStartElement("operationalAttributes");
        xml.writeStartElement("attr");
        xml.writeAttribute("name", operationalAttribute(category));
        xml.writeStartElement("value");
        xml.writeCharacters(category.value());
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeCharacters("\n  ");
        xml.writeStartElement("identifier");
        xml.writeStartElement("id");
        xml.writeCharacters(clean(key));
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeCharacters("\n  ");
        xml.writeStartElement("attributes");
        for (Map.Entry<String, List<String>> a : attributes.entrySet()) {
            if (a.getValue().isEmpty()) {
                continue;
            }
            xml.writeCharacters("\n    ");
            xml.writeStartElement("attr");
            xml.writeAttribute("name", clean(a.getKey()));
            for (String v : a.getValue()) {
                xml.writeStartElement("value");
                xml.writeCharacters(clean(v));
                xml.writeEndElement();
            }
            xml.writeEndElement();
        }
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
        xml.writeCharacters("\n");
        xml.writeEndElement();
        xml.writeCharacters("\n");
        requests++;
    }

    long requests() {
        return requests;
    }

    Path file() {
        return file;
    }

    /** Ends the document and forces it to disk. */
    @Override
    public void close() throws XMLStreamException, IOException {
        try {
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.flush();
            xml.close();
        } finally {
            out.close();
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    static String operationalAttribute(FeedCategory category) {
        return switch (category) {
            case STRUCTURE -> "categorieStructure";
            case SUBJECT -> "categorieMatiere";
            case MEF -> "categorieMef";
            default -> "categoriePersonne";
        };
    }

    /** Replaces what XML 1.0 cannot carry by U+FFFD. */
    static String clean(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok;
            if (Character.isHighSurrogate(c)) {
                ok = i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                if (ok) {
                    if (b != null) {
                        b.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
            }
            if (!ok && b == null) {
                b = new StringBuilder(s.length());
                b.append(s, 0, i);
            }
            if (b != null) {
                b.append(ok ? c : '\uFFFD');
            }
        }
        return b == null ? s : b.toString();
    }
}
