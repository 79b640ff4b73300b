package fr.preau.store.internal.backup;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Archive file names: {@code preau-<label>-<yyyyMMdd-HHmmss>.tar}, {@code .tar.enc} when encrypted,
 * local time of the box; written first as {@code .preau-…part} and renamed when whole.
 */
record ArchiveName(String label, LocalDateTime time, boolean encrypted) {

    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Pattern NAME = Pattern.compile("preau-([A-Za-z0-9]{1,32})-([0-9]{8}-[0-9]{6})\\.tar(\\.enc)?");
    static final String PART_PREFIX = ".preau-";
    static final String PART_SUFFIX = ".part";

    static String cleanLabel(String label) {
        String clean = label == null ? "" : label.replaceAll("[^A-Za-z0-9]", "");
        if (clean.length() > 32) {
            clean = clean.substring(0, 32);
        }
        return clean.isEmpty() ? "box" : clean.toUpperCase(java.util.Locale.ROOT);
    }

    String fileName() {
        return "preau-" + label + "-" + STAMP.format(time) + (encrypted ? ".tar.enc" : ".tar");
    }

    String partName() {
        return "." + fileName() + PART_SUFFIX;
    }

    static Optional<ArchiveName> parse(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ArchiveName(m.group(1), LocalDateTime.parse(m.group(2), STAMP), m.group(3) != null));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static boolean isPart(String fileName) {
        return fileName.startsWith(PART_PREFIX) && fileName.endsWith(PART_SUFFIX);
    }
}
