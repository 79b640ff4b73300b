package fr.preau.api;

import java.util.Locale;

/** The profiles of the SDET. A person may hold several (a teacher who is also the referent). */
public enum Profile {
    ELEVE("Élève"),
    /** Responsable légal: a parent or legal guardian. */
    PARENT("Responsable légal"),
    ENSEIGNANT("Enseignant"),
    DIRECTION("Direction"),
    PERSONNEL("Personnel"),
    /** The référent numérique, who administers the box. */
    REFERENT("Référent numérique"),
    INVITE("Invité");

    private final String label;

    Profile(String label) {
        this.label = label;
    }

    /** The French name a person reads. */
    public String label() {
        return label;
    }

    /** Parses a profile name as found in files and requests, case-insensitively. */
    public static Profile parse(String name) {
        if (name != null) {
            String n = name.trim().toUpperCase(Locale.ROOT);
            for (Profile p : values()) {
                if (p.name().equals(n)) {
                    return p;
                }
            }
        }
        throw new ProblemException(400, "invalid-profile",
                "Le profil « " + name + " » n'existe pas. Profils possibles : ELEVE, PARENT, ENSEIGNANT, DIRECTION, PERSONNEL, REFERENT, INVITE.");
    }
}
