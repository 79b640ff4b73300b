package fr.preau.files.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The type of a file, told from its first bytes rather than from what the client declared: images, PDF, zip and the
 * office formats inside a zip (by the name's extension, or an OpenDocument's own {@code mimetype} entry), the older
 * office files, audio and video, text. Markup that a browser would run (HTML, SVG, XML) is recognised as such, and
 * {@link #served(String)} never serves it as itself. What the bytes do not tell keeps the declared (or the name's)
 * type only when it claims none of the types told here.
 */
final class Sniffer {

    static final String OCTETS = "application/octet-stream";
    static final String TEXT = "text/plain";

    /** Types served as they are (always as an attachment); anything else as bytes. */
    static final Set<String> SERVED_AS_IS = Set.of("application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", TEXT,
            "audio/mpeg", "video/mp4", "application/zip");

    /** Types a browser renders as active content: recognised, stored, never served as themselves. */
    static final Set<String> ACTIVE = Set.of("text/html", "image/svg+xml", "application/xhtml+xml", "application/xml", "text/xml");

    private static final Map<String, String> ZIPPED = Map.ofEntries(
            Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            Map.entry("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
            Map.entry("odt", "application/vnd.oasis.opendocument.text"),
            Map.entry("ods", "application/vnd.oasis.opendocument.spreadsheet"),
            Map.entry("odp", "application/vnd.oasis.opendocument.presentation"),
            Map.entry("odg", "application/vnd.oasis.opendocument.graphics"),
            Map.entry("epub", "application/epub+zip"));

    private static final Map<String, String> OLE = Map.of("doc", "application/msword", "xls", "application/vnd.ms-excel", "ppt",
            "application/vnd.ms-powerpoint", "msg", "application/vnd.ms-outlook");

    private static final byte[] ODF_MIMETYPE = "mimetype".getBytes(StandardCharsets.US_ASCII);

    private Sniffer() {
    }

    /** What {@code head} (a file's first bytes) is, given its name and the type the client declared. */
    static String type(byte[] head, String name, String declared) {
        String ext = extension(name);
        String magic = magic(head, ext);
        if (magic != null) {
            return magic;
        }
        if (head.length == 0) {
            return TEXT;
        }
        if (text(head)) {
            String markup = markup(head);
            if (markup != null) {
                return markup;
            }
            return "csv".equals(ext) ? "text/csv" : TEXT;
        }
        String claimed = claimed(declared, name);
        return told(claimed) ? OCTETS : claimed;
    }

    /** The Content-Type a stored type is served with: itself when harmless and known, else bytes. */
    static String served(String type) {
        return type != null && SERVED_AS_IS.contains(type) ? type : OCTETS;
    }

    private static String magic(byte[] h, String ext) {
        if (starts(h, 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a)) {
            return "image/png";
        }
        if (starts(h, 0xff, 0xd8, 0xff)) {
            return "image/jpeg";
        }
        if (starts(h, 'G', 'I', 'F', '8', '7', 'a') || starts(h, 'G', 'I', 'F', '8', '9', 'a')) {
            return "image/gif";
        }
        if (starts(h, 'R', 'I', 'F', 'F') && at(h, 8, 'W', 'E', 'B', 'P')) {
            return "image/webp";
        }
        if (starts(h, '%', 'P', 'D', 'F', '-')) {
            return "application/pdf";
        }
        if (starts(h, 'P', 'K', 3, 4) || starts(h, 'P', 'K', 5, 6)) {
            return zip(h, ext);
        }
        if (starts(h, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
            return OLE.getOrDefault(ext, "application/x-ole-storage");
        }
        if (starts(h, 'I', 'D', '3') || h.length >= 2 && (h[0] & 0xff) == 0xff && (h[1] & 0xe0) == 0xe0 && (h[1] & 0x06) != 0) {
            return "audio/mpeg";
        }
        if (at(h, 4, 'f', 't', 'y', 'p') && h.length >= 12) {
            String brand = new String(h, 8, 4, StandardCharsets.US_ASCII);
            return switch (brand) {
                case "heic", "heix", "heim", "heis", "mif1", "msf1" -> "image/heic";
                case "avif", "avis" -> "image/avif";
                case "qt  " -> "video/quicktime";
                case "M4A ", "M4B " -> "audio/mp4";
                default -> "video/mp4";
            };
        }
        return null;
    }

    /** A zip: an OpenDocument says what it is in its first entry ({@code mimetype}, stored); OOXML and others by extension. */
    private static String zip(byte[] h, String ext) {
        if (h.length >= 38 && at(h, 30, ODF_MIMETYPE)) {
            int nameLength = (h[26] & 0xff) | (h[27] & 0xff) << 8;
            int extraLength = (h[28] & 0xff) | (h[29] & 0xff) << 8;
            int size = (h[18] & 0xff) | (h[19] & 0xff) << 8;
            int from = 30 + nameLength + extraLength;
            if (nameLength == ODF_MIMETYPE.length && size > 0 && size < 100 && from + size <= h.length) {
                String t = new String(h, from, size, StandardCharsets.US_ASCII);
                if (t.matches("application/vnd\\.oasis\\.opendocument\\.[a-z.-]+|application/epub\\+zip")) {
                    return t;
                }
            }
        }
        return ZIPPED.getOrDefault(ext, "application/zip");
    }

    /** Text: no NUL and no control character but tab, line feed, form feed, carriage return and escape (UTF-8 or a single-byte charset). */
    private static boolean text(byte[] h) {
        for (byte b : h) {
            int c = b & 0xff;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x0c && c != 0x1b || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** HTML, SVG or XML a browser would render (after a BOM, blanks and comments). */
    private static String markup(byte[] h) {
        String s = new String(h, StandardCharsets.ISO_8859_1).replace("\u00ef\u00bb\u00bf", "").stripLeading().toLowerCase(Locale.ROOT);
        if (!s.startsWith("<")) {
            return null;
        }
        if (s.contains("<svg")) {
            return "image/svg+xml";
        }
        for (String tag : new String[] {"<!doctype html", "<html", "<head", "<body", "<script", "<iframe", "<style", "<title", "<a ", "<img",
                "<div", "<p>", "<table", "<br", "<h1", "<font", "<b>", "<!--"}) {
            if (s.contains(tag)) {
                return "text/html";
            }
        }
        if (s.startsWith("<?xml")) {
            return s.contains("<html") || s.contains("xhtml") ? "application/xhtml+xml" : "application/xml";
        }
        return "text/html"; // a browser sniffing "<…" would try it as HTML: never serve it as itself
    }

    /** Whether a type is one the bytes would have told (so claiming it without those bytes is not believed). */
    private static boolean told(String type) {
        return SERVED_AS_IS.contains(type) || ACTIVE.contains(type) || type.startsWith("text/") || type.startsWith("image/")
                || ZIPPED.containsValue(type) || OLE.containsValue(type) || type.equals("audio/mpeg") || type.equals("audio/mp4") || type.equals("video/mp4") || type.equals("video/quicktime");
    }

    /** The declared type when well formed (without parameters), else the name's guess. */
    static String claimed(String declared, String name) {
        if (declared != null) {
            String t = declared.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (t.matches("[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,127}")
                    && !t.equals("application/x-www-form-urlencoded")) {
                return t;
            }
        }
        String guessed = java.net.URLConnection.guessContentTypeFromName(name);
        return guessed == null ? OCTETS : guessed;
    }

    private static String extension(String name) {
        int dot = name == null ? -1 : name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean starts(byte[] h, int... bytes) {
        return at(h, 0, bytes);
    }

    private static boolean at(byte[] h, int from, int... bytes) {
        if (h.length < from + bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if ((h[from + i] & 0xff) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean at(byte[] h, int from, byte[] bytes) {
        return h.length >= from + bytes.length && Arrays.equals(h, from, from + bytes.length, bytes, 0, bytes.length);
    }
}
