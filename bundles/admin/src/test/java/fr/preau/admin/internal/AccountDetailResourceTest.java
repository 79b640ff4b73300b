package fr.preau.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import fr.preau.access.AccessService;
import fr.preau.access.Decision;
import fr.preau.access.PlatformActions;
import fr.preau.admin.internal.AccountDetailResource.DetailDto;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.audit.AuditActions;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.auth.AccountState;
import fr.preau.auth.Authenticator;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.directory.PersonRecord;
import fr.preau.directory.PersonRecord.Deactivation;
import fr.preau.directory.School;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccountDetailResourceTest {

    static final Uai COLLEGE = new Uai("0999999Z");
    static final Uai ECOLE = new Uai("0999997X");
    static final Instant NOW = Instant.parse("2026-09-02T08:00:00Z");

    DirectoryService directory = mock(DirectoryService.class);
    Authenticator authenticator = mock(Authenticator.class);
    AccessService access = mock(AccessService.class);
    List<AuditEvent> audited = new ArrayList<>();
    AuditLog audit = new AuditLog() {
        @Override
        public void record(AuditEvent event) {
            audited.add(event);
        }

        @Override
        public fr.preau.api.Page<fr.preau.audit.AuditEntry> find(String action, int offset, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public fr.preau.api.Page<fr.preau.audit.AuditEntry> search(fr.preau.audit.AuditQuery query, int offset, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean verifyChain() {
            return true;
        }
    };
    AccountDetailResource resource = new AccountDetailResource(directory, authenticator, access, audit, Clock.fixed(NOW, ZoneOffset.UTC));

    Person referent = person("referent", Profile.REFERENT, COLLEGE);
    Person head = person("anne.verger", Profile.DIRECTION, COLLEGE);
    Person pupil = person("leo.marchand", Profile.ELEVE, COLLEGE);
    Person mother = person("helene.marchand", Profile.PARENT, COLLEGE);
    PersonRecord leo;
    boolean leoActive = true;

    static Person person(String login, Profile profile, Uai school) {
        return new Person(new PersonId("id-" + login.replace('.', '-')), login, login, school, Set.of(profile));
    }

    PersonRecord record(Person p, boolean active, Deactivation by) {
        Division fiveA = new Division("0999999Z:CLASSE:5A", COLLEGE, Division.Kind.CLASSE, "5A", "5A");
        Division latin = new Division("0999999Z:GROUPE:LATIN", COLLEGE, Division.Kind.GROUPE, "LATIN", "Latin");
        return new PersonRecord(p, "Léo", "MARCHAND", active, active ? null : NOW.minusSeconds(60), by, null, List.of(COLLEGE), "ELEVE",
                null, NOW.minusSeconds(86_400), List.of(fiveA, latin), List.of(),
                List.of(new PersonRecord.Link(mother, true, "MERE", true, List.of())), List.of());
    }

    @BeforeEach
    void setUp() {
        // the real grants: read for referent and direction, manage for the referent
        when(access.decide(any(), any(), any())).thenAnswer(i -> {
            Person who = i.getArgument(0);
            String action = i.getArgument(1);
            boolean ok = who.has(Profile.REFERENT)
                    || who.has(Profile.DIRECTION) && action.equals(PlatformActions.READ_ACCOUNTS) && COLLEGE.equals(i.getArgument(2));
            return ok ? Decision.allow("test") : Decision.deny("test");
        });
        org.mockito.Mockito.doAnswer(i -> {
            if (!access.decide(i.getArgument(0), i.getArgument(1), i.getArgument(2)).allowed()) {
                throw new ProblemException(403, "forbidden", "Vous n'avez pas le droit de faire cela.");
            }
            return null;
        }).when(access).require(any(), any(), any());
        when(directory.record(any())).thenAnswer(i -> {
            String key = i.getArgument(0);
            if (key.equals("leo.marchand") || key.equals(pupil.id().value())) {
                return Optional.of(record(pupil, leoActive, leoActive ? null : Deactivation.REFERENT));
            }
            if (key.equals("referent") || key.equals(referent.id().value())) {
                return Optional.of(new PersonRecord(referent, "René", "FERENT", true, null, null, null, List.of(COLLEGE), null, null,
                        NOW, List.of(), List.of(), List.of(), List.of()));
            }
            return Optional.empty();
        });
        when(directory.deactivate(pupil.id(), Deactivation.REFERENT)).thenAnswer(i -> {
            boolean was = leoActive;
            leoActive = false;
            return was;
        });
        when(directory.reactivate(pupil.id())).thenAnswer(i -> {
            boolean was = !leoActive;
            leoActive = true;
            return was;
        });
        when(directory.school(COLLEGE)).thenReturn(Optional.of(new School(COLLEGE, "Collège Jean Rostand", true)));
        when(directory.mailAddress(pupil.id())).thenReturn(Optional.of("leo.marchand@rostand.preau.test"));
        when(authenticator.state(any())).thenReturn(new AccountState(true, false, null, NOW.minusSeconds(3600)));
        when(authenticator.endSessions(pupil.id())).thenReturn(2);
    }

    @Test
    void theDetailShowsWhatTheAnnuaireKnowsAndIsAudited() {
        DetailDto d = resource.detail(SignedIn.as(head), "leo.marchand");
        assertEquals("leo.marchand", d.login());
        assertEquals(AccountsResource.State.ACTIVE, d.state());
        assertEquals(List.of("5A"), d.classes().stream().map(AccountDetailResource.DivisionDto::label).toList());
        assertEquals(List.of("Latin"), d.groups().stream().map(AccountDetailResource.DivisionDto::label).toList());
        assertEquals("MERE", d.responsables().get(0).kind());
        assertEquals("Collège Jean Rostand", d.schools().get(0).name());
        assertEquals(NOW.minusSeconds(3600), d.lastLogin());
        assertEquals("leo.marchand@rostand.preau.test", d.mailAddress());
        assertFalse(d.manageable(), "the direction reads only");
        assertEquals(1, audited.size());
        assertEquals(AuditActions.PERSONAL_DATA_READ, audited.get(0).action());
        assertEquals(head.id(), audited.get(0).actor());
        assertEquals(pupil.id().value(), audited.get(0).subject());
        assertTrue(resource.detail(SignedIn.as(referent), pupil.id().value()).manageable(), "by id too");
    }

    @Test
    void onlyTheReferentAndTheDirectionReadAndOnlyTheReferentManages() {
        for (Person other : List.of(pupil, mother)) {
            assertEquals(403, status(() -> resource.detail(SignedIn.as(other), "leo.marchand")));
            assertEquals(403, status(() -> resource.deactivate(SignedIn.as(other), "leo.marchand")));
            assertEquals(403, status(() -> resource.detail(SignedIn.as(other), "personne")), "403 before 404: nothing learnt");
        }
        assertEquals(403, status(() -> resource.deactivate(SignedIn.as(head), "leo.marchand")));
        assertEquals(403, status(() -> resource.reactivate(SignedIn.as(head), "leo.marchand")));
        assertEquals(403, status(() -> resource.endDate(SignedIn.as(head), "leo.marchand", new AccountDetailResource.EndDateRequest("2026-10-01"))));
        Person otherHead = person("directeur.ecole", Profile.DIRECTION, ECOLE);
        assertEquals(403, status(() -> resource.detail(SignedIn.as(otherHead), "leo.marchand")), "another school's direction");
        assertEquals(404, status(() -> resource.detail(SignedIn.as(referent), "personne")));
        assertTrue(audited.isEmpty(), "nothing read, nothing recorded");
        verify(directory, never()).deactivate(any(), any());
    }

    @Test
    void theReferentDeactivatesAndReactivatesAndThePersonIsSignedOut() {
        DetailDto off = resource.deactivate(SignedIn.as(referent), "leo.marchand");
        assertEquals(AccountsResource.State.DEACTIVATED, off.state());
        assertEquals("REFERENT", off.deactivatedBy());
        verify(authenticator).endSessions(pupil.id());
        assertEquals(AuditActions.ACCOUNT_DEACTIVATE, audited.get(0).action());
        assertEquals("2", audited.get(0).details().get("signedOut"));
        resource.deactivate(SignedIn.as(referent), "leo.marchand");
        assertEquals(1, audited.size(), "deactivating twice changes nothing");

        DetailDto on = resource.reactivate(SignedIn.as(referent), "leo.marchand");
        assertEquals(AccountsResource.State.ACTIVE, on.state());
        assertEquals(AuditActions.ACCOUNT_REACTIVATE, audited.get(1).action());
    }

    @Test
    void theReferentCannotDeactivateTheirOwnAccount() {
        ProblemException e = assertThrows(ProblemException.class, () -> resource.deactivate(SignedIn.as(referent), "referent"));
        assertEquals(409, e.status());
        assertEquals("own-account", e.code());
        assertTrue(e.title().startsWith("Vous ne pouvez pas désactiver votre propre compte"), e.title());
        verify(directory, never()).deactivate(any(), any());
        assertTrue(resource.detail(SignedIn.as(referent), "referent").self());
    }

    @Test
    void theEndDateIsADayAndMovingItGivesAnExpiredGuestBack() {
        assertEquals("invalid-end-date", code(() -> resource.endDate(SignedIn.as(referent), "leo.marchand",
                new AccountDetailResource.EndDateRequest("31/12/2026"))));
        assertEquals("invalid-end-date", code(() -> resource.endDate(SignedIn.as(referent), "leo.marchand", null)));
        resource.endDate(SignedIn.as(referent), "leo.marchand", new AccountDetailResource.EndDateRequest("2026-12-31"));
        verify(directory).setGuestUntil(pupil.id(), LocalDate.of(2026, 12, 31));
        assertEquals(AuditActions.GUEST_END_DATE, audited.get(audited.size() - 1).action());
        verify(directory, never()).reactivate(any());
        doThrow(new ProblemException(409, "not-a-guest", "non")).when(directory).setGuestUntil(eq(pupil.id()), any());
        assertEquals("not-a-guest", code(() -> resource.endDate(SignedIn.as(referent), "leo.marchand",
                new AccountDetailResource.EndDateRequest("2026-12-31"))));
    }

    static int status(Runnable r) {
        return assertThrows(ProblemException.class, r::run).status();
    }

    static String code(Runnable r) {
        return assertThrows(ProblemException.class, r::run).code();
    }
}
