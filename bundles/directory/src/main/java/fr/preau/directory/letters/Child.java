package fr.preau.directory.letters;

/**
 * A child named on a responsable légal's letter.
 *
 * @param name     the élève's name
 * @param division the élève's class, e.g. {@code 4A}
 */
public record Child(PersonName name, String division) {

    public Child {
        if (name == null) {
            throw new IllegalArgumentException("a child's name is required");
        }
        division = Letter.division(division, "a child's class (division) is required");
    }
}
