package fr.preau.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import fr.preau.access.AccessService;
import fr.preau.access.PlatformActions;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.audit.AuditActions;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.auth.Authenticator;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.ImportRun;
import fr.preau.directory.ImportService;
import fr.preau.directory.NewGuest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

class GuestsAndHealthTest {

    static final Uai COLLEGE = new Uai("0999999Z");
    static final Instant NOW = Instant.parse("2026-09-03T22:30:00Z"); // Friday 4 September, 0:30 in Paris

    DirectoryService directory = mock(DirectoryService.class);
    Authenticator authenticator = mock(Authenticator.class);
    AccessService access = mock(AccessService.class);
    AuditLog audit = mock(AuditLog.class);
    Person referent = new Person(new PersonId("id-referent"), "referent", "René Ferent", COLLEGE, Set.of(Profile.REFERENT));
    Person pupil = new Person(new PersonId("id-leo"), "leo.marchand", "Léo Marchand", COLLEGE, Set.of(Profile.ELEVE));

    @TempDir
    Path data;

    @Test
    void theReferentCreatesAGuestWithAnEndDate() {
        GuestsResource guests = new GuestsResource(directory, access, audit);
        Person zoe = new Person(new PersonId("id-zoe"), "zoe.lefevre", "Zoé Lefèvre", COLLEGE, Set.of(Profile.INVITE));
        when(directory.createGuest(any())).thenReturn(zoe);
        Response r = guests.create(SignedIn.as(referent), new GuestsResource.GuestRequest("Zoé", "Lefèvre", null, "", "2026-12-18"));
        assertEquals(201, r.getStatus());
        assertEquals("zoe.lefevre", ((GuestsResource.GuestDto) r.getEntity()).login());
        ArgumentCaptor<NewGuest> asked = ArgumentCaptor.forClass(NewGuest.class);
        verify(directory).createGuest(asked.capture());
        assertEquals(new NewGuest("Zoé", "Lefèvre", COLLEGE, "", LocalDate.of(2026, 12, 18)), asked.getValue(), "the caller's school by default");
        ArgumentCaptor<AuditEvent> event = ArgumentCaptor.forClass(AuditEvent.class);
        verify(audit).record(event.capture());
        assertEquals(AuditActions.GUEST_CREATE, event.getValue().action());
        assertEquals("id-zoe", event.getValue().subject());

        ProblemException noDate = assertThrows(ProblemException.class,
                () -> guests.create(SignedIn.as(referent), new GuestsResource.GuestRequest("A", "B", null, null, null)));
        assertEquals("invalid-end-date", noDate.code());
        doThrow(new ProblemException(403, "forbidden", "non")).when(access).require(eq(pupil), eq(PlatformActions.MANAGE_ACCOUNTS), any());
        assertEquals(403, assertThrows(ProblemException.class,
                () -> guests.create(SignedIn.as(pupil), new GuestsResource.GuestRequest("A", "B", null, null, "2026-12-18"))).status());
    }

    @Test
    void theSweepDeactivatesExpiredGuestsOnTheirParisDaySignsThemOutAndAuditsIt() {
        Person zoe = new Person(new PersonId("id-zoe"), "zoe.lefevre", "Zoé Lefèvre", COLLEGE, Set.of(Profile.INVITE));
        when(directory.expireGuests(LocalDate.of(2026, 9, 4))).thenReturn(List.of(zoe));
        when(authenticator.endSessions(zoe.id())).thenReturn(1);
        GuestSweep sweep = new GuestSweep(directory, authenticator, audit, Clock.fixed(NOW, ZoneOffset.UTC), false);
        assertEquals(List.of(zoe), sweep.sweep());
        verify(authenticator).endSessions(zoe.id());
        ArgumentCaptor<AuditEvent> event = ArgumentCaptor.forClass(AuditEvent.class);
        verify(audit).record(event.capture());
        assertEquals(AuditActions.GUEST_EXPIRED, event.getValue().action());
        assertNull(event.getValue().actor(), "the box did it");
    }

    @Test
    void healthNamesPreauBundlesInFrenchWithTheirFailingComponents() throws Exception {
        BundleContext context = mock(BundleContext.class);
        Bundle self = bundle("fr.preau.admin", Bundle.ACTIVE);
        Bundle directoryBundle = bundle("fr.preau.directory", Bundle.ACTIVE);
        Bundle stopped = bundle("fr.preau.cahier", Bundle.RESOLVED);
        Bundle karaf = bundle("org.apache.karaf.shell.core", Bundle.RESOLVED);
        when(context.getBundle()).thenReturn(self);
        when(context.getBundles()).thenReturn(new Bundle[] {self, directoryBundle, stopped, karaf});
        ServiceComponentRuntime scr = mock(ServiceComponentRuntime.class);
        ComponentDescriptionDTO waiting = new ComponentDescriptionDTO();
        waiting.name = "fr.preau.directory.internal.DirectoryServiceImpl";
        ComponentConfigurationDTO config = new ComponentConfigurationDTO();
        config.state = ComponentConfigurationDTO.UNSATISFIED_REFERENCE;
        UnsatisfiedReferenceDTO ref = new UnsatisfiedReferenceDTO();
        ref.name = "db";
        config.unsatisfiedReferences = new UnsatisfiedReferenceDTO[] {ref};
        when(scr.getComponentDescriptionDTOs(directoryBundle)).thenReturn(List.of(waiting));
        when(scr.getComponentDescriptionDTOs(self)).thenReturn(List.of());
        when(scr.isComponentEnabled(waiting)).thenReturn(true);
        when(scr.getComponentConfigurationDTOs(waiting)).thenReturn(List.of(config));
        ImportService imports = mock(ImportService.class);
        when(imports.list(1)).thenReturn(List.of(new ImportRun("imp-1", ImportRun.Status.FAILED, "AAF", null, "referent", List.of("a.xml"),
                NOW.minusSeconds(600), NOW.minusSeconds(500), ImportRun.Counts.ZERO, "Fichier illisible")));
        BoxHealthResource health = new BoxHealthResource(context, scr, imports, access, Clock.fixed(NOW, ZoneOffset.UTC), data);

        BoxHealthResource.HealthDto h = health.health(SignedIn.as(referent));
        assertFalse(h.ok());
        assertEquals(List.of("Annuaire", "Console du référent", "fr.preau.cahier"), h.bundles().stream().map(BoxHealthResource.BundleDto::label)
                .toList(), "French names, by name; other bundles left out");
        BoxHealthResource.BundleDto annuaire = h.bundles().get(0);
        assertFalse(annuaire.ok());
        assertEquals(List.of("« DirectoryServiceImpl » attend un service qui manque (db)"), annuaire.problems());
        assertEquals("RESOLVED", h.bundles().get(2).state());
        assertTrue(h.problems().contains("« Annuaire » ne fonctionne pas : « DirectoryServiceImpl » attend un service qui manque (db)"),
                h.problems().toString());
        assertTrue(h.problems().stream().anyMatch(p -> p.startsWith("Le dernier import de l'annuaire a échoué")), h.problems().toString());
        assertEquals("FAILED", h.lastImport().status());
        assertEquals("1.2.0-SNAPSHOT", h.version());
        assertTrue(h.memory().maxBytes() > 0 && h.disk().totalBytes() > 0);
        assertNull(h.lastBackup(), "no backup yet: the console says so");
        assertEquals("preau/backup/last-backup.properties", h.backupMarker());

        Path marker = data.resolve(BoxHealthResource.BACKUP_MARKER);
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, "finishedAt=2026-09-03T00:00:12Z\nstatus=FAILED\nmessage=Le disque de sauvegarde est absent.\n",
                StandardCharsets.UTF_8);
        h = health.health(SignedIn.as(referent));
        assertEquals(Instant.parse("2026-09-03T00:00:12Z"), h.lastBackup().finishedAt());
        assertTrue(h.problems().contains("La dernière sauvegarde a échoué : Le disque de sauvegarde est absent."), h.problems().toString());

        doThrow(new ProblemException(403, "forbidden", "non")).when(access).require(eq(pupil), eq(PlatformActions.READ_HEALTH), any());
        assertEquals(403, assertThrows(ProblemException.class, () -> health.health(SignedIn.as(pupil))).status());
    }

    static Bundle bundle(String name, int state) {
        Bundle b = mock(Bundle.class);
        when(b.getSymbolicName()).thenReturn(name);
        when(b.getState()).thenReturn(state);
        when(b.getVersion()).thenReturn(new Version(1, 2, 0, "SNAPSHOT"));
        Dictionary<String, String> headers = new Hashtable<>();
        headers.put("Bundle-Version", "1.2.0.SNAPSHOT");
        when(b.getHeaders("")).thenReturn(headers);
        return b;
    }
}
