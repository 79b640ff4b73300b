package fr.preau.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.preau.access.AccessService;
import fr.preau.access.PlatformActions;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.directory.DirectorySync;
import fr.preau.directory.DirectorySync.Diagnosis;
import fr.preau.directory.DirectorySync.Settings;
import fr.preau.directory.ImportRun;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class LdapResourceTest {

    static final Uai COLLEGE = new Uai("0999999Z");
    static final String SECRET = "Tr3s-s3cret!";
    static final Settings STORED = new Settings("ldaps://annuaire.ac-exemple.fr:636", false, "cn=preau,dc=ac-exemple,dc=fr",
            "dc=ac-exemple,dc=fr", "", "(objectClass=ENTEtablissement)", "", "", "", "", "", "(objectClass=ENTAuxEnseignant)", "",
            "(objectClass=ENTAuxPersRelEleve)", "", "(objectClass=ENTEleve)", "", 500, 0, 10, 60, true);

    DirectorySync sync = mock(DirectorySync.class);
    AccessService access = mock(AccessService.class);
    AuditLog audit = mock(AuditLog.class);
    Person referent = new Person(new PersonId("id-referent"), "referent", "René Ferent", COLLEGE, Set.of(Profile.REFERENT));
    Person pupil = new Person(new PersonId("id-leo"), "leo.marchand", "Léo Marchand", COLLEGE, Set.of(Profile.ELEVE));
    LdapResource resource = new LdapResource(sync, access, audit);

    @BeforeEach
    void setUp() {
        when(sync.settings()).thenReturn(STORED);
        doThrow(new ProblemException(403, "forbidden", "Cette action est réservée au référent numérique."))
                .when(access).require(eq(pupil), eq(PlatformActions.IMPORT_DIRECTORY), any());
    }

    static LdapResource.SettingsRequest request(String url, String password, Integer pageSize) {
        return new LdapResource.SettingsRequest(url, null, null, password, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, pageSize, null, null, null);
    }

    AuditEvent audited() {
        ArgumentCaptor<AuditEvent> event = ArgumentCaptor.forClass(AuditEvent.class);
        verify(audit).record(event.capture());
        return event.getValue();
    }

    @Test
    void theSettingsAreGivenWithoutThePassword() throws Exception {
        Settings s = resource.settings(SignedIn.as(referent));
        assertSame(STORED, s);
        String json = new ObjectMapper().findAndRegisterModules().writeValueAsString(s);
        assertTrue(json.contains("\"passwordSet\":true"), json);
        assertTrue(json.contains("\"structureFilter\":\"(objectClass=ENTEtablissement)\""), json);
        assertFalse(json.contains("password\""), "no password field at all: " + json);
        verify(access).require(referent, PlatformActions.IMPORT_DIRECTORY, null);
    }

    @Test
    void savingMergesTheFormOverTheStoredSettingsAndAuditsWithoutThePassword() {
        Settings after = new Settings("ldap://annuaire2.ac-exemple.fr", false, STORED.bindDn(), STORED.baseDn(), "", STORED.structureFilter(),
                "", "", "", "", "", STORED.personnelFilter(), "", STORED.responsableFilter(), "", STORED.eleveFilter(), "", 200, 0, 10, 60,
                true);
        when(sync.saveSettings(any(), eq(SECRET))).thenReturn(after);

        assertSame(after, resource.save(SignedIn.as(referent), request("ldap://annuaire2.ac-exemple.fr", SECRET, 200)));

        ArgumentCaptor<Settings> given = ArgumentCaptor.forClass(Settings.class);
        verify(sync).saveSettings(given.capture(), eq(SECRET));
        assertEquals("ldap://annuaire2.ac-exemple.fr", given.getValue().url());
        assertEquals(200, given.getValue().pageSize());
        assertEquals(STORED.bindDn(), given.getValue().bindDn(), "a field left out keeps its value");
        assertEquals(STORED.readTimeoutSeconds(), given.getValue().readTimeoutSeconds());
        AuditEvent e = audited();
        assertEquals("directory.ldap.settings", e.action());
        assertEquals(referent.id(), e.actor());
        assertTrue(e.success());
        assertEquals("replaced", e.details().get("bindCredential"));
        // the audit log refuses detail keys that name a secret (password, token, code…)
        assertTrue(e.details().keySet().stream().noneMatch(k -> k.toLowerCase().matches(".*(password|passwd|pwd|secret|token|code).*")),
                e.details().toString());
        assertEquals("ldap://annuaire2.ac-exemple.fr", e.details().get("url"));
        assertFalse(e.toString().contains(SECRET), e.toString());
        assertFalse(request("x", SECRET, null).toString().contains(SECRET));
    }

    @Test
    void aPasswordLeftOutIsKeptAndAnEmptyOneRemoved() {
        when(sync.saveSettings(any(), any())).thenReturn(STORED);
        resource.save(SignedIn.as(referent), request(null, null, null));
        verify(sync).saveSettings(eq(STORED), isNull());
        assertEquals("kept", audited().details().get("bindCredential"));

        DirectorySync other = mock(DirectorySync.class);
        AuditLog otherAudit = mock(AuditLog.class);
        when(other.settings()).thenReturn(STORED);
        new LdapResource(other, access, otherAudit).save(SignedIn.as(referent), request(null, "", null));
        verify(other).saveSettings(STORED, "");
        ArgumentCaptor<AuditEvent> e = ArgumentCaptor.forClass(AuditEvent.class);
        verify(otherAudit).record(e.capture());
        assertEquals("removed", e.getValue().details().get("bindCredential"));
    }

    @Test
    void refusedSettingsAreAuditedAsFailedAndTheFrenchProblemGoesBack() {
        ProblemException invalid = new ProblemException(400, "ldap-settings-invalid",
                "Indiquez la base DN de l'annuaire (par exemple dc=ac-exemple,dc=fr).");
        when(sync.saveSettings(any(), any())).thenThrow(invalid);
        ProblemException e = assertThrows(ProblemException.class,
                () -> resource.save(SignedIn.as(referent), request("ldap://x", SECRET, null)));
        assertSame(invalid, e);
        AuditEvent event = audited();
        assertFalse(event.success());
        assertEquals("ldap-settings-invalid", event.details().get("reason"));

        ProblemException empty = assertThrows(ProblemException.class, () -> resource.save(SignedIn.as(referent), null));
        assertEquals("missing-body", empty.code());
    }

    @Test
    void theTestTriesTheFormsValuesOrWithoutABodyTheStoredOnes() {
        Diagnosis stored = new Diagnosis(true, "Connexion réussie : 1 établissement, 3 personnes trouvées.", 1, 3);
        Diagnosis form = new Diagnosis(false, "Serveur injoignable : vérifiez l'adresse.", 0, 0);
        when(sync.test()).thenReturn(stored);
        when(sync.test(any(), any())).thenReturn(form);

        assertSame(stored, resource.test(SignedIn.as(referent), null));
        assertSame(form, resource.test(SignedIn.as(referent), request("ldap://ailleurs:389", "", null)));
        ArgumentCaptor<Settings> tried = ArgumentCaptor.forClass(Settings.class);
        verify(sync).test(tried.capture(), eq(""));
        assertEquals("ldap://ailleurs:389", tried.getValue().url());
        assertEquals(STORED.baseDn(), tried.getValue().baseDn());
        verify(sync, never()).saveSettings(any(), any());
    }

    @Test
    void theStatusSaysTheLastSync() {
        DirectorySync.LastSync last = new DirectorySync.LastSync(Instant.parse("2026-09-01T06:00:00Z"),
                Instant.parse("2026-09-01T06:01:00Z"), true, "imp-1", "Synchronisation terminée : 1 créé(s).");
        when(sync.configured()).thenReturn(true);
        when(sync.last()).thenReturn(Optional.of(last));
        LdapResource.StatusDto s = resource.status(SignedIn.as(referent));
        assertTrue(s.configured());
        assertSame(last, s.last());

        ImportRun run = new ImportRun("imp-2", ImportRun.Status.QUEUED, "LDAP", null, "ldap-sync", List.of("a.xml"),
                Instant.parse("2026-09-01T06:00:00Z"), null, ImportRun.Counts.ZERO, null);
        when(sync.startSync()).thenReturn(run);
        Response r = resource.sync(SignedIn.as(referent));
        assertEquals(202, r.getStatus());
        assertEquals("imp-2", ((ImportsResource.ImportDto) r.getEntity()).id());
    }

    @Test
    void otherProfilesAreRefusedEverywhereAndNothingIsTouched() {
        List<Runnable> calls = List.of(
                () -> resource.status(SignedIn.as(pupil)),
                () -> resource.settings(SignedIn.as(pupil)),
                () -> resource.save(SignedIn.as(pupil), request("ldap://x", SECRET, null)),
                () -> resource.test(SignedIn.as(pupil), null),
                () -> resource.test(SignedIn.as(pupil), request("ldap://x", SECRET, null)),
                () -> resource.sync(SignedIn.as(pupil)));
        for (Runnable call : calls) {
            ProblemException e = assertThrows(ProblemException.class, call::run);
            assertEquals(403, e.status());
        }
        verify(sync, never()).settings();
        verify(sync, never()).saveSettings(any(), any());
        verify(sync, never()).test();
        verify(sync, never()).test(any(), any());
        verify(sync, never()).startSync();
        verifyNoInteractions(audit);
    }
}
