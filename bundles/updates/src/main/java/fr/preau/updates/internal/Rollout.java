package fr.preau.updates.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Locale;

/**
 * Staged roll-out: which boxes take an update. A box is named by its schools' UAIs; it takes the
 * update when one of them is in the manifest's list, or when its first UAI (in alphabetical order)
 * falls in the first {@code rolloutPercent} of 100 buckets. The bucket is a stable hash of the UAI
 * (first four bytes of the SHA-256 of its upper-case ASCII form, as an unsigned number, modulo 100):
 * the same box is always in the same bucket, so raising the percentage only ever adds boxes.
 */
public final class Rollout {

    private Rollout() {
    }

    /** The bucket of a UAI, 0 to 99. */
    public static int bucket(String uai) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(uai.strip().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
            long n = ((h[0] & 0xffL) << 24) | ((h[1] & 0xffL) << 16) | ((h[2] & 0xffL) << 8) | (h[3] & 0xffL);
            return (int) (n % 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a box with these UAIs takes the update. A box with no school yet takes nothing. */
    public static boolean selects(UpdateManifest manifest, Collection<String> boxUais) {
        if (boxUais.isEmpty()) {
            return false;
        }
        for (String uai : boxUais) {
            if (manifest.rolloutUais().contains(uai.strip().toUpperCase(Locale.ROOT))) {
                return true;
            }
        }
        String first = boxUais.stream().map(u -> u.strip().toUpperCase(Locale.ROOT)).sorted().findFirst().orElseThrow();
        return bucket(first) < manifest.rolloutPercent();
    }
}
