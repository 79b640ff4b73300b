package fr.preau.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.Page;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.audit.AuditActions;
import fr.preau.audit.AuditEntry;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditQuery;
import fr.preau.store.testing.RecordingMigrator;
import fr.preau.store.testing.Databases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditLogImplTest {

    private static final PersonId REFERENT = new PersonId("referent-1");

    /** A clock that ticks one second per reading, in a zone with daylight saving time. */
    private static final class TickingClock extends Clock {
        private final AtomicLong millis = new AtomicLong(Instant.parse("2026-10-25T00:30:00Z").toEpochMilli());

        @Override
        public ZoneId getZone() {
            return ZoneId.of("Europe/Paris");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.getAndAdd(1000)).plusNanos(123_456);
        }
    }

    private EmbeddedDataSource ds;
    private final TickingClock clock = new TickingClock();
    private AuditLogImpl audit;

    @BeforeEach
    void setUp() throws SQLException {
        ds = Databases.derby("audit", AuditSchema.CHANGELOG, AuditLogImplTest.class.getClassLoader());
        audit = new AuditLogImpl(ds, clock);
    }

    @AfterEach
    void tearDown() {
        Databases.drop(ds);
    }

    private static void migrate(DataSource ds) throws SQLException {
        Databases.migrate(ds, AuditSchema.CHANGELOG, AuditLogImplTest.class.getClassLoader());
    }

    private void login(String typed, boolean success) {
        audit.record(new AuditEvent(AuditActions.LOGIN, success ? REFERENT : null, typed, "192.0.2.7", success,
                success ? Map.of() : Map.of("reason", "bad-credentials")));
    }

    @Test
    void emptyLogIsValid() {
        assertTrue(audit.verifyChain());
        assertEquals(new Page<>(List.of(), 0, 0, 10), audit.find(null, 0, 10));
    }

    @Test
    void appendsAndReadsBackNewestFirst() {
        login("jdupont", false);
        login("jdupont", true);
        audit.record(AuditEvent.of(AuditActions.SETUP, REFERENT, "demo", null, true));

        Page<AuditEntry> page = audit.find(null, 0, 10);
        assertEquals(3, page.total());
        assertEquals(List.of(3L, 2L, 1L), page.items().stream().map(AuditEntry::sequence).toList());

        AuditEntry first = page.items().get(2);
        assertEquals(new AuditEvent(AuditActions.LOGIN, null, "jdupont", "192.0.2.7", false, Map.of("reason", "bad-credentials")),
                first.event());
        assertEquals(Instant.parse("2026-10-25T00:30:00Z"), first.at(), "time from the clock, to the millisecond");
        assertEquals(64, first.hash().length());
        assertEquals(Instant.parse("2026-10-25T00:30:02Z"), page.items().get(0).at());
        assertTrue(audit.verifyChain());
    }

    @Test
    void searchesByActionFamilyActorPeriodAndOutcome() {
        login("jdupont", false);                                                          // 00:30:00
        login("jdupont", true);                                                           // 00:30:01
        audit.record(AuditEvent.of(AuditActions.UNLOCK, REFERENT, "person-1", "192.0.2.8", true));  // 00:30:02
        audit.record(AuditEvent.of(AuditActions.SETUP, new PersonId("other"), "demo", null, true)); // 00:30:03
        assertEquals(List.of(4L, 3L), audit.search(new AuditQuery("admin.", null, null, null, null), 0, 10).items().stream()
                .map(AuditEntry::sequence).toList(), "the admin.* family");
        assertEquals(List.of(3L, 2L), audit.search(new AuditQuery(null, REFERENT, null, null, null), 0, 10).items().stream()
                .map(AuditEntry::sequence).toList());
        assertEquals(List.of(1L), audit.search(new AuditQuery(AuditActions.LOGIN, null, null, null, false), 0, 10).items().stream()
                .map(AuditEntry::sequence).toList());
        Instant t0 = Instant.parse("2026-10-25T00:30:01Z");
        assertEquals(List.of(3L, 2L), audit.search(new AuditQuery(null, null, t0, t0.plusSeconds(2), null), 0, 10).items().stream()
                .map(AuditEntry::sequence).toList(), "from included, to excluded");
        assertEquals(4, audit.search(AuditQuery.ALL, 0, 10).total());
        assertEquals(0, audit.search(new AuditQuery("admin%", null, null, null, null), 0, 10).total(), "no SQL pattern from outside");
        assertThrows(IllegalArgumentException.class, () -> new AuditQuery(null, null, t0, t0, null));
    }

    @Test
    void pagesAndFilters() {
        for (int i = 0; i < 7; i++) {
            login("user" + i, i % 2 == 0);
            audit.record(AuditEvent.of(AuditActions.PERSONAL_DATA_READ, REFERENT, "person-" + i, "192.0.2.8", true));
        }
        Page<AuditEntry> logins = audit.find(AuditActions.LOGIN, 2, 3);
        assertEquals(7, logins.total());
        assertEquals(List.of("user4", "user3", "user2"), logins.items().stream().map(e -> e.event().subject()).toList());
        assertEquals(2, logins.offset());
        assertEquals(3, logins.limit());

        Page<AuditEntry> all = audit.find(null, 12, 5);
        assertEquals(14, all.total());
        assertEquals(List.of(2L, 1L), all.items().stream().map(AuditEntry::sequence).toList());
        assertEquals(0, audit.find("nothing.like.this", 0, 5).total());

        assertThrows(ProblemException.class, () -> audit.find(null, -1, 5));
        assertThrows(ProblemException.class, () -> audit.find(null, 0, 0));
        assertThrows(ProblemException.class, () -> audit.find(null, 0, Page.MAX_LIMIT + 1));
    }

    @Test
    void detectsAnAlteredEntry() throws SQLException {
        login("a", false);
        login("b", true);
        login("c", false);
        assertTrue(audit.verifyChain());
        execute("UPDATE audit_entry SET success = ? WHERE seq = 2", false);
        assertFalse(audit.verifyChain());
    }

    @Test
    void detectsAnAlteredSubject() throws SQLException {
        login("a", false);
        login("b", true);
        login("c", false);
        execute("UPDATE audit_entry SET subject = 'someone-else' WHERE seq = 1");
        assertFalse(audit.verifyChain());
    }

    @Test
    void detectsARemovedEntry() throws SQLException {
        login("a", false);
        login("b", true);
        login("c", false);
        execute("DELETE FROM audit_entry WHERE seq = 2");
        assertFalse(audit.verifyChain());
    }

    @Test
    void detectsAMovedTimestamp() throws SQLException {
        login("a", false);
        login("b", true);
        execute("UPDATE audit_entry SET recorded_at = ? WHERE seq = 1", java.sql.Timestamp.from(Instant.parse("2020-01-01T00:00:00Z")));
        assertFalse(audit.verifyChain());
    }

    @Test
    void detectsARewrittenChainTail() throws SQLException {
        login("a", false);
        login("b", true);
        // re-hash entry 2 correctly after changing it: entry 3 no longer points at it
        login("c", true);
        AuditLogImpl.Row forged = AuditLogImpl.normalise(new AuditEvent(AuditActions.LOGIN, null, "b", "192.0.2.7", false, Map.of()));
        String prev;
        Instant at;
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT prev_hash, recorded_at FROM audit_entry WHERE seq = 2");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            prev = rs.getString(1);
            at = rs.getTimestamp(2, java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone(ZoneOffset.UTC))).toInstant();
        }
        execute("UPDATE audit_entry SET actor = NULL, success = ?, details = '{}', hash = ? WHERE seq = 2",
                false, AuditLogImpl.hash(2, at, forged, prev));
        assertFalse(audit.verifyChain());
    }

    @Test
    void concurrentWritersGetAGapFreeSequenceAndAValidChain() throws Exception {
        int threads = 6;
        int each = 15;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        audit.record(AuditEvent.of(AuditActions.PERSONAL_DATA_READ, REFERENT, "t" + id + "-" + i, null, true));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<Long> seqs = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT seq FROM audit_entry ORDER BY seq");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                seqs.add(rs.getLong(1));
            }
        }
        assertEquals(threads * each, seqs.size());
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(i + 1L, seqs.get(i));
        }
        assertTrue(audit.verifyChain());
    }

    @Test
    void twoInstancesOnOneDatabaseKeepTheChain() {
        AuditLogImpl other = new AuditLogImpl(ds, clock);
        for (int i = 0; i < 5; i++) {
            audit.record(AuditEvent.of(AuditActions.LOGOUT, REFERENT, null, null, true));
            other.record(AuditEvent.of(AuditActions.LOGOUT, REFERENT, null, null, true));
        }
        assertEquals(10, audit.find(null, 0, 50).total());
        assertTrue(other.verifyChain());
    }

    @Test
    void refusesSecretLookingDetailKeys() {
        for (String key : new String[] {"password", "Password", "new_password", "passwordHash", "code", "activation-code",
                "activationCode", "token", "csrfToken", "session", "session.id", "sessionId", "secret", "pin", "otp"}) {
            assertThrows(IllegalArgumentException.class, () -> audit.record(new AuditEvent(AuditActions.LOGIN, null, "x", null,
                    false, Map.of(key, "whatever"))), key);
        }
        assertTrue(audit.find(null, 0, 10).items().isEmpty(), "nothing recorded");
        for (String key : new String[] {"reason", "module", "status", "encoding", "codec", "attempts"}) {
            assertFalse(AuditLogImpl.looksSecret(key), key);
        }
    }

    @Test
    void refusesMalformedActionsAndKeys() {
        assertThrows(IllegalArgumentException.class, () -> audit.record(AuditEvent.of("Auth Login", null, null, null, true)));
        assertThrows(IllegalArgumentException.class, () -> audit.record(AuditEvent.of("", null, null, null, true)));
        assertThrows(IllegalArgumentException.class, () -> audit.record(new AuditEvent("auth.login", null, null, null, true,
                Map.of("bad key", "v"))));
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i <= AuditLogImpl.DETAILS_MAX; i++) {
            many.put("k" + i, "v");
        }
        assertThrows(IllegalArgumentException.class, () -> audit.record(new AuditEvent("auth.login", null, null, null, true, many)));
        assertThrows(NullPointerException.class, () -> audit.record(null));
    }

    @Test
    void truncatesAndCleansLongOrOddValues() {
        Map<String, String> details = new HashMap<>();
        for (int i = 0; i < AuditLogImpl.DETAILS_MAX; i++) {
            details.put("key-" + "k".repeat(20) + i, "\"\\".repeat(200));
        }
        audit.record(new AuditEvent("admin.import", REFERENT, "s".repeat(5000) + "\r\nforged line", "a".repeat(300), true, details));
        AuditEntry e = audit.find(null, 0, 1).items().get(0);
        assertEquals(AuditLogImpl.SUBJECT_MAX, e.event().subject().length());
        assertTrue(e.event().subject().endsWith("…"));
        assertEquals(AuditLogImpl.ADDRESS_MAX, e.event().address().length());
        assertEquals(AuditLogImpl.DETAILS_MAX, e.event().details().size());
        e.event().details().values().forEach(v -> assertEquals(AuditLogImpl.DETAIL_VALUE_MAX, v.length()));
        assertTrue(audit.verifyChain());

        audit.record(AuditEvent.of("admin.import", null, "line\nbreak", " ", false));
        AuditEntry cleaned = audit.find(null, 0, 1).items().get(0);
        assertEquals("line?break", cleaned.event().subject());
        assertNull(cleaned.event().address());
    }

    @Test
    void detailsRoundTrip() {
        TreeMap<String, String> m = new TreeMap<>(Map.of("b", "x\"y\\z", "a", "é ☃ 𝄞", "c", ""));
        assertEquals(m, new TreeMap<>(Details.parse(Details.format(m))));
        assertEquals("{\"a\":\"é ☃ 𝄞\",\"b\":\"x\\\"y\\\\z\",\"c\":\"\"}", Details.format(m));
        assertEquals(Map.of(), Details.parse("{}"));
        assertThrows(IllegalArgumentException.class, () -> Details.parse("{\"a\":\"b\"} trailing"));
    }

    @Test
    void hashCoversEveryField() {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        AuditLogImpl.Row row = new AuditLogImpl.Row("auth.login", "p1", "s", "192.0.2.1", true, "{}");
        String h = AuditLogImpl.hash(1, at, row, AuditLogImpl.GENESIS);
        assertEquals(h, AuditLogImpl.hash(1, at, row, AuditLogImpl.GENESIS));
        assertFalse(h.equals(AuditLogImpl.hash(2, at, row, AuditLogImpl.GENESIS)));
        assertFalse(h.equals(AuditLogImpl.hash(1, at.plus(Duration.ofMillis(1)), row, AuditLogImpl.GENESIS)));
        assertFalse(h.equals(AuditLogImpl.hash(1, at, new AuditLogImpl.Row("auth.login", "p1", "s", "192.0.2.1", false, "{}"), AuditLogImpl.GENESIS)));
        assertFalse(h.equals(AuditLogImpl.hash(1, at, new AuditLogImpl.Row("auth.login", null, "s", "192.0.2.1", true, "{}"), AuditLogImpl.GENESIS)));
        // moving text from one field to the next changes the hash
        assertFalse(AuditLogImpl.hash(1, at, new AuditLogImpl.Row("a", "b", "cd", null, true, "{}"), AuditLogImpl.GENESIS)
                .equals(AuditLogImpl.hash(1, at, new AuditLogImpl.Row("a", "bc", "d", null, true, "{}"), AuditLogImpl.GENESIS)));
        assertFalse(h.equals(AuditLogImpl.hash(1, at, row, "1".repeat(64))));
    }

    @Test
    void databaseFailureIsServiceUnavailable() {
        EmbeddedDataSource missing = new EmbeddedDataSource();
        missing.setDatabaseName("memory:missing-" + UUID.randomUUID());
        AuditLogImpl broken = new AuditLogImpl(missing, clock);
        ProblemException e = assertThrows(ProblemException.class, () -> broken.record(AuditEvent.of("auth.login", null, null, null, false)));
        assertEquals(503, e.status());
        assertEquals("audit-unavailable", e.code());
        assertThrows(ProblemException.class, broken::verifyChain);
    }

    @Test
    void worksTheSameOnH2InPostgresMode() throws SQLException {
        DataSource h2 = Databases.h2PostgresMode(AuditSchema.CHANGELOG, AuditLogImplTest.class.getClassLoader());
        migrate(h2);
        AuditLogImpl onH2 = new AuditLogImpl(h2, clock);
        onH2.record(new AuditEvent(AuditActions.LOGIN, null, "x", "::1", false, Map.of("reason", "locked")));
        onH2.record(AuditEvent.of(AuditActions.LOGIN, REFERENT, "x", "::1", true));
        assertEquals(2, onH2.find(AuditActions.LOGIN, 0, 10).total());
        assertEquals(Map.of("reason", "locked"), onH2.find(null, 1, 1).items().get(0).event().details());
        assertTrue(onH2.verifyChain());
    }

    @Test
    void readinessAndPreHook() throws SQLException {
        assertEquals(Optional.empty(), new AuditReadiness(ds).problem());
        assertEquals("store:audit", new AuditReadiness(ds).name());
        assertTrue(new AuditReadiness((DataSource) null).problem().orElseThrow().contains("jdbc/preau-audit"));
        RecordingMigrator migrator = new RecordingMigrator();
        List<Object> calls = migrator.calls;
        AuditSchema schema = new AuditSchema(null, migrator);
        assertEquals(List.of("preau-audit", "fr/preau/audit/db/changelog.xml"), calls);
        assertTrue(AuditSchema.class.getClassLoader().getResource(AuditSchema.CHANGELOG) != null);
        schema.deactivate();
        assertEquals(List.of("preau-audit", "fr/preau/audit/db/changelog.xml", "closed"), calls);
    }

    private void execute(String sql, Object... params) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            assertEquals(1, ps.executeUpdate());
        }
    }
}
