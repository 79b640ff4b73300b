package fr.preau.files.internal;

import static fr.preau.files.internal.World.MATHS_5A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.store.testing.Databases;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The maintained byte count of each space (files_usage, read by the quota check at every upload) stays equal to the SUM
 * over its files and versions: under concurrent uploads, and through overwrite (versions), trash, restore, version
 * restore, move and copy into another space, purge; a missing count is the SUM, then written again.
 */
class UsageCountTest {

    @TempDir
    Path dir;
    @RegisterExtension
    static final FilesDb DB = new FilesDb("usage");
    World world;
    Files files;
    final String perso = "perso:" + MATHS_5A.id().value();

    @BeforeEach
    void setUp() throws Exception {
        world = new World(SharingTest.NOW);
        files = world.files(DB.db(), dir, e -> { });
        files.keepVersions(2);
    }

    Node put(String name, int size, long seed) throws Exception {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return files.upload(MATHS_5A, perso, null, name, "application/octet-stream", b.length, new ByteArrayInputStream(b), true).node();
    }

    /** The count of {@code space} is written (not the SUM fallback) and equals the SUM; returns it. */
    long assertCounted(String space) throws Exception {
        try (Connection c = DB.db().getConnection()) {
            String row = Databases.one(DB.db(), "SELECT bytes FROM files_usage WHERE space_id = ?", space);
            assertNotNull(row, "a count is kept for " + space);
            long summed = files.store().summedBytes(c, space);
            assertEquals(summed, Long.parseLong(row), "the count of " + space + " is the SUM");
            assertEquals(summed, files.store().spaceBytes(c, space));
            return summed;
        }
    }

    interface Step {
        void run(int thread, int i) throws Exception;
    }

    /**
     * {@code threads} threads, each running {@code step} {@code times} times at once; fails when they took longer than
     * Derby's deadlock timeout (20 s) would make them: none may have waited for a deadlock to be broken.
     */
    static void inParallel(int threads, int times, Step step) throws Exception {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < times; i++) {
                        step.run(thread, i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertTrue(System.nanoTime() - started < 15_000_000_000L, "no deadlock waited for (Derby's timeout: 20 s)");
    }

    @Test
    void concurrentUploadsAndOverwritesKeepTheCountEqualToTheSum() throws Exception {
        // from an empty space: the first uploads write its count concurrently (before their transactions, so without the
        // deadlock that made this test last the 20 s of Derby's deadlock timeout)
        inParallel(8, 15, (thread, i) ->
                // every third write replaces the thread's own file: versions kept and dropped concurrently (one file
                // overwritten by several at once: the next test)
                put(i % 3 == 0 ? "remplacé-" + thread + ".bin" : "f-" + thread + "-" + i + ".bin", 1000 + thread * 100 + i, thread * 100L + i));
        long counted = assertCounted(perso);
        assertTrue(counted > 8 * 10 * 1000, "the uploads are counted: " + counted);
        assertEquals(counted, files.usage(MATHS_5A, perso).used());
    }

    @Test
    void overwritesOfOneFileAtOnceFollowEachOtherAndKeepEveryBlobAccountedFor() throws Exception {
        Node first = put("partagé.bin", 500, 0);
        List<Integer> sizes = new java.util.concurrent.CopyOnWriteArrayList<>();
        // each overwrite waits for the one before to commit (the file's row locked first): no deadlock for Derby to break
        inParallel(4, 5, (thread, i) -> {
            int size = 1000 + thread * 10 + i;
            put("partagé.bin", size, thread * 10L + i);
            sizes.add(size);
        });
        Node now = files.store().node(first.id()).orElseThrow();
        assertTrue(sizes.contains((int) now.size()), "the file holds one of the writes: " + now.size());
        List<FilesStore.Version> kept = files.store().versions(now.id());
        assertEquals(2, kept.size(), "the last 2 earlier contents kept");
        for (FilesStore.Version v : kept) {
            assertTrue(sizes.contains((int) v.size()), "a version holds one of the writes: " + v.size());
        }
        // every blob on disk is the file's or one of its versions: none orphaned by a write that read a stale content
        try (java.util.stream.Stream<Path> all = java.nio.file.Files.walk(dir)) {
            long blobs = all.filter(java.nio.file.Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().matches("[0-9a-f]{32}")).count();
            assertEquals(3, blobs, "the file's blob and its 2 versions'");
        }
        assertEquals(now.size() + kept.stream().mapToLong(FilesStore.Version::size).sum(), assertCounted(perso));
    }

    @Test
    void trashRestoreVersionsMoveCopyAndPurgeKeepTheCountEqualToTheSum() throws Exception {
        String classe = FilesTest.CLASSE_5A;
        Node a = put("a.bin", 3000, 1);
        assertEquals(3000, assertCounted(perso));
        world.clock.advance(Duration.ofMinutes(1));
        put("a.bin", 2000, 2);
        world.clock.advance(Duration.ofMinutes(1));
        put("a.bin", 1000, 3);
        assertEquals(6000, assertCounted(perso), "1000 and its two versions");
        long version = files.versions(MATHS_5A, a.id()).get(1).id();
        files.restoreVersion(MATHS_5A, a.id(), version);
        assertCounted(perso);
        files.delete(MATHS_5A, a.id());
        assertCounted(perso);
        files.restore(MATHS_5A, a.id());
        long before = assertCounted(perso);
        Node folder = files.mkdir(MATHS_5A, perso, null, "Dossier");
        Node inside = files.upload(MATHS_5A, perso, folder.id(), "b.bin", null, 500, new ByteArrayInputStream(new byte[500]), false).node();
        assertEquals(before + 500, assertCounted(perso));
        files.move(MATHS_5A, folder.id(), classe, null, "Dossier", false);
        files.move(MATHS_5A, a.id(), classe, null, "a.bin", false);
        assertEquals(0, assertCounted(perso), "the file, its versions and the folder left with their bytes");
        long inClass = assertCounted(classe);
        assertEquals(before + 500, inClass);
        files.copy(MATHS_5A, inside.id(), perso, null, "b copie.bin", false);
        assertEquals(500, assertCounted(perso));
        files.delete(MATHS_5A, a.id());
        files.purge(MATHS_5A, a.id());
        assertEquals(500, assertCounted(classe), "purged with its versions");
        assertNotNull(files.store().node(inside.id()).orElse(null));
    }

    @Test
    void aMissingCountIsTheSumThenWrittenAgain() throws Exception {
        put("a.bin", 1200, 1);
        put("b.bin", 800, 2);
        try (Connection c = DB.db().getConnection(); java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM files_usage");
        }
        assertEquals(2000, files.usage(MATHS_5A, perso).used(), "the SUM while there is no count");
        put("c.bin", 100, 3);
        assertEquals(2100, assertCounted(perso));
    }
}
