package fr.preau.search.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The words of {@code ./preau bench search}: a seeded vocabulary and Zipf-like ranks, shared by the in-process bench
 * ({@link SearchBench}), the REST bench's queries ({@link SearchRestBench}) and the documents of the bench's search
 * source in the box ({@code appliance-image/bench/search-source}, compiled with a copy of this file), so that the
 * queries find what the documents say. No dependency beyond the JDK.
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
}
