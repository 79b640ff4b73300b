package fr.preau.cahier.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes a year of cahier de textes straight into a stopped box's Derby databases, for the
 * {@code cahier} benchmark: reads the divisions, teachings and pupils of one school from the
 * annuaire ({@code <data>/preau/directory}) and fills {@code <data>/preau/cahier/db} (its schema
 * already created by a first boot) with what the school's teachers would have written.
 * <ul>
 * <li>teaching weeks: the 52 weeks up to {@code WEEK} (a Monday) and {@code AFTER} weeks after it
 * (teachers prepare ahead), without the summer, Toussaint, Noël, winter and spring holidays —
 * except {@code WEEK}, which is always a teaching week;</li>
 * <li>each class has a fixed timetable of about 27 one-hour slots a week, shared out between
 * the teachings of the class (weighted by subject); each groupe one slot (AP) a week, by a
 * teacher of its class;</li>
 * <li>a séance on each slot of each teaching week, HTML content of 150 to 1,200 characters;
 * a link on one in five, a pièce (metadata only: no file) on one in twelve; a devoir (two
 * sometimes) on one in three, due a few days later (one in six of them sur table), plus a few
 * devoirs given alone; séances dated after now are published on their morning;</li>
 * <li>a visa of every class by the direction every four weeks, a few amendments, and "fait"
 * ticks by the pupils on a tenth of their devoirs due before today.</li>
 * </ul>
 * Deterministic for a seed and week. Prints what it wrote, and {@code pupil <login>}: an
 * active pupil of the school who is in a groupe as well as a class (the benchmark's reader).
 * <pre>
 * java -cp target/test-classes:derby.jar:derbyshared.jar:derbytools.jar -Dderby.system.durability=test \
 *     fr.preau.cahier.testing.CahierGenerator \
 *     DATA_DIR UAI WEEK_MONDAY [SEED] [AFTER_WEEKS]
 * </pre>
 */
public final class CahierGenerator {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final int BATCH = 2_000;
    /** Teaching slots of a week: Monday, Tuesday, Thursday, Friday 7, Wednesday morning 4. */
    private static final String[][] HOURS = {{"08:00", "08:55"}, {"09:00", "09:55"}, {"10:10", "11:05"}, {"11:10", "12:05"},
        {"13:30", "14:25"}, {"14:30", "15:25"}, {"15:40", "16:35"}};
    private static final String[] KINDS = {"MAISON", "MAISON", "MAISON", "MAISON", "MAISON", "MAISON", "MAISON", "SUR_TABLE",
        "SUR_TABLE", "LECTURE", "EXPOSE", "ORAL", "RECHERCHE", "AUTRE"};
    private static final String[] TOPICS = {"Les fractions", "Le théâtre de Molière", "La Révolution française", "Present perfect",
        "Course d'orientation", "La cellule", "Les états de la matière", "Les objets techniques", "Le portrait", "Le rythme",
        "Équations du premier degré", "L'argumentation", "La Première Guerre mondiale", "Irregular verbs", "Volley-ball",
        "La digestion", "Circuits électriques", "Programmation par blocs", "La perspective", "La voix", "Théorème de Pythagore",
        "Le récit d'aventure", "Les climats", "Les Lumières", "Proportionnalité", "La photosynthèse", "L'énergie", "Le Moyen Âge"};
    private static final String[] SENTENCES = {"Correction des exercices donnés la semaine dernière, au tableau.",
        "Lecture à voix haute et questions de compréhension ; les élèves notent les mots difficiles.",
        "Travail en îlots : chaque groupe présente sa réponse à la classe.",
        "Trace écrite recopiée dans le cahier, à relire avant la prochaine séance.",
        "Activité d'introduction : « qu'observez-vous ? » puis mise en commun.",
        "Exercices d'application n° 12, 14 et 17 p. 84 du manuel (les deux premiers faits en classe).",
        "Évaluation formative en fin d'heure (cinq questions, non notée).",
        "Visionnage d'un extrait vidéo et prise de notes ; synthèse collective.",
        "Rappel de la méthode : souligner la consigne, entourer les données, rédiger une phrase réponse.",
        "Les élèves absents récupèrent la fiche d'exercices auprès d'un camarade."};

    private final Random random;
    private final Connection directory;
    private final Connection cahier;
    private final String uai;
    private final Instant now = Instant.now();
    private final LocalDate today = LocalDate.now(PARIS);

    private record Division(String id, String kind, String code, String label) {
    }

    private record Teaching(Division division, String subjectCode, String subjectLabel, String authorId, String authorName) {
    }

    private record Slot(DayOfWeek day, int hour, Teaching teaching) {
    }

    private long seanceId;
    private long devoirId;
    private long pieceId;
    private long visaId;
    private long amendmentId;
    private int links;
    private int done;
    private final Map<String, List<Long>> dueBeforeToday = new HashMap<>();

    private CahierGenerator(Connection directory, Connection cahier, String uai, long seed) {
        this.directory = directory;
        this.cahier = cahier;
        this.uai = uai;
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: CahierGenerator DATA_DIR UAI WEEK_MONDAY [SEED] [AFTER_WEEKS]");
            System.exit(2);
        }
        String data = args[0];
        LocalDate week = LocalDate.parse(args[2]);
        if (week.getDayOfWeek() != DayOfWeek.MONDAY) {
            throw new IllegalArgumentException("WEEK_MONDAY must be a Monday: " + week);
        }
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42L;
        int after = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        long t0 = System.nanoTime();
        try (Connection dir = DriverManager.getConnection("jdbc:derby:" + data + "/preau/directory");
                Connection cah = DriverManager.getConnection("jdbc:derby:" + data + "/preau/cahier/db")) {
            new CahierGenerator(dir, cah, args[1], seed).run(week, after);
        } finally {
            try {
                DriverManager.getConnection("jdbc:derby:;shutdown=true");
            } catch (SQLException expected) {
                // Derby says "shut down" with an exception
            }
        }
        System.out.printf(java.util.Locale.ROOT, "seconds %.1f%n", (System.nanoTime() - t0) / 1e9);
    }

    private void run(LocalDate week, int after) throws SQLException {
        // a fresh box: its only entries are the demo cahier written at its first boot (the bench's school
        // was imported on a demo box, so it is a demo school too); the year generated here replaces them
        try (Statement s = cahier.createStatement()) {
            for (String table : List.of("cahier_done", "cahier_amendment", "cahier_piece", "cahier_link", "cahier_devoir", "cahier_visa",
                    "cahier_seance")) {
                s.executeUpdate("DELETE FROM " + table);
            }
        }
        Map<String, Division> divisions = divisions();
        List<Teaching> teachings = teachings(divisions);
        Map<String, List<Slot>> timetables = timetables(divisions, teachings);
        String[] direction = direction();
        String pupil = pupil();
        int pupils = count("SELECT COUNT(*) FROM person p JOIN person_profile r ON r.person_id = p.id "
                + "WHERE p.uai = ? AND p.active = TRUE AND r.profile = 'ELEVE'");
        long classes = divisions.values().stream().filter(d -> d.kind.equals("CLASSE")).count();

        List<LocalDate> weeks = new ArrayList<>();
        for (LocalDate m = week.minusWeeks(51); !m.isAfter(week.plusWeeks(after)); m = m.plusWeeks(1)) {
            if (m.equals(week) || !holiday(m)) {
                weeks.add(m);
            }
        }
        cahier.setAutoCommit(false);
        try (PreparedStatement seance = cahier.prepareStatement("INSERT INTO cahier_seance (id, school, division_id, division_label, "
                + "subject_code, subject_label, author_id, author_name, kind, seance_date, start_time, end_time, title, content, "
                + "publish_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'SEANCE', ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement devoir = cahier.prepareStatement("INSERT INTO cahier_devoir (id, seance_id, school, division_id, "
                        + "division_label, subject_code, subject_label, author_id, author_name, due_date, kind, instructions, minutes, "
                        + "hand_in, publish_at, notified, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement link = cahier.prepareStatement("INSERT INTO cahier_link (seance_id, position, url, label) VALUES (?, ?, ?, ?)");
                PreparedStatement piece = cahier.prepareStatement("INSERT INTO cahier_piece (id, seance_id, file_name, media_type, size_bytes, "
                        + "blob, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (LocalDate monday : weeks) {
                for (List<Slot> slots : timetables.values()) {
                    for (Slot slot : slots) {
                        LocalDate date = monday.plusDays(slot.day.getValue() - 1L);
                        writeSeance(seance, devoir, link, piece, slot, date);
                        if (++pending >= BATCH) {
                            flush(seance, devoir, link, piece);
                            pending = 0;
                        }
                    }
                }
                // a few devoirs given alone (a reading for the holidays, an oral to prepare…)
                for (List<Slot> slots : timetables.values()) {
                    if (!slots.isEmpty() && random.nextInt(4) == 0) {
                        Slot slot = slots.get(random.nextInt(slots.size()));
                        LocalDate date = monday.plusDays(slot.day.getValue() - 1L);
                        writeDevoir(devoir, 0, slot.teaching, date, publishAt(date, slot.hour));
                    }
                }
            }
            flush(seance, devoir, link, piece);
        }
        int visas = visas(divisions, weeks, direction);
        int amendments = amendments();
        ticks();
        for (String[] t : new String[][] {{"cahier_seance", Long.toString(seanceId + 1)}, {"cahier_devoir", Long.toString(devoirId + 1)},
            {"cahier_piece", Long.toString(pieceId + 1)}, {"cahier_visa", Long.toString(visaId + 1)},
            {"cahier_amendment", Long.toString(amendmentId + 1)}}) {
            try (Statement s = cahier.createStatement()) {
                s.executeUpdate("ALTER TABLE " + t[0] + " ALTER COLUMN id RESTART WITH " + t[1]);
            }
        }
        cahier.commit();
        System.out.println("school " + uai + " pupils " + pupils + " classes " + classes + " groupes " + (divisions.size() - classes)
                + " teachings " + teachings.size());
        System.out.println("weeks " + weeks.size() + " from " + weeks.get(0) + " to " + weeks.get(weeks.size() - 1).plusDays(6));
        System.out.println("seances " + seanceId + " devoirs " + devoirId + " links " + links + " pieces " + pieceId + " visas " + visas
                + " amendments " + amendments + " done " + done);
        System.out.println("pupil " + pupil);
    }

    // --- the annuaire ------------------------------------------------------------------------

    private Map<String, Division> divisions() throws SQLException {
        Map<String, Division> out = new LinkedHashMap<>();
        try (PreparedStatement ps = directory.prepareStatement("SELECT id, kind, code, label FROM division WHERE uai = ? ORDER BY kind, code")) {
            ps.setString(1, uai);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Division(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no division for school " + uai + " in the annuaire");
        }
        return out;
    }

    private List<Teaching> teachings(Map<String, Division> divisions) throws SQLException {
        List<Teaching> out = new ArrayList<>();
        try (PreparedStatement ps = directory.prepareStatement("SELECT t.division_id, t.subject_code, s.label, p.id, p.first_name, p.last_name "
                + "FROM teaching t JOIN person p ON p.id = t.person_id LEFT JOIN subject s ON s.code = t.subject_code "
                + "WHERE p.uai = ? AND p.active = TRUE ORDER BY t.division_id, t.subject_code, p.id")) {
            ps.setString(1, uai);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Division d = divisions.get(rs.getString(1));
                    if (d != null) {
                        String label = rs.getString(3) == null || rs.getString(3).isBlank() ? rs.getString(2) : rs.getString(3);
                        out.add(new Teaching(d, rs.getString(2), label, rs.getString(4), rs.getString(5) + " " + rs.getString(6)));
                    }
                }
            }
        }
        return out;
    }

    /** Each class's week: ~27 slots shared out between its teachings; a groupe: one slot by a teacher of its class. */
    private Map<String, List<Slot>> timetables(Map<String, Division> divisions, List<Teaching> teachings) {
        Map<String, List<Teaching>> byDivision = new LinkedHashMap<>();
        teachings.forEach(t -> byDivision.computeIfAbsent(t.division.id, k -> new ArrayList<>()).add(t));
        Map<String, List<Slot>> out = new LinkedHashMap<>();
        for (Division d : divisions.values()) {
            List<Teaching> own = byDivision.getOrDefault(d.id, List.of());
            List<Slot> slots = new ArrayList<>();
            if (d.kind.equals("CLASSE")) {
                if (own.isEmpty()) {
                    continue;
                }
                List<int[]> free = new ArrayList<>();
                for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
                    for (int h = 0; h < (day == DayOfWeek.WEDNESDAY ? 4 : HOURS.length); h++) {
                        free.add(new int[] {day.getValue(), h});
                    }
                }
                java.util.Collections.shuffle(free, random);
                int count = 25 + random.nextInt(4);
                // weighted round robin: French, maths, history and languages more often than arts
                List<Teaching> pool = new ArrayList<>();
                for (Teaching t : own) {
                    for (int w = 0; w < weight(t.subjectCode); w++) {
                        pool.add(t);
                    }
                }
                for (int i = 0; i < count && i < free.size(); i++) {
                    Teaching t = pool.get(i % pool.size());
                    slots.add(new Slot(DayOfWeek.of(free.get(i)[0]), free.get(i)[1], t));
                }
            } else {
                Teaching t = own.isEmpty() ? classTeacher(d, byDivision, teachings) : own.get(0);
                if (t == null) {
                    continue;
                }
                slots.add(new Slot(DayOfWeek.of(1 + random.nextInt(5)), 6, new Teaching(d, t.subjectCode, t.subjectLabel, t.authorId,
                        t.authorName)));
            }
            slots.sort(java.util.Comparator.comparing((Slot s) -> s.day).thenComparingInt(s -> s.hour));
            out.put(d.id, slots);
        }
        return out;
    }

    private static int weight(String subject) {
        return switch (subject) {
            case "020700", "030201", "100100" -> 4;
            case "061300", "040600" -> 3;
            case "063300", "062000", "070400" -> 2;
            default -> 1;
        };
    }

    /** For a groupe without teachings ("6A-SOUTIEN"): a teaching of its class, else any. */
    private Teaching classTeacher(Division groupe, Map<String, List<Teaching>> byDivision, List<Teaching> all) {
        String classCode = groupe.code.contains("-") ? groupe.code.substring(0, groupe.code.indexOf('-')) : groupe.code;
        List<Teaching> own = byDivision.getOrDefault(uai + ":CLASSE:" + classCode, List.of());
        if (!own.isEmpty()) {
            return own.get(random.nextInt(own.size()));
        }
        return all.isEmpty() ? null : all.get(random.nextInt(all.size()));
    }

    private String[] direction() throws SQLException {
        try (PreparedStatement ps = directory.prepareStatement("SELECT p.id, p.first_name, p.last_name FROM person p "
                + "JOIN person_function f ON f.person_id = p.id WHERE p.uai = ? AND f.code = 'DIR' ORDER BY p.id")) {
            ps.setString(1, uai);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return new String[] {rs.getString(1), rs.getString(2) + " " + rs.getString(3)};
                }
            }
        }
        return new String[] {"direction", "La direction"};
    }

    /** An active pupil in a class and a groupe (the first by login, so the same for a seed). */
    private String pupil() throws SQLException {
        try (PreparedStatement ps = directory.prepareStatement("SELECT p.login FROM person p JOIN person_profile r ON r.person_id = p.id "
                + "WHERE p.uai = ? AND p.active = TRUE AND r.profile = 'ELEVE' AND EXISTS (SELECT 1 FROM division_member m "
                + "JOIN division d ON d.id = m.division_id WHERE m.person_id = p.id AND d.kind = 'GROUPE') ORDER BY p.login")) {
            ps.setString(1, uai);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getString(1);
                }
            }
        }
        throw new IllegalStateException("no pupil in a groupe in school " + uai);
    }

    private int count(String sql) throws SQLException {
        try (PreparedStatement ps = directory.prepareStatement(sql)) {
            ps.setString(1, uai);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** School holidays, roughly (the week starting on {@code monday}): summer, Toussaint, Noël, winter, spring. */
    private static boolean holiday(LocalDate monday) {
        MonthDay d = MonthDay.from(monday);
        return in(d, MonthDay.of(7, 6), MonthDay.of(8, 31)) || in(d, MonthDay.of(10, 19), MonthDay.of(11, 1))
                || in(d, MonthDay.of(12, 21), MonthDay.of(12, 31)) || in(d, MonthDay.of(1, 1), MonthDay.of(1, 3))
                || in(d, MonthDay.of(2, 9), MonthDay.of(2, 22)) || in(d, MonthDay.of(4, 13), MonthDay.of(4, 26));
    }

    private static boolean in(MonthDay d, MonthDay from, MonthDay to) {
        return !d.isBefore(from) && !d.isAfter(to);
    }

    // --- the cahier --------------------------------------------------------------------------

    private Instant at(LocalDate date, String hhmm) {
        return date.atTime(LocalTime.parse(hhmm)).atZone(PARIS).toInstant();
    }

    /** Written the evening before or at the hour; one written ahead (after now) is published on its morning. */
    private Instant publishAt(LocalDate date, int hour) {
        Instant start = at(date, HOURS[hour][0]);
        return start.isAfter(now) ? at(date, "07:00") : start;
    }

    private void writeSeance(PreparedStatement seance, PreparedStatement devoir, PreparedStatement link, PreparedStatement piece,
            Slot slot, LocalDate date) throws SQLException {
        long id = ++seanceId;
        Teaching t = slot.teaching;
        Instant publish = publishAt(date, slot.hour);
        Instant created = publish.isAfter(now) ? now.minus(1 + random.nextInt(72), ChronoUnit.HOURS)
                : publish.minus(random.nextInt(40), ChronoUnit.HOURS);
        Instant updated = created.plus(random.nextInt(3) == 0 ? random.nextInt(120) : 0, ChronoUnit.MINUTES);
        String topic = TOPICS[random.nextInt(TOPICS.length)];
        int i = 1;
        seance.setLong(i++, id);
        seance.setString(i++, uai);
        seance.setString(i++, t.division.id);
        seance.setString(i++, t.division.label);
        seance.setString(i++, t.subjectCode);
        seance.setString(i++, t.subjectLabel);
        seance.setString(i++, t.authorId);
        seance.setString(i++, t.authorName);
        seance.setDate(i++, java.sql.Date.valueOf(date));
        seance.setString(i++, HOURS[slot.hour][0]);
        seance.setString(i++, HOURS[slot.hour][1]);
        seance.setString(i++, topic + (random.nextInt(3) == 0 ? " (suite)" : ""));
        seance.setString(i++, content(topic));
        seance.setTimestamp(i++, Timestamp.from(publish));
        seance.setTimestamp(i++, Timestamp.from(created));
        seance.setTimestamp(i, Timestamp.from(updated));
        seance.addBatch();
        if (random.nextInt(5) == 0) {
            int n = 1 + random.nextInt(2);
            for (int k = 0; k < n; k++) {
                link.setLong(1, id);
                link.setInt(2, k);
                link.setString(3, "https://fr.wikipedia.org/wiki/" + topic.replace(' ', '_').replace("'", "%27") + (k == 0 ? "" : "#Voir_aussi"));
                link.setString(4, k == 0 ? topic + " (Wikipédia)" : "Pour aller plus loin");
                link.addBatch();
                links++;
            }
        }
        if (random.nextInt(12) == 0) {
            piece.setLong(1, ++pieceId);
            piece.setLong(2, id);
            piece.setString(3, random.nextBoolean() ? "exercices-" + date + ".pdf" : "schema.png");
            piece.setString(4, random.nextBoolean() ? "application/pdf" : "image/png");
            piece.setLong(5, 20_000 + random.nextInt(2_000_000));
            byte[] blob = new byte[32];
            random.nextBytes(blob);
            piece.setString(6, HexFormat.of().formatHex(blob));
            piece.setTimestamp(7, Timestamp.from(created));
            piece.addBatch();
        }
        if (random.nextInt(3) == 0) {
            int n = random.nextInt(5) == 0 ? 2 : 1;
            for (int k = 0; k < n; k++) {
                writeDevoir(devoir, id, t, date, publish);
            }
        }
    }

    private void writeDevoir(PreparedStatement devoir, long seance, Teaching t, LocalDate date, Instant publish) throws SQLException {
        long id = ++devoirId;
        String kind = KINDS[random.nextInt(KINDS.length)];
        LocalDate due = date.plusDays(2 + random.nextInt(kind.equals("SUR_TABLE") || kind.equals("EXPOSE") ? 12 : 6));
        if (due.getDayOfWeek() == DayOfWeek.SATURDAY || due.getDayOfWeek() == DayOfWeek.SUNDAY) {
            due = due.plusDays(8L - due.getDayOfWeek().getValue());
        }
        int i = 1;
        devoir.setLong(i++, id);
        if (seance == 0) {
            devoir.setNull(i++, java.sql.Types.BIGINT);
        } else {
            devoir.setLong(i++, seance);
        }
        devoir.setString(i++, uai);
        devoir.setString(i++, t.division.id);
        devoir.setString(i++, t.division.label);
        devoir.setString(i++, t.subjectCode);
        devoir.setString(i++, t.subjectLabel);
        devoir.setString(i++, t.authorId);
        devoir.setString(i++, t.authorName);
        devoir.setDate(i++, java.sql.Date.valueOf(due));
        devoir.setString(i++, kind);
        devoir.setString(i++, instructions(kind));
        if (kind.equals("SUR_TABLE")) {
            devoir.setInt(i++, 55);
        } else if (random.nextInt(3) == 0) {
            devoir.setNull(i++, java.sql.Types.INTEGER);
        } else {
            devoir.setInt(i++, 10 * (1 + random.nextInt(6)));
        }
        devoir.setBoolean(i++, kind.equals("EXPOSE") || random.nextInt(8) == 0);
        devoir.setTimestamp(i++, Timestamp.from(publish));
        devoir.setBoolean(i++, !publish.isAfter(now));
        devoir.setTimestamp(i++, Timestamp.from(publish.isAfter(now) ? now : publish));
        devoir.setTimestamp(i, Timestamp.from(publish.isAfter(now) ? now : publish));
        devoir.addBatch();
        if (due.isBefore(today) && !t.division.kind.equals("GROUPE")) {
            dueBeforeToday.computeIfAbsent(t.division.id, k -> new ArrayList<>()).add(id);
        }
    }

    private String content(String topic) {
        StringBuilder b = new StringBuilder("<p><strong>").append(topic).append("</strong></p><p>");
        int n = 1 + random.nextInt(6);
        for (int k = 0; k < n; k++) {
            b.append(SENTENCES[random.nextInt(SENTENCES.length)]).append(' ');
        }
        b.append("</p>");
        if (random.nextInt(3) == 0) {
            b.append("<ul><li>Objectif : savoir expliquer « ").append(topic.toLowerCase(java.util.Locale.FRENCH))
                    .append(" »</li><li>Compétence travaillée : raisonner</li></ul>");
        }
        return b.toString();
    }

    private String instructions(String kind) {
        return switch (kind) {
            case "SUR_TABLE" -> "<p>Contrôle sur le chapitre en cours : revoir la leçon et refaire les exercices corrigés.</p>";
            case "LECTURE" -> "<p>Lire les pages " + (20 + random.nextInt(200)) + " à " + (230 + random.nextInt(40)) + " du roman.</p>";
            case "EXPOSE" -> "<p>Préparer un exposé de cinq minutes à deux ; support : une affiche ou un diaporama.</p>";
            default -> "<p>" + SENTENCES[random.nextInt(SENTENCES.length)] + "</p>" + (random.nextBoolean()
                    ? "<p>Apporter le cahier d'exercices et la calculatrice.</p>" : "");
        };
    }

    private void flush(PreparedStatement... statements) throws SQLException {
        for (PreparedStatement s : statements) {
            s.executeBatch();
        }
        cahier.commit();
    }

    /** The direction visas each class every four weeks, up to the Friday before. */
    private int visas(Map<String, Division> divisions, List<LocalDate> weeks, String[] direction) throws SQLException {
        int n = 0;
        try (PreparedStatement ps = cahier.prepareStatement("INSERT INTO cahier_visa (id, school, division_id, until_date, by_id, by_name, "
                + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int w = 4; w < weeks.size(); w += 4) {
                LocalDate until = weeks.get(w).minusDays(3);
                if (!until.isBefore(today)) {
                    break;
                }
                for (Division d : divisions.values()) {
                    if (d.kind.equals("CLASSE")) {
                        ps.setLong(1, ++visaId);
                        ps.setString(2, uai);
                        ps.setString(3, d.id);
                        ps.setDate(4, java.sql.Date.valueOf(until));
                        ps.setString(5, direction[0]);
                        ps.setString(6, direction[1]);
                        ps.setTimestamp(7, Timestamp.from(at(until.plusDays(3), "17:00")));
                        ps.addBatch();
                        n++;
                    }
                }
            }
            ps.executeBatch();
        }
        cahier.commit();
        return n;
    }

    /** One séance in two hundred corrected after the fact. */
    private int amendments() throws SQLException {
        int n = 0;
        try (PreparedStatement ps = cahier.prepareStatement("INSERT INTO cahier_amendment (id, seance_id, devoir_id, author_id, author_name, "
                + "text, created_at) SELECT CAST(? AS BIGINT), id, CAST(NULL AS BIGINT), author_id, author_name, CAST(? AS VARCHAR(4000)), updated_at "
                + "FROM cahier_seance WHERE id = ?")) {
            for (long s = 1 + random.nextInt(200); s <= seanceId; s += 100 + random.nextInt(200)) {
                ps.setLong(1, ++amendmentId);
                ps.setString(2, "Correction : les exercices sont ceux de la page 86, et non 84.");
                ps.setLong(3, s);
                n += ps.executeUpdate();
            }
        }
        cahier.commit();
        return n;
    }

    /** Pupils tick a tenth of the devoirs of their class that were due before today. */
    private void ticks() throws SQLException {
        Map<String, List<String>> members = new HashMap<>();
        try (PreparedStatement ps = directory.prepareStatement("SELECT m.division_id, m.person_id FROM division_member m "
                + "JOIN division d ON d.id = m.division_id WHERE d.uai = ? AND d.kind = 'CLASSE' AND m.role = 'ELEVE'")) {
            ps.setString(1, uai);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    members.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        Timestamp at = Timestamp.from(now.minus(1, ChronoUnit.DAYS));
        try (PreparedStatement ps = cahier.prepareStatement("INSERT INTO cahier_done (devoir_id, pupil_id, done_at) VALUES (?, ?, ?)")) {
            int pending = 0;
            for (Map.Entry<String, List<Long>> e : dueBeforeToday.entrySet()) {
                for (String pupil : members.getOrDefault(e.getKey(), List.of())) {
                    for (Long devoir : e.getValue()) {
                        if (random.nextInt(10) == 0) {
                            ps.setLong(1, devoir);
                            ps.setString(2, pupil);
                            ps.setTimestamp(3, at);
                            ps.addBatch();
                            done++;
                            if (++pending >= 5 * BATCH) {
                                ps.executeBatch();
                                cahier.commit();
                                pending = 0;
                            }
                        }
                    }
                }
            }
            ps.executeBatch();
        }
        cahier.commit();
    }
}
