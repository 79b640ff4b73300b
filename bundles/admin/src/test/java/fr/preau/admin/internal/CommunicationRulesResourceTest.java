package fr.preau.admin.internal;

import static fr.preau.access.testing.SmallSchool.HEAD;
import static fr.preau.access.testing.SmallSchool.LEO;
import static fr.preau.access.testing.SmallSchool.MATHS_5A;
import static fr.preau.access.testing.SmallSchool.REFERENT;
import static fr.preau.access.testing.SmallSchool.SCHOOL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.ArgumentMatchers.any;

import fr.preau.access.testing.SmallSchool;
import fr.preau.admin.internal.CommunicationRulesResource.Cell;
import fr.preau.admin.internal.CommunicationRulesResource.Change;
import fr.preau.admin.internal.CommunicationRulesResource.ChangeRequest;
import fr.preau.admin.internal.CommunicationRulesResource.RulesDto;
import fr.preau.api.ProblemException;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;

class CommunicationRulesResourceTest {

    final SmallSchool school = new SmallSchool(Instant.parse("2026-11-16T08:00:00Z"), new fr.preau.access.internal.PlatformPermissions());
    final AuditLog audit = mock(AuditLog.class);
    final CommunicationRulesResource resource = new CommunicationRulesResource(school.rules, school.directory, school.access, audit);

    static Cell cell(RulesDto dto, String from, String to) {
        return dto.write().stream().filter(c -> c.from().equals(from) && c.to().equals(to)).findFirst().orElseThrow();
    }

    @Test
    void theReferentReadsTheDefaultsWithTheirChoices() {
        RulesDto dto = resource.get(SignedIn.as(REFERENT), "0999999Z");
        assertEquals(6 * 7, dto.write().size(), "six senders × seven recipients");
        assertEquals(5 * 6, dto.post().size(), "five lists × six senders");
        Cell pupilsToTeachers = cell(dto, "ELEVE", "ENSEIGNANT");
        assertEquals("RELATED", pupilsToTeachers.reach());
        assertEquals("RELATED", pupilsToTeachers.defaultReach());
        assertEquals(List.of("ALWAYS", "RELATED", "NEVER"), pupilsToTeachers.choices());
        assertEquals(List.of("ALWAYS", "NEVER"), cell(dto, "ELEVE", "PERSONNEL").choices());
    }

    @Test
    void aChangeIsAppliedAuditedOnceAndRestored() {
        RulesDto after = resource.change(SignedIn.as(REFERENT), "0999999Z", new ChangeRequest(
                List.of(new Change("ELEVE", "ENSEIGNANT", null, "NEVER")), List.of(new Change("PARENT", null, "ALL_TEACHERS", "always"))));
        assertEquals("NEVER", cell(after, "ELEVE", "ENSEIGNANT").reach());
        assertEquals("RELATED", cell(after, "ELEVE", "ENSEIGNANT").defaultReach());
        assertFalse(school.rules.mayCommunicate(LEO, MATHS_5A), "the rules follow at once");
        ArgumentCaptor<AuditEvent> events = ArgumentCaptor.forClass(AuditEvent.class);
        verify(audit, Mockito.times(2)).record(events.capture());
        assertEquals(List.of("write ELEVE ENSEIGNANT", "post ALL_TEACHERS PARENT"),
                events.getAllValues().stream().map(e -> e.details().get("rule")).toList());
        assertEquals("RELATED", events.getAllValues().get(0).details().get("before"));
        assertEquals(CommunicationRulesResource.AUDIT_ACTION, events.getAllValues().get(0).action());

        resource.reset(SignedIn.as(REFERENT), "0999999Z");
        assertTrue(school.rules.mayCommunicate(LEO, MATHS_5A));
        verify(audit, Mockito.times(4)).record(any());
    }

    @Test
    void onlyTheReferentAndOnlyValuesThatMeanSomething() {
        ProblemException forbidden = assertThrows(ProblemException.class, () -> resource.get(SignedIn.as(HEAD), "0999999Z"));
        assertEquals(403, forbidden.status());
        List<ProblemException> bad = new ArrayList<>();
        for (Change c : List.of(new Change("ELEVE", "PERSONNEL", null, "RELATED"), new Change("REFERENT", "ELEVE", null, "NEVER"),
                new Change("ELEVE", "ELEVE", null, "parfois"), new Change("ELEVE", "NOBODY", null, "NEVER"))) {
            bad.add(assertThrows(ProblemException.class,
                    () -> resource.change(SignedIn.as(REFERENT), "0999999Z", new ChangeRequest(List.of(c), null))));
        }
        for (ProblemException e : bad) {
            assertEquals(400, e.status());
            assertEquals("invalid-communication-rule", e.code());
        }
        assertEquals(400, assertThrows(ProblemException.class,
                () -> resource.change(SignedIn.as(REFERENT), "0999999Z", new ChangeRequest(List.of(), List.of()))).status());
        verify(audit, never()).record(any());
        assertTrue(school.rules.matrix(SCHOOL).equals(fr.preau.access.CommunicationMatrix.defaults()), "nothing changed");
    }
}
