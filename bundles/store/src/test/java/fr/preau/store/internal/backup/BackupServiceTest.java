package fr.preau.store.internal.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.store.backup.BackupArchive;
import fr.preau.store.backup.BackupException;
import fr.preau.store.backup.BackupResult;
import fr.preau.store.backup.BackupSettings;
import fr.preau.store.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A box's data folder with an on-disk Derby database and files, saved while written to, restored elsewhere. */
class BackupServiceTest {

    @TempDir
    Path tmp;

    private Path data;
    private Path folder;
    private EmbeddedDataSource db;
    private MutableClock clock;
    private BackupServiceImpl service;

    @BeforeEach
    void box() throws Exception {
        data = tmp.resolve("data");
        folder = Files.createDirectories(tmp.resolve("usb"));
        Path dbDir = data.resolve("preau/cahier/db");
        Files.createDirectories(dbDir.getParent());
        db = new EmbeddedDataSource();
        db.setDatabaseName(dbDir.toString());
        db.setCreateDatabase("create");
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE seance (id INT PRIMARY KEY, titre VARCHAR(100))");
            s.execute("INSERT INTO seance VALUES (1, 'Théorème de Pythagore')");
        }
        Files.createDirectories(data.resolve("preau/files/ab"));
        Files.write(data.resolve("preau/files/ab/ab01"), new byte[200_000]);
        Files.createDirectories(data.resolve("preau/portal"));
        Files.writeString(data.resolve("preau/portal/legal.json"), "{}", StandardCharsets.UTF_8);
        Files.createDirectories(data.resolve("preau/search/index"));
        Files.writeString(data.resolve("preau/search/index/segments_1"), "index");
        Files.createDirectories(data.resolve("preau/files/tmp"));
        Files.writeString(data.resolve("preau/files/tmp/upload-1.tmp"), "half");
        Path etc = Files.createDirectories(tmp.resolve("etc"));
        Files.writeString(etc.resolve("fr.preau.mail.cfg"), "bind = 0.0.0.0\n");
        Files.writeString(etc.resolve("org.apache.karaf.shell.cfg"), "not ours\n");
        clock = new MutableClock("2026-12-07T01:00:00Z");
        service = new BackupServiceImpl(data, etc, clock, "0.1.0.test", BackupKey.MIN_ITERATIONS);
        service.addDataSource("jdbc/preau-cahier", db);
    }

    @AfterEach
    void close() throws Exception {
        service.deactivate();
        EmbeddedDataSource shutdown = new EmbeddedDataSource();
        shutdown.setDatabaseName(db.getDatabaseName());
        shutdown.setShutdownDatabase("shutdown");
        try (Connection c = shutdown.getConnection()) {
            // not reached
        } catch (java.sql.SQLException expected) {
            // shut down
        }
    }

    private BackupResult backup() throws Exception {
        return service.start("0999999Z", "test").toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @Test
    void refusesWithoutAFolderOrWithABadOne() {
        BackupException e = assertThrows(BackupException.class, () -> service.start("0999999Z", "test"));
        assertEquals("no-folder", e.code());
        assertEquals("folder-not-found", assertThrows(BackupException.class,
                () -> service.updateSettings(new BackupSettings(tmp.resolve("absent").toString(), 2, 7, 4, false))).code());
        assertEquals("invalid-folder", assertThrows(BackupException.class,
                () -> service.updateSettings(new BackupSettings("relative/usb", 2, 7, 4, false))).code());
        assertEquals("invalid-folder", assertThrows(BackupException.class,
                () -> service.updateSettings(new BackupSettings(data.resolve("preau").toString(), 2, 7, 4, false))).code());
        assertEquals("invalid-hour", assertThrows(BackupException.class,
                () -> service.updateSettings(new BackupSettings(folder.toString(), 24, 7, 4, false))).code());
        assertEquals("passphrase-too-short", assertThrows(BackupException.class,
                () -> service.setPassphrase("court".toCharArray())).code());
    }

    @Test
    void savesWhileWrittenToAndRestoresIntoAnEmptyFolder() throws Exception {
        service.updateSettings(new BackupSettings(folder.toString(), 2, 7, 4, false));
        // a writer keeps inserting during the backup; every row committed before it started must come back
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger committed = new java.util.concurrent.atomic.AtomicInteger(1);
        Thread writer = new Thread(() -> {
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                for (int i = 2; !stop.get(); i++) {
                    s.execute("INSERT INTO seance VALUES (" + i + ", 'séance " + i + "')");
                    committed.set(i);
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        while (committed.get() < 50) {
            Thread.sleep(5);
        }
        int beforeBackup = committed.get();
        BackupResult result = backup();
        stop.set(true);
        writer.join();
        assertTrue(result.ok(), result.error());
        assertEquals("preau-0999999Z-20261207-010000.tar", result.archive()); // local time of the clock's zone (UTC here)
        List<BackupArchive> archives = service.archives();
        assertEquals(1, archives.size());
        assertEquals("COMPLETE", archives.get(0).status());
        assertTrue(service.status().last().ok());
        String marker = Files.readString(data.resolve("preau/backup/last-backup.properties"));
        assertTrue(marker.contains("status=OK") && marker.contains("size=" + result.bytes()), marker);

        Path archive = folder.resolve(result.archive());
        Archive.Contents contents = Restore.verify(archive, null);
        List<String> paths = contents.entries().stream().map(Archive.Sum::path).toList();
        assertTrue(paths.contains("data/preau/files/ab/ab01"), paths.toString());
        assertTrue(paths.contains("data/preau/cahier/db/service.properties"), paths.toString());
        assertTrue(paths.contains("karaf-etc/fr.preau.mail.cfg"), paths.toString());
        assertFalse(paths.stream().anyMatch(p -> p.contains("search") || p.contains("/tmp/") || p.contains("shell.cfg")
                || p.contains("backups/work")), paths.toString());

        Path fresh = tmp.resolve("fresh");
        Restore.Restored restored = Restore.restore(archive, null, fresh, false);
        assertEquals(fresh.resolve("preau"), restored.preau());
        assertEquals(200_000, Files.size(fresh.resolve("preau/files/ab/ab01")));
        assertTrue(Files.isRegularFile(fresh.resolve("etc-sauvegarde/fr.preau.mail.cfg")));
        EmbeddedDataSource back = new EmbeddedDataSource();
        back.setDatabaseName(fresh.resolve("preau/cahier/db").toString());
        try (Connection c = back.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(id), MAX(id) FROM seance")) {
            rs.next();
            assertEquals(1, rs.getInt(2));
            assertTrue(rs.getInt(3) >= beforeBackup, "row " + beforeBackup + " acknowledged before the backup is there");
            assertEquals(rs.getInt(3), rs.getInt(1), "no gap: a consistent copy");
        } finally {
            back.setShutdownDatabase("shutdown");
            try (Connection c = back.getConnection()) {
                // not reached
            } catch (java.sql.SQLException expected) {
                // shut down
            }
        }
        // a second restore into the now occupied folder is refused without --force, nothing changed
        Restore.RestoreException e = assertThrows(Restore.RestoreException.class, () -> Restore.restore(archive, null, fresh, false));
        assertEquals(Restore.NOT_EMPTY, e.exitCode);
    }

    @Test
    void encryptedArchivesNeedThePassphraseAndADamagedOneChangesNothing() throws Exception {
        service.updateSettings(new BackupSettings(folder.toString(), 2, 7, 4, false));
        service.setPassphrase("une phrase de passe assez longue".toCharArray());
        assertTrue(service.settings().encrypted());
        BackupResult result = backup();
        assertTrue(result.ok(), result.error());
        assertTrue(result.archive().endsWith(".tar.enc"));
        Path archive = folder.resolve(result.archive());
        assertFalse(new String(Files.readAllBytes(archive), StandardCharsets.ISO_8859_1).contains("service.properties"));

        Path fresh = Files.createDirectories(tmp.resolve("fresh"));
        Files.writeString(fresh.resolve("keep.txt"), "untouched");
        assertEquals(Restore.WRONG_PASSPHRASE, assertThrows(Restore.RestoreException.class,
                () -> Restore.restore(archive, "une autre phrase de passe".toCharArray(), fresh, false)).exitCode);
        Path truncated = Files.write(tmp.resolve("cut.tar.enc"), java.util.Arrays.copyOf(Files.readAllBytes(archive),
                (int) Files.size(archive) - 100));
        assertEquals(Restore.DAMAGED, assertThrows(Restore.RestoreException.class,
                () -> Restore.restore(truncated, "une phrase de passe assez longue".toCharArray(), fresh, false)).exitCode);
        try (var list = Files.list(fresh)) {
            assertEquals(List.of(fresh.resolve("keep.txt")), list.toList(), "nothing changed");
        }
        Restore.restore(archive, "une phrase de passe assez longue".toCharArray(), fresh, false);
        assertTrue(Files.isRegularFile(fresh.resolve("preau/cahier/db/service.properties")));
        assertFalse(Files.exists(fresh.resolve("preau/backups/key")), "the key is never archived");

        service.clearPassphrase();
        assertFalse(service.settings().encrypted());
    }

    @Test
    void aRemovedModulesClosedDatabaseIsCopiedAndOneOpenBehindTheBoxsBackRefusesTheBackup() throws Exception {
        service.updateSettings(new BackupSettings(folder.toString(), 2, 7, 4, false));
        EmbeddedDataSource other = new EmbeddedDataSource();
        other.setDatabaseName(data.resolve("preau/ancien/db").toString());
        other.setCreateDatabase("create");
        try (Connection c = other.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x INT)");
            s.execute("INSERT INTO t VALUES (42)");
        }
        // open and not one of the box's DataSources: a copy could be torn
        BackupResult refused = backup();
        assertFalse(refused.ok());
        assertEquals("database-open-elsewhere", refused.code());
        assertTrue(refused.error().contains("preau/ancien/db"), refused.error());
        assertTrue(service.archives().isEmpty(), "no archive, not even a partial one");
        // closed (the module was removed): copied as it is
        other.setShutdownDatabase("shutdown");
        try (Connection c = other.getConnection()) {
            // not reached
        } catch (java.sql.SQLException expected) {
            // shut down
        }
        BackupResult saved = backup();
        assertTrue(saved.ok(), saved.error());
        Path fresh = tmp.resolve("fresh");
        Restore.restore(folder.resolve(saved.archive()), null, fresh, false);
        EmbeddedDataSource back = new EmbeddedDataSource();
        back.setDatabaseName(fresh.resolve("preau/ancien/db").toString());
        try (Connection c = back.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT x FROM t")) {
            rs.next();
            assertEquals(42, rs.getInt(1));
        } finally {
            back.setShutdownDatabase("shutdown");
            try (Connection c = back.getConnection()) {
                // not reached
            } catch (java.sql.SQLException expected) {
                // shut down
            }
        }
    }

    @Test
    void retentionRunsAfterEachBackupAndOneBackupAtATime() throws Exception {
        service.updateSettings(new BackupSettings(folder.toString(), 2, 2, 0, false));
        for (int day = 0; day < 4; day++) {
            assertTrue(backup().ok());
            clock.advance(Duration.ofDays(1));
        }
        Files.writeString(folder.resolve(".preau-0999999Z-20261201-020000.tar.part"), "interrupted");
        BackupResult last = backup();
        assertEquals(1, last.deleted());
        assertEquals(List.of("preau-0999999Z-20261211-010000.tar", "preau-0999999Z-20261210-010000.tar"),
                service.archives().stream().map(BackupArchive::name).toList());
        var running = service.start("0999999Z", "test");
        try {
            assertEquals("backup-running", assertThrows(BackupException.class, () -> service.start("0999999Z", "test")).code());
        } finally {
            running.toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }
}
