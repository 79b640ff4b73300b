package fr.preau.directory.testing;

import fr.preau.directory.internal.feed.AafReader;
import fr.preau.directory.internal.feed.FeedCategory;
import fr.preau.directory.internal.feed.RawRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/**
 * The reference of the import benchmark: a StAX parse of every AAF file of a folder with the
 * importer's own reader, counting person records, writing nothing. Prints
 * {@code parse-only: N records, M persons in S s}.
 */
public final class ParseOnly {

    private ParseOnly() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[0]);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        long[] counts = new long[2];
        long t0 = System.nanoTime();
        AafReader reader = new AafReader();
        for (Path f : files) {
            reader.read(f, new AafReader.Sink() {
                @Override
                public void record(RawRecord r) {
                    counts[0]++;
                    if (r.category().isPerson()) {
                        counts[1]++;
                    }
                }

                @Override
                public void rejected(long position, String key, FeedCategory category, String reason) {
                    counts[0]++;
                }
            });
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "parse-only: %d records, %d persons in %.3f s%n", counts[0], counts[1], seconds);
    }
}
