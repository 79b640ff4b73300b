package fr.preau.directory.internal.feed;

import java.util.Locale;
import java.util.Optional;

/**
 * The six AAF categories, in the order an import applies them (structures first, pupils last:
 * pupils point to parents, parents do not point back).
 */
public enum FeedCategory {
    STRUCTURE("EtabEducNat", "EtabEducNat", "établissement"),
    SUBJECT("MatiereEducNat", "MatEducNat", "matière"),
    MEF("MefEducNat", "MefEducNat", "MEF"),
    PERSONNEL("PersEducNat", "PersEducNat", "personnel"),
    RESPONSABLE("PersRelEleve", "PersRelEleve", "responsable"),
    ELEVE("Eleve", "Eleve", "élève");

    private final String fileWord;
    private final String value;
    private final String label;

    FeedCategory(String fileWord, String value, String label) {
        this.fileWord = fileWord;
        this.value = value;
        this.label = label;
    }

    /** The word in file names: {@code …_<fileWord>_0000.xml}. */
    public String fileWord() {
        return fileWord;
    }

    /** The value of the {@code categorie*} operational attribute. */
    public String value() {
        return value;
    }

    /** French word for reports. */
    public String label() {
        return label;
    }

    /** True for the three person categories. */
    public boolean isPerson() {
        return this == PERSONNEL || this == RESPONSABLE || this == ELEVE;
    }

    /** The category named by an operational attribute value ({@code Eleve}, {@code MatEducNat}…). */
    public static Optional<FeedCategory> ofValue(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        for (FeedCategory c : values()) {
            if (c.value.equalsIgnoreCase(v) || c.fileWord.equalsIgnoreCase(v)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The category a file name ends with ({@code …_Eleve_0000.xml}), if any. */
    public static Optional<FeedCategory> ofFileName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (FeedCategory c : values()) {
            String w = c.fileWord.toLowerCase(Locale.ROOT);
            if (n.matches(".*_" + w + "(_\\d+)?\\.xml")) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
