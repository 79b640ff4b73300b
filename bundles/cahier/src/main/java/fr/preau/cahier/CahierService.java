package fr.preau.cahier;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The cahier de textes for other modules (registered while the module is installed). */
@ProviderType
public interface CahierService {

    /** The published devoir with this id, if any. */
    Optional<Devoir> devoir(long id);

    /** The published devoirs of a class or groupe due between two dates (inclusive) that pupils hand in, by due date. */
    List<Devoir> handIns(String divisionId, LocalDate from, LocalDate to);
}
