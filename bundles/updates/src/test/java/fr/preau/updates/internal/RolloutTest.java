package fr.preau.updates.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RolloutTest {

    static UpdateManifest at(int percent, Set<String> uais) {
        return new UpdateManifest("stable", "1.0", Instant.EPOCH, percent, uais, List.of(), List.of(),
                new UpdateManifest.Entry("features.xml", "00".repeat(32), 1, null), List.of());
    }

    @Test
    void theBucketIsAStableHashOfTheUai() {
        // SHA-256("0999999Z") starts with these bytes: the bucket must never change between releases
        byte[] h = Hashes.sha256().digest("0999999Z".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        long n = ((h[0] & 0xffL) << 24) | ((h[1] & 0xffL) << 16) | ((h[2] & 0xffL) << 8) | (h[3] & 0xffL);
        assertEquals((int) (n % 100), Rollout.bucket("0999999Z"));
        assertEquals(Rollout.bucket("0999999Z"), Rollout.bucket(" 0999999z "), "case and spaces do not move a box");
        // spread: 1,000 UAIs land in many buckets, none holding more than a few percent
        int[] counts = new int[100];
        for (int i = 0; i < 1000; i++) {
            counts[Rollout.bucket("%07dA".formatted(i * 7919))]++;
        }
        for (int c : counts) {
            assertTrue(c < 30, "bucket too full: " + c);
        }
    }

    @Test
    void percentageBoundaries() {
        String uai = "0999999Z";
        int b = Rollout.bucket(uai);
        assertFalse(Rollout.selects(at(0, Set.of()), List.of(uai)), "0 % takes no box");
        assertTrue(Rollout.selects(at(100, Set.of()), List.of(uai)), "100 % takes every box");
        assertFalse(Rollout.selects(at(b, Set.of()), List.of(uai)), "a box in bucket b waits while the percentage is b");
        assertTrue(Rollout.selects(at(b + 1, Set.of()), List.of(uai)), "and takes it at b + 1");
    }

    @Test
    void raisingThePercentageOnlyAddsBoxes() {
        List<String> uais = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            uais.add("%07dB".formatted(i * 31));
        }
        int previous = 0;
        for (int p = 0; p <= 100; p += 5) {
            int selected = 0;
            for (String u : uais) {
                boolean now = Rollout.selects(at(p, Set.of()), List.of(u));
                if (p > 0 && Rollout.selects(at(p - 5, Set.of()), List.of(u))) {
                    assertTrue(now, u + " left the roll-out at " + p + " %");
                }
                selected += now ? 1 : 0;
            }
            assertTrue(selected >= previous);
            previous = selected;
        }
        assertEquals(300, previous);
    }

    @Test
    void listedUaisTakeTheUpdateWhateverThePercentage() {
        assertTrue(Rollout.selects(at(0, Set.of("0999997X")), List.of("0999999Z", "0999997X")), "any school of the box listed");
        assertFalse(Rollout.selects(at(0, Set.of("0999997X")), List.of("0999999Z")));
        assertFalse(Rollout.selects(at(100, Set.of()), List.of()), "a box without a school yet takes nothing");
    }

    @Test
    void aBoxWithSeveralSchoolsIsPlacedByItsFirstUai() {
        String a = "0999997X";
        String z = "0999999Z";
        int b = Rollout.bucket(a);
        assertEquals(Rollout.selects(at(b + 1, Set.of()), List.of(a)), Rollout.selects(at(b + 1, Set.of()), List.of(z, a)));
        assertFalse(Rollout.selects(at(b, Set.of()), List.of(z, a)));
    }
}
