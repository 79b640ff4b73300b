package fr.preau.directory;

import fr.preau.api.Uai;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Imports of the académie annuaire: AAF 2D/1D XML (complete or delta, files or a zip of an
 * export) and ONDE/BE1D CSV. An import is created, receives its files one by one, then starts;
 * it runs in the background, one at a time, and writes a per-record CSV report.
 * Permission checks are the caller's (the REST layer asks {@code access}).
 */
@ProviderType
public interface ImportService {

    /** The source of the demonstration school's files, imported by a box in demo mode. */
    String DEMO = "DEMO";

    /**
     * Starts receiving an import.
     *
     * @param actor login of who asks, for the log
     * @param uai   the school, required for ONDE CSV files (they name none), optional otherwise
     * @throws fr.preau.api.ProblemException 404 {@code unknown-school} when {@code uai} is not on the box
     */
    ImportRun create(String actor, Optional<Uai> uai);

    /**
     * Like {@link #create(String, Optional)}, for files that a program made from another source.
     *
     * @param source what the files come from, as {@link ImportRun#source()} shows it: {@code AAF}, {@code ONDE},
     *               {@code LDAP}, or {@link #DEMO} for the demonstration school's files (the schools they
     *               create are demo schools, which no real import may change, and the reverse)
     */
    ImportRun create(String actor, Optional<Uai> uai, String source);

    /**
     * Adds one file (AAF XML, ONDE CSV, or a zip of them) to an import that is receiving.
     *
     * @throws fr.preau.api.ProblemException 404 {@code unknown-import}, 409 {@code import-not-receiving},
     *         400 {@code invalid-file-name}, 413 {@code import-too-large}
     */
    ImportRun addFile(String id, String fileName, InputStream content);

    /**
     * Queues the import.
     *
     * @param confirm true to apply even if a complete export would deactivate more than 20 % of a
     *                school's accounts (after a {@link ImportRun.Status#CONFIRMATION_REQUIRED})
     * @throws fr.preau.api.ProblemException 404 {@code unknown-import}, 409 {@code import-not-startable},
     *         400 {@code import-empty}
     */
    ImportRun start(String id, boolean confirm);

    /**
     * Declines an import that has written nothing: one still receiving its files, or one a complete
     * export stopped at the confirmation step. It ends {@link ImportRun.Status#CANCELLED}; its files
     * are deleted, its report (if any) kept.
     *
     * @throws fr.preau.api.ProblemException 404 {@code unknown-import}, 409 {@code import-not-cancellable}
     *         (queued, running or ended)
     */
    ImportRun cancel(String id);

    Optional<ImportRun> find(String id);

    /** Past and current imports, newest first. */
    List<ImportRun> list(int max);

    /** The CSV report of a finished import. */
    Optional<Path> report(String id);
}
