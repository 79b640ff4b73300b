package fr.preau.directory.letters;

import fr.preau.api.PersonId;
import fr.preau.directory.letters.LetterOrder.Section;
import fr.preau.directory.letters.RenderReport.SectionPages;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PageMode;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageFitDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.pdmodel.interactive.viewerpreferences.PDViewerPreferences;

/**
 * Renders the "lettres de première connexion" of a print run as one PDF: one A4 page per person, filed by class
 * (see {@link LetterOrder}), with a bookmark per section so that the referent can print one class at a time.
 * <p>
 * Memory stays flat whatever the number of letters: page contents go to a scratch file as they are written
 * (PDFBox's temp-file-only stream cache), the heap keeps only the small page dictionaries, and the document is
 * closed (scratch file deleted) even when rendering fails. The scratch file holds the codes (compressed, not
 * encrypted) while it exists: give a directory only the box can read — Karaf's {@code data/tmp} is the default
 * through {@code java.io.tmpdir}.
 * <p>
 * Nothing here logs: a letter carries a code in clear. Instances are immutable and may render several batches at
 * once.
 */
public final class CredentialLetters {

    /** Metropolitan France; a school overseas passes its own zone. */
    public static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private final ZoneId zone;
    private final Path scratchDir;

    /** Dates in Europe/Paris, scratch file in {@code java.io.tmpdir}. */
    public CredentialLetters() {
        this(PARIS, null);
    }

    /**
     * @param zone       the school's time zone, for the expiry printed on the letters
     * @param scratchDir where PDFBox keeps page contents while rendering; null for {@code java.io.tmpdir}
     */
    public CredentialLetters(ZoneId zone, Path scratchDir) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.scratchDir = scratchDir;
    }

    /**
     * Writes the batch's letters to {@code out} as a PDF; {@code out} is flushed, not closed.
     *
     * @throws IllegalArgumentException a letter whose code had already expired on the batch's date
     * @throws IOException              writing failed
     */
    public RenderReport render(LetterBatch batch, OutputStream out) throws IOException {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(out, "out");
        batch.requireCodesValidOn(zone);
        List<Section> sections = LetterOrder.arrange(batch.letters());

        MemoryUsageSetting memory = MemoryUsageSetting.setupTempFileOnly();
        if (scratchDir != null) {
            memory.setTempDir(scratchDir.toFile());
        }
        try (PDDocument doc = new PDDocument(memory.streamCache)) {
            Fonts fonts = Fonts.load(doc);
            LetterPage layout = new LetterPage(batch.school(), batch.issuedOn(), zone, fonts);
            PDDocumentOutline outline = new PDDocumentOutline();
            List<SectionPages> printed = new ArrayList<>(sections.size());
            List<PersonId> replaced = new ArrayList<>();
            int pageNo = 0;
            for (Section section : sections) {
                int n = section.letters().size();
                printed.add(new SectionPages(section.title(), pageNo + 1, n));
                for (int i = 0; i < n; i++) {
                    Letter letter = section.letters().get(i);
                    PDPage page = new PDPage(LetterPage.A4);
                    doc.addPage(page);
                    pageNo++;
                    try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                        if (layout.draw(content, letter, section, i + 1, n)) {
                            replaced.add(letter.person());
                        }
                    }
                    if (i == 0) {
                        outline.addLast(bookmark(section.title() + " (" + n + ")", page));
                    }
                }
            }
            describe(doc, batch, outline);
            doc.save(new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush(); // the caller's stream stays open
                }
            });
            return new RenderReport(pageNo, printed, replaced);
        }
    }

    private static PDOutlineItem bookmark(String title, PDPage page) {
        PDPageFitDestination to = new PDPageFitDestination();
        to.setPage(page);
        PDOutlineItem item = new PDOutlineItem();
        item.setTitle(title);
        item.setDestination(to);
        return item;
    }

    /** Title, language and bookmarks: what a screen reader and a PDF viewer need. No personal data. */
    private static void describe(PDDocument doc, LetterBatch batch, PDDocumentOutline outline) {
        PDDocumentInformation info = doc.getDocumentInformation();
        info.setTitle("Lettres de première connexion – " + batch.school().schoolName());
        info.setSubject("Identifiants et codes d'activation de l'espace numérique de travail");
        info.setCreator("Préau");
        doc.getDocumentCatalog().setLanguage("fr-FR");
        doc.getDocumentCatalog().setDocumentOutline(outline);
        PDViewerPreferences prefs = new PDViewerPreferences(new COSDictionary());
        prefs.setDisplayDocTitle(true);
        doc.getDocumentCatalog().setViewerPreferences(prefs);
        doc.getDocumentCatalog().setPageMode(PageMode.USE_OUTLINES);
    }
}
