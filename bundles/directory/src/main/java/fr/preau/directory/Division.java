package fr.preau.directory;

import fr.preau.api.Uai;
import java.util.Objects;

/**
 * A class (division) or a groupe of a school.
 *
 * @param id    stable id, {@code <uai>:<kind>:<code>}
 * @param uai   its school
 * @param kind  whether it is a class or a groupe
 * @param code  the code in the annuaire (e.g. {@code 4A}, or ONDE's class id)
 * @param label what people read (e.g. {@code 4A}, {@code CE1-CE2 M. TANGUY})
 */
public record Division(String id, Uai uai, Kind kind, String code, String label) {

    public Division {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(uai, "uai");
        Objects.requireNonNull(kind, "kind");
    }

    /** Class or groupe. */
    public enum Kind {
        CLASSE, GROUPE
    }
}
