package fr.preau.search.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The words of {@code ./preau bench search}: a seeded vocabulary and Zipf-like ranks, shared by the in-process bench
 * ({@link SearchBench}), the REST bench's queries ({@link SearchRestBench}) and the documents of the bench's search
 * source in the box ({@code appliance-image/bench/search-source}, compiled with this file), so that the queries find
 * what the documents say; and how both benches print their latencies. No dependency beyond the JDK.
 */
public final class BenchWords {

    private BenchWords() {
    }

    /** Roughly Zipf-distributed ranks: frequent words come first. */
    public static int zipf(Random random, int n) {
        return (int) Math.min(n - 1, Math.floor(Math.pow(n, random.nextDouble())) - 1);
    }

    /** Pronounceable French-looking words, some accented. */
    public static List<String> vocabulary(Random random, int n) {
        String[] syllables = {"ma", "te", "ri", "lo", "pé", "cha", "vè", "nu", "ron", "sel", "dé", "qua", "tion", "mé", "tri", "pho", "to",
            "syn", "gra", "phie", "lec", "tu", "re", "ex", "er", "ci", "ce", "fra", "ac", "geo", "mè", "bio", "lo", "gie", "his", "toi"};
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (out.size() < n) {
            StringBuilder w = new StringBuilder();
            for (int i = 0; i < 2 + random.nextInt(3); i++) {
                w.append(syllables[random.nextInt(syllables.length)]);
            }
            if (seen.add(w.toString())) {
                out.add(w.toString());
            }
        }
        return out;
    }

    /** {@code n} words drawn by their Zipf rank, each followed by a space (a document's text or title). */
    public static String phrase(Random random, List<String> words, int n) {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < n; w++) {
            text.append(words.get(zipf(random, words.size()))).append(' ');
        }
        return text.toString();
    }

    /** {@code count} queries of one or two frequent words, one in five with a typo (seeded). */
    public static List<String> queries(Random random, List<String> words, int count) {
        List<String> qs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String q = words.get(zipf(random, 2_000));
            if (random.nextInt(2) == 0) {
                q += " " + words.get(zipf(random, 2_000));
            }
            if (random.nextInt(5) == 0 && q.length() > 5) {
                int at = 1 + random.nextInt(q.length() - 2);
                q = q.substring(0, at) + "x" + q.substring(at + 1); // a typo
            }
            qs.add(q);
        }
        return qs;
    }

    /** Prints p50, p95 and p99 of {@code nanos} (one line). */
    public static void print(String what, long[] nanos) {
        long[] s = nanos.clone();
        java.util.Arrays.sort(s);
        System.out.printf("%-60s p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms%n", what, s[s.length / 2] / 1e6, s[(int) (s.length * 0.95)] / 1e6,
                s[(int) (s.length * 0.99)] / 1e6);
    }

    /** The mean of {@code nanos} (1 when empty). */
    public static double mean(long[] nanos) {
        return java.util.Arrays.stream(nanos).average().orElse(1);
    }
}
