package fr.preau.files.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.fontbox.FontBoxFont;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.font.CIDFontMapping;
import org.apache.pdfbox.pdmodel.font.FontMapper;
import org.apache.pdfbox.pdmodel.font.FontMapping;
import org.apache.pdfbox.pdmodel.font.FontMappers;
import org.apache.pdfbox.pdmodel.font.PDCIDSystemInfo;
import org.apache.pdfbox.pdmodel.font.PDFontDescriptor;

/**
 * What PDFBox draws a font with when a PDF does not embed it: always the Liberation Sans that PDFBox carries.
 * <p>
 * PDFBox's own mapper scans the system's font folders the first time a PDF names a font it does not embed (seconds on
 * a box, while a teacher waits for her file to be findable) and writes a cache file in the home folder of the box's
 * user. Reading the words of a PDF needs only the widths, which the PDF or the standard fonts' metrics give; a preview
 * drawn with Liberation Sans (metric-compatible with Helvetica and Arial) is what the scan found on a box anyway.
 * Installed once for the bundle's private copy of PDFBox.
 */
final class PdfFonts implements FontMapper {

    private static final String FALLBACK = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";
    private static volatile boolean installed;

    private final TrueTypeFont fallback;

    private PdfFonts(TrueTypeFont fallback) {
        this.fallback = fallback;
    }

    /** Makes PDFBox use this mapper (once; later calls do nothing). */
    static void install() {
        if (installed) {
            return;
        }
        synchronized (PdfFonts.class) {
            if (installed) {
                return;
            }
            try (InputStream in = FontMapper.class.getResourceAsStream(FALLBACK)) {
                if (in == null) {
                    throw new IOException(FALLBACK + " is missing from PDFBox");
                }
                FontMappers.set(new PdfFonts(new TTFParser().parse(new RandomAccessReadBuffer(in))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            installed = true;
        }
    }

    @Override
    public FontMapping<TrueTypeFont> getTrueTypeFont(String baseFont, PDFontDescriptor fontDescriptor) {
        return new FontMapping<>(fallback, true);
    }

    @Override
    public FontMapping<FontBoxFont> getFontBoxFont(String baseFont, PDFontDescriptor fontDescriptor) {
        return new FontMapping<>(fallback, true);
    }

    @Override
    public CIDFontMapping getCIDFont(String baseFont, PDFontDescriptor fontDescriptor, PDCIDSystemInfo cidSystemInfo) {
        return new CIDFontMapping(null, fallback, true);
    }
}
