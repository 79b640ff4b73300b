package fr.preau.directory.internal.sync;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The per-record report of an import: a CSV file a referent opens in a spreadsheet
 * ({@code ;}-separated, UTF-8 with a BOM so that Excel shows accents). Lines of a file being
 * applied are kept in a side file and moved into the report only once that file's transaction
 * has committed, so the report never claims what the database does not hold.
 */
public final class Report implements Closeable {

    /** What happened to a record. */
    public enum Action {
        CREATED("créé"), UPDATED("modifié"), UNCHANGED("inchangé"), DEACTIVATED("désactivé"), REJECTED("rejeté"),
        IGNORED("ignoré");

        private final String label;

        Action(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    static final String[] HEADER = {"fichier", "identifiant", "nom", "categorie", "action", "motif"};
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setDelimiter(';').setRecordSeparator("\r\n").build();

    private final Path file;
    private final CSVPrinter out;
    private final Path pendingFile;
    private CSVPrinter pending;

    public Report(Path file) throws IOException {
        this.file = file;
        Files.createDirectories(file.getParent());
        OutputStream os = Files.newOutputStream(file);
        os.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        out = new CSVPrinter(new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8)), FORMAT);
        out.printRecord((Object[]) HEADER);
        pendingFile = file.resolveSibling(file.getFileName() + ".pending");
    }

    public Path file() {
        return file;
    }

    /** A line that stands whatever happens to the transaction (file-level problems, guard). */
    public void line(String fileName, String id, String name, String category, Action action, String reason) throws IOException {
        out.printRecord(fileName, id, name, category, action.label(), reason);
    }

    /** A line that holds only if the current transaction commits. */
    public void pending(String fileName, String id, String name, String category, Action action, String reason) throws IOException {
        if (pending == null) {
            pending = new CSVPrinter(Files.newBufferedWriter(pendingFile, StandardCharsets.UTF_8), FORMAT);
        }
        pending.printRecord(fileName, id, name, category, action.label(), reason);
    }

    /** The transaction committed: its lines join the report. */
    public void commit() throws IOException {
        if (pending == null) {
            return;
        }
        pending.close();
        pending = null;
        out.flush();
        try (Reader r = Files.newBufferedReader(pendingFile, StandardCharsets.UTF_8)) {
            char[] buf = new char[16 * 1024];
            int n;
            Appendable a = out.getOut();
            StringBuilder chunk = new StringBuilder();
            while ((n = r.read(buf)) > 0) {
                chunk.setLength(0);
                chunk.append(buf, 0, n);
                a.append(chunk);
            }
        }
        Files.deleteIfExists(pendingFile);
    }

    /** The transaction rolled back: its lines are dropped. */
    public void rollback() throws IOException {
        if (pending != null) {
            pending.close();
            pending = null;
        }
        Files.deleteIfExists(pendingFile);
    }

    @Override
    public void close() throws IOException {
        rollback();
        out.close();
        // make the report durable with the import's status
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }
}
