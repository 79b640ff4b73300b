package fr.preau.directory.internal.feed;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes one AAF XML file of {@code addRequest}s, for sources converted to AAF (ONDE CSV, LDAP)
 * so that they go through the same import as académie files. UTF-8, escaped by the StAX writer.
 */
public final class AafWriter implements AutoCloseable {

    private final OutputStream os;
    private final XMLStreamWriter x;
    private final FeedCategory category;
    private long count;

    public AafWriter(Path file, FeedCategory category) throws IOException {
        this.category = category;
        this.os = Files.newOutputStream(file);
        try {
            x = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(os, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement(AafReader.ROOT);
            x.writeCharacters("\n");
        } catch (XMLStreamException e) {
            os.close();
            throw new IOException(e);
        }
    }

    /** Writes one add request with the attributes given (name → values; empty lists are written as one empty value). */
    public void add(String key, List<Attribute> attributes) throws IOException {
        try {
            x.writeStartElement("addRequest");
            x.writeStartElement("operationalAttributes");
            attr(familyAttribute(), List.of(category.value()));
            x.writeEndElement();
            x.writeStartElement("identifier");
            x.writeStartElement("id");
            x.writeCharacters(key);
            x.writeEndElement();
            x.writeEndElement();
            x.writeStartElement("attributes");
            for (Attribute a : attributes) {
                attr(a.name(), a.values());
            }
            x.writeEndElement();
            x.writeEndElement();
            x.writeCharacters("\n");
            count++;
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }

    /** An attribute to write. */
    public record Attribute(String name, List<String> values) {
        public static Attribute of(String name, String... values) {
            return new Attribute(name, java.util.Arrays.stream(values).filter(v -> v != null && !v.isBlank()).toList());
        }
    }

    public long count() {
        return count;
    }

    private String familyAttribute() {
        return switch (category) {
            case STRUCTURE -> "categorieStructure";
            case SUBJECT -> "categorieMatiere";
            case MEF -> "categorieMef";
            default -> "categoriePersonne";
        };
    }

    private void attr(String name, List<String> values) throws XMLStreamException {
        x.writeStartElement("attr");
        x.writeAttribute("name", name);
        if (values.isEmpty()) {
            x.writeEmptyElement("value");
        }
        for (String v : values) {
            x.writeStartElement("value");
            x.writeCharacters(v);
            x.writeEndElement();
        }
        x.writeEndElement();
    }

    @Override
    public void close() throws IOException {
        try {
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        } finally {
            os.close();
        }
    }
}
