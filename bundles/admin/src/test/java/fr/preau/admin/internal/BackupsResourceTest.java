package fr.preau.admin.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
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
import fr.preau.directory.DirectoryService;
import fr.preau.store.backup.BackupException;
import fr.preau.store.backup.BackupService;
import fr.preau.store.backup.BackupSettings;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class BackupsResourceTest {

    static final Uai COLLEGE = new Uai("0999999Z");

    BackupService backups = mock(BackupService.class);
    AccessService access = mock(AccessService.class);
    AuditLog audit = mock(AuditLog.class);
    DirectoryService directory = mock(DirectoryService.class);
    InstalledModules modules = mock(InstalledModules.class);
    BackupsResource resource = new BackupsResource(access, audit, backups, directory,
            Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneId.of("Europe/Paris")), modules);
    Person referent = new Person(new PersonId("ref"), "referent", "Référent numérique", COLLEGE, Set.of(Profile.REFERENT));
    Person teacher = new Person(new PersonId("prof"), "julien.dumas", "Julien Dumas", COLLEGE, Set.of(Profile.ENSEIGNANT));

    @Test
    void everyCallIsCheckedThroughAccessAndARefusalChangesNothing() {
        doThrow(new ProblemException(403, "forbidden", "Vous n’avez pas accès à cette page."))
                .when(access).require(teacher, PlatformActions.MANAGE_BOX, null);
        assertEquals(403, assertThrows(ProblemException.class, () -> resource.overview(SignedIn.as(teacher))).status());
        assertThrows(ProblemException.class, () -> resource.start(SignedIn.as(teacher)));
        assertThrows(ProblemException.class, () -> resource.passphrase(SignedIn.as(teacher),
                new BackupsResource.PassphraseRequest("une phrase bien longue", null)));
        verify(backups, never()).start(any(), any());
        verify(backups, never()).setPassphrase(any());
    }

    @Test
    void aRefusedSettingBecomesAProblemWithItsCodeAndIsAudited() {
        when(backups.updateSettings(any())).thenThrow(new BackupException(400, "folder-not-found", "Le dossier « /media/usb » est introuvable."));
        ProblemException e = assertThrows(ProblemException.class, () -> resource.settings(SignedIn.as(referent),
                new BackupsResource.SettingsRequest("/media/usb", 2, 7, 4)));
        assertEquals(400, e.status());
        assertEquals("folder-not-found", e.code());
        ArgumentCaptor<AuditEvent> event = ArgumentCaptor.forClass(AuditEvent.class);
        verify(audit).record(event.capture());
        assertEquals("box.backup.settings", event.getValue().action());
        assertFalse(event.getValue().success());
        assertEquals("missing-field", assertThrows(ProblemException.class,
                () -> resource.settings(SignedIn.as(referent), new BackupsResource.SettingsRequest("/media/usb", null, 7, 4))).code());
    }

    @Test
    void thePassphraseIsCheckedAgainstItsConfirmationHandedOverAndNeverAudited() {
        assertEquals("passphrase-mismatch", assertThrows(ProblemException.class, () -> resource.passphrase(SignedIn.as(referent),
                new BackupsResource.PassphraseRequest("une phrase bien longue", "une phrase bien longue."))).code());
        AtomicReference<char[]> seen = new AtomicReference<>();
        doAnswer(call -> {
            seen.set(((char[]) call.getArgument(0)).clone());
            return null;
        }).when(backups).setPassphrase(any());
        assertEquals(204, resource.passphrase(SignedIn.as(referent),
                new BackupsResource.PassphraseRequest("une phrase bien longue", "une phrase bien longue")).getStatus());
        assertArrayEquals("une phrase bien longue".toCharArray(), seen.get());
        ArgumentCaptor<AuditEvent> event = ArgumentCaptor.forClass(AuditEvent.class);
        verify(audit).record(event.capture());
        assertFalse(event.getValue().toString().contains("longue"), "the passphrase is not in the journal");
    }

    @Test
    void aBackupRunningIsAConflictAndTheModulesAreRecordedBeforeEachBackup() {
        when(directory.schools()).thenReturn(List.of());
        when(backups.status()).thenReturn(new fr.preau.store.backup.BackupStatus(false, null, null, null, null));
        when(backups.start("box", "console")).thenThrow(new BackupException(409, "backup-running", "Une sauvegarde est déjà en cours."));
        ProblemException e = assertThrows(ProblemException.class, () -> resource.start(SignedIn.as(referent)));
        assertEquals(409, e.status());
        assertEquals("backup-running", e.code());
        verify(modules).record();
        when(backups.settings()).thenReturn(new BackupSettings("/media/usb", 2, 7, 4, true));
        assertEquals(Instant.parse("2026-12-08T01:00:00Z"), resource.overview(SignedIn.as(referent)).nextRun());
    }
}
