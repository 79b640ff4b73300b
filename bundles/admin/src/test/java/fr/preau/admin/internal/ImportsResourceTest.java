package fr.preau.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import fr.preau.access.AccessService;
import fr.preau.access.PlatformActions;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.directory.ImportRun;
import fr.preau.directory.ImportService;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class ImportsResourceTest {

    static final Uai COLLEGE = new Uai("0999999Z");
    static final String ID = "0b8d2c3e-1111-4c3e-9d1f-2a3b4c5d6e7f";

    ImportService imports = mock(ImportService.class);
    AccessService access = mock(AccessService.class);
    AuditLog audit = mock(AuditLog.class);
    ImportsResource resource = new ImportsResource(imports, access, audit);
    Person referent = new Person(new PersonId("ref"), "referent", "Référent numérique", COLLEGE, Set.of(Profile.REFERENT));
    Person teacher = new Person(new PersonId("prof"), "julien.dumas", "Julien Dumas", COLLEGE, Set.of(Profile.ENSEIGNANT));

    static ImportRun run(ImportRun.Status status) {
        return new ImportRun(ID, status, "AAF", null, "referent", List.of("ENT_0999999Z_Complet_20250901_Eleve_0000.xml"),
                Instant.parse("2026-09-01T08:00:00Z"), status.finished() ? Instant.parse("2026-09-01T08:01:00Z") : null,
                ImportRun.Counts.ZERO, status == ImportRun.Status.CANCELLED ? "Import abandonné par le référent" : null);
    }

    @Test
    void theReferentDeclinesAnImportWaitingForConfirmationAndTheJournalSaysSo() {
        when(imports.cancel(ID)).thenReturn(run(ImportRun.Status.CANCELLED));

        ImportsResource.ImportDto dto = resource.cancel(SignedIn.as(referent), ID);

        assertEquals("CANCELLED", dto.status());
        verify(access).require(referent, PlatformActions.IMPORT_DIRECTORY, null);
        ArgumentCaptor<AuditEvent> event = ArgumentCaptor.forClass(AuditEvent.class);
        verify(audit).record(event.capture());
        assertEquals("directory.import.cancel", event.getValue().action());
        assertEquals(ID, event.getValue().subject());
    }

    @Test
    void anyoneElseIsRefusedBeforeAnythingHappens() {
        doThrow(new ProblemException(403, "forbidden", "Vous n'avez pas accès à cette page."))
                .when(access).require(eq(teacher), eq(PlatformActions.IMPORT_DIRECTORY), any());

        ProblemException e = assertThrows(ProblemException.class, () -> resource.cancel(SignedIn.as(teacher), ID));

        assertEquals(403, e.status());
        verify(imports, never()).cancel(any());
        verify(audit, never()).record(any());
    }

    @Test
    void anImportAlreadyRunningKeepsItsStableCode() {
        when(imports.cancel(ID)).thenThrow(new ProblemException(409, "import-not-cancellable", "Cet import est en cours."));

        ProblemException e = assertThrows(ProblemException.class, () -> resource.cancel(SignedIn.as(referent), ID));

        assertEquals("import-not-cancellable", e.code());
        verify(audit, never()).record(any());
    }
}
