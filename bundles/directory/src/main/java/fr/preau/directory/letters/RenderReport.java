package fr.preau.directory.letters;

import fr.preau.api.PersonId;
import java.util.List;

/**
 * What a rendering produced, for the referent's screen (no names, no codes).
 *
 * @param pages                  pages in the PDF (one per letter)
 * @param sections               the sections in print order
 * @param withReplacedCharacters people whose letter shows {@code ?} for a character the font lacks (their name
 *                               is worth checking in the annuaire)
 */
public record RenderReport(int pages, List<SectionPages> sections, List<PersonId> withReplacedCharacters) {

    public RenderReport {
        sections = List.copyOf(sections);
        withReplacedCharacters = List.copyOf(withReplacedCharacters);
    }

    /**
     * One section of the PDF: to print one class, print pages {@code firstPage} to {@code firstPage + pages - 1}.
     *
     * @param title     "Élèves – 4A", "Responsables légaux – 4A", "Personnels"
     * @param firstPage 1-based
     * @param pages     letters in the section
     */
    public record SectionPages(String title, int firstPage, int pages) {
    }
}
