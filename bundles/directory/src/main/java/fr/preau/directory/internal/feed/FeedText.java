package fr.preau.directory.internal.feed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the bytes of a feed file are to be read. Rule (AAF.md §7, §10.6): a BOM means UTF-8; bytes
 * that decode as strict UTF-8 are UTF-8; otherwise the declared charset; otherwise the fallback
 * (ISO-8859-15 for AAF XML, windows-1252 for ONDE CSV). Never guessed silently: a mismatch with the
 * declaration is reported.
 *
 * @param charset  the charset to read with
 * @param bom      bytes of a byte order mark to skip (0 or 3)
 * @param declared the declared charset name, or null
 * @param note     French note for the report when the choice is not what the file says, or null
 */
public record FeedText(Charset charset, int bom, String declared, String note) {

    private static final Pattern DECLARATION = Pattern.compile("^<\\?xml[^>]*encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");
    private static final Charset ISO_8859_15 = Charset.forName("ISO-8859-15");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** Chooses how to read an AAF XML file. */
    public static FeedText ofXml(Path file) throws IOException {
        return detect(file, true, ISO_8859_15);
    }

    /** Chooses how to read a CSV file (no declaration: BOM, strict UTF-8, else windows-1252). */
    public static FeedText ofCsv(Path file) throws IOException {
        return detect(file, false, WINDOWS_1252);
    }

    private static FeedText detect(Path file, boolean xml, Charset fallback) throws IOException {
        byte[] head = new byte[512];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        int bom = n >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF ? 3 : 0;
        String declared = null;
        if (xml) {
            Matcher m = DECLARATION.matcher(new String(head, bom, Math.max(0, n - bom), StandardCharsets.ISO_8859_1));
            if (m.find()) {
                declared = m.group(1);
            }
        }
        if (bom == 3) {
            String note = declared != null && !isUtf8(declared)
                    ? "Encodage déclaré " + declared + " mais le fichier commence par une marque UTF-8 : lu en UTF-8." : null;
            return new FeedText(StandardCharsets.UTF_8, 3, declared, note);
        }
        if (strictUtf8(file)) {
            String note = declared != null && !isUtf8(declared) && !asciiOnly(file)
                    ? "Encodage déclaré " + declared + " mais le contenu est en UTF-8 : lu en UTF-8." : null;
            return new FeedText(StandardCharsets.UTF_8, 0, declared, note);
        }
        Optional<Charset> decl = charset(declared);
        if (decl.isPresent() && !isUtf8(declared)) {
            return new FeedText(decl.get(), 0, declared, null);
        }
        String note = declared != null
                ? "Encodage déclaré " + declared + " mais le contenu n'est pas en UTF-8 : lu en " + fallback.name() + "."
                : (xml ? "Le fichier n'est pas en UTF-8 et ne déclare pas d'encodage : lu en " + fallback.name() + "."
                        : "Fichier lu en " + fallback.name() + " (il n'est pas en UTF-8).");
        return new FeedText(fallback, 0, declared, note);
    }

    private static boolean isUtf8(String name) {
        String n = name.toUpperCase(Locale.ROOT).replace("_", "-");
        return n.equals("UTF-8") || n.equals("UTF8");
    }

    private static Optional<Charset> charset(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Charset.forName(name));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return Optional.empty();
        }
    }

    /** Whether the whole file decodes as strict UTF-8, in bounded memory. */
    static boolean strictUtf8(Path file) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        CharBuffer out = CharBuffer.allocate(64 * 1024);
        try (InputStream s = Files.newInputStream(file)) {
            byte[] buf = new byte[32 * 1024];
            int r;
            while ((r = s.read(buf)) > 0) {
                in.put(buf, 0, r);
                in.flip();
                if (decoder.decode(in, out, false).isError()) {
                    return false;
                }
                in.compact();
                out.clear();
            }
            in.flip();
            if (decoder.decode(in, out, true).isError() || decoder.flush(out).isError()) {
                return false;
            }
            return !in.hasRemaining();
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean asciiOnly(Path file) throws IOException {
        try (InputStream s = Files.newInputStream(file)) {
            byte[] buf = new byte[32 * 1024];
            int r;
            while ((r = s.read(buf)) > 0) {
                for (int i = 0; i < r; i++) {
                    if (buf[i] < 0) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
