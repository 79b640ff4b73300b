package fr.preau.directory.letters;

import fr.preau.api.PersonId;
import fr.preau.api.Uai;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/** A school, dates and letters for the tests; PDF text per page. */
final class Fixtures {

    static final Letterhead SCHOOL = new Letterhead("Collège Jean Rostand", new Uai("0999999Z"),
            URI.create("https://ent.college-rostand.fr/"));
    static final LocalDate ISSUED = LocalDate.of(2026, 8, 28);
    /** Monday 7 September 2026, 18:00 in Paris (summer time). */
    static final Instant EXPIRY = ZonedDateTime.of(2026, 9, 7, 18, 0, 0, 0, CredentialLetters.PARIS).toInstant();

    private static int next;

    private Fixtures() {
    }

    static PersonId id() {
        return new PersonId("p" + (++next));
    }

    /** A well-formed code derived from n (Crockford alphabet). */
    static String code(int n) {
        String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        StringBuilder b = new StringBuilder();
        long v = 0x2F3A5C7E9L * (n + 7);
        for (int i = 0; i < 10; i++) {
            b.append(alphabet.charAt((int) (v % 32)));
            v = v / 32 + 977 * (i + 1);
        }
        return b.substring(0, 4) + "-" + b.substring(4, 8) + "-" + b.substring(8);
    }

    static Letter pupil(String first, String last, String division) {
        String login = login(first, last);
        return Letter.forPupil(id(), new PersonName(first, last), login + (next), code(next), EXPIRY, division);
    }

    static Letter parent(String first, String last, Child... children) {
        String login = login(first, last);
        return Letter.forParent(id(), new PersonName(first, last), login + (next), code(next), EXPIRY, List.of(children));
    }

    /** "lea.martin", as the annuaire makes them (letters only, no accents). */
    static String login(String first, String last) {
        String s = java.text.Normalizer.normalize(first + "." + last, java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").toLowerCase(java.util.Locale.ROOT);
        return s.replaceAll("[^a-z.]", "");
    }

    static Child child(String first, String last, String division) {
        return new Child(new PersonName(first, last), division);
    }

    static LetterBatch batch(Letter... letters) {
        return new LetterBatch(SCHOOL, ISSUED, List.of(letters));
    }

    static byte[] pdf(LetterBatch batch) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new CredentialLetters().render(batch, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of each page, every run of spaces and line breaks made one space (lines wrap anywhere). */
    static List<String> pages(byte[] pdf) {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            List<String> pages = new ArrayList<>();
            for (int p = 1; p <= doc.getNumberOfPages(); p++) {
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                pages.add(stripper.getText(doc).replaceAll("[\\s\\u00A0]+", " "));
            }
            return pages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
