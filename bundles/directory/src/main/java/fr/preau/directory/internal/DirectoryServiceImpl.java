package fr.preau.directory.internal;

import static fr.preau.api.Folding.fold;

import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.directory.DirectoryEntry;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.PeopleQuery;
import fr.preau.directory.Division;
import fr.preau.directory.Teaching;
import fr.preau.directory.NewGuest;
import fr.preau.directory.NewPerson;
import fr.preau.directory.PersonRecord;
import fr.preau.directory.internal.sync.Logins;
import fr.preau.directory.School;
import fr.preau.store.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The annuaire on the concern's own database ({@code jdbc/preau-directory}). */
@Component(service = DirectoryService.class, configurationPid = "fr.preau.directory")
@Designate(ocd = DirectoryServiceImpl.Config.class)
public final class DirectoryServiceImpl implements DirectoryService {

    @ObjectClassDefinition(name = "Préau – annuaire")
    public @interface Config {
        @AttributeDefinition(description = "Most classes a person may attend or teach")
        int max_classes_per_person() default 64;
    }

    static final int LOGIN_MAX = 64;
    static final int NAME_MAX = 100;
    static final int SCHOOL_NAME_MAX = 200;
    static final int CLASS_MAX = 16;
    static final int EMAIL_MAX = 254;
    /** Guest accounts end at most this long after the day they are created or extended. */
    static final java.time.Period GUEST_MAX = java.time.Period.ofYears(1);
    /** The box's days are French days: a guest's last day ends at midnight in Paris. */
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryServiceImpl.class);
    private static final Pattern LOGIN = Pattern.compile("[a-z0-9._-]{1," + LOGIN_MAX + "}");
    private static final String PERSON_COLUMNS = "p.id, p.login, p.first_name, p.last_name, p.uai";

    private final DataSource db;
    private final Clock clock;
    private final int maxClasses;

    @Activate
    public DirectoryServiceImpl(
            @Reference(name = "db", target = "(osgi.jndi.service.name=jdbc/preau-directory)") DataSource db,
            @Reference(name = "clock") Clock clock,
            Config config) {
        this(db, clock, config.max_classes_per_person());
    }

    public DirectoryServiceImpl(DataSource db, Clock clock, int maxClasses) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxClasses < 1) {
            throw new IllegalArgumentException("max classes per person must be positive");
        }
        this.maxClasses = maxClasses;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Optional<Person> findByLogin(String login) {
        if (login == null) {
            return Optional.empty();
        }
        String key = login.strip().toLowerCase(Locale.ROOT);
        if (!LOGIN.matcher(key).matches()) {
            return Optional.empty(); // cannot exist; answer like any unknown login
        }
        return read(c -> findOne(c, "p.login_lower = ?", key));
    }

    @Override
    public Optional<Person> find(PersonId id) {
        if (id == null) {
            return Optional.empty();
        }
        return read(c -> findOne(c, "p.id = ?", id.value()));
    }

    @Override
    public List<School> schools() {
        return read(c -> {
            List<School> schools = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT uai, name, demo FROM school ORDER BY uai");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    schools.add(new School(new Uai(rs.getString(1)), rs.getString(2), rs.getBoolean(3)));
                }
            }
            return schools;
        });
    }

    @Override
    public Optional<School> school(Uai uai) {
        if (uai == null) {
            return Optional.empty();
        }
        return read(c -> loadSchool(c, uai));
    }

    @Override
    public Optional<String> degree(Uai uai) {
        if (uai == null) {
            return Optional.empty();
        }
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT degree FROM school WHERE uai = ?")) {
                ps.setString(1, uai.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)).filter(d -> d.equals("1D") || d.equals("2D"))
                            : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public List<Person> childrenOf(PersonId responsable) {
        if (responsable == null) {
            return List.of();
        }
        return read(c -> people(c,
                "FROM person p WHERE p.active = ? AND p.id IN "
                        + "(SELECT l.eleve_id FROM responsable_link l WHERE l.responsable_id = ? AND l.legal = TRUE)",
                responsable.value()));
    }

    @Override
    public Optional<fr.preau.directory.letters.PersonName> nameOf(PersonId id) {
        if (id == null) {
            return Optional.empty();
        }
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT first_name, last_name FROM person WHERE id = ? AND active = TRUE")) {
                ps.setString(1, id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new fr.preau.directory.letters.PersonName(rs.getString(1), rs.getString(2)))
                            : Optional.<fr.preau.directory.letters.PersonName>empty();
                }
            }
        });
    }

    @Override
    public List<Person> parentsOf(PersonId eleve) {
        if (eleve == null) {
            return List.of();
        }
        return read(c -> people(c, "FROM person p WHERE p.active = ? AND p.id IN "
                + "(SELECT l.responsable_id FROM responsable_link l WHERE l.eleve_id = ? AND l.legal = TRUE)", eleve.value()));
    }

    @Override
    public List<Person> pupilsOf(String divisionId) {
        return members(divisionId, "ELEVE");
    }

    @Override
    public List<Person> teachersOf(String divisionId) {
        return members(divisionId, "ENSEIGNANT");
    }

    private List<Person> members(String divisionId, String role) {
        if (divisionId == null) {
            return List.of();
        }
        return read(c -> people(c, "FROM person p WHERE p.active = ? AND p.id IN (SELECT m.person_id FROM division_member m "
                + "WHERE m.division_id = ? AND m.role = '" + role + "')", divisionId));
    }

    private static final int ID_BATCH = 100;
    /** A DNS name of at least two labels, ASCII (RFC 1035 letters, digits, hyphens), 253 characters at most. */
    private static final String DIVISION_COLUMNS = "d.id, d.uai, d.kind, d.code, d.label";

    @Override
    public List<Division> divisionsOf(PersonId person) {
        if (person == null) {
            return List.of();
        }
        // from the person (primary key) through their memberships (index) to each division (primary key); no
        // DISTINCT nor ORDER BY, which made Derby hash-scan the whole division table on every call: a person
        // holding two roles in one division is folded here, and the few rows are sorted in Java
        List<Division> rows = read(c -> divisions(c, "SELECT " + DIVISION_COLUMNS + " FROM person p JOIN division_member m "
                + "ON m.person_id = p.id JOIN division d ON d.id = m.division_id WHERE p.id = ? AND p.active = TRUE", person.value()));
        Map<String, Division> distinct = new LinkedHashMap<>();
        rows.forEach(d -> distinct.putIfAbsent(d.id(), d));
        List<Division> out = new ArrayList<>(distinct.values());
        out.sort(Comparator.comparing((Division d) -> d.kind().name()).thenComparing(Division::code));
        return out;
    }

    @Override
    public List<Division> divisions(Uai uai) {
        if (uai == null) {
            return List.of();
        }
        return read(c -> divisions(c, "SELECT " + DIVISION_COLUMNS + " FROM division d WHERE d.uai = ? ORDER BY d.kind, d.code",
                uai.value()));
    }

    @Override
    public Optional<Division> division(String id) {
        if (id == null) {
            return Optional.empty();
        }
        List<Division> found = read(c -> divisions(c, "SELECT " + DIVISION_COLUMNS + " FROM division d WHERE d.id = ?", id));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public List<Teaching> teachingsOf(PersonId teacher) {
        if (teacher == null) {
            return List.of();
        }
        return read(c -> {
            List<Teaching> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + DIVISION_COLUMNS + ", t.subject_code, s.label FROM teaching t "
                    + "JOIN division d ON d.id = t.division_id JOIN person p ON p.id = t.person_id "
                    + "LEFT JOIN subject s ON s.code = t.subject_code WHERE t.person_id = ? AND p.active = TRUE "
                    + "ORDER BY d.kind, d.code, t.subject_code")) {
                ps.setString(1, teacher.value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Teaching(division(rs), rs.getString(6), rs.getString(7)));
                    }
                }
            }
            return out;
        });
    }

    private static List<Division> divisions(Connection c, String sql, String param) throws SQLException {
        List<Division> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(division(rs));
                }
            }
        }
        return out;
    }

    private static Division division(ResultSet rs) throws SQLException {
        return new Division(rs.getString(1), new Uai(rs.getString(2)), Division.Kind.valueOf(rs.getString(3)), rs.getString(4),
                rs.getString(5));
    }

    @Override
    public List<DirectoryEntry> search(PeopleQuery q) {
        return read(c -> {
            StringBuilder sql = new StringBuilder("SELECT p.id, p.login, p.first_name, p.last_name, p.uai, p.active "
                    + "FROM person p JOIN person_school s ON s.person_id = p.id WHERE s.uai = ?");
            List<Object> params = new ArrayList<>(List.of(q.school().value()));
            if (q.active() != null) {
                sql.append(" AND p.active = ?");
                params.add(q.active());
            }
            if (q.profile() != null) {
                sql.append(" AND EXISTS (SELECT 1 FROM person_profile pp WHERE pp.person_id = p.id AND pp.profile = ?)");
                params.add(q.profile().name());
            }
            if (q.division() != null) {
                sql.append(" AND (EXISTS (SELECT 1 FROM division_member m WHERE m.person_id = p.id AND m.division_id = ?)"
                        + " OR EXISTS (SELECT 1 FROM teaching t WHERE t.person_id = p.id AND t.division_id = ?)"
                        + " OR EXISTS (SELECT 1 FROM responsable_link l JOIN division_member c ON c.person_id = l.eleve_id"
                        + " WHERE l.responsable_id = p.id AND l.legal = TRUE AND c.division_id = ?))");
                params.addAll(List.of(q.division(), q.division(), q.division()));
            }
            List<Object[]> found = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String login = rs.getString(2);
                        String first = rs.getString(3);
                        String last = rs.getString(4);
                        if (q.text() == null || matches(q.text(), login, first, last)) {
                            found.add(new Object[] {rs.getString(1), login, first, last, rs.getString(5), rs.getBoolean(6)});
                        }
                    }
                }
            }
            // by name as French readers expect (Émilie between Edmond and Fanny): the database orders by code point
            java.text.Collator french = java.text.Collator.getInstance(Locale.FRENCH);
            found.sort(Comparator.<Object[], String>comparing(r -> (String) r[3], french)
                    .thenComparing(r -> (String) r[2], french).thenComparing(r -> (String) r[1]));
            Map<String, Object[]> rows = new LinkedHashMap<>();
            for (Object[] r : found) {
                rows.put((String) r[0], new Object[] {r[1], displayName((String) r[2], (String) r[3]), r[4], r[5]});
            }
            List<String> ids = List.copyOf(rows.keySet());
            Map<String, Set<Profile>> profiles = profilesOf(c, ids);
            Map<String, java.util.SortedSet<String>> classes = new HashMap<>();
            BatchQuery collect = ps -> {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        classes.computeIfAbsent(rs.getString(1), k -> new java.util.TreeSet<>()).add(rs.getString(2));
                    }
                }
            };
            List<Object> school = List.of(q.school().value());
            inBatches(c, "SELECT m.person_id, d.code FROM division_member m JOIN division d ON d.id = m.division_id "
                    + "WHERE d.uai = ? AND d.kind = 'CLASSE' AND m.person_id IN (?)", school, ids, collect);
            inBatches(c, "SELECT t.person_id, d.code FROM teaching t JOIN division d ON d.id = t.division_id "
                    + "WHERE d.uai = ? AND d.kind = 'CLASSE' AND t.person_id IN (?)", school, ids, collect);
            inBatches(c, "SELECT l.responsable_id, d.code FROM responsable_link l JOIN person e ON e.id = l.eleve_id "
                    + "JOIN division_member m ON m.person_id = e.id JOIN division d ON d.id = m.division_id "
                    + "WHERE d.uai = ? AND d.kind = 'CLASSE' AND l.legal = TRUE AND e.active = TRUE AND l.responsable_id IN (?)",
                    school, ids, collect);
            List<DirectoryEntry> out = new ArrayList<>(rows.size());
            for (Map.Entry<String, Object[]> row : rows.entrySet()) {
                Object[] v = row.getValue();
                Set<Profile> held = profiles.getOrDefault(row.getKey(), EnumSet.noneOf(Profile.class));
                Person person = new Person(new PersonId(row.getKey()), (String) v[0], (String) v[1], new Uai((String) v[2]), held);
                out.add(new DirectoryEntry(person, (Boolean) v[3], List.copyOf(classes.getOrDefault(row.getKey(),
                        java.util.Collections.emptySortedSet()))));
            }
            return out;
        });
    }

    /** Whether every word of {@code text} (lower case) is in the login or the names, accents ignored. */
    static boolean matches(String text, String login, String first, String last) {
        String haystack = fold(login + " " + first + " " + last);
        for (String word : fold(text).split("\\s+")) {
            if (!word.isEmpty() && !haystack.contains(word)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String mailDomain(Uai school) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT mail_domain FROM school WHERE uai = ?")) {
                ps.setString(1, school.value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw unknownSchool(school);
                    }
                    return rs.getString(1) != null ? rs.getString(1) : placeholderDomain(school.value());
                }
            }
        });
    }

    @Override
    public void setMailDomain(Uai school, String domain) {
        String d = fr.preau.directory.MailDomains.normalise(domain);
        int changed = write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE school SET mail_domain = ? WHERE uai = ?")) {
                ps.setString(1, d);
                ps.setString(2, school.value());
                return ps.executeUpdate();
            }
        });
        if (changed == 0) {
            throw unknownSchool(school);
        }
        LOG.info("Mail domain of school {} set to {}", school, d);
    }

    @Override
    public Optional<String> mailAddress(PersonId person) {
        if (person == null) {
            return Optional.empty();
        }
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT p.login, p.uai, s.mail_domain FROM person p "
                    + "JOIN school s ON s.uai = p.uai WHERE p.id = ? AND p.active = ?")) {
                ps.setString(1, person.value());
                ps.setBoolean(2, true);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<String>empty();
                    }
                    String domain = rs.getString(3) != null ? rs.getString(3) : placeholderDomain(rs.getString(2));
                    return Optional.of(rs.getString(1).toLowerCase(Locale.ROOT) + "@" + domain);
                }
            }
        });
    }

    static String placeholderDomain(String uai) {
        return uai.toLowerCase(Locale.ROOT) + ".preau.invalid";
    }

    @Override
    public List<String> classesOf(PersonId person) {
        if (person == null) {
            return List.of();
        }
        return read(c -> {
            List<String> classes = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT d.code FROM division_member m "
                    + "JOIN division d ON d.id = m.division_id JOIN person p ON p.id = m.person_id "
                    + "WHERE m.person_id = ? AND p.active = ? AND d.kind = 'CLASSE' ORDER BY d.code")) {
                ps.setString(1, person.value());
                ps.setBoolean(2, true);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        classes.add(rs.getString(1));
                    }
                }
            }
            return classes;
        });
    }

    @Override
    public long countPeople() {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM person WHERE active = ?")) {
                ps.setBoolean(1, true);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    // ---------------------------------------------------------------- writes

    @Override
    public School saveSchool(School school) {
        Objects.requireNonNull(school, "school");
        String name = checkText(school.name(), SCHOOL_NAME_MAX, "invalid-school-name",
                "Indiquez le nom de l'établissement (" + SCHOOL_NAME_MAX + " caractères au plus).");
        School saved = new School(school.uai(), name, school.demo());
        for (int attempt = 1;; attempt++) {
            try {
                write(c -> {
                    Optional<School> existing = loadSchool(c, saved.uai());
                    if (existing.isPresent()) {
                        if (existing.get().demo() != saved.demo()) {
                            throw new ProblemException(409, "school-demo-mismatch", saved.demo()
                                    ? "L'établissement " + saved.uai() + " existe déjà comme établissement réel : il ne peut pas devenir un établissement de démonstration."
                                    : "L'établissement " + saved.uai() + " existe déjà comme établissement de démonstration : il ne peut pas devenir un établissement réel.");
                        }
                        try (PreparedStatement ps = c.prepareStatement("UPDATE school SET name = ? WHERE uai = ?")) {
                            ps.setString(1, saved.name());
                            ps.setString(2, saved.uai().value());
                            ps.executeUpdate();
                        }
                    } else {
                        try (PreparedStatement ps = c.prepareStatement(
                                "INSERT INTO school (uai, name, demo, created_at) VALUES (?, ?, ?, ?)")) {
                            ps.setString(1, saved.uai().value());
                            ps.setString(2, saved.name());
                            ps.setBoolean(3, saved.demo());
                            ps.setTimestamp(4, now(), utc());
                            ps.executeUpdate();
                        }
                        LOG.info("School {} created", saved.uai());
                    }
                    return null;
                });
                return saved;
            } catch (DuplicateKey raced) {
                if (attempt >= 2) {
                    throw unavailable(raced.getCause());
                }
                // someone created it between our read and our insert: go again, as an update
            }
        }
    }

    @Override
    public Person create(NewPerson person) {
        Objects.requireNonNull(person, "person");
        if (person.id() == null) {
            throw new ProblemException(400, "invalid-person", "L'identifiant de la personne manque.");
        }
        if (person.uai() == null) {
            throw new ProblemException(400, "invalid-person", "Indiquez l'établissement de la personne.");
        }
        String login = checkLogin(person.login());
        String firstName = checkText(person.firstName(), NAME_MAX, "invalid-name",
                "Indiquez le prénom (" + NAME_MAX + " caractères au plus).");
        String lastName = checkText(person.lastName(), NAME_MAX, "invalid-name",
                "Indiquez le nom (" + NAME_MAX + " caractères au plus).");
        if (person.profiles().isEmpty()) {
            throw new ProblemException(400, "invalid-profile", "Indiquez au moins un profil pour cette personne.");
        }
        Set<Profile> profiles = EnumSet.copyOf(person.profiles());
        List<String> classes = checkClasses(person.classes());
        String key = login.toLowerCase(Locale.ROOT);
        String id = person.id().value();

        try {
            write(c -> {
                if (loadSchool(c, person.uai()).isEmpty()) {
                    throw unknownSchool(person.uai());
                }
                if (exists(c, "SELECT 1 FROM person WHERE login_lower = ?", key)) {
                    throw loginTaken(login);
                }
                if (exists(c, "SELECT 1 FROM person WHERE id = ?", id)) {
                    throw personExists();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO person "
                        + "(id, login, login_lower, first_name, last_name, uai, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, id);
                    ps.setString(2, login);
                    ps.setString(3, key);
                    ps.setString(4, firstName);
                    ps.setString(5, lastName);
                    ps.setString(6, person.uai().value());
                    ps.setBoolean(7, true);
                    ps.setTimestamp(8, now(), utc());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO person_profile (person_id, profile) VALUES (?, ?)")) {
                    for (Profile p : profiles) {
                        ps.setString(1, id);
                        ps.setString(2, p.name());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO person_school (person_id, uai) VALUES (?, ?)")) {
                    ps.setString(1, id);
                    ps.setString(2, person.uai().value());
                    ps.executeUpdate();
                }
                String role = profiles.contains(Profile.ELEVE) ? "ELEVE" : "ENSEIGNANT";
                for (String k : classes) {
                    String divisionId = Divisions.id(person.uai().value(), Divisions.CLASSE, k);
                    if (!exists(c, "SELECT 1 FROM division WHERE id = ?", divisionId)) {
                        try (PreparedStatement ps = c.prepareStatement(
                                "INSERT INTO division (id, uai, kind, code, label, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                            ps.setString(1, divisionId);
                            ps.setString(2, person.uai().value());
                            ps.setString(3, Divisions.CLASSE);
                            ps.setString(4, k);
                            ps.setString(5, k);
                            ps.setTimestamp(6, now(), utc());
                            ps.executeUpdate();
                        }
                    }
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO division_member (division_id, person_id, role) VALUES (?, ?, ?)")) {
                        ps.setString(1, divisionId);
                        ps.setString(2, id);
                        ps.setString(3, role);
                        ps.executeUpdate();
                    }
                }
                return null;
            });
        } catch (DuplicateKey raced) {
            // a concurrent create won between our checks and our insert
            boolean loginRaced = read(c -> exists(c, "SELECT 1 FROM person WHERE login_lower = ?", key));
            throw loginRaced ? loginTaken(login) : personExists();
        }
        LOG.info("Person {} created in school {} with profiles {}", id, person.uai(), profiles);
        return new Person(person.id(), login, displayName(firstName, lastName), person.uai(), profiles);
    }

    @Override
    public void linkResponsable(PersonId responsable, PersonId eleve) {
        Objects.requireNonNull(responsable, "responsable");
        Objects.requireNonNull(eleve, "eleve");
        if (responsable.equals(eleve)) {
            throw invalidLink();
        }
        try {
            write(c -> {
                Set<Profile> of = profilesOfActive(c, responsable);
                Set<Profile> child = profilesOfActive(c, eleve);
                if (!of.contains(Profile.PARENT) || !child.contains(Profile.ELEVE)) {
                    throw invalidLink();
                }
                if (!exists(c, "SELECT 1 FROM responsable_link WHERE responsable_id = ? AND eleve_id = ?",
                        responsable.value(), eleve.value())) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO responsable_link (responsable_id, eleve_id) VALUES (?, ?)")) {
                        ps.setString(1, responsable.value());
                        ps.setString(2, eleve.value());
                        ps.executeUpdate();
                    }
                    LOG.info("Responsable {} linked to eleve {}", responsable, eleve);
                }
                return null;
            });
        } catch (DuplicateKey raced) {
            // the same link was recorded concurrently: linking is idempotent
        }
    }

    // ---------------------------------------------------------------- accounts the referent manages

    @Override
    public Optional<PersonRecord> record(String idOrLogin) {
        if (idOrLogin == null || idOrLogin.isBlank() || idOrLogin.length() > 128) {
            return Optional.empty();
        }
        return read(c -> PersonRecords.load(c, idOrLogin.strip()));
    }

    @Override
    public boolean deactivate(PersonId person, PersonRecord.Deactivation by) {
        Objects.requireNonNull(person, "person");
        Objects.requireNonNull(by, "by");
        boolean changed = write(c -> {
            requireExists(c, person);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE person SET active = ?, deactivated_at = ?, deactivated_by = ? WHERE id = ? AND active = ?")) {
                ps.setBoolean(1, false);
                ps.setTimestamp(2, now(), utc());
                ps.setString(3, by.name());
                ps.setString(4, person.value());
                ps.setBoolean(5, true);
                return ps.executeUpdate() == 1;
            }
        });
        if (changed) {
            LOG.info("Person {} deactivated ({})", person, by);
        }
        return changed;
    }

    @Override
    public boolean reactivate(PersonId person) {
        Objects.requireNonNull(person, "person");
        LocalDate today = today();
        boolean changed = write(c -> {
            requireExists(c, person);
            try (PreparedStatement ps = c.prepareStatement("SELECT guest_until FROM person WHERE id = ?")) {
                ps.setString(1, person.value());
                try (ResultSet rs = ps.executeQuery()) {
                    java.sql.Date until = rs.next() ? rs.getDate(1) : null;
                    if (until != null && until.toLocalDate().isBefore(today)) {
                        throw new ProblemException(409, "guest-ended", "L'invitation de cette personne est terminée depuis le "
                                + frenchDay(until.toLocalDate())
                                + ". Repoussez d'abord sa date de fin, puis réactivez le compte.");
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE person SET active = ?, deactivated_at = NULL, deactivated_by = NULL "
                    + "WHERE id = ? AND active = ?")) {
                ps.setBoolean(1, true);
                ps.setString(2, person.value());
                ps.setBoolean(3, false);
                return ps.executeUpdate() == 1;
            }
        });
        if (changed) {
            LOG.info("Person {} reactivated", person);
        }
        return changed;
    }

    @Override
    public Person createGuest(NewGuest guest) {
        Objects.requireNonNull(guest, "guest");
        String firstName = checkText(guest.firstName(), NAME_MAX, "invalid-name", "Indiquez le prénom (" + NAME_MAX + " caractères au plus).");
        String lastName = checkText(guest.lastName(), NAME_MAX, "invalid-name", "Indiquez le nom (" + NAME_MAX + " caractères au plus).");
        if (guest.uai() == null) {
            throw new ProblemException(400, "invalid-school", "Indiquez l'établissement de la personne invitée.");
        }
        String email = checkEmail(guest.email());
        LocalDate until = checkGuestUntil(guest.until());
        String id = PersonId.random().value();
        for (int attempt = 0; ; attempt++) {
            try {
                String login = write(c -> {
                    if (loadSchool(c, guest.uai()).isEmpty()) {
                        throw unknownSchool(guest.uai());
                    }
                    Set<String> taken = new java.util.HashSet<>();
                    String base = Logins.base(firstName, lastName);
                    try (PreparedStatement ps = c.prepareStatement("SELECT login_lower FROM person WHERE login_lower LIKE ?")) {
                        ps.setString(1, base.replace("_", "\\_").replace("%", "\\%") + "%");
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                taken.add(rs.getString(1));
                            }
                        }
                    }
                    String chosen = Logins.next(firstName, lastName, taken);
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO person (id, login, login_lower, first_name, last_name, uai, "
                            + "active, created_at, email, guest_until, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                        ps.setString(1, id);
                        ps.setString(2, chosen);
                        ps.setString(3, chosen);
                        ps.setString(4, firstName);
                        ps.setString(5, lastName);
                        ps.setString(6, guest.uai().value());
                        ps.setBoolean(7, true);
                        ps.setTimestamp(8, now(), utc());
                        ps.setString(9, email);
                        ps.setDate(10, java.sql.Date.valueOf(until));
                        ps.setTimestamp(11, now(), utc());
                        ps.executeUpdate();
                    }
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO person_profile (person_id, profile) VALUES (?, ?)")) {
                        ps.setString(1, id);
                        ps.setString(2, Profile.INVITE.name());
                        ps.executeUpdate();
                    }
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO person_school (person_id, uai) VALUES (?, ?)")) {
                        ps.setString(1, id);
                        ps.setString(2, guest.uai().value());
                        ps.executeUpdate();
                    }
                    return chosen;
                });
                LOG.info("Guest {} created in school {} until {}", id, guest.uai(), until);
                return new Person(new PersonId(id), login, displayName(firstName, lastName), guest.uai(), Set.of(Profile.INVITE));
            } catch (DuplicateKey raced) {
                if (attempt >= 3) {
                    throw new ProblemException(409, "login-taken", "Un autre compte vient d'être créé avec le même nom. Réessayez.");
                }
                // someone took the login meanwhile: choose again
            }
        }
    }

    @Override
    public void setGuestUntil(PersonId guest, LocalDate until) {
        Objects.requireNonNull(guest, "guest");
        LocalDate checked = checkGuestUntil(until);
        write(c -> {
            requireExists(c, guest);
            if (!exists(c, "SELECT 1 FROM person_profile WHERE person_id = ? AND profile = ?", guest.value(), Profile.INVITE.name())) {
                throw new ProblemException(409, "not-a-guest", "Seuls les comptes invités ont une date de fin.");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE person SET guest_until = ?, updated_at = ? WHERE id = ?")) {
                ps.setDate(1, java.sql.Date.valueOf(checked));
                ps.setTimestamp(2, now(), utc());
                ps.setString(3, guest.value());
                ps.executeUpdate();
            }
            return null;
        });
        LOG.info("Guest {} now ends on {}", guest, checked);
    }

    @Override
    public List<Person> expireGuests(LocalDate today) {
        Objects.requireNonNull(today, "today");
        List<Person> expired = read(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM person WHERE active = ? AND guest_until < ?")) {
                ps.setBoolean(1, true);
                ps.setDate(2, java.sql.Date.valueOf(today));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            List<Person> people = new ArrayList<>();
            for (String id : ids) {
                people.addAll(people(c, "FROM person p WHERE p.active = ? AND p.id = ?", id));
            }
            return people;
        });
        List<Person> done = new ArrayList<>();
        for (Person p : expired) {
            boolean changed = write(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE person SET active = ?, deactivated_at = ?, deactivated_by = ? "
                        + "WHERE id = ? AND active = ? AND guest_until < ?")) {
                    ps.setBoolean(1, false);
                    ps.setTimestamp(2, now(), utc());
                    ps.setString(3, PersonRecord.Deactivation.EXPIRED.name());
                    ps.setString(4, p.id().value());
                    ps.setBoolean(5, true);
                    ps.setDate(6, java.sql.Date.valueOf(today));
                    return ps.executeUpdate() == 1;
                }
            });
            if (changed) {
                done.add(p);
                LOG.info("Guest {} deactivated: its end date has passed", p.id());
            }
        }
        return done;
    }

    private LocalDate checkGuestUntil(LocalDate until) {
        LocalDate today = today();
        if (until == null) {
            throw new ProblemException(400, "invalid-end-date", "Indiquez le dernier jour où la personne invitée pourra se connecter.");
        }
        if (until.isBefore(today)) {
            throw new ProblemException(400, "invalid-end-date", "La date de fin est déjà passée : choisissez aujourd'hui ou un jour à venir.");
        }
        if (until.isAfter(today.plus(GUEST_MAX))) {
            throw new ProblemException(400, "invalid-end-date", "Une invitation dure un an au plus : choisissez au plus tard le "
                    + frenchDay(today.plus(GUEST_MAX)) + ".");
        }
        return until;
    }

    /** « jeudi 4 décembre 2026 », « lundi 1er mars 2027 ». */
    static String frenchDay(LocalDate d) {
        String day = d.getDayOfMonth() == 1 ? "1er" : Integer.toString(d.getDayOfMonth());
        return d.format(java.time.format.DateTimeFormatter.ofPattern("EEEE", Locale.FRENCH)) + " " + day + " "
                + d.format(java.time.format.DateTimeFormatter.ofPattern("MMMM uuuu", Locale.FRENCH));
    }

    private static String checkEmail(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        String e = email.strip();
        if (e.length() > EMAIL_MAX || !EMAIL.matcher(e).matches()) {
            throw new ProblemException(400, "invalid-email", "Cette adresse de courriel ne semble pas valable. "
                    + "Vérifiez-la (par exemple prenom.nom@exemple.fr) ou laissez le champ vide.");
        }
        return e;
    }

    private static void requireExists(Connection c, PersonId person) throws SQLException {
        if (!exists(c, "SELECT 1 FROM person WHERE id = ?", person.value())) {
            throw new ProblemException(404, "unknown-person", "Cette personne n'existe pas dans l'annuaire.");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Profiles of an active person; 404 when there is none. */
    private static Set<Profile> profilesOfActive(Connection c, PersonId id) throws SQLException {
        if (!exists(c, "SELECT 1 FROM person WHERE id = ? AND active = ?", id.value(), Boolean.TRUE)) {
            throw new ProblemException(404, "unknown-person", "Cette personne n'existe pas dans l'annuaire.");
        }
        return profiles(c, "SELECT person_id, profile FROM person_profile WHERE person_id = ?", id.value())
                .getOrDefault(id.value(), EnumSet.noneOf(Profile.class));
    }

    private Optional<Person> findOne(Connection c, String where, String value) throws SQLException {
        List<Person> found = people(c, "FROM person p WHERE p.active = ? AND " + where, value);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Person p = found.get(0);
        if (p.has(Profile.INVITE)) {
            // a guest past its last day is gone for everyone, even before the daily sweep deactivates it
            try (PreparedStatement ps = c.prepareStatement("SELECT guest_until FROM person WHERE id = ?")) {
                ps.setString(1, p.id().value());
                try (ResultSet rs = ps.executeQuery()) {
                    java.sql.Date until = rs.next() ? rs.getDate(1) : null;
                    if (until != null && until.toLocalDate().isBefore(today())) {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.of(p);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), PARIS);
    }

    /**
     * People matching {@code from} (which starts with {@code FROM person p WHERE p.active = ?} and takes
     * one more string parameter), with their profiles, by last name, first name.
     */
    private static List<Person> people(Connection c, String from, String param) throws SQLException {
        Map<String, String[]> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + PERSON_COLUMNS + " " + from
                + " ORDER BY p.last_name, p.first_name, p.id")) {
            ps.setBoolean(1, true);
            ps.setString(2, param);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)});
                }
            }
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, Set<Profile>> profiles = profilesOf(c, List.copyOf(rows.keySet()));
        List<Person> people = new ArrayList<>(rows.size());
        for (Map.Entry<String, String[]> row : rows.entrySet()) {
            Set<Profile> held = profiles.get(row.getKey());
            if (held == null || held.isEmpty()) {
                LOG.warn("Person {} has no known profile; ignored", row.getKey());
                continue;
            }
            String[] v = row.getValue();
            people.add(new Person(new PersonId(row.getKey()), v[0], displayName(v[1], v[2]), new Uai(v[3]), held));
        }
        return people;
    }

    /**
     * The profiles of the given people, by primary key in batches of {@value #ID_BATCH} (Derby
     * runs a {@code person_id IN (SELECT …)} filter by rescanning the subquery for every row).
     */
    private static Map<String, Set<Profile>> profilesOf(Connection c, List<String> ids) throws SQLException {
        Map<String, Set<Profile>> profiles = new HashMap<>();
        inBatches(c, "SELECT person_id, profile FROM person_profile WHERE person_id IN (?)", List.of(), ids,
                ps -> readProfiles(ps, profiles));
        return profiles;
    }

    /** What to do with a prepared statement whose parameters are set. */
    private interface BatchQuery {
        void run(PreparedStatement ps) throws SQLException;
    }

    /**
     * Runs {@code sql} once per batch of {@value #ID_BATCH} ids: its {@code IN (?)} is expanded to
     * one mark per id of the batch, after the {@code leading} parameters.
     */
    private static void inBatches(Connection c, String sql, List<Object> leading, List<String> ids, BatchQuery query)
            throws SQLException {
        for (int from = 0; from < ids.size(); from += ID_BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + ID_BATCH));
            String marks = String.join(", ", java.util.Collections.nCopies(batch.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement(sql.replace("IN (?)", "IN (" + marks + ")"))) {
                int i = 1;
                for (Object o : leading) {
                    ps.setObject(i++, o);
                }
                for (String id : batch) {
                    ps.setString(i++, id);
                }
                query.run(ps);
            }
        }
    }

    private static void readProfiles(PreparedStatement ps, Map<String, Set<Profile>> profiles) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString(2);
                try {
                    profiles.computeIfAbsent(rs.getString(1), k -> EnumSet.noneOf(Profile.class)).add(Profile.valueOf(name));
                } catch (IllegalArgumentException unknown) {
                    LOG.warn("Unknown profile {} stored for person {}; ignored", name, rs.getString(1));
                }
            }
        }
    }

    private static Map<String, Set<Profile>> profiles(Connection c, String sql, String param) throws SQLException {
        Map<String, Set<Profile>> profiles = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            readProfiles(ps, profiles);
        }
        return profiles;
    }

    private static Optional<School> loadSchool(Connection c, Uai uai) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT uai, name, demo FROM school WHERE uai = ?")) {
            ps.setString(1, uai.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new School(new Uai(rs.getString(1)), rs.getString(2), rs.getBoolean(3)))
                        : Optional.empty();
            }
        }
    }

    private static boolean exists(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] instanceof Boolean) {
                    ps.setBoolean(i + 1, (Boolean) params[i]);
                } else {
                    ps.setString(i + 1, (String) params[i]);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static String displayName(String firstName, String lastName) {
        return firstName + " " + lastName;
    }

    static String checkLogin(String login) {
        String l = login == null ? "" : login.strip();
        if (!LOGIN.matcher(l.toLowerCase(Locale.ROOT)).matches()) {
            throw new ProblemException(400, "invalid-login", "L'identifiant de connexion doit compter de 1 à " + LOGIN_MAX
                    + " caractères parmi les lettres sans accent, les chiffres, le point, le tiret et le tiret bas.");
        }
        return l;
    }

    private static String checkText(String text, int max, String code, String title) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty() || t.length() > max || t.chars().anyMatch(Character::isISOControl)) {
            throw new ProblemException(400, code, title);
        }
        return t;
    }

    private List<String> checkClasses(List<String> classes) {
        Set<String> codes = new LinkedHashSet<>();
        for (String k : classes) {
            String code = k == null ? "" : k.strip();
            if (code.isEmpty() || code.length() > CLASS_MAX || code.chars().anyMatch(Character::isISOControl)) {
                throw new ProblemException(400, "invalid-class", "Un code de classe compte de 1 à " + CLASS_MAX
                        + " caractères, par exemple 4A.");
            }
            codes.add(code);
        }
        if (codes.size() > maxClasses) {
            throw new ProblemException(400, "invalid-class", "Une personne peut appartenir à " + maxClasses
                    + " classes au plus.");
        }
        return List.copyOf(codes);
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    /** Timestamps are stored as UTC wall-clock time, whatever the JVM's zone. */
    private static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"), Locale.ROOT);
    }

    private static ProblemException unknownSchool(Uai uai) {
        return new ProblemException(404, "unknown-school", "L'établissement " + uai
                + " n'existe pas dans l'annuaire. Créez-le d'abord.");
    }

    private static ProblemException loginTaken(String login) {
        return new ProblemException(409, "login-taken", "L'identifiant de connexion « " + login
                + " » est déjà utilisé. Choisissez-en un autre.");
    }

    private static ProblemException personExists() {
        return new ProblemException(409, "person-exists", "Cette personne existe déjà dans l'annuaire.");
    }

    private static ProblemException invalidLink() {
        return new ProblemException(400, "invalid-link",
                "Seul un responsable légal peut être rattaché à un élève, et seulement à un élève.");
    }

    private static ProblemException unavailable(Throwable cause) {
        return new ProblemException(503, "directory-unavailable",
                "L'annuaire est momentanément indisponible. Réessayez dans quelques instants.", cause);
    }

    /** A unit of work on the database. */
    @FunctionalInterface
    private interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    /** A uniqueness or primary key violation from a concurrent writer. */
    private static final class DuplicateKey extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DuplicateKey(SQLException cause) {
            super(cause.getSQLState(), cause, false, false);
        }
    }

    private <T> T read(Query<T> query) {
        try (Connection c = db.getConnection()) {
            return query.run(c);
        } catch (SQLException e) {
            LOG.error("Directory read failed (SQLState {}, error code {})", e.getSQLState(), e.getErrorCode());
            throw unavailable(e);
        }
    }

    private <T> T write(Query<T> work) {
        try {
            return Transactions.inTransaction(db, (Transactions.Work<T>) work::run);
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                throw new DuplicateKey(e);
            }
            LOG.error("Directory write failed (SQLState {}, error code {})", e.getSQLState(), e.getErrorCode());
            throw unavailable(e);
        }
    }
}
