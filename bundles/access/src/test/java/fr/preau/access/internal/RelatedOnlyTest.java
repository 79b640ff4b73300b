package fr.preau.access.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.access.Target;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.api.spi.PermissionSet;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import java.lang.reflect.Proxy;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Grants that hold only on the classes, groupes and people the annuaire relates the caller to. */
class RelatedOnlyTest {

    static final Uai SCHOOL = new Uai("0999999Z");
    static final Uai OTHER = new Uai("0999998Y");
    static final Division A4 = new Division("0999999Z:CLASSE:4A", SCHOOL, Division.Kind.CLASSE, "4A", "4A");
    static final Division B4 = new Division("0999999Z:CLASSE:4B", SCHOOL, Division.Kind.CLASSE, "4B", "4B");
    static final Division LATIN = new Division("0999999Z:GROUPE:LAT", SCHOOL, Division.Kind.GROUPE, "LAT", "Latin");

    final Person leo = person(SCHOOL, Profile.ELEVE);
    final Person ines = person(SCHOOL, Profile.ELEVE);
    final Person mother = person(SCHOOL, Profile.PARENT);
    final Person teacher = person(SCHOOL, Profile.ENSEIGNANT);
    final Person head = person(SCHOOL, Profile.DIRECTION);
    final Person staff = person(SCHOOL, Profile.PERSONNEL);
    final Person teacherAndParent = person(SCHOOL, Profile.ENSEIGNANT, Profile.PARENT);

    AccessServiceImpl access;

    static Person person(Uai uai, Profile... profiles) {
        return new Person(PersonId.random(), "x", "X", uai, Set.of(profiles));
    }

    DirectoryService directory() {
        Map<PersonId, List<Division>> divisions = Map.of(leo.id(), List.of(A4, LATIN), ines.id(), List.of(B4), teacher.id(),
                List.of(A4), teacherAndParent.id(), List.of(B4));
        Map<PersonId, List<Person>> children = Map.of(mother.id(), List.of(leo), teacherAndParent.id(), List.of(leo));
        return (DirectoryService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DirectoryService.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "divisionsOf" -> divisions.getOrDefault(args[0], List.of());
                    case "childrenOf" -> children.getOrDefault(args[0], List.of());
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @BeforeEach
    void setUp() {
        access = new AccessServiceImpl();
        access.directory = directory();
        access.addPermissionSet(new PermissionSet() {
            @Override
            public String namespace() {
                return "cahier";
            }

            @Override
            public Map<String, Set<Profile>> grants() {
                return Map.of("read", EnumSet.of(Profile.ELEVE, Profile.PARENT, Profile.ENSEIGNANT, Profile.DIRECTION), "write",
                        EnumSet.of(Profile.ENSEIGNANT));
            }

            @Override
            public Map<String, Set<Profile>> relatedOnly() {
                return Map.of("read", EnumSet.of(Profile.ELEVE, Profile.PARENT, Profile.ENSEIGNANT), "write",
                        EnumSet.of(Profile.ENSEIGNANT));
            }
        });
    }

    boolean may(Person who, String action, Target target) {
        return access.decideOn(who, action, target).allowed();
    }

    @Test
    void aPupilReadsTheDivisionsTheyAttendAndThemselvesOnly() {
        assertTrue(may(leo, "cahier:read", Target.division(SCHOOL, A4.id())));
        assertTrue(may(leo, "cahier:read", Target.division(SCHOOL, LATIN.id())), "a groupe too");
        assertFalse(may(leo, "cahier:read", Target.division(SCHOOL, B4.id())), "another class");
        assertTrue(may(leo, "cahier:read", Target.person(SCHOOL, leo.id())));
        assertFalse(may(leo, "cahier:read", Target.person(SCHOOL, ines.id())), "another pupil");
        assertFalse(may(leo, "cahier:write", Target.division(SCHOOL, A4.id())), "not granted at all");
    }

    @Test
    void aParentReadsTheirChildrensDivisionsAndChildrenOnly() {
        assertTrue(may(mother, "cahier:read", Target.division(SCHOOL, A4.id())));
        assertFalse(may(mother, "cahier:read", Target.division(SCHOOL, B4.id())));
        assertTrue(may(mother, "cahier:read", Target.person(SCHOOL, leo.id())));
        assertFalse(may(mother, "cahier:read", Target.person(SCHOOL, ines.id())), "a classmate's devoirs are not theirs");
    }

    @Test
    void aTeacherReadsAndWritesTheDivisionsTheyTeachAndReadsTheirPupils() {
        assertTrue(may(teacher, "cahier:write", Target.division(SCHOOL, A4.id())));
        assertFalse(may(teacher, "cahier:write", Target.division(SCHOOL, B4.id())), "another teacher's class");
        assertTrue(may(teacher, "cahier:read", Target.person(SCHOOL, leo.id())), "a pupil of 4A");
        assertFalse(may(teacher, "cahier:read", Target.person(SCHOOL, ines.id())), "a pupil of 4B");
    }

    @Test
    void profilesAreCombinedATeacherWhoIsAParentReadsBoth() {
        assertTrue(may(teacherAndParent, "cahier:read", Target.division(SCHOOL, A4.id())), "their child's class");
        assertTrue(may(teacherAndParent, "cahier:read", Target.division(SCHOOL, B4.id())), "their taught class");
        assertTrue(may(teacherAndParent, "cahier:write", Target.division(SCHOOL, B4.id())));
        assertFalse(may(teacherAndParent, "cahier:write", Target.division(SCHOOL, A4.id())), "a parent never writes");
    }

    @Test
    void schoolWideProfilesReadEveryDivisionOfTheirSchoolOnly() {
        assertTrue(may(head, "cahier:read", Target.division(SCHOOL, B4.id())));
        assertTrue(may(head, "cahier:read", Target.person(SCHOOL, ines.id())));
        assertFalse(may(head, "cahier:read", Target.division(OTHER, "0999998Y:CLASSE:CM1")), "another school");
        assertFalse(may(head, "cahier:read", Target.division(OTHER, A4.id())), "a division named under another school");
        assertFalse(may(staff, "cahier:read", Target.division(SCHOOL, A4.id())), "not granted");
        assertFalse(may(head, "cahier:unknown", Target.division(SCHOOL, A4.id())));
    }

    @Test
    void withoutTheAnnuaireRelatedGrantsAreRefusedAndRequireSaysForbidden() {
        access.directory = null;
        assertFalse(may(leo, "cahier:read", Target.division(SCHOOL, A4.id())));
        assertTrue(may(head, "cahier:read", Target.division(SCHOOL, A4.id())), "school-wide grants need no fact");
        ProblemException e = assertThrows(ProblemException.class, () -> access.requireOn(leo, "cahier:read",
                Target.division(SCHOOL, A4.id())));
        assertEquals(403, e.status());
        assertEquals("forbidden", e.code());
    }

    @Test
    void aTargetIsADivisionOrAPerson() {
        assertThrows(IllegalArgumentException.class, () -> new Target(SCHOOL, A4.id(), leo.id()));
        assertThrows(IllegalArgumentException.class, () -> new Target(SCHOOL, null, null));
    }
}
