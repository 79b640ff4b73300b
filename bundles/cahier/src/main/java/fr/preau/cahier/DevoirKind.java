package fr.preau.cahier;

import java.util.Locale;
import java.util.Optional;

/** What kind of work a devoir is. */
public enum DevoirKind {
    MAISON("Travail à la maison"),
    SUR_TABLE("Devoir sur table / contrôle"),
    EXPOSE("Exposé"),
    ORAL("Oral"),
    LECTURE("Lecture"),
    RECHERCHE("Recherche"),
    AUTRE("Autre");

    private final String label;

    DevoirKind(String label) {
        this.label = label;
    }

    /** The French name. */
    public String label() {
        return label;
    }

    /** The kind named {@code name} (case-insensitive), if any. */
    public static Optional<DevoirKind> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
