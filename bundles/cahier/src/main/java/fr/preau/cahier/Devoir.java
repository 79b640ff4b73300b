package fr.preau.cahier;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A published devoir, as another module sees it.
 *
 * @param id           its id
 * @param divisionId   the class or groupe it is for (annuaire id)
 * @param subjectLabel the matière
 * @param due          the "pour le" date
 * @param kind         what kind of work
 * @param title        a plain-text summary of the instructions (no HTML), at most 200 characters
 * @param handIn       whether pupils hand something in (a files drop box may collect it)
 */
public record Devoir(long id, String divisionId, String subjectLabel, LocalDate due, DevoirKind kind, String title, boolean handIn) {

    public Devoir {
        Objects.requireNonNull(divisionId, "divisionId");
        Objects.requireNonNull(due, "due");
        Objects.requireNonNull(kind, "kind");
    }
}
