package fr.preau.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

class RulesTest {

    private static final Set<String> DOMAINS = Set.of("0999999z.preau.invalid");
    private static final Map<String, String> PEOPLE = Map.of("leo.marchand@0999999z.preau.invalid", "leo.marchand");
    private static final Function<String, Optional<String>> LOOKUP = a -> Optional.ofNullable(PEOPLE.get(a));

    @Test
    void localActivePersonIsAccepted() {
        Rules.Verdict verdict = Rules.rcpt("Leo.Marchand@0999999Z.preau.invalid", false, false, DOMAINS, LOOKUP);
        assertTrue(verdict.accepted());
        assertEquals("250", verdict.code());
    }

    @Test
    void unknownOrDeactivatedLocalPersonIs550_511() {
        Rules.Verdict verdict = Rules.rcpt("parti@0999999z.preau.invalid", false, false, DOMAINS, LOOKUP);
        assertFalse(verdict.accepted());
        assertEquals("550", verdict.code());
        assertTrue(verdict.text().startsWith("5.1.1"), verdict.text());
    }

    @Test
    void neverAnOpenRelay() {
        Rules.Verdict verdict = Rules.rcpt("someone@example.org", false, true, DOMAINS, LOOKUP);
        assertFalse(verdict.accepted());
        assertEquals("550", verdict.code());
        assertTrue(verdict.text().contains("Relais refuse"), verdict.text());
    }

    @Test
    void outboundOfASignedInSenderGoesToTheSmarthost() {
        Rules.Verdict verdict = Rules.rcpt("someone@example.org", true, true, DOMAINS, LOOKUP);
        assertTrue(verdict.accepted(), verdict.text());
        assertEquals("250", verdict.code());
    }

    @Test
    void outboundWithoutSmarthostIsRefusedClearly() {
        Rules.Verdict verdict = Rules.rcpt("someone@example.org", true, false, DOMAINS, LOOKUP);
        assertFalse(verdict.accepted());
        assertEquals("550", verdict.code());
        assertTrue(verdict.text().contains("smarthost"), verdict.text());
    }

    @Test
    void malformedAddressIs501() {
        assertEquals("501", Rules.rcpt("nobody", false, false, DOMAINS, LOOKUP).code());
    }
}
