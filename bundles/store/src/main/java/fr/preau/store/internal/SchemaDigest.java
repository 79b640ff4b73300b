package fr.preau.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;

/**
 * The fingerprint of a concern's schema: SHA-256 over every file of its changelog's directory
 * (names relative to it, sorted, with their bytes). Equal fingerprints mean equal changelogs, so a
 * database whose recorded fingerprint matches needs no Liquibase run. Computed the same way from a
 * bundle at run time and from the build's class directory (schema templates).
 */
final class SchemaDigest {

    private SchemaDigest() {
    }

    /** {@code fr/preau/portal/db/changelog.xml} → {@code fr/preau/portal/db/}. */
    static String directory(String changelog) {
        int slash = changelog.lastIndexOf('/');
        return slash < 0 ? "" : changelog.substring(0, slash + 1);
    }

    /** The files below the changelog's directory in {@code bundle} (and its fragments). */
    static String ofBundle(Bundle bundle, String changelog) {
        String dir = directory(changelog);
        Map<String, URL> files = new TreeMap<>();
        Enumeration<URL> entries = bundle.findEntries("/" + dir, "*", true);
        while (entries != null && entries.hasMoreElements()) {
            URL url = entries.nextElement();
            String path = url.getPath();
            if (path.endsWith("/")) {
                continue;
            }
            String name = path.startsWith("/") ? path.substring(1) : path;
            if (name.startsWith(dir)) {
                files.putIfAbsent(name.substring(dir.length()), url);
            }
        }
        Hasher hasher = new Hasher();
        for (Map.Entry<String, URL> file : files.entrySet()) {
            try (InputStream in = file.getValue().openStream()) {
                hasher.add(file.getKey(), in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file.getValue(), e);
            }
        }
        return hasher.hex();
    }

    /** The files below the changelog's directory under {@code root} (a build's class directory). */
    static String ofDirectory(Path root, String changelog) throws IOException {
        Path dir = root.resolve(directory(changelog));
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile)
                    .forEach(p -> files.put(dir.relativize(p).toString().replace('\\', '/'), p));
        }
        Hasher hasher = new Hasher();
        for (Map.Entry<String, Path> file : files.entrySet()) {
            hasher.add(file.getKey(), Files.readAllBytes(file.getValue()));
        }
        return hasher.hex();
    }

    private static final class Hasher {
        private final MessageDigest sha;

        Hasher() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
            }
        }

        void add(String name, byte[] content) {
            sha.update((name + "\n" + content.length + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(content);
        }

        String hex() {
            return HexFormat.of().formatHex(sha.digest());
        }
    }
}
