package fr.preau.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.PersonId;
import fr.preau.store.testing.RecordingMigrator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;

class AuthSchemaTest {

    @Test
    void publishesTheSchemaHookAndWithdrawsItOnDeactivation() {
        RecordingMigrator migrator = new RecordingMigrator();
        List<Object> calls = migrator.calls;
        AuthSchema schema = new AuthSchema(null, migrator);
        assertEquals(List.of("preau-auth", "fr/preau/auth/db/changelog.xml"), calls);
        assertTrue(AuthSchema.class.getClassLoader().getResource(AuthSchema.CHANGELOG) != null);
        schema.deactivate();
        assertEquals(List.of("preau-auth", "fr/preau/auth/db/changelog.xml", "closed"), calls);
    }

    @Test
    void derbySchemaIsIdempotent() throws Exception {
        EmbeddedDataSource ds = TestSupport.derby();
        try {
            TestSupport.migrate(ds); // second run: nothing to do
            try (Connection c = ds.getConnection(); ResultSet rs = c.getMetaData().getTables(null, null, "AUTH_%", null)) {
                List<String> tables = new ArrayList<>();
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
                assertTrue(tables.containsAll(List.of("AUTH_CREDENTIAL", "AUTH_THROTTLE")), tables.toString());
            }
            exercise(ds);
        } finally {
            TestSupport.drop(ds);
        }
    }

    @Test
    void schemaAndSqlArePortable() throws Exception {
        exercise(TestSupport.h2PostgresMode());
    }

    /** Every statement of the stores, once. */
    private static void exercise(DataSource ds) throws Exception {
        CredentialStore store = new CredentialStore(ds);
        AccountThrottle throttle = new AccountThrottle(ds);
        PersonId p = new PersonId("p1");
        Instant now = Instant.parse("2026-09-01T08:00:00.123456789Z");
        store.setActivation(p, "$shiro2$argon2id$code", now.plus(Duration.ofDays(60)));
        assertTrue(store.find(p).orElseThrow().activationUsableAt(now));
        assertFalse(store.consumeActivation(p, "other", "$shiro2$argon2id$pw", now));
        assertTrue(store.consumeActivation(p, "$shiro2$argon2id$code", "$shiro2$argon2id$pw", now));
        CredentialStore.Credential c = store.find(p).orElseThrow();
        assertEquals("$shiro2$argon2id$pw", c.passwordHash());
        assertEquals(now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS), c.passwordChangedAt());
        assertFalse(c.activationUsableAt(now));
        store.setPassword(p, "$shiro2$argon2id$pw2", now);
        store.rehash(p, "$shiro2$argon2id$pw2", "$shiro2$argon2id$pw3");
        store.recordLogin(p, now);
        assertEquals("$shiro2$argon2id$pw3", store.find(p).orElseThrow().passwordHash());
        store.setPassword(new PersonId("p2"), "$shiro2$argon2id$x", now);

        Settings s = TestSupport.settings();
        for (int i = 1; i <= 5; i++) {
            AccountThrottle.Failure f = throttle.recordFailure("k", now.plusSeconds(i), s);
            assertEquals(i, f.failures());
            assertEquals(i == 5, f.lockedNow());
        }
        assertTrue(throttle.state("k").lockedAt(now.plusSeconds(6)));
        assertEquals(0, throttle.purge(now, now.minus(Duration.ofDays(1))));
        throttle.clear("k");
        assertEquals(AccountThrottle.State.NONE, throttle.state("k"));
        throttle.recordFailure("old", now, s);
        assertEquals(1, throttle.purge(now.plus(Duration.ofDays(2)), now.plus(Duration.ofDays(1))));
    }
}
