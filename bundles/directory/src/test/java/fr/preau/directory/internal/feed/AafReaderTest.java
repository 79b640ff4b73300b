package fr.preau.directory.internal.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AafReaderTest {

    @TempDir
    Path dir;

    private final List<RawRecord> records = new ArrayList<>();
    private final List<String> rejections = new ArrayList<>();

    private AafReader.Summary read(String content, Charset charset) throws Exception {
        Path f = dir.resolve("f.xml");
        Files.write(f, content.getBytes(charset));
        return read(f);
    }

    private AafReader.Summary read(Path f) throws Exception {
        return new AafReader().read(f, new AafReader.Sink() {
            @Override
            public void record(RawRecord r) {
                records.add(r);
            }

            @Override
            public void rejected(long position, String key, FeedCategory category, String reason) {
                rejections.add(position + ":" + key + ":" + reason);
            }
        });
    }

    private static String request(String attrs) {
        return "<addRequest><operationalAttributes><attr name=\"categoriePersonne\"><value>Eleve</value></attr></operationalAttributes>"
                + "<identifier><id>1</id></identifier><attributes>" + attrs + "</attributes></addRequest>";
    }

    @Test
    void readsTheUsualDoctypeWithoutTheDtdAndKeepsEmptyVersusAbsent() throws Exception {
        read("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE ficAlimMENESR SYSTEM \"ficAlimMENESR.dtd\">\n<ficAlimMENESR>"
                + request("<attr name=\"sn\">\n  <value> DUPONT </value>\n</attr><attr name=\"mail\"><value/></attr>"
                        + "<attr name=\"givenName\"><value></value><value>Élise</value></attr>")
                + "</ficAlimMENESR>", StandardCharsets.UTF_8);
        assertEquals(1, records.size(), rejections.toString());
        RawRecord r = records.get(0);
        assertEquals("DUPONT", r.first("sn"));
        assertTrue(r.has("mail"), "an attribute with one empty value is present…");
        assertEquals(List.of(), r.values("mail"), "…with no value");
        assertEquals(List.of("Élise"), r.values("givenName"), "empty values inside a list are nothing");
        assertFalse(r.has("personalTitle"));
    }

    @Test
    void refusesBillionLaughs() {
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE ficAlimMENESR [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;\">]><ficAlimMENESR>" + request("<attr name=\"sn\"><value>&lol3;</value></attr>")
                + "</ficAlimMENESR>";
        FeedException e = assertThrows(FeedException.class, () -> read(bomb, StandardCharsets.UTF_8));
        assertEquals("dtd-refused", e.code());
        assertTrue(records.isEmpty());
    }

    @Test
    void neverResolvesAnExternalEntity() throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE ficAlimMENESR [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]><ficAlimMENESR>"
                + request("<attr name=\"sn\"><value>&x;</value></attr>") + "</ficAlimMENESR>";
        FeedException e = assertThrows(FeedException.class, () -> read(xxe, StandardCharsets.UTF_8));
        assertEquals("dtd-refused", e.code());
        assertFalse(e.getMessage().contains("TOP-SECRET"));
        assertTrue(records.stream().noneMatch(r -> r.attributes().toString().contains("TOP-SECRET")));
    }

    @Test
    void notXmlTruncatedAndWrongRootAreFatalWithAFrenchReason() {
        FeedException notXml = assertThrows(FeedException.class, () -> read("Nom;Prénom\nDUPONT;Jean\n", StandardCharsets.UTF_8));
        assertEquals("not-xml", notXml.code());
        FeedException empty = assertThrows(FeedException.class, () -> read("", StandardCharsets.UTF_8));
        assertEquals("not-xml", empty.code());
        FeedException truncated = assertThrows(FeedException.class,
                () -> read("<ficAlimMENESR>" + request("<attr name=\"sn\"><value>DUP"), StandardCharsets.UTF_8));
        assertEquals("truncated-xml", truncated.code());
        assertTrue(truncated.getMessage().contains("tronqué"), truncated.getMessage());
        FeedException root = assertThrows(FeedException.class, () -> read("<html><body/></html>", StandardCharsets.UTF_8));
        assertEquals("wrong-root", root.code());
        assertTrue(root.getMessage().contains("<html>"));
    }

    @Test
    void wrongEncodingDeclarationIsDetectedAndNoted() throws Exception {
        // declared UTF-8, bytes ISO-8859-15
        AafReader.Summary s = read("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ficAlimMENESR>"
                + request("<attr name=\"sn\"><value>BÉRANGER</value></attr>") + "</ficAlimMENESR>", Charset.forName("ISO-8859-15"));
        assertEquals("BÉRANGER", records.get(0).first("sn"));
        assertTrue(s.text().note().contains("UTF-8"), s.text().note());
        records.clear();
        // declared ISO-8859-15, bytes UTF-8
        s = read("<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?><ficAlimMENESR>"
                + request("<attr name=\"sn\"><value>BÉRANGER</value></attr>") + "</ficAlimMENESR>", StandardCharsets.UTF_8);
        assertEquals("BÉRANGER", records.get(0).first("sn"));
        assertEquals(StandardCharsets.UTF_8, s.text().charset());
        records.clear();
        // BOM, no declaration
        byte[] body = ("<ficAlimMENESR>" + request("<attr name=\"sn\"><value>NOËL</value></attr>") + "</ficAlimMENESR>")
                .getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        Path f = dir.resolve("bom.xml");
        Files.write(f, withBom);
        read(f);
        assertEquals("NOËL", records.get(0).first("sn"));
    }

    @Test
    void malformedRequestsAreRejectedAloneAndReadingGoesOn() throws Exception {
        read("<ficAlimMENESR><addRequest><operationalAttributes><attr name=\"categoriePersonne\"><value>Eleve</value></attr>"
                + "</operationalAttributes><attributes><attr name=\"sn\"><value>X</value></attr></attributes></addRequest>"
                + "<addRequest><operationalAttributes><attr name=\"categoriePersonne\"><value>Martien</value></attr>"
                + "</operationalAttributes><identifier><id>7</id></identifier><attributes><attr name=\"sn\"><value>X</value></attr>"
                + "</attributes></addRequest><bizarreRequest/>" + request("<attr name=\"sn\"><value>OK</value></attr>")
                + "</ficAlimMENESR>", StandardCharsets.UTF_8);
        assertEquals(1, records.size());
        assertEquals(3, rejections.size(), rejections.toString());
        assertTrue(rejections.get(0).contains("sans identifiant"));
        assertTrue(rejections.get(1).contains("Martien"));
        assertTrue(rejections.get(2).contains("bizarreRequest"));
    }

    @Test
    void streamsABigFileInBoundedMemory() throws Exception {
        Path f = dir.resolve("big.xml");
        try (var w = Files.newBufferedWriter(f)) {
            w.write("<ficAlimMENESR>");
            for (int i = 0; i < 50_000; i++) {
                w.write(request("<attr name=\"sn\"><value>NOM" + i + "</value></attr><attr name=\"givenName\"><value>P</value></attr>")
                        .replace("<id>1</id>", "<id>" + i + "</id>"));
            }
            w.write("</ficAlimMENESR>");
        }
        long[] count = {0};
        AafReader.Summary s = new AafReader().read(f, new AafReader.Sink() {
            @Override
            public void record(RawRecord r) {
                count[0]++;
            }

            @Override
            public void rejected(long position, String key, FeedCategory category, String reason) {
                throw new AssertionError(reason);
            }
        });
        assertEquals(50_000, count[0]);
        assertEquals(50_000, s.requests());
    }

    @Test
    void splitsCompositesOnEveryDollar() {
        assertEquals(List.of("a", "", "c"), AafMapper.split("a$$c"));
        assertEquals(List.of("12 rue X", "", "", ""), AafMapper.split("12 rue X$$$"));
        assertEquals(List.of("solo"), AafMapper.split("solo"));
    }

    @Test
    void aFirstDegreeFileAnnouncedAsSecondDegreeIsReadByItsContentWithANote() throws Exception {
        String oneD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ficAlimMENESR>\n<!-- degre=\"2D\" -->\n"
                + request("<attr name=\"ENTPersonNom\"><value>ROCHAT</value></attr><attr name=\"ENTPersonPrenom\"><value>Lina</value></attr>")
                + "</ficAlimMENESR>";
        AafReader.Summary s = read(oneD, StandardCharsets.UTF_8);
        assertEquals(Optional.of("2D"), s.declaredDegree());
        assertEquals(Optional.of("1D"), s.contentDegree());
        assertTrue(s.degreeNote().contains("premier degré (1D)"), s.degreeNote());
        assertEquals(1, records.size(), "the record is still read");

        records.clear();
        AafReader.Summary agreeing = read(oneD.replace("degre=\"2D\"", "degre=\"1D\""), StandardCharsets.UTF_8);
        assertEquals(null, agreeing.degreeNote());
        AafReader.Summary silent = read(oneD.replace("<!-- degre=\"2D\" -->", ""), StandardCharsets.UTF_8);
        assertEquals(Optional.empty(), silent.declaredDegree());
        assertEquals(null, silent.degreeNote(), "no header, nothing to contradict");
    }
}
