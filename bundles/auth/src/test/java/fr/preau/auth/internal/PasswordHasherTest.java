package fr.preau.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.regex.Pattern;
import org.apache.shiro.crypto.hash.Hash;
import org.apache.shiro.crypto.hash.format.Shiro2CryptFormat;
import org.apache.shiro.lang.util.SimpleByteSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private static final Pattern FORMAT = Pattern.compile(
            "\\$shiro2\\$argon2id\\$v=19\\$t=2,m=19456,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");

    private static PasswordHasher hasher;

    @BeforeAll
    static void productionCost() {
        hasher = new PasswordHasher(Argon2Params.DEFAULT, 2, new SecureRandom());
    }

    @Test
    void hashesAreSelfDescribingArgon2idWithTheProductionCost() {
        String hash = hasher.hash("Cheval-Batterie-7");
        assertTrue(FORMAT.matcher(hash).matches(), hash);
        assertTrue(hash.startsWith(PasswordHasher.PREFIX));
        assertFalse(hasher.needsRehash(hash));
    }

    @Test
    void roundTrip() {
        String hash = hasher.hash("Cheval-Batterie-7");
        assertTrue(hasher.verify("Cheval-Batterie-7", hash));
        assertFalse(hasher.verify("cheval-Batterie-7", hash));
        assertFalse(hasher.verify("", hash));
        assertFalse(hasher.verify(null, hash));
    }

    @Test
    void saltMakesEveryHashDifferent() {
        assertNotEquals(hasher.hash("Cheval-Batterie-7"), hasher.hash("Cheval-Batterie-7"));
    }

    @Test
    void shirosOwnParserReadsOurHashes() {
        // Shiro2CryptFormat.parse finds the provider through ServiceLoader (plain classpath here):
        // the stored strings are standard Shiro 2 hashes, not a private format
        String hash = hasher.hash("Cheval-Batterie-7");
        Hash parsed = new Shiro2CryptFormat().parse(hash);
        assertEquals("argon2id", parsed.getAlgorithmName());
        assertTrue(parsed.matchesPassword(new SimpleByteSource("Cheval-Batterie-7")));
    }

    @Test
    void unicodeIsNormalised() {
        String composed = "Été-à-la-plage-2024";
        String decomposed = java.text.Normalizer.normalize(composed, java.text.Normalizer.Form.NFD);
        assertNotEquals(composed, decomposed);
        assertTrue(hasher.verify(decomposed, hasher.hash(composed)));
    }

    @Test
    void missingOrForeignHashesNeverMatchAndNeedRehash() {
        assertFalse(hasher.verify("x", null));
        assertFalse(hasher.verify("x", "$2y$10$abcdefghijklmnopqrstuv"));
        assertFalse(hasher.verify("x", "$shiro2$argon2id$garbage"));
        assertTrue(hasher.needsRehash(null));
        PasswordHasher cheap = new PasswordHasher(TestSupport.CHEAP, 1, new SecureRandom());
        String old = cheap.hash("Cheval-Batterie-7");
        assertTrue(hasher.needsRehash(old));
        assertTrue(hasher.verify("Cheval-Batterie-7", old), "old parameters still verify (they are in the string)");
    }

    @Test
    void measuredCost() {
        hasher.hash("warm-up-Argon2-1");
        long best = Long.MAX_VALUE;
        long total = 0;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            hasher.hash("Cheval-Batterie-" + i);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            best = Math.min(best, ms);
            total += ms;
        }
        // a figure, never a failure (timings depend on the machine)
        System.out.printf("Argon2id %s: best %d ms, mean %d ms%n", Argon2Params.DEFAULT.cryptParameters(), best, total / 3);
    }
}
