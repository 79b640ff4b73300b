package fr.preau.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A concern's empty database, already migrated, shipped inside its bundle
 * ({@value #ENTRY}, made by {@link SchemaTemplateBuilder} when the bundle is built). On a new box
 * the database is unpacked from it instead of being created and migrated change set by change set:
 * creating a Derby database and running Liquibase were most of a first boot. Only an embedded
 * database that does not exist yet is ever created from a template; the schema fingerprint it
 * carries then decides, as for any database, whether Liquibase still has something to do.
 */
final class SchemaTemplate {

    static final String ENTRY = "OSGI-INF/preau/schema-template.zip";
    /** An empty schema is a few megabytes; anything far larger is not a template. */
    static final long MAX_BYTES = 256L << 20;

    private SchemaTemplate() {
    }

    /**
     * Unpacks {@code zip} as the database directory {@code dir} when nothing is there yet.
     *
     * @return true when the database was created from the template
     */
    static boolean installIfAbsent(URL zip, Path dir) throws IOException {
        if (Files.exists(dir)) {
            return false;
        }
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, dir.getFileName() + ".template-");
        try {
            long total = 0;
            try (InputStream raw = zip.openStream(); ZipInputStream in = new ZipInputStream(raw)) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    Path target = tmp.resolve(e.getName()).normalize();
                    if (!target.startsWith(tmp) || target.equals(tmp)) {
                        throw new IOException("unsafe entry in schema template: " + e.getName());
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(target);
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    try (OutputStream out = Files.newOutputStream(target)) {
                        byte[] buffer = new byte[64 * 1024];
                        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                            total += n;
                            if (total > MAX_BYTES) {
                                throw new IOException("schema template larger than " + MAX_BYTES + " bytes");
                            }
                            out.write(buffer, 0, n);
                        }
                    }
                }
            }
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                if (Files.exists(dir)) {
                    return false; // created meanwhile: leave it alone
                }
                throw raced;
            }
            return true;
        } finally {
            deleteTree(tmp);
        }
    }

    /** Packs the database directory {@code dir} (closed) into {@code zip}. */
    static void pack(Path dir, Path zip) throws IOException {
        Files.createDirectories(zip.toAbsolutePath().getParent());
        Path tmp = zip.resolveSibling(zip.getFileName() + ".tmp");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream raw = Files.newOutputStream(tmp); ZipOutputStream out = new ZipOutputStream(raw)) {
            for (Path file : files) {
                ZipEntry entry = new ZipEntry(dir.relativize(file).toString().replace('\\', '/'));
                entry.setTime(0); // the same schema gives the same bytes
                out.putNextEntry(entry);
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        Files.move(tmp, zip, StandardCopyOption.REPLACE_EXISTING);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
