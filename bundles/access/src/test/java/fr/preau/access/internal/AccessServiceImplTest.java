package fr.preau.access.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.access.Decision;
import fr.preau.access.PlatformActions;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.api.spi.CatalogueEntry;
import fr.preau.api.spi.PermissionSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccessServiceImplTest {

    static final Uai ROSTAND = new Uai("0999999Z");
    static final Uai OTHER = new Uai("0999998Y");

    AccessServiceImpl access;

    static Person person(Uai uai, Profile... profiles) {
        return new Person(PersonId.random(), "x", "X", uai, Set.of(profiles));
    }

    static PermissionSet set(String ns, Map<String, Set<Profile>> grants) {
        return new PermissionSet() {
            @Override
            public String namespace() {
                return ns;
            }

            @Override
            public Map<String, Set<Profile>> grants() {
                return grants;
            }
        };
    }

    @BeforeEach
    void setUp() {
        access = new AccessServiceImpl();
        access.addPermissionSet(new PlatformPermissions());
    }

    @Test
    void theReferentAdministersEverySchoolOfTheBoxOthersTheirOwnOnly() {
        Person referent = person(ROSTAND, Profile.REFERENT, Profile.ENSEIGNANT);
        assertTrue(access.decide(referent, PlatformActions.UNLOCK_ACCOUNT, ROSTAND).allowed());
        assertTrue(access.decide(referent, PlatformActions.UNLOCK_ACCOUNT, OTHER).allowed(), "an école beside the collège");
        assertTrue(access.decide(referent, PlatformActions.UNLOCK_ACCOUNT, null).allowed());
        Person head = person(ROSTAND, Profile.DIRECTION);
        assertTrue(access.decide(head, PlatformActions.READ_STATISTICS, ROSTAND).allowed());
        Decision elsewhere = access.decide(head, PlatformActions.READ_STATISTICS, OTHER);
        assertFalse(elsewhere.allowed());
        assertEquals("target belongs to another school", elsewhere.reason());
        // a referent who also teaches: teaching rights stay in their own school
        access.addPermissionSet(set("cahier", Map.of("write", Set.of(Profile.ENSEIGNANT))));
        assertTrue(access.decide(referent, "cahier:write", ROSTAND).allowed());
        assertFalse(access.decide(referent, "cahier:write", OTHER).allowed());
    }

    @Test
    void otherProfilesAreRefusedWithAFrenchForbiddenProblem() {
        for (Profile p : new Profile[] {Profile.ELEVE, Profile.PARENT, Profile.ENSEIGNANT, Profile.DIRECTION,
                Profile.PERSONNEL, Profile.INVITE}) {
            Person who = person(ROSTAND, p);
            ProblemException e = assertThrows(ProblemException.class,
                    () -> access.require(who, PlatformActions.UNLOCK_ACCOUNT, ROSTAND));
            assertEquals(403, e.status());
            assertEquals("forbidden", e.code());
        }
        assertTrue(access.decide(person(ROSTAND, Profile.DIRECTION), PlatformActions.READ_STATISTICS, ROSTAND).allowed());
        assertFalse(access.decide(person(ROSTAND, Profile.DIRECTION), PlatformActions.READ_AUDIT, ROSTAND).allowed(),
                "the audit log names people of every school: the referent only");
    }

    @Test
    void moduleActionsExistWhileTheModuleIsRegisteredAndBrieflyAfterItsSetLeaves() {
        long[] now = {1_000};
        access.clock = () -> now[0];
        PermissionSet cahier = set("cahier", Map.of("write", Set.of(Profile.ENSEIGNANT)));
        Person teacher = person(ROSTAND, Profile.ENSEIGNANT);
        assertFalse(access.decide(teacher, "cahier:write", ROSTAND).allowed());
        access.addPermissionSet(cahier);
        assertTrue(access.decide(teacher, "cahier:write", ROSTAND).allowed());
        assertTrue(access.knownActions().contains("cahier:write"));
        access.removePermissionSet(cahier);
        // the requests the module had begun (a module replaced in place) are still answered
        now[0] += AccessServiceImpl.LEAVING_NANOS - 1;
        assertTrue(access.decide(teacher, "cahier:write", ROSTAND).allowed());
        now[0] += 1;
        assertFalse(access.decide(teacher, "cahier:write", ROSTAND).allowed());
        assertFalse(access.knownActions().contains("cahier:write"));
    }

    @Test
    void aModulesNewVersionReplacesItsLeavingActionsAtOnce() {
        access.clock = () -> 5L;
        PermissionSet v1 = set("probe", Map.of("read", Set.of(Profile.ELEVE, Profile.PARENT), "old", Set.of(Profile.ELEVE)));
        access.addPermissionSet(v1);
        access.removePermissionSet(v1);
        assertTrue(access.decide(person(ROSTAND, Profile.PARENT), "probe:read", null).allowed(), "leaving, still answered");
        // version 2 grants less: its rules apply from its registration on, version 1's are gone
        access.addPermissionSet(set("probe", Map.of("read", Set.of(Profile.ELEVE))));
        assertFalse(access.decide(person(ROSTAND, Profile.PARENT), "probe:read", null).allowed());
        assertFalse(access.decide(person(ROSTAND, Profile.ELEVE), "probe:old", null).allowed());
        assertTrue(access.decide(person(ROSTAND, Profile.ELEVE), "probe:read", null).allowed());
    }

    @Test
    void twoSetsGrantingTheSameActionAreUnited() {
        access.addPermissionSet(set("x", Map.of("read", Set.of(Profile.ELEVE))));
        PermissionSet second = set("x", Map.of("read", Set.of(Profile.PARENT)));
        access.addPermissionSet(second);
        assertTrue(access.decide(person(ROSTAND, Profile.PARENT), "x:read", null).allowed());
        assertTrue(access.decide(person(ROSTAND, Profile.ELEVE), "x:read", null).allowed());
        access.removePermissionSet(second);
        assertFalse(access.decide(person(ROSTAND, Profile.PARENT), "x:read", null).allowed());
    }

    @Test
    void nobodyIsRefused() {
        assertFalse(access.decide(null, PlatformActions.READ_AUDIT, null).allowed());
        assertThrows(ProblemException.class, () -> access.require(null, PlatformActions.READ_AUDIT, null));
    }

    @Test
    void catalogueVisibilityFollowsProfiles() {
        CatalogueEntry entry = CatalogueEntry.of("cahier", "Cahier de textes", "d", "book-open",
                Set.of(Profile.ELEVE, Profile.ENSEIGNANT), "/m/cahier.js", 1);
        assertTrue(access.mayUse(person(ROSTAND, Profile.ELEVE), entry));
        assertFalse(access.mayUse(person(ROSTAND, Profile.PARENT), entry));
        assertFalse(access.mayUse(null, entry));
    }
}
