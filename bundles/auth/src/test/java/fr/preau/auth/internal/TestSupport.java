package fr.preau.auth.internal;

import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.audit.AuditEntry;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.api.Page;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.NewPerson;
import fr.preau.directory.School;
import fr.preau.store.testing.Databases;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;

/** Fakes and databases for the auth tests. */
final class TestSupport {

    static final Uai UAI = new Uai("0750001A");
    /** Cheap Argon2 for tests that hash a lot; the format and cost are tested in PasswordHasherTest. */
    static final Argon2Params CHEAP = new Argon2Params(1024, 1, 1);

    private TestSupport() {
    }

    /** Production defaults, except cheap hashes and no background sweep. */
    static Settings settings() {
        Settings d = Settings.defaults();
        return new Settings(d.sessionIdle(), d.sessionMax(), Duration.ZERO, d.lockoutFailures(), d.lockoutDuration(),
                d.failureDelay(), d.addressMaxFailures(), d.addressWindow(), d.activationValidity(), CHEAP,
                d.maxConcurrentHashes());
    }

    static Person person(String login, Profile profile) {
        return new Person(PersonId.random(), login, "Personne " + login, UAI, Set.of(profile));
    }

    static EmbeddedDataSource derby() throws SQLException {
        return Databases.derby("auth", AuthSchema.CHANGELOG, TestSupport.class.getClassLoader());
    }

    /** H2 in PostgreSQL mode: the changelog and SQL must stay portable. */
    static DataSource h2PostgresMode() throws SQLException {
        return Databases.h2PostgresMode(AuthSchema.CHANGELOG, TestSupport.class.getClassLoader());
    }

    static void migrate(DataSource ds) throws SQLException {
        Databases.migrate(ds, AuthSchema.CHANGELOG, TestSupport.class.getClassLoader());
    }

    static void drop(EmbeddedDataSource ds) {
        Databases.drop(ds);
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;
        private final ZoneId zone;

        MutableClock(Instant start) {
            this(start, ZoneId.of("Europe/Paris"));
        }

        private MutableClock(Instant start, ZoneId zone) {
            this.now = start;
            this.zone = zone;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId z) {
            return new MutableClock(now, z);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** The annuaire: logins are case-insensitive. */
    static final class FakeDirectory implements DirectoryService {
        private final Map<String, Person> byLogin = new ConcurrentHashMap<>();
        private final Map<PersonId, Person> byId = new ConcurrentHashMap<>();

        Person add(Person p) {
            byLogin.put(p.login().toLowerCase(Locale.ROOT), p);
            byId.put(p.id(), p);
            return p;
        }

        @Override
        public Optional<Person> findByLogin(String login) {
            return Optional.ofNullable(byLogin.get(login.strip().toLowerCase(Locale.ROOT)));
        }

        @Override
        public Optional<Person> find(PersonId id) {
            return Optional.ofNullable(byId.get(id));
        }

        @Override
        public List<School> schools() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<School> school(Uai uai) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> degree(Uai uai) {
            throw new UnsupportedOperationException();
        }

        @Override
        public School saveSchool(School school) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Person create(NewPerson person) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void linkResponsable(PersonId responsable, PersonId eleve) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Person> childrenOf(PersonId responsable) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<fr.preau.directory.DirectoryEntry> search(fr.preau.directory.PeopleQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String mailDomain(Uai school) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setMailDomain(Uai school, String domain) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> mailAddress(PersonId person) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> classesOf(PersonId person) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long countPeople() {
            return byId.size();
        }

        @Override
        public Optional<fr.preau.directory.PersonRecord> record(String idOrLogin) {
            throw new UnsupportedOperationException();
        }

        /** Like the annuaire: a deactivated person is no longer found. */
        @Override
        public boolean deactivate(PersonId person, fr.preau.directory.PersonRecord.Deactivation by) {
            Person p = byId.remove(person);
            if (p == null) {
                return false;
            }
            byLogin.remove(p.login().toLowerCase(Locale.ROOT));
            return true;
        }

        @Override
        public boolean reactivate(PersonId person) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Person createGuest(fr.preau.directory.NewGuest guest) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setGuestUntil(PersonId guest, java.time.LocalDate until) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Person> expireGuests(java.time.LocalDate today) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<fr.preau.directory.letters.PersonName> nameOf(PersonId id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<fr.preau.directory.Division> divisionsOf(PersonId person) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<fr.preau.directory.Division> divisions(Uai uai) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<fr.preau.directory.Division> division(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Person> pupilsOf(String divisionId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Person> teachersOf(String divisionId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<fr.preau.directory.Teaching> teachingsOf(PersonId teacher) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Person> parentsOf(PersonId eleve) {
            throw new UnsupportedOperationException();
        }
    }

    /** Keeps every recorded event for assertions. */
    static final class CapturingAudit implements AuditLog {
        final List<AuditEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void record(AuditEvent event) {
            events.add(event);
        }

        List<AuditEvent> of(String action) {
            return events.stream().filter(e -> e.action().equals(action)).toList();
        }

        AuditEvent last() {
            return events.get(events.size() - 1);
        }

        @Override
        public Page<AuditEntry> find(String action, int offset, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Page<AuditEntry> search(fr.preau.audit.AuditQuery query, int offset, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean verifyChain() {
            return true;
        }
    }
}
