package fr.preau.directory.internal.feed;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streams the requests of one AAF XML file ({@code ficAlimMENESR}), one at a time: the heap does
 * not grow with the file. DTDs are neither loaded nor honoured: a document type declaration with an
 * internal subset (where entities would be declared) is refused, external entities are never
 * resolved, and the DTD named by the usual {@code <!DOCTYPE ficAlimMENESR SYSTEM "ficAlimMENESR.dtd">}
 * is not needed. The structure is checked in code (AAF.md §1).
 * <p>
 * Errors in one request are reported through {@link Sink#rejected} and reading goes on; errors
 * that make the file unusable (not XML, truncated, wrong root) throw {@link FeedException}.
 */
public final class AafReader {

    /** Where requests go. */
    public interface Sink {
        void record(RawRecord record) throws FeedException;

        /**
         * A request that cannot be read.
         *
         * @param position 1-based request index
         * @param key      its join key if it could be read, else null
         * @param category its category if it could be read, else null
         * @param reason   French reason
         */
        void rejected(long position, String key, FeedCategory category, String reason) throws FeedException;
    }

    /**
     * What the reader saw of the file.
     *
     * @param declaredDegree the {@code degre} header comment ({@code 1D} or {@code 2D}), when the file has one
     * @param contentDegree  the degree its records' attributes belong to, when they all point to one
     */
    public record Summary(long requests, FeedText text, Optional<FeedCategory> category, Optional<String> declaredDegree,
            Optional<String> contentDegree) {

        /** A French note when the header announces one degree and the records are of the other, else null. */
        public String degreeNote() {
            if (declaredDegree.isEmpty() || contentDegree.isEmpty() || declaredDegree.equals(contentDegree)) {
                return null;
            }
            return "L'en-tête du fichier annonce un export du " + degreeName(declaredDegree.get()) + " ("
                    + declaredDegree.get() + "), mais ses enregistrements sont ceux d'un export du "
                    + degreeName(contentDegree.get()) + " (" + contentDegree.get()
                    + ") : le fichier est lu d'après son contenu. Vérifiez qu'il s'agit bien de l'export attendu.";
        }

        private static String degreeName(String degree) {
            return "1D".equals(degree) ? "premier degré" : "second degré";
        }
    }

    /** Attributes only the 1st-degree export (AAF1D) writes, and only the 2nd-degree one (AAF.md §5.6). */
    private static final List<String> FIRST_DEGREE = List.of("ENTPersonNom", "ENTPersonPrenom", "ENTPersonClasses",
            "ENTEleveAutoriteParentale", "ENTPersRelEleveEleve", "ENTEcoleSecteur", "ENTEcoleCommune");
    private static final List<String> SECOND_DEGREE = List.of("sn", "givenName", "ENTEleveClasses", "ENTElevePersRelEleve",
            "ENTAuxEnsClasses", "ENTEtablissementUAI");
    private static final Pattern DEGREE_COMMENT = Pattern.compile("\\s*degre\\s*=\\s*\"([12]D)\"\\s*");

    static final String ROOT = "ficAlimMENESR";
    private static final int MAX_VALUES = 10_000;
    private static final int MAX_VALUE_LENGTH = 10_000;

    private final XMLInputFactory factory;

    public AafReader() {
        // The JDK's own StAX implementation, whatever else the OSGi framework offers.
        factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_COALESCING, Boolean.TRUE);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setXMLResolver((publicId, systemId, base, ns) -> {
            throw new XMLStreamException("external resource refused: " + systemId);
        });
    }

    /** Reads a file, choosing its encoding with {@link FeedText#ofXml}. */
    public Summary read(Path file, Sink sink) throws FeedException, IOException {
        FeedText text = FeedText.ofXml(file);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            raw.skipNBytes(text.bom());
            Reader reader = new InputStreamReader(raw, text.charset().newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT));
            return read(reader, text, sink);
        }
    }

    private Summary read(Reader in, FeedText text, Sink sink) throws FeedException, IOException {
        XMLStreamReader x;
        try {
            x = factory.createXMLStreamReader(in);
        } catch (XMLStreamException e) {
            throw notXml(e);
        }
        long position = 0;
        FeedCategory seen = null;
        boolean mixed = false;
        boolean rootSeen = false;
        String declared = null;
        boolean firstDegree = false;
        boolean secondDegree = false;
        try {
            while (x.hasNext()) {
                int event = x.next();
                if (event == XMLStreamConstants.COMMENT && position == 0) {
                    Matcher m = DEGREE_COMMENT.matcher(x.getText());
                    if (m.matches()) {
                        declared = m.group(1);
                    }
                } else if (event == XMLStreamConstants.DTD) {
                    String dtd = x.getText();
                    if (dtd != null && dtd.indexOf('[') >= 0) {
                        throw new FeedException("dtd-refused", "Le fichier déclare une DTD interne (des entités) : "
                                + "refusé par sécurité. Un export AAF n'en contient jamais.");
                    }
                } else if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new FeedException("dtd-refused", "Le fichier utilise une entité non standard (&"
                            + x.getLocalName() + ";) : refusé par sécurité.");
                } else if (event == XMLStreamConstants.START_ELEMENT) {
                    if (!rootSeen) {
                        if (!ROOT.equals(x.getLocalName())) {
                            throw new FeedException("wrong-root", "Ce fichier XML n'est pas un export AAF : son élément racine est <"
                                    + x.getLocalName() + "> au lieu de <" + ROOT + ">.");
                        }
                        rootSeen = true;
                        continue;
                    }
                    position++;
                    Request r = request(x, position, sink);
                    if (r != null && r.record != null) {
                        if (seen == null) {
                            seen = r.record.category();
                        } else if (seen != r.record.category()) {
                            mixed = true;
                        }
                        firstDegree |= FIRST_DEGREE.stream().anyMatch(r.record::has);
                        secondDegree |= SECOND_DEGREE.stream().anyMatch(r.record::has);
                        sink.record(r.record);
                    }
                }
            }
            if (!rootSeen) {
                throw new FeedException("not-xml", "Le fichier est vide ou n'est pas un fichier XML.");
            }
        } catch (XMLStreamException e) {
            throw rootSeen ? notXml(e) : new FeedException("not-xml", "Le fichier est vide ou n'est pas un fichier XML : "
                    + "rien n'a été importé de ce fichier.", e);
        } finally {
            try {
                x.close();
            } catch (XMLStreamException ignored) {
                // closing a broken stream
            }
        }
        if (mixed) {
            throw new FeedException("mixed-categories",
                    "Le fichier mélange plusieurs catégories AAF ; chaque fichier d'un export n'en contient qu'une.");
        }
        String content = firstDegree == secondDegree ? null : firstDegree ? "1D" : "2D";
        return new Summary(position, text, Optional.ofNullable(seen), Optional.ofNullable(declared), Optional.ofNullable(content));
    }

    private static FeedException notXml(XMLStreamException e) {
        String where = e.getLocation() == null ? "" : " (ligne " + e.getLocation().getLineNumber() + ")";
        String detail = e.getMessage() == null ? "" : e.getMessage();
        if (detail.contains("entity") || detail.contains("entité") || detail.contains("Entity")) {
            return new FeedException("dtd-refused", "Le fichier utilise des entités XML non standard" + where
                    + " : refusé par sécurité. Rien n'a été importé de ce fichier.", e);
        }
        if (detail.contains("XML document structures must start and end") || detail.contains("end of file")
                || detail.contains("Premature end") || detail.contains("must be terminated")) {
            return new FeedException("truncated-xml", "Le fichier XML est incomplet (tronqué)" + where
                    + " : rien n'a été importé de ce fichier. Demandez un nouvel export.", e);
        }
        return new FeedException("not-xml", "Le fichier n'est pas un XML valide" + where
                + " : rien n'a été importé de ce fichier.", e);
    }

    private record Request(RawRecord record) {
    }

    /** Reads one request element (the reader is on its start tag) up to its end tag. */
    private static Request request(XMLStreamReader x, long position, Sink sink) throws XMLStreamException, FeedException {
        String element = x.getLocalName();
        FeedOperation operation = switch (element) {
            case "addRequest" -> FeedOperation.ADD;
            case "modifyRequest" -> FeedOperation.MODIFY;
            case "deleteRequest" -> FeedOperation.DELETE;
            default -> null;
        };
        if (operation == null) {
            skip(x);
            sink.rejected(position, null, null, "Élément <" + element + "> inconnu ignoré (attendu : addRequest, modifyRequest ou deleteRequest).");
            return null;
        }
        String categoryValue = null;
        String key = null;
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        String problem = null;
        int depth = 1;
        while (depth > 0) {
            int event = x.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = x.getLocalName();
                switch (name) {
                    case "operationalAttributes" -> {
                        Map<String, List<String>> op = attrs(x, "attr");
                        for (Map.Entry<String, List<String>> e : op.entrySet()) {
                            if (e.getKey().startsWith("categorie") && !e.getValue().isEmpty()) {
                                categoryValue = e.getValue().get(0);
                            }
                        }
                    }
                    case "identifier" -> key = identifier(x);
                    case "attributes" -> attributes.putAll(attrs(x, "attr"));
                    case "modifications" -> attributes.putAll(attrs(x, "modification"));
                    default -> {
                        skip(x);
                        problem = "élément <" + name + "> inattendu dans la requête";
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw new FeedException("dtd-refused", "Le fichier utilise une entité non standard (&" + x.getLocalName()
                        + ";) : refusé par sécurité.");
            }
        }
        Optional<FeedCategory> category = FeedCategory.ofValue(categoryValue);
        if (key == null || key.isBlank()) {
            sink.rejected(position, null, category.orElse(null), "Requête sans identifiant (<identifier><id>) : ignorée.");
            return null;
        }
        if (category.isEmpty()) {
            sink.rejected(position, key, null, categoryValue == null
                    ? "Requête sans catégorie (operationalAttributes) : ignorée."
                    : "Catégorie « " + categoryValue + " » inconnue : requête ignorée.");
            return null;
        }
        if (problem != null) {
            sink.rejected(position, key, category.get(), "Requête mal formée (" + problem + ") : ignorée.");
            return null;
        }
        if (operation != FeedOperation.DELETE && attributes.isEmpty()) {
            sink.rejected(position, key, category.get(), "Requête sans attributs : ignorée.");
            return null;
        }
        return new Request(new RawRecord(category.get(), operation, key.strip(), attributes, position));
    }

    /** Reads {@code <attr name="…"><value>…</value>…</attr>} children up to the end of the current element. */
    private static Map<String, List<String>> attrs(XMLStreamReader x, String childName) throws XMLStreamException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        int depth = 1;
        String current = null;
        while (depth > 0) {
            int event = x.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                String name = x.getLocalName();
                if (depth == 2 && childName.equals(name)) {
                    current = x.getAttributeValue(null, "name");
                    if (current != null) {
                        out.computeIfAbsent(current, k -> new ArrayList<>());
                    }
                } else if (depth == 3 && "value".equals(name) && current != null) {
                    String v = x.getElementText(); // consumes the end tag
                    depth--;
                    List<String> values = out.get(current);
                    String value = v.strip();
                    if (!value.isEmpty() && values.size() < MAX_VALUES) {
                        values.add(value.length() > MAX_VALUE_LENGTH ? value.substring(0, MAX_VALUE_LENGTH) : value);
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
                if (depth == 1) {
                    current = null;
                }
            }
        }
        return out;
    }

    private static String identifier(XMLStreamReader x) throws XMLStreamException {
        String id = null;
        int depth = 1;
        while (depth > 0) {
            int event = x.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                if ("id".equals(x.getLocalName()) && id == null) {
                    id = x.getElementText().strip();
                } else {
                    depth++;
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        return id;
    }

    private static void skip(XMLStreamReader x) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = x.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }
}
