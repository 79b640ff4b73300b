package fr.preau.portal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordRequestsTest {

    @TempDir
    Path dir;

    static Person person(String login) {
        return new Person(new PersonId("id-" + login.replace('.', '-')), login, login, new Uai("0999999Z"), Set.of(Profile.ELEVE));
    }

    @Test
    void onePendingRequestPerPersonKeptAcrossRestarts() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T08:00:00Z"), ZoneOffset.UTC);
        PasswordRequests requests = new PasswordRequests(dir.resolve("requests.json"), clock);
        requests.add(person("leo.marchand"));
        requests.add(person("leo.marchand"));
        requests.add(person("lucie.marchand"));
        PasswordRequests again = new PasswordRequests(dir.resolve("requests.json"), clock);
        assertEquals(2, again.pending().size(), "kept on disk, once per person");
        String id = again.pending().get(0).id();
        assertTrue(again.remove(id));
        assertFalse(again.remove(id));
        assertEquals(1, requests.pending().size());
    }

    @Test
    void eachAddressMayAskAFewTimesPerWindow() {
        Instant t0 = Instant.parse("2026-11-23T08:00:00Z");
        Instant[] now = {t0};
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return now[0];
            }
        };
        PasswordRequests requests = new PasswordRequests(dir.resolve("r.json"), clock);
        for (int i = 0; i < PasswordRequests.PER_ADDRESS; i++) {
            assertTrue(requests.allow("192.0.2.1"));
        }
        assertFalse(requests.allow("192.0.2.1"));
        assertTrue(requests.allow("192.0.2.2"), "another address");
        now[0] = t0.plus(Duration.ofMinutes(PasswordRequests.WINDOW_MINUTES + 1));
        assertTrue(requests.allow("192.0.2.1"), "later");
    }
}
