package fr.preau.directory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.directory.NewPerson;
import fr.preau.directory.School;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class DirectoryServiceImplTest {

    private static final Uai UAI = new Uai("0999999Z");
    private static final Uai OTHER = new Uai("0888888Y");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-09-01T07:30:00Z"), ZoneId.of("Europe/Paris"));

    private EmbeddedDataSource ds;
    private DirectoryServiceImpl directory;

    @BeforeEach
    void setUp() throws SQLException {
        ds = TestDatabases.derby();
        directory = new DirectoryServiceImpl(ds, CLOCK, 8);
        directory.saveSchool(new School(UAI, "Collège Jean Rostand", false));
    }

    @AfterEach
    void tearDown() {
        TestDatabases.drop(ds);
    }

    private static NewPerson person(String login, Set<Profile> profiles, String... classes) {
        return new NewPerson(PersonId.random(), login, "Camille", "Martin", UAI, profiles, List.of(classes));
    }

    private static ProblemException problem(int status, String code, Executable action) {
        ProblemException e = assertThrows(ProblemException.class, action);
        assertEquals(status, e.status(), e.title());
        assertEquals(code, e.code());
        assertFalse(e.title().isBlank());
        return e;
    }

    @Test
    void everyPersonHasAnAddressAtTheirSchoolsMailDomain() {
        Person camille = directory.create(person("Camille.Martin", Set.of(Profile.ELEVE)));
        assertEquals("0999999z.preau.invalid", directory.mailDomain(UAI), "a placeholder until the referent chooses");
        assertEquals(Optional.of("camille.martin@0999999z.preau.invalid"), directory.mailAddress(camille.id()));
        directory.setMailDomain(UAI, " Clg-Rostand.AC-Fictive.fr ");
        assertEquals("clg-rostand.ac-fictive.fr", directory.mailDomain(UAI));
        assertEquals(Optional.of("camille.martin@clg-rostand.ac-fictive.fr"), directory.mailAddress(camille.id()));
        for (String bad : new String[] {"", "localhost", "école.fr", "-x.fr", "a..fr", "x.f_r", "x.fr/", "a@b.fr"}) {
            problem(400, "invalid-mail-domain", () -> directory.setMailDomain(UAI, bad));
        }
        assertEquals("clg-rostand.ac-fictive.fr", directory.mailDomain(UAI), "a refused domain changes nothing");
        problem(404, "unknown-school", () -> directory.setMailDomain(OTHER, "autre.fr"));
        problem(404, "unknown-school", () -> directory.mailDomain(OTHER));
        assertEquals(Optional.empty(), directory.mailAddress(PersonId.random()));
    }

    @Test
    void migrationIsIdempotent() throws SQLException {
        TestDatabases.migrate(ds);
        assertEquals(1, directory.schools().size());
    }

    @Test
    void savesListsAndRenamesSchools() {
        directory.saveSchool(new School(OTHER, "  École du Port ", false));
        assertEquals(List.of(new School(OTHER, "École du Port", false), new School(UAI, "Collège Jean Rostand", false)),
                directory.schools());
        directory.saveSchool(new School(UAI, "Collège Jean-Rostand", false));
        assertEquals(Optional.of(new School(UAI, "Collège Jean-Rostand", false)), directory.school(UAI));
        assertEquals(Optional.empty(), directory.school(new Uai("0777777X")));
        assertEquals(Optional.empty(), directory.school(null));
    }

    @Test
    void schoolDemoFlagCannotChange() {
        problem(409, "school-demo-mismatch", () -> directory.saveSchool(new School(UAI, "Démo", true)));
        assertFalse(directory.school(UAI).orElseThrow().demo());
    }

    @Test
    void schoolNeedsAName() {
        problem(400, "invalid-school-name", () -> directory.saveSchool(new School(OTHER, "  ", false)));
        problem(400, "invalid-school-name", () -> directory.saveSchool(new School(OTHER, "x".repeat(201), false)));
    }

    @Test
    void createsAndFindsAPerson() {
        NewPerson np = new NewPerson(PersonId.random(), "C.Martin", " Camille ", "Martin", UAI,
                Set.of(Profile.ENSEIGNANT, Profile.REFERENT), List.of("4A", "3B", "4A"));
        Person created = directory.create(np);
        assertEquals("Camille Martin", created.displayName());
        assertEquals("C.Martin", created.login());
        assertEquals(Set.of(Profile.ENSEIGNANT, Profile.REFERENT), created.profiles());

        assertEquals(Optional.of(created), directory.find(np.id()));
        assertEquals(Optional.of(created), directory.findByLogin("c.martin"));
        assertEquals(Optional.of(created), directory.findByLogin("  C.MARTIN "));
        assertEquals(List.of("3B", "4A"), directory.classesOf(np.id()));
        assertEquals(1, directory.countPeople());
    }

    @Test
    void unknownLoginsAndIdsAreEmpty() {
        assertEquals(Optional.empty(), directory.findByLogin("nobody"));
        assertEquals(Optional.empty(), directory.findByLogin(null));
        assertEquals(Optional.empty(), directory.findByLogin("not a login ' OR 1=1 --"));
        assertEquals(Optional.empty(), directory.find(PersonId.random()));
        assertEquals(Optional.empty(), directory.find(null));
        assertEquals(List.of(), directory.classesOf(PersonId.random()));
        assertEquals(List.of(), directory.childrenOf(PersonId.random()));
    }

    @Test
    void validatesLogins() {
        for (String bad : new String[] {"", "  ", "jean dupont", "élodie", "a/b", "x".repeat(65), null}) {
            problem(400, "invalid-login", () -> directory.create(person(bad, Set.of(Profile.ELEVE))));
        }
        directory.create(person("x".repeat(64), Set.of(Profile.ELEVE)));
        directory.create(person("a.b_c-9", Set.of(Profile.ELEVE)));
        assertEquals(2, directory.countPeople());
    }

    @Test
    void validatesNamesAndClasses() {
        problem(400, "invalid-name", () -> directory.create(
                new NewPerson(PersonId.random(), "a", " ", "Martin", UAI, Set.of(Profile.ELEVE), List.of())));
        problem(400, "invalid-name", () -> directory.create(
                new NewPerson(PersonId.random(), "a", "Camille", "x".repeat(101), UAI, Set.of(Profile.ELEVE), List.of())));
        problem(400, "invalid-name", () -> directory.create(
                new NewPerson(PersonId.random(), "a", "Cam\nille", "Martin", UAI, Set.of(Profile.ELEVE), List.of())));
        problem(400, "invalid-class", () -> directory.create(person("a", Set.of(Profile.ELEVE), "x".repeat(17))));
        problem(400, "invalid-class", () -> directory.create(person("a", Set.of(Profile.ELEVE), " ")));
        problem(400, "invalid-class", () -> directory.create(
                person("a", Set.of(Profile.ENSEIGNANT), "1", "2", "3", "4", "5", "6", "7", "8", "9")));
        problem(400, "invalid-profile", () -> directory.create(person("a", Set.of())));
        directory.create(new NewPerson(PersonId.random(), "a", "C".repeat(100), "M".repeat(100), UAI,
                Set.of(Profile.ELEVE), List.of("x".repeat(16))));
        assertEquals(1, directory.countPeople());
    }

    @Test
    void unknownSchoolIsNotFoundAndNothingIsWritten() throws SQLException {
        problem(404, "unknown-school", () -> directory.create(new NewPerson(PersonId.random(), "a", "Camille", "Martin",
                new Uai("0777777X"), Set.of(Profile.ELEVE), List.of("4A"))));
        assertEquals(0, rows("person") + rows("person_profile") + rows("person_school") + rows("division_member") + rows("division"));
    }

    @Test
    void loginsAreUniqueWhateverTheCase() {
        directory.create(person("c.martin", Set.of(Profile.ELEVE)));
        ProblemException e = problem(409, "login-taken", () -> directory.create(person("C.Martin", Set.of(Profile.PARENT))));
        assertTrue(e.title().contains("C.Martin"));
        assertEquals(1, directory.countPeople());
    }

    @Test
    void idsAreUnique() {
        NewPerson first = person("one", Set.of(Profile.ELEVE));
        directory.create(first);
        problem(409, "person-exists", () -> directory.create(
                new NewPerson(first.id(), "two", "Alex", "Petit", UAI, Set.of(Profile.ELEVE), List.of())));
    }

    @Test
    void aFailedCreateLeavesNothingHalfWritten() throws SQLException {
        DirectoryServiceImpl failing = new DirectoryServiceImpl(
                TestDatabases.failing(ds, sql -> sql.startsWith("INSERT INTO division_member")), CLOCK, 8);
        problem(503, "directory-unavailable", () -> failing.create(person("a", Set.of(Profile.ELEVE), "4A")));
        assertEquals(0, rows("person") + rows("person_profile") + rows("person_school") + rows("division_member") + rows("division"));
        assertEquals(Optional.empty(), directory.findByLogin("a"));
    }

    @Test
    void concurrentCreatesOfOneLoginLetOneWin() throws Exception {
        int n = 6;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        directory.create(person("same", Set.of(Profile.ELEVE)));
                        return "created";
                    } catch (ProblemException e) {
                        return e.code();
                    }
                }));
            }
            start.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> f : results) {
                outcomes.add(f.get());
            }
            assertEquals(1, outcomes.stream().filter("created"::equals).count(), outcomes.toString());
            assertEquals(n - 1, outcomes.stream().filter("login-taken"::equals).count(), outcomes.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, directory.countPeople());
    }

    @Test
    void linksResponsablesToEleves() {
        Person parent = directory.create(person("parent", Set.of(Profile.PARENT)));
        Person zoe = directory.create(new NewPerson(PersonId.random(), "zoe", "Zoé", "Martin", UAI, Set.of(Profile.ELEVE), List.of("6A")));
        Person alex = directory.create(new NewPerson(PersonId.random(), "alex", "Alex", "Martin", UAI, Set.of(Profile.ELEVE), List.of("4B")));
        directory.linkResponsable(parent.id(), zoe.id());
        directory.linkResponsable(parent.id(), alex.id());
        directory.linkResponsable(parent.id(), zoe.id()); // idempotent
        assertEquals(List.of(alex, zoe), directory.childrenOf(parent.id()));
        assertEquals(List.of(), directory.childrenOf(zoe.id()));
    }

    @Test
    void refusesInvalidLinks() {
        Person parent = directory.create(person("parent", Set.of(Profile.PARENT)));
        Person other = directory.create(person("parent2", Set.of(Profile.PARENT)));
        Person eleve = directory.create(person("eleve", Set.of(Profile.ELEVE)));
        Person prof = directory.create(person("prof", Set.of(Profile.ENSEIGNANT)));
        problem(400, "invalid-link", () -> directory.linkResponsable(parent.id(), other.id()));
        problem(400, "invalid-link", () -> directory.linkResponsable(eleve.id(), parent.id()));
        problem(400, "invalid-link", () -> directory.linkResponsable(prof.id(), eleve.id()));
        problem(400, "invalid-link", () -> directory.linkResponsable(parent.id(), parent.id()));
        problem(404, "unknown-person", () -> directory.linkResponsable(parent.id(), PersonId.random()));
        assertEquals(List.of(), directory.childrenOf(parent.id()));
    }

    @Test
    void storesTimestampsFromTheClockInUtc() throws SQLException {
        directory.create(person("a", Set.of(Profile.ELEVE)));
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT created_at FROM person");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertEquals(CLOCK.instant(), rs.getTimestamp(1,
                    java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC"))).toInstant());
        }
    }

    @Test
    void databaseFailuresAreServiceUnavailable() {
        DirectoryServiceImpl broken = new DirectoryServiceImpl(TestDatabases.failing(ds, sql -> true), CLOCK, 8);
        problem(503, "directory-unavailable", () -> broken.findByLogin("a"));
        problem(503, "directory-unavailable", broken::countPeople);
    }

    @Test
    void worksTheSameOnH2InPostgresMode() throws SQLException {
        DataSource h2 = TestDatabases.h2();
        TestDatabases.migrate(h2);
        DirectoryServiceImpl onH2 = new DirectoryServiceImpl(h2, CLOCK, 8);
        onH2.saveSchool(new School(UAI, "Collège", false));
        Person parent = onH2.create(person("parent", Set.of(Profile.PARENT)));
        Person eleve = onH2.create(person("eleve", Set.of(Profile.ELEVE), "5C"));
        onH2.linkResponsable(parent.id(), eleve.id());
        assertEquals(List.of(eleve), onH2.childrenOf(parent.id()));
        assertEquals(Optional.of(parent), onH2.findByLogin("PARENT"));
        problem(409, "login-taken", () -> onH2.create(person("Eleve", Set.of(Profile.ELEVE))));
        assertEquals(List.of("5C"), onH2.classesOf(eleve.id()));
        assertEquals(2, onH2.countPeople());
    }

    private long rows(String table) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
