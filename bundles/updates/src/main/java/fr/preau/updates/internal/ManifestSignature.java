package fr.preau.updates.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * The académie's signature of a manifest, in {@code manifest.sig} beside it (ASCII):
 * <pre>
 * key FINGERPRINT      the SHA-256 of the signing public key (hex), see {@link Keys#fingerprint}
 * signature BASE64     Ed25519 over the manifest's exact bytes
 * </pre>
 */
public final class ManifestSignature {

    /** Larger signature files are refused before they are read. */
    public static final int MAX_BYTES = 4096;

    private ManifestSignature() {
    }

    public static String sign(byte[] manifest, PrivateKey key) throws GeneralSecurityException {
        Signature s = Signature.getInstance(Keys.ALGORITHM);
        s.initSign(key);
        s.update(manifest);
        String signature = Base64.getEncoder().encodeToString(s.sign());
        return "key " + Keys.fingerprint(Keys.publicOf(key)) + "\nsignature " + signature + "\n";
    }

    /**
     * Checks that the manifest was signed by the pinned key, then reads it.
     *
     * @throws UpdateRefused {@code unknown-key} (signed by another key), {@code bad-signature}
     *                       (altered, or not a signature), {@code manifest-malformed}
     */
    public static UpdateManifest verify(byte[] manifest, byte[] signatureFile, PublicKey pinned) throws UpdateRefused {
        if (signatureFile.length > MAX_BYTES) {
            throw badSignature();
        }
        String keyId = null;
        byte[] signature = null;
        for (String line : new String(signatureFile, StandardCharsets.US_ASCII).split("\n")) {
            if (line.startsWith("key ")) {
                keyId = line.substring(4).strip();
            } else if (line.startsWith("signature ")) {
                try {
                    signature = Base64.getDecoder().decode(line.substring(10).strip());
                } catch (IllegalArgumentException e) {
                    throw badSignature();
                }
            } else if (!line.isBlank()) {
                throw badSignature();
            }
        }
        if (keyId == null || signature == null) {
            throw badSignature();
        }
        if (!keyId.equals(Keys.fingerprint(pinned))) {
            throw new UpdateRefused("unknown-key", "La mise à jour est signée par une clé que la box ne connaît pas : elle est "
                    + "refusée. Vérifiez la clé publique de l'académie dans « Mises à jour », ou prévenez l'académie.");
        }
        boolean valid;
        try {
            Signature s = Signature.getInstance(Keys.ALGORITHM);
            s.initVerify(pinned);
            s.update(manifest);
            valid = s.verify(signature);
        } catch (GeneralSecurityException e) {
            valid = false;
        }
        if (!valid) {
            throw badSignature();
        }
        return UpdateManifest.parse(manifest);
    }

    private static UpdateRefused badSignature() {
        return new UpdateRefused("bad-signature", "La signature de la mise à jour n'est pas celle de l'académie (fichier altéré "
                + "ou falsifié) : la mise à jour est refusée et rien n'a changé sur la box. Prévenez l'académie.");
    }
}
