package fr.preau.files.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.text.Normalizer;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a zip straight to the response, one file after the other (never held whole in memory nor on disk); names in
 * UTF-8, each path unique (« nom (2).ext » for a repeated one), folders named by {@link #folderName(String)}.
 */
final class ZipWriter {

    /** A file of the archive: its path in it ({@code /}-separated, each segment already a valid name) and its bytes. */
    record Entry(String path, Path file, Instant modified) {
    }

    /** At most this many files in one archive. */
    static final int MAX_ENTRIES = 20_000;

    private ZipWriter() {
    }

    static void write(OutputStream out, List<Entry> entries) throws IOException {
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("too many entries");
        }
        Set<String> taken = new HashSet<>();
        ZipOutputStream zip = new ZipOutputStream(out, java.nio.charset.StandardCharsets.UTF_8);
        for (Entry e : entries) {
            String path = unique(e.path(), taken);
            ZipEntry z = new ZipEntry(path);
            z.setLastModifiedTime(FileTime.from(e.modified()));
            zip.putNextEntry(z);
            java.nio.file.Files.copy(e.file(), zip);
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }

    /** {@code path}, or « name (2).ext »… when already taken (case ignored, as Windows does). */
    static String unique(String path, Set<String> taken) {
        String candidate = path;
        int slash = path.lastIndexOf('/');
        String dir = slash < 0 ? "" : path.substring(0, slash + 1);
        String name = path.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int i = 2; !taken.add(candidate.toLowerCase(Locale.ROOT)); i++) {
            candidate = dir + base + " (" + i + ")" + ext;
        }
        return candidate;
    }

    /**
     * A person's name as a folder name that every system accepts: Unicode NFC, the characters Windows forbids and
     * control characters replaced by « _ », spaces collapsed, no dot or space at either end, at most 100 characters;
     * « Élève » when nothing is left.
     */
    static String folderName(String raw) {
        String s = Normalizer.normalize(raw == null ? "" : raw, Normalizer.Form.NFC).replaceAll("[\\p{Cntrl}/\\\\:*?\"<>|]", "_")
                .replaceAll("\\s+", " ").strip();
        s = s.replaceAll("^[. ]+|[. ]+$", "");
        if (s.length() > 100) {
            s = s.substring(0, 100).strip();
        }
        return s.isEmpty() || s.equals("_") ? "Élève" : s;
    }
}
