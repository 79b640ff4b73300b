package fr.preau.updates.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeaturesXmlTest {

    @Test
    void readsFeaturesAndEveryLocation() throws Exception {
        FeaturesXml x = FeaturesXml.parse("""
                <features name="r" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
                  <repository>mvn:org.apache.karaf.features/standard/4.4.10/xml/features</repository>
                  <feature name="preau-a" version="1.2.0">
                    <bundle start-level="40"> mvn:fr.preau/fr.preau.a/1.2.0 </bundle>
                    <configfile finalname="etc/a.cfg">mvn:fr.preau/fr.preau.a/1.2.0/cfg/default</configfile>
                  </feature>
                </features>
                """.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(new FeaturesXml.Feature("preau-a", "1.2.0", Set.of("mvn:fr.preau/fr.preau.a/1.2.0"))), x.features());
        assertEquals(Set.of("mvn:fr.preau/fr.preau.a/1.2.0", "mvn:fr.preau/fr.preau.a/1.2.0/cfg/default"), x.locations());
        assertEquals(Set.of("mvn:org.apache.karaf.features/standard/4.4.10/xml/features"), x.repositories());
        assertEquals("org/apache/karaf/features/standard/4.4.10/standard-4.4.10-features.xml",
                FeaturesXml.mavenPath("mvn:org.apache.karaf.features/standard/4.4.10/xml/features"));
        assertEquals("fr/preau/fr.preau.a/1.2.0/fr.preau.a-1.2.0.jar", FeaturesXml.mavenPath("mvn:fr.preau/fr.preau.a/1.2.0"));
        for (String bad : List.of("http://evil/x.jar", "wrap:mvn:a/b/1", "mvn:a/../b/1", "mvn:a/b", "file:/etc/passwd")) {
            assertThrows(IllegalArgumentException.class, () -> FeaturesXml.mavenPath(bad), bad);
        }
    }

    @Test
    void doctypesAndEntitiesAreRefused() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE features [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <features name="r"><feature name="a" version="1"><bundle>&x;</bundle></feature></features>
                """;
        assertEquals("features-malformed", assertThrows(UpdateRefused.class,
                () -> FeaturesXml.parse(xxe.getBytes(StandardCharsets.UTF_8))).code());
        assertEquals("features-malformed", assertThrows(UpdateRefused.class,
                () -> FeaturesXml.parse("<project/>".getBytes(StandardCharsets.UTF_8))).code());
    }

    @Test
    void onlyPublishedLocationsPointAtTheVerifiedCopies() {
        String features = "<features><feature name=\"a\"><bundle>mvn:fr.preau/a/1</bundle><bundle>mvn:org.x/lib/2</bundle>"
                + "<bundle>\n   mvn:fr.preau/a/1\n  </bundle></feature></features>";
        Path release = Path.of("/data/preau/updates/releases/1.0");
        String local = Channel.localize(features, Map.of("mvn:fr.preau/a/1",
                new UpdateManifest.Entry("repository/fr/preau/a/1/a-1.jar", "00".repeat(32), 1, "mvn:fr.preau/a/1")), release);
        assertTrue(local.contains("<bundle>file:///data/preau/updates/releases/1.0/repository/fr/preau/a/1/a-1.jar</bundle>"), local);
        assertTrue(local.contains("<bundle>mvn:org.x/lib/2</bundle>"), local);
        assertTrue(!local.contains("mvn:fr.preau/a/1"), local);
    }
}
