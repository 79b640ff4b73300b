package fr.preau.directory.internal.ldap;

import static fr.preau.directory.internal.ldap.TestConfigs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;

import fr.preau.directory.internal.feed.AafReader;
import fr.preau.directory.internal.feed.FeedCategory;
import fr.preau.directory.internal.feed.FeedException;
import fr.preau.directory.internal.feed.RawRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conversions of LDAP values into AAF ones and the XML written, without a server. */
class LdapExporterTest {

    private static final String BASE = "dc=ac-exemple,dc=invalid";

    private static LdapExporter exporter() throws LdapSettings.Invalid {
        return new LdapExporter(LdapSettings.of(config("url", "ldap://127.0.0.1:1", "base_dn", BASE)));
    }

    @Test
    void joinKeysLoseTheirSourceWhichIsThenRemovedFromReferences() throws Exception {
        LdapExporter e = exporter();
        assertEquals("4100", e.joinKey("AC-RENNES$4100"));
        assertEquals("9100001", e.joinKey(" 9100001 "));
        assertEquals("9200001$10$1$1$1$0", e.reference("AC-RENNES$9200001$10$1$1$1$0"));
        assertEquals("AC-NANTES$9200001$10$1$1$1$0", e.reference("AC-NANTES$9200001$10$1$1$1$0"), "a source never seen on a key");
        assertEquals("CLG$JEAN ROSTAND$VILLEFICTIVE", e.reference("CLG$JEAN ROSTAND$VILLEFICTIVE"));
    }

    @Test
    void aDnWhoseRdnIsTheJoinKeyBecomesTheKeyEvenInsideAComposite() throws Exception {
        LdapExporter e = exporter();
        assertEquals("5200", e.reference("ENTStructureJointure=AC-RENNES$5200,ou=structures," + BASE));
        assertEquals("5200$11$ORDINAIRE$770001$CE1-CE2", e.reference("ENTStructureJointure=AC-RENNES$5200,ou=structures," + BASE
                + "$11$ORDINAIRE$770001$CE1-CE2"));
        assertEquals("9500001$10", e.reference("entpersonjointure=9500001, ou=people, " + BASE.toUpperCase() + "$10"),
                "DNs compare without case or spaces");
    }

    @Test
    void valuesThatAreNotDnsUnderTheBaseAreLeftAlone() throws Exception {
        LdapExporter e = exporter();
        assertEquals("E=MC2 club", e.reference("E=MC2 club"));
        assertEquals("uid=x,dc=elsewhere,dc=invalid$6A", e.reference("uid=x,dc=elsewhere,dc=invalid$6A"));
        assertEquals(BASE + "$6A", e.reference(BASE + "$6A"), "the base itself is no entry of the annuaire");
    }

    @Test
    void aDnThatCannotBeResolvedKeepsItsTextWithoutDollarsSoTheCompositeKeepsItsParts() throws Exception {
        // no connection here: the entry cannot be read, as when it does not exist
        assertEquals("uid=ghost,ou=people," + BASE + "$6A", exporter().reference("uid=ghost,ou=people," + BASE + "$6A"));
        assertEquals("cn=a%24b,ou=people," + BASE + "$10", exporter().reference("cn=a$b,ou=people," + BASE + "$10"));
    }

    @Test
    void xmlWriterEscapesAndReplacesWhatXmlCannotCarry(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ENT_LDAP_Complet_20250901_Eleve_0000.xml");
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        attributes.put("ENTPersonJointure", List.of("1"));
        attributes.put("sn", List.of("L'<Ô>&\"Ç\" \uD83D\uDE00"));
        attributes.put("givenName", List.of("Bad\u0001char\uD800"));
        attributes.put("empty", List.of());
        try (AafXmlWriter w = new AafXmlWriter(file, FeedCategory.ELEVE, "a -- comment")) {
            w.add("1", attributes);
        }
        List<RawRecord> read = new ArrayList<>();
        new AafReader().read(file, new AafReader.Sink() {
            @Override
            public void record(RawRecord r) {
                read.add(r);
            }

            @Override
            public void rejected(long position, String key, FeedCategory category, String reason) throws FeedException {
                throw new FeedException("rejected", reason);
            }
        });
        assertEquals(1, read.size());
        assertEquals(FeedCategory.ELEVE, read.get(0).category());
        assertEquals("L'<Ô>&\"Ç\" \uD83D\uDE00", read.get(0).first("sn"));
        assertEquals("Bad\uFFFDchar\uFFFD", read.get(0).first("givenName"));
        assertEquals(false, read.get(0).has("empty"));
    }

    @Test
    void fileNamesSayCompleteAndTheCategory() {
        assertEquals("ENT_LDAP_Complet_20250901_PersRelEleve_0000.xml",
                LdapExporter.fileName(java.time.LocalDate.of(2025, 9, 1), FeedCategory.RESPONSABLE));
        assertEquals("ENT_LDAP_Complet_20250901_MatiereEducNat_0000.xml",
                LdapExporter.fileName(java.time.LocalDate.of(2025, 9, 1), FeedCategory.SUBJECT));
    }
}
