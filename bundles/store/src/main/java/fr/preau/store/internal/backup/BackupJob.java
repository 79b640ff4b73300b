package fr.preau.store.internal.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * One backup: snapshot ({@link Snapshot}) into {@code <data>/preau/backups/work}, then the archive
 * streamed from it into {@code <folder>/.preau-….tar.part}, synced, renamed to its final name (a
 * reader of the folder sees a whole archive or none), the folder synced; the work folder is removed
 * whatever happens.
 */
final class BackupJob {

    /** What a finished job wrote. */
    record Written(String fileName, long bytes, int entries, List<String> databases) {
    }

    private final Path data;
    private final Path etc;
    private final Path folder;
    private final BackupKey key;
    private final Map<String, DataSource> dataSources;
    private final Consumer<String> phase;

    BackupJob(Path data, Path etc, Path folder, BackupKey key, Map<String, DataSource> dataSources, Consumer<String> phase) {
        this.data = data;
        this.etc = etc;
        this.folder = folder;
        this.key = key;
        this.dataSources = dataSources;
        this.phase = phase;
    }

    static Path workDir(Path data) {
        return data.resolve("preau").resolve("backups").resolve("work");
    }

    Written run(String label, ZonedDateTime now, String boxVersion) throws IOException, SQLException {
        ArchiveName name = new ArchiveName(ArchiveName.cleanLabel(label), now.toLocalDateTime().withNano(0), key != null);
        Path work = workDir(data);
        deleteTree(work);
        Path stage = work.resolve("stage");
        Files.createDirectories(stage);
        Path part = folder.resolve(name.partName());
        try {
            phase.accept("snapshot");
            Snapshot snapshot = new Snapshot(data, stage);
            phase.accept("databases");
            snapshot.take(dataSources);
            phase.accept("archive");
            Properties metadata = new Properties();
            metadata.setProperty("format", "1");
            metadata.setProperty("label", name.label());
            metadata.setProperty("created", now.toOffsetDateTime().toString());
            metadata.setProperty("box.version", boxVersion == null ? "" : boxVersion);
            metadata.setProperty("databases", String.join(",", snapshot.databases()));
            metadata.setProperty("encrypted", Boolean.toString(key != null));
            int entries;
            long bytes;
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                Archive.Writer writer = new Archive.Writer(out, key, metadata);
                for (Path file : files(stage)) {
                    writer.addFile("data/" + stage.relativize(file).toString().replace('\\', '/'), file);
                }
                for (Path cfg : etcFiles()) {
                    writer.addFile("karaf-etc/" + cfg.getFileName(), cfg);
                }
                List<Archive.Sum> sums = writer.finish();
                out.flush();
                channel.force(true);
                entries = sums.size();
                bytes = channel.size();
            }
            Path target = folder.resolve(name.fileName());
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(folder);
            return new Written(target.getFileName().toString(), bytes, entries, snapshot.databases());
        } finally {
            Files.deleteIfExists(part);
            deleteTree(work);
        }
    }

    /** Préau's own files of Karaf's etc (the box's install-time settings). */
    private List<Path> etcFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        if (etc == null || !Files.isDirectory(etc)) {
            return files;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(etc, "{fr.preau.*.cfg,org.ops4j.datasource-preau-*.cfg}")) {
            for (Path p : dir) {
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        }
        files.sort(Comparator.naturalOrder());
        return files;
    }

    /** Every regular file under {@code root}, in a stable order. */
    static List<Path> files(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(Comparator.comparing(p -> root.relativize(p).toString()));
        return files;
    }

    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some file systems cannot sync a folder; the archive itself is synced
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
