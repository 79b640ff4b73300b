package fr.preau.directory;

/**
 * What a teacher teaches: a class or groupe and a matière.
 *
 * @param division     the class or groupe
 * @param subjectCode  the matière's code, or {@code -} when the annuaire does not say
 * @param subjectLabel its label, or null when unknown
 */
public record Teaching(Division division, String subjectCode, String subjectLabel) {
}
