package fr.preau.access.internal;

import static fr.preau.access.testing.SmallSchool.FRENCH_4B;
import static fr.preau.access.testing.SmallSchool.HEAD;
import static fr.preau.access.testing.SmallSchool.HELENE;
import static fr.preau.access.testing.SmallSchool.INES;
import static fr.preau.access.testing.SmallSchool.LEO;
import static fr.preau.access.testing.SmallSchool.MATHS_5A;
import static fr.preau.access.testing.SmallSchool.OTHER_HEAD;
import static fr.preau.access.testing.SmallSchool.REFERENT;
import static fr.preau.access.testing.SmallSchool.STAFF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.access.CommunicationRules;
import fr.preau.access.testing.SmallSchool;
import fr.preau.api.Person;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The school's default communication rules, as access answers them (files' sharing; mail's address book has the same). */
class CommunicationRulesImplTest {

    final SmallSchool school = new SmallSchool(Instant.parse("2026-11-16T08:00:00Z"));
    final CommunicationRules rules = school.rules;

    @Test
    void aPupilReachesTheirClassTheirTeachersTheirParentsAndTheStaff() {
        assertTrue(rules.mayCommunicate(LEO, MATHS_5A), "a teacher of their class");
        assertTrue(rules.mayCommunicate(LEO, HELENE), "their responsable");
        assertTrue(rules.mayCommunicate(LEO, HEAD));
        assertTrue(rules.mayCommunicate(LEO, STAFF));
        assertTrue(rules.mayCommunicate(LEO, LEO));
        assertFalse(rules.mayCommunicate(LEO, INES), "a pupil of another class");
        assertFalse(rules.mayCommunicate(LEO, FRENCH_4B), "a teacher who does not teach them");
        assertFalse(rules.mayCommunicate(LEO, OTHER_HEAD), "another school");
    }

    @Test
    void aParentReachesTheirChildAndTheChildsTeachersAdultsEveryoneOfTheSchool() {
        assertTrue(rules.mayCommunicate(HELENE, LEO));
        assertTrue(rules.mayCommunicate(HELENE, MATHS_5A));
        assertFalse(rules.mayCommunicate(HELENE, INES));
        assertFalse(rules.mayCommunicate(HELENE, FRENCH_4B));
        assertTrue(rules.mayCommunicate(MATHS_5A, INES), "an adult reaches everyone of the school");
        assertFalse(rules.mayCommunicate(MATHS_5A, OTHER_HEAD));
        assertTrue(rules.mayCommunicate(REFERENT, OTHER_HEAD), "the referent, everyone of the box");
    }

    @Test
    void reachableListsOnlyWhomTheRulesAllowByNameWithoutOneself() {
        List<String> logins = rules.reachable(LEO, null, 50).stream().map(Person::login).toList();
        assertTrue(logins.containsAll(List.of("julien.dumas", "helene.marchand", "anne.verger", "paul.cpe")), logins.toString());
        assertFalse(logins.contains("ines.roux"));
        assertFalse(logins.contains("leo.marchand"));
        assertEquals(List.of("helene.marchand"), rules.reachable(LEO, "hélène", 50).stream().map(Person::login).toList(), "accents ignored");
        assertEquals(1, rules.reachable(MATHS_5A, null, 1).size(), "at most the limit");
    }
}
