package fr.preau.directory.letters;

import java.text.Normalizer;

/**
 * A name as the annuaire gives it, kept in two parts so that letters sort by nom, then prénom.
 *
 * @param first prénom(s); may be empty (some people have none in the annuaire)
 * @param last  nom; required
 */
public record PersonName(String first, String last) {

    public PersonName {
        first = first == null ? "" : clean(first);
        if (last == null || last.isBlank()) {
            throw new IllegalArgumentException("a person's last name (nom) is required");
        }
        last = clean(last);
    }

    /** "Léa Martin", as a greeting says it. */
    public String display() {
        return first.isEmpty() ? last : first + " " + last;
    }

    private static String clean(String s) {
        return Normalizer.normalize(s.strip(), Normalizer.Form.NFC).replaceAll("\\s+", " ");
    }
}
