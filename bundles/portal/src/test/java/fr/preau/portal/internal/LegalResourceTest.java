package fr.preau.portal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import fr.preau.access.AccessService;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.audit.AuditLog;
import fr.preau.web.PreauPrincipal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import javax.ws.rs.core.SecurityContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LegalResourceTest {

    @TempDir
    Path dir;

    AccessService access = mock(AccessService.class);

    static SecurityContext as(Person who) {
        SecurityContext sc = mock(SecurityContext.class);
        when(sc.getUserPrincipal()).thenReturn(new PreauPrincipal(who, "s", "c"));
        return sc;
    }

    @Test
    void theReferentWritesWhatEveryoneReads() throws Exception {
        LegalResource legal = new LegalResource(access, mock(AuditLog.class), dir.resolve("portal/legal.json"));
        assertEquals(LegalResource.Mentions.EMPTY, legal.read(), "empty until written");
        Person referent = new Person(PersonId.random(), "referent", "Référent", new Uai("0999999Z"), Set.of(Profile.REFERENT));
        LegalResource.Mentions saved = legal.write(as(referent), new LegalResource.Mentions(" Collège Jean Rostand ",
                "4 allée des Sciences, 99990 Villefictive", "Anne Verger, principale", "ce.0999999z@example.invalid", "ignored"));
        assertEquals("Collège Jean Rostand", saved.host());
        assertNotNull(saved.updatedAt());
        assertEquals(saved, legal.read());
        assertEquals("missing-field", assertThrows(ProblemException.class, () -> legal.write(as(referent),
                new LegalResource.Mentions("", "a", "b", "c", null))).code());
        assertEquals("field-too-long", assertThrows(ProblemException.class, () -> legal.write(as(referent),
                new LegalResource.Mentions("x".repeat(301), "a", "b", "c", null))).code());
        assertEquals(saved, legal.read(), "a refused change keeps what was saved");
        assertEquals(1, Files.list(dir.resolve("portal")).count(), "no temporary file left");
    }

    @Test
    void othersMayNotWrite() {
        LegalResource legal = new LegalResource(access, mock(AuditLog.class), dir.resolve("legal.json"));
        Person pupil = new Person(PersonId.random(), "leo", "Léo", new Uai("0999999Z"), Set.of(Profile.ELEVE));
        doThrow(new ProblemException(403, "forbidden", "non")).when(access).require(any(), any(), any());
        assertEquals(403, assertThrows(ProblemException.class, () -> legal.write(as(pupil),
                new LegalResource.Mentions("a", "b", "c", "d", null))).status());
        assertEquals(LegalResource.Mentions.EMPTY, legal.read());
    }
}
