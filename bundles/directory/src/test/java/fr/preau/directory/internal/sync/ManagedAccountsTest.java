package fr.preau.directory.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.directory.NewGuest;
import fr.preau.directory.PersonRecord;
import fr.preau.directory.PersonRecord.Deactivation;
import fr.preau.directory.internal.DirectoryServiceImpl;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** What the referent's console does to accounts: detail, deactivation that imports respect, guests with an end date. */
class ManagedAccountsTest {

    static final Uai COLLEGE = new Uai("0999999Z");
    /** Tuesday 1 September 2026, 9:30 in Paris. */
    static final LocalDate TODAY = LocalDate.of(2026, 9, 1);

    @TempDir
    Path dir;

    ImportFixture f;
    MovableClock clock = new MovableClock(Instant.parse("2026-09-01T07:30:00Z"));
    DirectoryServiceImpl directory;

    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        f = new ImportFixture(dir);
        f.run(f.college());
        directory = new DirectoryServiceImpl(f.db, clock, 64);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private static ProblemException problem(int status, String code, Executable action) {
        ProblemException e = assertThrows(ProblemException.class, action);
        assertEquals(status, e.status(), e.title());
        assertEquals(code, e.code(), e.title());
        return e;
    }

    @Test
    void theRecordOfAPupilNamesClassesAndResponsablesWithTheirKind() {
        PersonRecord leo = directory.record("Leo.Marchand").orElseThrow();
        assertEquals("leo.marchand", leo.person().login());
        assertEquals("Léo", leo.firstName());
        assertTrue(leo.active());
        assertEquals(List.of(COLLEGE), leo.schools());
        assertEquals("ELEVE", leo.source());
        assertTrue(leo.divisions().stream().anyMatch(d -> d.code().equals("6A")), leo.divisions().toString());
        assertEquals(List.of("Hélène MARCHAND/MERE/true", "Paul MARCHAND/PERE/true"), leo.responsables().stream()
                .map(l -> l.person().displayName() + "/" + l.kind() + "/" + l.legal()).toList());
        assertEquals(leo, directory.record(leo.person().id().value()).orElseThrow(), "by id too");

        PersonRecord helene = directory.record("helene.marchand").orElseThrow();
        assertEquals(List.of("Léo MARCHAND"), helene.children().stream().map(l -> l.person().displayName()).toList());
        assertEquals(List.of("6A"), helene.children().get(0).classes());
        assertEquals(Optional.empty(), directory.record("personne.inconnue"));
        assertEquals(Optional.empty(), directory.record(" "));
    }

    @Test
    void aPersonTheReferentDeactivatedStaysDeactivatedThroughImports() throws Exception {
        Person leo = directory.findByLogin("leo.marchand").orElseThrow();
        assertTrue(directory.deactivate(leo.id(), Deactivation.REFERENT));
        assertFalse(directory.deactivate(leo.id(), Deactivation.REFERENT), "already deactivated");
        assertEquals(Optional.empty(), directory.findByLogin("leo.marchand"), "cannot sign in");
        assertEquals(Optional.empty(), directory.find(leo.id()));
        PersonRecord record = directory.record("leo.marchand").orElseThrow();
        assertFalse(record.active());
        assertEquals(Deactivation.REFERENT, record.deactivatedBy());
        assertEquals(clock.now, record.deactivatedAt());
        assertEquals(List.of("Hélène MARCHAND", "Paul MARCHAND"), record.responsables().stream().map(l -> l.person().displayName()).toList(),
                "a deactivated pupil's links still show");

        f.run(f.college());
        f.run(f.example("ENT_0999999Z_Delta_20250915_Eleve_0000.xml"));
        record = directory.record("leo.marchand").orElseThrow();
        assertFalse(record.active(), "the annuaire still lists Léo, but the referent's decision stands");
        assertEquals(Deactivation.REFERENT, record.deactivatedBy());

        assertTrue(directory.reactivate(leo.id()));
        assertFalse(directory.reactivate(leo.id()));
        assertEquals(leo.id(), directory.findByLogin("leo.marchand").orElseThrow().id());
        assertEquals(null, directory.record("leo.marchand").orElseThrow().deactivatedBy());
        problem(404, "unknown-person", () -> directory.deactivate(new fr.preau.api.PersonId("nobody"), Deactivation.REFERENT));
    }

    @Test
    void guestsGetALoginLikeEveryoneAndAnEndDate() {
        Person zoe = directory.createGuest(new NewGuest(" Zoé ", "Lefèvre-Dupont", COLLEGE, "zoe@exemple.fr", TODAY.plusDays(30)));
        assertEquals("zoe.lefevre-dupont", zoe.login());
        assertEquals(Set.of(Profile.INVITE), zoe.profiles());
        Person again = directory.createGuest(new NewGuest("Zoe", "Lefevre Dupont", COLLEGE, null, TODAY));
        assertEquals("zoe.lefevre-dupont2", again.login(), "collisions are numbered");
        PersonRecord record = directory.record(zoe.login()).orElseThrow();
        assertEquals(TODAY.plusDays(30), record.guestUntil());
        assertEquals("zoe@exemple.fr", record.email());
        assertEquals(null, record.source(), "created on the box");
        assertTrue(directory.search(fr.preau.directory.PeopleQuery.of(COLLEGE)).stream().anyMatch(e -> e.person().equals(zoe)));

        problem(400, "invalid-end-date", () -> directory.createGuest(new NewGuest("A", "B", COLLEGE, null, TODAY.minusDays(1))));
        problem(400, "invalid-end-date", () -> directory.createGuest(new NewGuest("A", "B", COLLEGE, null, TODAY.plusYears(1).plusDays(1))));
        problem(400, "invalid-end-date", () -> directory.createGuest(new NewGuest("A", "B", COLLEGE, null, null)));
        problem(400, "invalid-email", () -> directory.createGuest(new NewGuest("A", "B", COLLEGE, "pas une adresse", TODAY)));
        problem(400, "invalid-name", () -> directory.createGuest(new NewGuest(" ", "B", COLLEGE, null, TODAY)));
        problem(404, "unknown-school", () -> directory.createGuest(new NewGuest("A", "B", new Uai("0777777X"), null, TODAY)));
        directory.createGuest(new NewGuest("A", "B", COLLEGE, null, TODAY.plusYears(1)));
        Person leo = directory.findByLogin("leo.marchand").orElseThrow();
        problem(409, "not-a-guest", () -> directory.setGuestUntil(leo.id(), TODAY.plusDays(3)));
    }

    @Test
    void aGuestPastItsEndDateCannotSignInAndIsDeactivatedBySweep() {
        Person zoe = directory.createGuest(new NewGuest("Zoé", "Lefèvre", COLLEGE, null, TODAY.plusDays(2)));
        assertEquals(List.of(), directory.expireGuests(TODAY.plusDays(2)), "the last day is included");
        // Friday 4 September, 0:30 in Paris (still Thursday in UTC): the invitation is over
        clock.now = Instant.parse("2026-09-03T22:30:00Z");
        assertEquals(Optional.empty(), directory.findByLogin("zoe.lefevre"), "refused at once, before the sweep");
        assertTrue(directory.record("zoe.lefevre").orElseThrow().active());

        assertEquals(List.of(zoe.id()), directory.expireGuests(LocalDate.of(2026, 9, 4)).stream().map(Person::id).toList());
        assertEquals(List.of(), directory.expireGuests(LocalDate.of(2026, 9, 4)), "once");
        PersonRecord record = directory.record("zoe.lefevre").orElseThrow();
        assertFalse(record.active());
        assertEquals(Deactivation.EXPIRED, record.deactivatedBy());
        assertNotNull(record.deactivatedAt());

        ProblemException ended = problem(409, "guest-ended", () -> directory.reactivate(zoe.id()));
        assertTrue(ended.title().contains("jeudi 3 septembre 2026"), ended.title());
        clock.now = clock.now.plus(Duration.ofHours(10));
        directory.setGuestUntil(zoe.id(), LocalDate.of(2026, 9, 30));
        assertTrue(directory.reactivate(zoe.id()));
        assertEquals(zoe.id(), directory.findByLogin("zoe.lefevre").orElseThrow().id());
    }
}
