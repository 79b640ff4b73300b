package fr.preau.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import fr.preau.access.AccessService;
import fr.preau.access.PlatformActions;
import fr.preau.admin.internal.AccountsResource.PageDto;
import fr.preau.admin.internal.AccountsResource.State;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.auth.AccountState;
import fr.preau.auth.Authenticator;
import fr.preau.directory.DirectoryEntry;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.directory.PeopleQuery;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.ws.rs.core.SecurityContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccountsResourceTest {

    static final Uai COLLEGE = new Uai("0999999Z");
    static final Instant NOW = Instant.parse("2026-09-02T08:00:00Z");

    DirectoryService directory = mock(DirectoryService.class);
    Authenticator authenticator = mock(Authenticator.class);
    AccessService access = mock(AccessService.class);
    AccountsResource resource = new AccountsResource(directory, authenticator, access, Clock.fixed(NOW, ZoneOffset.UTC));
    Person referent = person("referent", Profile.REFERENT);
    AtomicReference<PeopleQuery> asked = new AtomicReference<>();
    List<DirectoryEntry> people = new ArrayList<>();

    static Person person(String login, Profile profile) {
        return new Person(new PersonId("id-" + login.replace('.', '-')), login, login, COLLEGE, Set.of(profile));
    }

    static SecurityContext as(Person who) {
        return SignedIn.as(who);
    }

    @BeforeEach
    void setUp() {
        when(directory.search(any())).thenAnswer(i -> {
            asked.set(i.getArgument(0));
            return people;
        });
        for (int i = 0; i < 7; i++) {
            Person pupil = person("eleve." + i, Profile.ELEVE);
            people.add(new DirectoryEntry(pupil, true, List.of("5A")));
            // 0, 1: active; 2: locked; others pending
            when(authenticator.state(pupil.id())).thenReturn(new AccountState(i < 3, false,
                    i == 2 ? NOW.plusSeconds(600) : null, i < 2 ? NOW.minusSeconds(3600) : null));
        }
        when(directory.division("0999999Z:CLASSE:5A")).thenReturn(Optional.of(
                new Division("0999999Z:CLASSE:5A", COLLEGE, Division.Kind.CLASSE, "5A", "5A")));
    }

    @Test
    void pagesThePeopleOfTheCallersSchoolWithTheirState() {
        PageDto page = resource.list(as(referent), null, null, null, null, null, 2, 3);
        assertEquals(7, page.total());
        assertEquals(List.of("eleve.2", "eleve.3", "eleve.4"), page.items().stream().map(AccountsResource.AccountDto::login).toList());
        assertEquals(List.of(State.LOCKED, State.PENDING, State.PENDING), page.items().stream().map(AccountsResource.AccountDto::state).toList());
        assertEquals(List.of("ELEVE"), page.items().get(0).profiles());
        assertEquals(List.of("5A"), page.items().get(0).classes());
        assertEquals(new PeopleQuery(COLLEGE, null, null, null, true), asked.get(), "active people of the caller's school");
    }

    @Test
    void filtersByStateProfileClassAndText() {
        PageDto pending = resource.list(as(referent), "0999999Z", "eleve", "5a", "pending", "Léa", 0, 50);
        assertEquals(4, pending.total());
        assertEquals(new PeopleQuery(COLLEGE, Profile.ELEVE, "0999999Z:CLASSE:5A", "léa", true), asked.get());
        PageDto active = resource.list(as(referent), null, null, null, "ACTIVE", null, 1, 50);
        assertEquals(2, active.total(), "total counts every match, the page starts at the offset");
        assertEquals(List.of("eleve.1"), active.items().stream().map(AccountsResource.AccountDto::login).toList());
        resource.list(as(referent), null, null, null, "DEACTIVATED", null, null, null);
        assertEquals(Boolean.FALSE, asked.get().active());
    }

    @Test
    void badParametersGetAClearProblem() {
        assertEquals("invalid-state", code(() -> resource.list(as(referent), null, null, null, "perdu", null, null, null)));
        assertEquals("invalid-profile", code(() -> resource.list(as(referent), null, "chef", null, null, null, null, null)));
        assertEquals("unknown-class", code(() -> resource.list(as(referent), null, null, "9Z", null, null, null, null)));
        assertEquals("invalid-page", code(() -> resource.list(as(referent), null, null, null, null, null, -1, null)));
        assertEquals("invalid-page", code(() -> resource.list(as(referent), null, null, null, null, null, 0, 201)));
        assertEquals("invalid-uai", code(() -> resource.list(as(referent), "123", null, null, null, null, null, null)));
        assertEquals("invalid-search", code(() -> resource.list(as(referent), null, null, null, null, "x".repeat(101), null, null)));
    }

    @Test
    void theAccessServiceDecides() {
        Person pupil = person("eleve.0", Profile.ELEVE);
        doThrow(new ProblemException(403, "forbidden", "non")).when(access).require(eq(pupil), eq(PlatformActions.READ_ACCOUNTS), eq(COLLEGE));
        assertEquals("forbidden", code(() -> resource.list(as(pupil), null, null, null, null, null, null, null)));
        assertEquals("not-authenticated", code(() -> resource.list(mock(SecurityContext.class), null, null, null, null, null, null, null)));
    }

    static String code(Runnable r) {
        return assertThrows(ProblemException.class, r::run).code();
    }
}
