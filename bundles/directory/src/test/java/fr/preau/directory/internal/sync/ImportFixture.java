package fr.preau.directory.internal.sync;

import fr.preau.directory.ImportRun;
import fr.preau.store.testing.Databases;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.derby.jdbc.EmbeddedDataSource;

/** A migrated in-memory annuaire, the engine on it, and helpers to import files and read results. */
final class ImportFixture implements AutoCloseable {

    static final String CHANGELOG = "fr/preau/directory/db/changelog.xml";

    final EmbeddedDataSource db;
    final ImportEngine engine;
    final Path dir;
    private int runs;

    ImportFixture(Path dir) throws SQLException {
        this.dir = dir;
        db = Databases.derby("import", CHANGELOG, ImportFixture.class.getClassLoader());
        engine = new ImportEngine(db, Clock.fixed(Instant.parse("2025-09-01T08:00:00Z"), ZoneId.of("Europe/Paris")));
    }

    /** The result of one import. */
    /** {@code total}: the records of the files, as the progress announced them once the files were read. */
    record Result(ImportEngine.Outcome outcome, ImportRun.Counts counts, List<CSVRecord> report, long total) {
        List<CSVRecord> lines(String action) {
            return report.stream().filter(r -> r.get("action").equals(action)).toList();
        }

        Optional<CSVRecord> line(String id) {
            return report.stream().filter(r -> r.get("identifiant").equals(id)).findFirst();
        }

        String reasons() {
            StringBuilder b = new StringBuilder();
            report.forEach(r -> b.append(r.get("identifiant")).append(": ").append(r.get("action")).append(" ")
                    .append(r.get("motif")).append('\n'));
            return b.toString();
        }
    }

    /** Copies test resources {@code aaf/examples/<name>} into the work dir. */
    Path example(String name) {
        return resource("aaf/examples/" + name, name);
    }

    Path resource(String path, String name) {
        try (InputStream in = ImportFixture.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            Path target = dir.resolve("in").resolve(name);
            Files.createDirectories(target.getParent());
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a file with the given content and charset. */
    Path file(String name, String content, Charset charset) throws IOException {
        Path target = dir.resolve("in").resolve(name);
        Files.createDirectories(target.getParent());
        Files.write(target, content.getBytes(charset));
        return target;
    }

    Path file(String name, String content) throws IOException {
        return file(name, content, StandardCharsets.UTF_8);
    }

    Result run(boolean confirm, Path... files) throws IOException {
        return run(Optional.empty(), confirm, files);
    }

    Result run(Optional<String> uai, boolean confirm, Path... files) throws IOException {
        Map<Path, String> in = new LinkedHashMap<>();
        for (Path f : files) {
            in.put(f, f.getFileName().toString());
        }
        Progress progress = new Progress();
        Path reportFile = dir.resolve("report-" + (++runs) + ".csv");
        ImportEngine.Outcome outcome;
        try (Report report = new Report(reportFile)) {
            outcome = engine.run(in, new ImportEngine.Options(uai, confirm, false), progress, report);
        }
        List<CSVRecord> lines = new ArrayList<>();
        String text = Files.readString(reportFile, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        try (var parser = CSVFormat.DEFAULT.builder().setDelimiter(';').setHeader().setSkipHeaderRecord(true).build()
                .parse(new java.io.StringReader(text))) {
            parser.forEach(lines::add);
        }
        return new Result(outcome, progress.committedCounts(), lines, progress.total());
    }

    Result run(Path... files) throws IOException {
        return run(false, files);
    }

    Path[] college() {
        return new Path[] {example("ENT_0999999Z_Complet_20250901_EtabEducNat_0000.xml"),
            example("ENT_0999999Z_Complet_20250901_MatiereEducNat_0000.xml"),
            example("ENT_0999999Z_Complet_20250901_MefEducNat_0000.xml"),
            example("ENT_0999999Z_Complet_20250901_PersEducNat_0000.xml"),
            example("ENT_0999999Z_Complet_20250901_PersRelEleve_0000.xml"),
            example("ENT_0999999Z_Complet_20250901_Eleve_0000.xml")};
    }

    Path[] ecole() {
        return new Path[] {example("ENT_0999998Y_Complet_20250901_EtabEducNat_0000.xml"),
            example("ENT_0999998Y_Complet_20250901_PersEducNat_0000.xml"),
            example("ENT_0999998Y_Complet_20250901_PersRelEleve_0000.xml"),
            example("ENT_0999998Y_Complet_20250901_Eleve_0000.xml")};
    }

    /** A school as the first-boot set-up creates it (no feed key). */
    void school(String uai, String name) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO school (uai, name, demo, created_at) VALUES (?, ?, FALSE, CURRENT_TIMESTAMP)")) {
            ps.setString(1, uai);
            ps.setString(2, name);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows of a query, each as a list of strings. */
    List<List<String>> query(String sql, Object... params) {
        return Databases.query(db, sql, params);
    }

    String one(String sql, Object... params) {
        return Databases.one(db, sql, params);
    }

    /** Runs one statement (set-up of a test). */
    void execute(String sql) throws java.sql.SQLException {
        try (java.sql.Connection c = db.getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** A fingerprint of every table the import writes, to prove nothing changed. */
    String snapshot() {
        StringBuilder b = new StringBuilder();
        for (String t : new String[] {"school", "person", "person_profile", "person_school", "division", "division_member",
            "teaching", "person_function", "responsable_link", "subject", "mef"}) {
            b.append(t).append(query("SELECT * FROM " + t)).append('\n');
        }
        return b.toString();
    }

    @Override
    public void close() {
        Databases.drop(db);
    }
}
