package fr.preau.files.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The devoirs of the cahier de textes a drop box may be linked to: registered by {@link CahierLink} while the cahier
 * module is installed. Its types are the module's own, so that {@link Files} loads without the cahier's package.
 */
public interface DevoirLookup {

    /** A devoir to hand in, as a drop box shows it. */
    record LinkedDevoir(long id, String divisionId, String subject, LocalDate due, String title) {
    }

    /** The published devoir of that id. */
    Optional<LinkedDevoir> devoir(long id);

    /** The devoirs of a class or groupe to hand in, due between two dates (inclusive). */
    List<LinkedDevoir> handIns(String divisionId, LocalDate from, LocalDate to);
}
