package fr.preau.portal.internal;

import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each person keeps for themselves in the portal's database ({@code jdbc/preau-portal}): their
 * favourite services (module ids, in the order they pinned them) and their display preferences.
 * A favourite of a module that is uninstalled stays, for when it comes back.
 */
@Component(service = PersonalStore.class)
public final class PersonalStore {

    /** Display preferences; the defaults until the person saves theirs. */
    public record Preferences(boolean contrast, boolean large) {
        static final Preferences DEFAULT = new Preferences(false, false);
    }

    static final int MAX_FAVOURITES = 50;
    private static final Logger LOG = LoggerFactory.getLogger(PersonalStore.class);

    private final DataSource db;
    private final Clock clock;

    @Activate
    public PersonalStore(@Reference(name = "db", target = PortalSchema.TARGET) DataSource db,
            @Reference(name = "clock") Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ---------------------------------------------------------------- favourites

    /** Module ids, first pinned first. */
    public List<String> favourites(PersonId who) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT module FROM portal_favourite WHERE person_id = ? ORDER BY added_at, module")) {
            ps.setString(1, who.value());
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Pins a module; true if it was not pinned yet. */
    public boolean addFavourite(PersonId who, String module) {
        List<String> now = favourites(who);
        if (now.contains(module)) {
            return false;
        }
        if (now.size() >= MAX_FAVOURITES) {
            throw new ProblemException(409, "too-many-favourites",
                    "Vous avez déjà " + MAX_FAVOURITES + " favoris. Retirez-en un avant d'en ajouter un autre.");
        }
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO portal_favourite (person_id, module, added_at) VALUES (?, ?, ?)")) {
            ps.setString(1, who.value());
            ps.setString(2, module);
            ps.setLong(3, clock.millis());
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false; // pinned meanwhile, from another tab
            }
            throw unavailable(e);
        }
    }

    /** Unpins a module; true if it was pinned. */
    public boolean removeFavourite(PersonId who, String module) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM portal_favourite WHERE person_id = ? AND module = ?")) {
            ps.setString(1, who.value());
            ps.setString(2, module);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    // ---------------------------------------------------------------- preferences

    /** The saved preferences, if the person saved some. */
    public Optional<Preferences> preferences(PersonId who) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT high_contrast, large_text FROM portal_preference WHERE person_id = ?")) {
            ps.setString(1, who.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Preferences(rs.getBoolean(1), rs.getBoolean(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    public void savePreferences(PersonId who, Preferences p) {
        try {
            fr.preau.store.Transactions.inTransaction(db, (Connection c) -> {
                int n;
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE portal_preference SET high_contrast = ?, large_text = ?, updated_at = ? WHERE person_id = ?")) {
                    ps.setBoolean(1, p.contrast());
                    ps.setBoolean(2, p.large());
                    ps.setLong(3, clock.millis());
                    ps.setString(4, who.value());
                    n = ps.executeUpdate();
                }
                if (n == 0) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO portal_preference (person_id, high_contrast, large_text, updated_at) VALUES (?, ?, ?, ?)")) {
                        ps.setString(1, who.value());
                        ps.setBoolean(2, p.contrast());
                        ps.setBoolean(3, p.large());
                        ps.setLong(4, clock.millis());
                        ps.executeUpdate();
                    }
                }
            });
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static ProblemException unavailable(SQLException e) {
        LOG.error("Portal database unavailable (SQLState {}, error code {})", e.getSQLState(), e.getErrorCode());
        return new ProblemException(503, "portal-unavailable",
                "Le portail ne peut pas enregistrer vos réglages pour le moment. Réessayez dans un instant.", e);
    }
}
