package fr.preau.updates.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * What a Karaf features repository names: its features (name, version) and every location it
 * loads something from (bundles, config files, other repositories). Parsed with DTDs and external
 * entities off.
 */
public record FeaturesXml(List<Feature> features, Set<String> locations, Set<String> repositories) {

    /** A feature of the repository. */
    public record Feature(String name, String version, Set<String> bundles) {
    }

    public static FeaturesXml parse(byte[] xml) throws UpdateRefused {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            doc = b.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new UpdateRefused("features-malformed", "Le dépôt de modules publié par l'académie est illisible : "
                    + "la mise à jour est refusée. Prévenez l'académie.", e);
        }
        Element root = doc.getDocumentElement();
        if (!"features".equals(root.getLocalName())) {
            throw new UpdateRefused("features-malformed", "Le dépôt de modules publié par l'académie n'est pas un dépôt de "
                    + "fonctionnalités Karaf : la mise à jour est refusée. Prévenez l'académie.");
        }
        List<Feature> features = new ArrayList<>();
        Set<String> locations = new LinkedHashSet<>();
        Set<String> repositories = new LinkedHashSet<>();
        NodeList children = root.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (!(children.item(i) instanceof Element e)) {
                continue;
            }
            switch (e.getLocalName()) {
                case "repository" -> repositories.add(e.getTextContent().strip());
                case "feature" -> {
                    Set<String> bundles = new LinkedHashSet<>();
                    collect(e, "bundle", bundles);
                    collect(e, "configfile", locations);
                    locations.addAll(bundles);
                    String version = e.getAttribute("version");
                    features.add(new Feature(e.getAttribute("name"), version.isEmpty() ? "0.0.0" : version, bundles));
                }
                default -> {
                }
            }
        }
        return new FeaturesXml(List.copyOf(features), Set.copyOf(locations), Set.copyOf(repositories));
    }

    private static void collect(Element feature, String tag, Set<String> into) {
        NodeList list = feature.getElementsByTagNameNS("*", tag);
        for (int i = 0; i < list.getLength(); i++) {
            into.add(list.item(i).getTextContent().strip());
        }
    }

    /**
     * The path of a {@code mvn:} location in a Maven repository layout
     * ({@code mvn:g.h/a/1.0/xml/features} → {@code g/h/a/1.0/a-1.0-features.xml}).
     *
     * @throws IllegalArgumentException when it is not a plain {@code mvn:} location
     */
    public static String mavenPath(String location) {
        if (!location.startsWith("mvn:") || location.contains("!") || location.contains("..")) {
            throw new IllegalArgumentException("not a plain mvn: location: " + location);
        }
        String[] p = location.substring(4).split("/", -1);
        if (p.length < 3 || p.length > 5 || p[0].isEmpty() || p[1].isEmpty() || p[2].isEmpty()) {
            throw new IllegalArgumentException("not a plain mvn: location: " + location);
        }
        String type = p.length > 3 && !p[3].isEmpty() ? p[3] : "jar";
        String classifier = p.length > 4 && !p[4].isEmpty() ? "-" + p[4] : "";
        return p[0].replace('.', '/') + "/" + p[1] + "/" + p[2] + "/" + p[1] + "-" + p[2] + classifier + "." + type;
    }

    /** The group of a {@code mvn:} location. */
    public static String mavenGroup(String location) {
        return location.substring(4).split("/", -1)[0];
    }
}
