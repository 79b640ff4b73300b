package fr.preau.directory.internal;

import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.directory.Division;
import fr.preau.directory.PersonRecord;
import fr.preau.directory.Teaching;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;

/** Reads one person's {@link PersonRecord} (active or not) for the referent's console. */
final class PersonRecords {

    private static final String DIVISION_COLUMNS = "d.id, d.uai, d.kind, d.code, d.label";

    private PersonRecords() {
    }

    /** By id, else by login (case-insensitive). */
    static Optional<PersonRecord> load(Connection c, String idOrLogin) throws SQLException {
        String sql = "SELECT id, login, first_name, last_name, uai, active, deactivated_at, deactivated_by, email, category, "
                + "guest_until, created_at FROM person WHERE ";
        Optional<PersonRecord> found = one(c, sql + "id = ?", idOrLogin);
        return found.isPresent() ? found : one(c, sql + "login_lower = ?", idOrLogin.toLowerCase(Locale.ROOT));
    }

    private static Optional<PersonRecord> one(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String id = rs.getString(1);
                Set<Profile> profiles = profiles(c, id);
                if (profiles.isEmpty()) {
                    return Optional.empty();
                }
                Person person = new Person(new PersonId(id), rs.getString(2), DirectoryServiceImpl.displayName(rs.getString(3),
                        rs.getString(4)), new Uai(rs.getString(5)), profiles);
                Timestamp deactivatedAt = rs.getTimestamp(7, utc());
                String by = rs.getString(8);
                java.sql.Date guestUntil = rs.getDate(11);
                Timestamp createdAt = rs.getTimestamp(12, utc());
                return Optional.of(new PersonRecord(person, rs.getString(3), rs.getString(4), rs.getBoolean(6),
                        deactivatedAt == null ? null : deactivatedAt.toInstant(), by == null ? null : PersonRecord.Deactivation.valueOf(by),
                        rs.getString(9), schools(c, id, person.uai()), rs.getString(10),
                        guestUntil == null ? null : guestUntil.toLocalDate(), createdAt == null ? null : createdAt.toInstant(),
                        divisions(c, id), teachings(c, id), links(c, id, true), links(c, id, false)));
            }
        }
    }

    private static Set<Profile> profiles(Connection c, String id) throws SQLException {
        Set<Profile> out = EnumSet.noneOf(Profile.class);
        try (PreparedStatement ps = c.prepareStatement("SELECT profile FROM person_profile WHERE person_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    try {
                        out.add(Profile.valueOf(rs.getString(1)));
                    } catch (IllegalArgumentException unknown) {
                        // a profile of a later version: not shown
                    }
                }
            }
        }
        return out;
    }

    private static List<Uai> schools(Connection c, String id, Uai main) throws SQLException {
        List<Uai> out = new ArrayList<>(List.of(main));
        try (PreparedStatement ps = c.prepareStatement("SELECT uai FROM person_school WHERE person_id = ? ORDER BY uai")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Uai u = new Uai(rs.getString(1));
                    if (!out.contains(u)) {
                        out.add(u);
                    }
                }
            }
        }
        return out;
    }

    private static List<Division> divisions(Connection c, String id) throws SQLException {
        List<Division> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT " + DIVISION_COLUMNS + " FROM division d JOIN division_member m "
                + "ON m.division_id = d.id WHERE m.person_id = ? ORDER BY d.kind, d.code")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(division(rs));
                }
            }
        }
        return out;
    }

    private static List<Teaching> teachings(Connection c, String id) throws SQLException {
        List<Teaching> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + DIVISION_COLUMNS + ", t.subject_code, s.label FROM teaching t "
                + "JOIN division d ON d.id = t.division_id LEFT JOIN subject s ON s.code = t.subject_code WHERE t.person_id = ? "
                + "ORDER BY d.kind, d.code, t.subject_code")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Teaching(division(rs), rs.getString(6), rs.getString(7)));
                }
            }
        }
        return out;
    }

    /** The responsables of a pupil ({@code toResponsables}), or the pupils of a responsable. */
    private static List<PersonRecord.Link> links(Connection c, String id, boolean toResponsables) throws SQLException {
        String other = toResponsables ? "l.responsable_id" : "l.eleve_id";
        String self = toResponsables ? "l.eleve_id" : "l.responsable_id";
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT p.id, p.login, p.first_name, p.last_name, p.uai, p.active, l.kind, l.legal "
                + "FROM responsable_link l JOIN person p ON p.id = " + other + " WHERE " + self + " = ? "
                + "ORDER BY p.last_name, p.first_name, p.id")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getBoolean(6), rs.getString(7), rs.getBoolean(8)});
                }
            }
        }
        List<PersonRecord.Link> out = new ArrayList<>();
        for (Object[] r : rows) {
            Set<Profile> profiles = profiles(c, (String) r[0]);
            if (profiles.isEmpty()) {
                continue;
            }
            Person p = new Person(new PersonId((String) r[0]), (String) r[1], DirectoryServiceImpl.displayName((String) r[2], (String) r[3]),
                    new Uai((String) r[4]), profiles);
            List<String> classes = toResponsables ? List.of() : divisions(c, (String) r[0]).stream()
                    .filter(d -> d.kind() == Division.Kind.CLASSE).map(Division::label).toList();
            out.add(new PersonRecord.Link(p, (Boolean) r[5], (String) r[6], (Boolean) r[7], classes));
        }
        return out;
    }

    private static Division division(ResultSet rs) throws SQLException {
        return new Division(rs.getString(1), new Uai(rs.getString(2)), Division.Kind.valueOf(rs.getString(3)), rs.getString(4),
                rs.getString(5));
    }

    private static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"), Locale.ROOT);
    }
}
