package fr.preau.probe.internal;

import fr.preau.api.Person;
import fr.preau.api.spi.Notification;
import fr.preau.api.spi.NotificationSource;
import fr.preau.api.spi.SearchContributor;
import fr.preau.api.spi.SearchHit;
import fr.preau.store.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The probe's data: short notes in its own database; also its search hits and notifications. */
@Component(service = {ProbeNotes.class, SearchContributor.class, NotificationSource.class})
public final class ProbeNotes implements SearchContributor, NotificationSource {

    /** A note. */
    public record Note(long id, String author, String text) {
    }

    private final DataSource db;
    private final Clock clock;

    @Activate
    public ProbeNotes(@Reference(name = "db", target = "(osgi.jndi.service.name=jdbc/preau-probe)") DataSource db,
            @Reference(name = "clock") Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public long add(String author, String text) throws SQLException {
        return Transactions.inTransaction(db, (Connection c) -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO probe_note (author, text, created_at) VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, author);
                ps.setString(2, text);
                ps.setTimestamp(3, Timestamp.from(clock.instant()));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    /**
     * Reads the notes, ordered by id in Java. Derby answers a plain scan of a small table several
     * times faster than an ordered read (through the primary key's index, one base-row fetch and
     * two row locks per note; or a table scan and a Derby sort, whose set-up costs more than the
     * rows it orders). A module with large tables pages through an index instead.
     */
    static final String ALL = "SELECT id, author, text FROM probe_note";

    public List<Note> all() throws SQLException {
        List<Note> notes = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(ALL);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                notes.add(new Note(rs.getLong(1), rs.getString(2), rs.getString(3)));
            }
        }
        notes.sort(Comparator.comparingLong(Note::id));
        return notes;
    }

    @Override
    public String module() {
        return ProbeModule.ID;
    }

    @Override
    public List<SearchHit> search(Person who, String query, int limit) {
        try {
            String q = query.toLowerCase(Locale.ROOT);
            return all().stream().filter(n -> n.text().toLowerCase(Locale.ROOT).contains(q)).limit(limit)
                    .map(n -> new SearchHit(module(), "Note " + n.id(), n.text(), "/#/module/probe", 1.0)).toList();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<Notification> notificationsFor(Person who, int limit) {
        return List.of(new Notification("probe-welcome", module(), "La sonde de test est installée.", "/#/module/probe",
                clock.instant()));
    }
}
