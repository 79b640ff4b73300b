package fr.preau.directory;

import fr.preau.api.Uai;
import java.util.Objects;

/**
 * A school on this box.
 *
 * @param uai  national identifier
 * @param name e.g. "Collège Jean Rostand"
 * @param demo true for the synthetic demo school (demo mode refuses to run beside a real one)
 */
public record School(Uai uai, String name, boolean demo) {
    public School {
        Objects.requireNonNull(uai, "uai");
        Objects.requireNonNull(name, "name");
    }
}
