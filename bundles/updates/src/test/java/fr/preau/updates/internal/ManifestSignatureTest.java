package fr.preau.updates.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ManifestSignatureTest {

    static final String SHA = "ab".repeat(32);

    static UpdateManifest manifest() {
        return new UpdateManifest("pilote", "2026.12.1", Instant.parse("2026-12-07T05:00:00Z"), 25, Set.of("0999999Z"),
                List.of("preau-probe"), List.of("Nouvelle sonde : les notes épinglées."),
                new UpdateManifest.Entry("features.xml", SHA, 120, null),
                List.of(new UpdateManifest.Entry("repository/fr/preau/x/1/x-1.jar", SHA, 42, "mvn:fr.preau/x/1")));
    }

    @Test
    void aSignedManifestVerifiesWithItsKeyAndReadsBackTheSame() throws Exception {
        KeyPair pair = Keys.generate();
        byte[] bytes = manifest().bytes();
        String sig = ManifestSignature.sign(bytes, pair.getPrivate());
        UpdateManifest read = ManifestSignature.verify(bytes, sig.getBytes(StandardCharsets.US_ASCII), pair.getPublic());
        assertEquals(manifest(), read);
        assertArrayEquals(bytes, read.bytes());
    }

    @Test
    void thePublicKeyIsDerivedFromThePrivateKeyAndSurvivesItsTextForm() throws Exception {
        KeyPair pair = Keys.generate();
        assertArrayEquals(pair.getPublic().getEncoded(), Keys.publicOf(pair.getPrivate()).getEncoded());
        String text = Keys.publicText(pair.getPublic());
        assertEquals(60, text.length(), "44 bytes of X.509 in base64");
        assertEquals(Keys.fingerprint(pair.getPublic()), Keys.fingerprint(Keys.readPublic(text)));
        java.nio.file.Path pem = java.nio.file.Files.createTempFile("key", ".pem");
        try {
            java.nio.file.Files.writeString(pem, Keys.privatePem(pair.getPrivate()));
            assertArrayEquals(pair.getPrivate().getEncoded(), Keys.readPrivate(pem).getEncoded());
        } finally {
            java.nio.file.Files.delete(pem);
        }
        assertThrows(IllegalArgumentException.class, () -> Keys.readPublic("pas une clé"));
    }

    @Test
    void aTamperedManifestIsRefused() throws Exception {
        KeyPair pair = Keys.generate();
        byte[] bytes = manifest().bytes();
        byte[] sig = ManifestSignature.sign(bytes, pair.getPrivate()).getBytes(StandardCharsets.US_ASCII);
        // the académie's hash of an artifact replaced by the attacker's
        byte[] tampered = new String(bytes, StandardCharsets.UTF_8).replace(SHA + " 42", "cd".repeat(32) + " 42")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals("bad-signature", assertThrows(UpdateRefused.class, () -> ManifestSignature.verify(tampered, sig, pair.getPublic())).code());
        byte[] percent = new String(bytes, StandardCharsets.UTF_8).replace("rollout-percent 25", "rollout-percent 100")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals("bad-signature", assertThrows(UpdateRefused.class, () -> ManifestSignature.verify(percent, sig, pair.getPublic())).code());
    }

    @Test
    void aBadSignatureIsRefused() throws Exception {
        KeyPair pair = Keys.generate();
        byte[] bytes = manifest().bytes();
        String good = ManifestSignature.sign(bytes, pair.getPrivate());
        String fingerprint = good.lines().findFirst().orElseThrow();
        byte[] zeros = (fingerprint + "\nsignature " + java.util.Base64.getEncoder().encodeToString(new byte[64]) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] garbage = (fingerprint + "\nsignature ***\n").getBytes(StandardCharsets.US_ASCII);
        byte[] missing = (fingerprint + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] empty = new byte[0];
        for (byte[] sig : List.of(zeros, garbage, missing, empty)) {
            UpdateRefused e = assertThrows(UpdateRefused.class, () -> ManifestSignature.verify(bytes, sig, pair.getPublic()));
            assertEquals("bad-signature", e.code());
            assertTrue(e.getMessage().contains("refusée"), e.getMessage());
        }
    }

    @Test
    void aManifestSignedByAnotherKeyIsRefusedAsUnknown() throws Exception {
        KeyPair academie = Keys.generate();
        KeyPair other = Keys.generate();
        byte[] bytes = manifest().bytes();
        byte[] sig = ManifestSignature.sign(bytes, other.getPrivate()).getBytes(StandardCharsets.US_ASCII);
        UpdateRefused e = assertThrows(UpdateRefused.class, () -> ManifestSignature.verify(bytes, sig, academie.getPublic()));
        assertEquals("unknown-key", e.code());
        // claiming the pinned key's fingerprint does not help: the signature itself is checked
        String forged = "key " + Keys.fingerprint(academie.getPublic()) + "\n" + new String(sig, StandardCharsets.US_ASCII).lines()
                .filter(l -> l.startsWith("signature ")).findFirst().orElseThrow() + "\n";
        assertEquals("bad-signature", assertThrows(UpdateRefused.class,
                () -> ManifestSignature.verify(bytes, forged.getBytes(StandardCharsets.US_ASCII), academie.getPublic())).code());
    }

    @Test
    void aTruncatedManifestIsRefused() throws Exception {
        KeyPair pair = Keys.generate();
        byte[] bytes = manifest().bytes();
        byte[] sig = ManifestSignature.sign(bytes, pair.getPrivate()).getBytes(StandardCharsets.US_ASCII);
        for (int cut : new int[] {0, 10, bytes.length / 2, bytes.length - 5, bytes.length - 1}) {
            byte[] truncated = Arrays.copyOf(bytes, cut);
            assertEquals("bad-signature", assertThrows(UpdateRefused.class,
                    () -> ManifestSignature.verify(truncated, sig, pair.getPublic())).code(), "cut at " + cut);
        }
        // even signed, a manifest cut before its end line is not read (a publishing accident)
        String text = new String(bytes, StandardCharsets.UTF_8);
        byte[] cut = text.substring(0, text.indexOf("artifact ")).getBytes(StandardCharsets.UTF_8);
        byte[] cutSig = ManifestSignature.sign(cut, pair.getPrivate()).getBytes(StandardCharsets.US_ASCII);
        assertEquals("manifest-malformed", assertThrows(UpdateRefused.class,
                () -> ManifestSignature.verify(cut, cutSig, pair.getPublic())).code());
    }

    @Test
    void malformedManifestsAreRefusedWhole() {
        String good = manifest().text();
        for (String bad : List.of(
                good.replace("channel pilote", "channel nightly"),
                good.replace("version 2026.12.1", "version 1.0-beta"),
                good.replace("rollout-percent 25", "rollout-percent 101"),
                good.replace("rollout-uai 0999999Z", "rollout-uai 12345"),
                good.replace("repository/fr/preau/x/1/x-1.jar", "../../etc/passwd"),
                good.replace("repository/fr/preau/x/1/x-1.jar", "/etc/passwd"),
                good.replace(" 42 ", " -1 "),
                good.replace("features features.xml", "features features.xml extra"),
                good.replace("note ", "remarque "),
                good.replace("preau-update 1", "preau-update 2"),
                good + "channel stable\n")) {
            assertEquals("manifest-malformed", assertThrows(UpdateRefused.class,
                    () -> UpdateManifest.parse(bad.getBytes(StandardCharsets.UTF_8))).code(), bad);
        }
    }

    @Test
    void versionsCompareNumerically() {
        assertTrue(UpdateManifest.compareVersions("2026.12.10", "2026.12.9") > 0);
        assertTrue(UpdateManifest.compareVersions("2026.12", "2026.12.0") == 0);
        assertTrue(UpdateManifest.compareVersions("2026.1.1", "2027") < 0);
    }
}
