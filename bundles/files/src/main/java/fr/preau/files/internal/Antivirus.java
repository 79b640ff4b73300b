package fr.preau.files.internal;

import fr.preau.api.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The box's antivirus policy: when the referent gives a clamd address, every upload is scanned before it becomes
 * visible; a file clamd finds infected is refused ({@link Infected}, 422 {@code file-infected}); clamd unreachable,
 * too slow or in error refuses the upload too (503 {@code antivirus-unavailable}: fail closed); a file longer than
 * what clamd accepts is refused (413 {@code file-too-large-to-scan}). Without an address nothing is scanned.
 */
final class Antivirus {

    private static final Logger LOG = LoggerFactory.getLogger(Antivirus.class);

    /** Nothing is scanned. */
    static final Antivirus OFF = new Antivirus(null);

    /** A file clamd found infected: nothing was stored. */
    static final class Infected extends ProblemException {
        private static final long serialVersionUID = 1L;
        private final String virus;

        Infected(String virus) {
            super(422, "file-infected", "L'antivirus a trouvé « " + virus + " » dans ce fichier : il n'a pas été enregistré. "
                    + "Supprimez-le de votre appareil et prévenez le référent si vous pensez que c'est une erreur.");
            this.virus = virus;
        }

        String virus() {
            return virus;
        }
    }

    private final Clamd clamd;
    /** The configured address when it cannot be one (uploads are then refused, as when clamd is unreachable). */
    private final String invalid;

    Antivirus(Clamd clamd) {
        this(clamd, null);
    }

    private Antivirus(Clamd clamd, String invalid) {
        this.clamd = clamd;
        this.invalid = invalid;
    }

    /**
     * The policy of the configuration: {@code address} empty is off. An address that cannot be one does not stop the
     * module: it is logged and every upload is refused until it is corrected (fail closed).
     */
    static Antivirus of(String address, int timeoutSeconds, long maxMb) {
        if (address == null || address.isBlank()) {
            return OFF;
        }
        try {
            return new Antivirus(new Clamd(address, Duration.ofSeconds(Math.max(1, timeoutSeconds)), Math.max(1, maxMb) * Quotas.MIB));
        } catch (IllegalArgumentException e) {
            LOG.error("fr.preau.files clamd.address « {} » is not an address ({}): every upload is refused until it is corrected", address,
                    e.getMessage());
            return new Antivirus(null, address.strip());
        }
    }

    boolean on() {
        return clamd != null || invalid != null;
    }

    String address() {
        return clamd == null ? invalid : clamd.address();
    }

    /** Refuses up front a file clamd would not take whole (a resumable upload's declared size, before its pieces come). */
    void requireScannable(long size) {
        if (clamd != null && size > clamd.maxStream()) {
            throw tooLargeToScan();
        }
    }

    /** Scans a written (not yet visible) file of {@code size} bytes; returns when it may be kept (an empty file always may). */
    void check(Path file, long size) throws IOException {
        if (invalid != null && size > 0) {
            throw unavailable(null);
        }
        if (clamd == null || size == 0) {
            return;
        }
        if (size > clamd.maxStream()) {
            throw tooLargeToScan();
        }
        Clamd.Verdict verdict;
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            verdict = clamd.scan(in);
        } catch (Clamd.TooLarge e) {
            LOG.warn("clamd refused a stream of {} bytes as too long (raise its StreamMaxLength or lower clamd.max.mb): {}", size,
                    e.getMessage());
            throw tooLargeToScan();
        } catch (Clamd.Unavailable e) {
            LOG.warn("Upload refused: no verdict from clamd at {}: {}", clamd.address(), e.getMessage());
            throw unavailable(e);
        }
        if (!verdict.clean()) {
            throw new Infected(printable(verdict.virus()));
        }
    }

    /** The « Tester » of the referent: clamd's version, or why it cannot be reached. */
    String test() throws IOException {
        if (invalid != null) {
            throw new ProblemException(503, "antivirus-address-invalid", "« " + invalid + " » n'est pas une adresse de clamd : indiquez le "
                    + "chemin de sa socket (par exemple /run/clamav/clamd.ctl) ou hôte:port. En attendant, les dépôts de fichiers sont refusés.");
        }
        if (clamd == null) {
            throw new ProblemException(409, "antivirus-off", "Aucun antivirus n'est réglé : indiquez d'abord l'adresse de clamd.");
        }
        try {
            return clamd.version();
        } catch (Clamd.Unavailable e) {
            throw new ProblemException(503, "antivirus-unavailable", "clamd ne répond pas à l'adresse « " + clamd.address()
                    + " » : vérifiez qu'il est démarré et que l'adresse est la bonne. Tant que c'est le cas, les dépôts de fichiers sont refusés.", e);
        }
    }

    private ProblemException tooLargeToScan() {
        return new ProblemException(413, "file-too-large-to-scan", "Ce fichier dépasse ce que l'antivirus peut analyser ("
                + Quotas.human(clamd.maxStream()) + ") : il n'a pas été enregistré. Découpez-le ou demandez au référent de relever cette limite.");
    }

    private static ProblemException unavailable(Clamd.Unavailable e) {
        return new ProblemException(503, "antivirus-unavailable", "L'antivirus de la box ne répond pas : par sécurité, le fichier n'a pas été "
                + "enregistré. Réessayez dans quelques minutes ; si cela dure, prévenez le référent.", e);
    }

    /** A virus name as clamd gave it, safe to show: printable ASCII, 100 characters at most. */
    static String printable(String name) {
        String s = name.replaceAll("[^\\x21-\\x7e]", "_");
        return s.length() > 100 ? s.substring(0, 100) : s;
    }
}
