package fr.preau.store.internal.backup;

import fr.preau.store.internal.DerbyLocation;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * A consistent copy of {@code <data>/preau} in a work folder, taken while the box serves:
 * <ol>
 * <li><b>files, first pass</b>: every file that is not part of a Derby database nor of the search index
 * is hard-linked into the copy (copied when small, or when the file system refuses links). A file of
 * the box is never rewritten in place: blobs, attachments and settings are written to a temporary
 * file and renamed, so a link is a frozen copy;</li>
 * <li><b>databases</b>: each Derby database open behind a DataSource is saved with Derby's online
 * backup ({@code SYSCS_UTIL.SYSCS_BACKUP_DATABASE}: readers and writers go on); a Derby database no
 * DataSource has open (a removed module's) is copied as files;</li>
 * <li><b>files, second pass</b>: files that appeared meanwhile are linked too.</li>
 * </ol>
 * Why this order: a module writes a blob (renamed into place) before it commits the row that names
 * it, so every blob a saved row names existed before the database copy ended; it was caught by the
 * first pass, or by the second if it arrived during the database copy. A blob deleted after the
 * first pass is still in the copy (the link keeps it), so a row saved before its deletion finds it.
 * The only blob missed is one both written and deleted during the database copy whose row the
 * copy kept. Blobs that arrive after a database copy are extra (orphans the module ignores).
 */
final class Snapshot {

    /** Below this size a file is copied rather than linked (settings, small JSON files). */
    static final long LINK_FROM = 64 * 1024;

    private final Path data;
    private final Path stage;
    private final Set<Path> openDatabases = new TreeSet<>();
    private final List<String> databases = new ArrayList<>();

    /**
     * @param data  the box's data folder ({@code karaf.data})
     * @param stage the copy's root; {@code <stage>/preau} mirrors {@code <data>/preau}
     */
    Snapshot(Path data, Path stage) {
        this.data = data;
        this.stage = stage;
    }

    /** The saved databases, as paths relative to the data folder. */
    List<String> databases() {
        return List.copyOf(databases);
    }

    /** Takes the whole copy. {@code dataSources}: name (for messages) → DataSource. */
    void take(Map<String, DataSource> dataSources) throws IOException, SQLException {
        Path preau = data.resolve("preau");
        Map<Path, String> byDir = new java.util.TreeMap<>();
        for (Map.Entry<String, DataSource> e : dataSources.entrySet()) {
            Optional<Path> dir = derbyDirectory(e.getValue());
            if (dir.isPresent() && dir.get().startsWith(preau)) {
                byDir.putIfAbsent(dir.get(), e.getKey());
            }
        }
        for (Path dir : byDir.keySet()) {
            openDatabases.add(real(dir));
        }
        Files.createDirectories(stage.resolve("preau"));
        if (!Files.isDirectory(preau)) {
            return;
        }
        copyFiles(preau, true);
        for (Map.Entry<Path, String> e : byDir.entrySet()) {
            backupDatabase(dataSources.get(e.getValue()), e.getKey());
        }
        copyFiles(preau, false);
    }

    private Optional<Path> derbyDirectory(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            String url = c.getMetaData().getURL();
            return url == null ? Optional.empty() : DerbyLocation.fromUrl(url);
        }
    }

    private void backupDatabase(DataSource ds, Path dir) throws SQLException, IOException {
        Path rel = data.relativize(dir);
        Path target = stage.resolve(rel);
        Files.createDirectories(target.getParent());
        try (Connection c = ds.getConnection();
                CallableStatement call = c.prepareCall("CALL SYSCS_UTIL.SYSCS_BACKUP_DATABASE(?)")) {
            call.setString(1, target.getParent().toString());
            call.execute();
        }
        databases.add(rel.toString().replace('\\', '/'));
    }

    /**
     * Whether this JVM's Derby engine has the database booted: Derby keeps an exclusive file lock on
     * {@code dbex.lck} while booted, so trying that lock tells (a lock left by a crash is not held).
     */
    static boolean isLockedByThisJvm(Path dir) {
        Path ex = dir.resolve("dbex.lck");
        if (!Files.exists(ex)) {
            return false;
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(ex, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock lock = ch.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return true; // held by this very JVM (Derby)
        } catch (IOException e) {
            return false;
        }
    }

    /** Is {@code dir} an embedded Derby database? */
    static boolean isDerby(Path dir) {
        return Files.isRegularFile(dir.resolve("service.properties")) && Files.isDirectory(dir.resolve("seg0"));
    }

    /** Whether a folder of {@code <data>/preau} is left out: the search index, temporary folders, our own work. */
    static boolean skippedDirectory(Path preau, Path dir) {
        Path rel = preau.relativize(dir);
        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
        return rel.toString().equals("search") || name.equals("tmp") || name.equals("uploads")
                || rel.toString().equals("backups/work");
    }

    /** Files left out: the backup key (the passphrase's derivative stays on the box) and temporary files of the backups' folder. */
    static boolean skippedFile(Path preau, Path file) {
        String rel = preau.relativize(file).toString().replace('\\', '/');
        return rel.startsWith("backups/") && !rel.equals("backups/settings.properties")
                && !rel.equals("backups/status.properties");
    }

    private void copyFiles(Path preau, boolean firstPass) throws IOException {
        Files.walkFileTree(preau, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(preau) && skippedDirectory(preau, dir)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                boolean open = openDatabases.contains(real(dir));
                if (open || isDerby(dir)) {
                    if (firstPass && !open) {
                        copyClosedDatabase(dir);
                    }
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isRegularFile() || skippedFile(preau, file)) {
                    return FileVisitResult.CONTINUE;
                }
                Path target = stage.resolve(data.relativize(file));
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    return FileVisitResult.CONTINUE;
                }
                Files.createDirectories(target.getParent());
                try {
                    if (attrs.size() >= LINK_FROM) {
                        try {
                            Files.createLink(target, file);
                            return FileVisitResult.CONTINUE;
                        } catch (UnsupportedOperationException | IOException e) {
                            // another file system, or links refused: copy
                        }
                    }
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                } catch (java.nio.file.NoSuchFileException gone) {
                    // deleted while we walked: it is not part of the box any more
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof java.nio.file.NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }
        });
    }

    /** The same folder however it was reached (a symbolic link in the data folder's path, say). */
    private static Path real(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }

    /**
     * A database no DataSource has open (a removed module's): a plain copy (never a link: Derby writes its
     * files in place). One that Derby holds open nonetheless ({@code db.lck} present: booted by something
     * that is not a DataSource of the box) cannot be copied consistently: the backup fails rather than save
     * a torn copy.
     */
    private void copyClosedDatabase(Path dir) throws IOException {
        if (Files.exists(dir.resolve("db.lck")) && isLockedByThisJvm(dir)) {
            throw new fr.preau.store.backup.BackupException(500, "database-open-elsewhere", "La base de données « "
                    + data.relativize(dir) + " » est ouverte sans passer par la box : elle ne peut pas être copiée "
                    + "sans risque. Consultez le journal de la box.");
        }
        Path target = stage.resolve(data.relativize(dir));
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(target.resolve(dir.relativize(d)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                String name = f.getFileName().toString();
                if (attrs.isRegularFile() && !name.equals("db.lck") && !name.equals("dbex.lck")) {
                    Files.copy(f, target.resolve(dir.relativize(f)), StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        databases.add(data.relativize(dir).toString().replace('\\', '/'));
    }
}
