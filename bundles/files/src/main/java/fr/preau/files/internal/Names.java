package fr.preau.files.internal;

import fr.preau.api.ProblemException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names of files and folders: Unicode NFC, at most {@value #MAX_BYTES} bytes in UTF-8, none of the
 * characters Windows or a path gives a meaning to, not {@code .} or {@code ..}, no name Windows reserves
 * ({@code CON}, {@code NUL}, {@code COM1}, … with or without an extension), no trailing dot or space.
 * A name that breaks a rule is refused (400) with a stable code and a French title: it is never
 * silently changed, so what a person or a WebDAV client asked for is what is stored.
 */
final class Names {

    static final int MAX_BYTES = 255;
    private static final Pattern FORBIDDEN = Pattern.compile("[\\p{Cntrl}/\\\\:*?\"<>|]");
    private static final Set<String> RESERVED = Set.of("CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6",
            "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    private Names() {
    }

    /** The name as it is stored (NFC), or a 400 problem. */
    static String check(String raw) {
        if (raw == null || raw.isEmpty() || raw.isBlank()) {
            throw new ProblemException(400, "name-empty", "Donnez un nom au fichier ou au dossier.");
        }
        String name = Normalizer.normalize(raw, Normalizer.Form.NFC);
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new ProblemException(400, "name-too-long", "Ce nom est trop long : " + MAX_BYTES + " caractères au plus.");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new ProblemException(400, "name-reserved", "« " + name + " » ne peut pas servir de nom.");
        }
        if (FORBIDDEN.matcher(name).find()) {
            throw new ProblemException(400, "name-forbidden-character",
                    "Un nom ne peut contenir ni / ni \\ ni aucun des caractères : * ? \" < > | (ni caractère de contrôle).");
        }
        if (name.endsWith(".") || name.endsWith(" ") || name.startsWith(" ")) {
            throw new ProblemException(400, "name-edge", "Un nom ne peut ni commencer par une espace, ni finir par un point ou une espace.");
        }
        int dot = name.indexOf('.');
        String stem = (dot < 0 ? name : name.substring(0, dot)).strip().toUpperCase(Locale.ROOT);
        if (RESERVED.contains(stem)) {
            throw new ProblemException(400, "name-reserved", "« " + name + " » est un nom réservé par Windows : choisissez-en un autre.");
        }
        return name;
    }

    /** A free name beside {@code taken} names: {@code name}, else {@code stem (2).ext}, {@code stem (3).ext}, … */
    static String free(String name, java.util.function.Predicate<String> taken) {
        if (!taken.test(name)) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int i = 2;; i++) {
            String candidate = stem + " (" + i + ")" + ext;
            if (!taken.test(candidate)) {
                return candidate;
            }
        }
    }
}
