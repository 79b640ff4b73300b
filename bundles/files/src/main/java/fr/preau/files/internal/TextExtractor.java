package fr.preau.files.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * The words inside a file, for the box-wide search: PDF (PDFBox), OpenDocument (ODT, ODS, ODP: their
 * {@code content.xml}), Office Open XML (DOCX, XLSX, PPTX: the document, shared strings, slides) and
 * plain text (UTF-8, else Windows-1252).
 * <p>
 * A pupil's upload is untrusted input, so every extraction is bounded: the file's size, the bytes read
 * from each zip entry (a zip bomb stops there), the PDF pages read, the characters kept, and the time
 * (a worker thread given up after {@link Limits#time()}). The XML parsers have DTDs and external entities
 * off; a document declaring a DTD gives no text. A file that cannot be read gives no text, never an
 * exception: the file stays findable by its name.
 */
final class TextExtractor implements AutoCloseable {

    /** The bounds of one extraction. */
    record Limits(long maxFileBytes, long maxEntryBytes, int maxPdfPages, int maxChars, Duration time) {
        static final Limits DEFAULT = new Limits(25L * 1024 * 1024, 20L * 1024 * 1024, 200, 100_000, Duration.ofSeconds(10));
    }

    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final java.nio.charset.Charset WINDOWS_1252 = java.nio.charset.Charset.forName("windows-1252");
    private static final Pattern SLIDE = Pattern.compile("ppt/slides/slide(\\d+)\\.xml");
    private static final Pattern SHEET = Pattern.compile("xl/worksheets/sheet(\\d+)\\.xml");

    /**
     * At most this many workers given up on may still run (a parser stuck in a loop ignores interruption and
     * cannot be stopped); beyond, extraction waits for them to end by giving no text.
     */
    static final int MAX_STUCK = 2;

    private final Limits limits;
    /** The workers given up on that were still running when last looked at. */
    private final Set<Thread> stuck = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private final Reading reading;

    /** What a worker does with a file (the tests put a stuck parser in its place). */
    @FunctionalInterface
    interface Reading {
        String read(Path file, Kind kind) throws IOException;
    }

    TextExtractor(Limits limits) {
        this.limits = limits;
        this.reading = this::read;
    }

    TextExtractor(Limits limits, Reading reading) {
        this.limits = limits;
        this.reading = reading;
    }

    /** What kind of document a file is, by its name (the extension) or its sniffed type. */
    enum Kind { PDF, ODF, DOCX, XLSX, PPTX, TEXT }

    static Optional<Kind> kind(String name, String mediaType) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        String ext = n.lastIndexOf('.') < 0 ? "" : n.substring(n.lastIndexOf('.') + 1);
        switch (ext) {
            case "pdf":
                return Optional.of(Kind.PDF);
            case "odt", "ods", "odp":
                return Optional.of(Kind.ODF);
            case "docx":
                return Optional.of(Kind.DOCX);
            case "xlsx":
                return Optional.of(Kind.XLSX);
            case "pptx":
                return Optional.of(Kind.PPTX);
            case "txt", "csv", "md":
                return Optional.of(Kind.TEXT);
            default:
                break;
        }
        if ("application/pdf".equals(mediaType)) {
            return Optional.of(Kind.PDF);
        }
        if ("text/plain".equals(mediaType)) {
            return Optional.of(Kind.TEXT);
        }
        return Optional.empty();
    }

    /**
     * The text of this file, spaces collapsed and cut at {@link Limits#maxChars()}; empty when the kind is
     * not one the box reads, or the file is too big, damaged, encrypted or took too long.
     */
    Optional<String> extract(Path file, String name, String mediaType) {
        Optional<Kind> kind = kind(name, mediaType);
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (Files.size(file) > limits.maxFileBytes()) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        stuck.removeIf(t -> !t.isAlive());
        if (closed || stuck.size() >= MAX_STUCK) {
            return Optional.empty();
        }
        // a fresh worker for each file: one given up on (still running) never holds the next extraction back
        FutureTask<String> job = new FutureTask<>(() -> reading.read(file, kind.get()));
        Thread worker = new Thread(job, "preau-files-text");
        worker.setDaemon(true);
        worker.setPriority(Thread.NORM_PRIORITY - 1);
        worker.start();
        try {
            String text = job.get(limits.time().toMillis(), TimeUnit.MILLISECONDS);
            return text == null || text.isBlank() ? Optional.empty() : Optional.of(text);
        } catch (TimeoutException e) {
            giveUp(job, worker);
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            giveUp(job, worker);
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private void giveUp(FutureTask<String> job, Thread worker) {
        job.cancel(true);
        if (worker.isAlive()) {
            stuck.add(worker);
        }
    }

    /** How many workers given up on still run (for tests). */
    int stuck() {
        stuck.removeIf(t -> !t.isAlive());
        return stuck.size();
    }

    private String read(Path file, Kind kind) throws IOException {
        Text out = new Text(limits.maxChars());
        switch (kind) {
            case PDF -> pdf(file, out);
            case TEXT -> plain(file, out);
            case ODF -> zipped(file, List.of("content.xml"), null, out);
            case DOCX -> zipped(file, List.of("word/document.xml"), null, out);
            case XLSX -> zipped(file, List.of("xl/sharedStrings.xml"), SHEET, out);
            case PPTX -> zipped(file, List.of(), SLIDE, out);
            default -> throw new IllegalStateException(kind.name());
        }
        return out.toString();
    }

    private void pdf(Path file, Text out) throws IOException {
        PdfFonts.install();
        try (PDDocument doc = Loader.loadPDF(new RandomAccessReadBufferedFile(file.toFile()))) {
            if (doc.isEncrypted()) {
                return;
            }
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setStartPage(1);
            stripper.setEndPage(Math.min(doc.getNumberOfPages(), limits.maxPdfPages()));
            out.add(stripper.getText(doc));
        }
    }

    private void plain(Path file, Text out) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.min(limits.maxEntryBytes(), (long) limits.maxChars() * 4));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            // a file cut in the middle of a character is still UTF-8: keep what decodes
            text = looksCutUtf8(bytes) ? new String(bytes, StandardCharsets.UTF_8) : new String(bytes, WINDOWS_1252);
        }
        out.add(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    /** UTF-8 but for an incomplete last character (the read stopped at the limit). */
    private static boolean looksCutUtf8(byte[] bytes) {
        for (int cut = 1; cut <= 3 && cut < bytes.length; cut++) {
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, 0, bytes.length - cut));
                return true;
            } catch (CharacterCodingException e) {
                // try a shorter cut
            }
        }
        return false;
    }

    /** The text of the named entries, then of the entries matching {@code numbered} in their number's order. */
    private void zipped(Path file, List<String> entries, Pattern numbered, Text out) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<ZipEntry> parts = new ArrayList<>();
            for (String name : entries) {
                ZipEntry e = zip.getEntry(name);
                if (e != null) {
                    parts.add(e);
                }
            }
            if (numbered != null) {
                List<ZipEntry> found = new ArrayList<>();
                zip.stream().filter(e -> numbered.matcher(e.getName()).matches()).forEach(found::add);
                found.sort(Comparator.comparingInt(e -> {
                    var m = numbered.matcher(e.getName());
                    return m.matches() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
                }));
                parts.addAll(found);
            }
            for (ZipEntry e : parts) {
                if (out.full()) {
                    return;
                }
                try (InputStream in = new BoundedInputStream(zip.getInputStream(e), limits.maxEntryBytes())) {
                    xmlText(in, out);
                } catch (XMLStreamException cut) {
                    // damaged, or cut at the entry's bound: what was read before stays
                }
            }
        }
    }

    /** A document that declares a DTD: none of it is read. */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String why) {
            super(why);
        }
    }

    /** The character data of an XML document, a space between elements; no DTD, no external entity. */
    private static void xmlText(InputStream in, Text out) throws XMLStreamException, Refused {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        XMLStreamReader r = f.createXMLStreamReader(in);
        try {
            while (r.hasNext() && !out.full()) {
                int event = r.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new Refused("a document with a DTD is not read");
                }
                if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    out.add(r.getText());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    out.space();
                }
            }
        } finally {
            r.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        stuck.forEach(Thread::interrupt);
    }

    /** The text gathered so far, spaces collapsed, at most {@code max} characters. */
    private static final class Text {
        private final StringBuilder text = new StringBuilder();
        private final int max;

        Text(int max) {
            this.max = max;
        }

        void add(String s) {
            if (s == null || full()) {
                return;
            }
            String collapsed = SPACES.matcher(s).replaceAll(" ");
            if (collapsed.isBlank()) {
                space();
                return;
            }
            if (collapsed.startsWith(" ")) {
                space();
                collapsed = collapsed.substring(1);
            }
            text.append(collapsed, 0, Math.min(collapsed.length(), max - text.length()));
        }

        void space() {
            if (!full() && text.length() > 0 && text.charAt(text.length() - 1) != ' ') {
                text.append(' ');
            }
        }

        boolean full() {
            return text.length() >= max;
        }

        @Override
        public String toString() {
            return text.toString().strip();
        }
    }

    /** Ends the stream after {@code max} bytes, as if the entry ended there. */
    private static final class BoundedInputStream extends java.io.FilterInputStream {
        private long left;

        BoundedInputStream(InputStream in, long max) {
            super(in);
            this.left = max;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
