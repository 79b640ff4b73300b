package fr.preau.access.internal;

import static fr.preau.access.testing.SmallSchool.A5;
import static fr.preau.access.testing.SmallSchool.B4;
import static fr.preau.access.testing.SmallSchool.FRENCH_4B;
import static fr.preau.access.testing.SmallSchool.HEAD;
import static fr.preau.access.testing.SmallSchool.HELENE;
import static fr.preau.access.testing.SmallSchool.INES;
import static fr.preau.access.testing.SmallSchool.LATIN;
import static fr.preau.access.testing.SmallSchool.LEO;
import static fr.preau.access.testing.SmallSchool.MATHS_5A;
import static fr.preau.access.testing.SmallSchool.OTHER_HEAD;
import static fr.preau.access.testing.SmallSchool.REFERENT;
import static fr.preau.access.testing.SmallSchool.SCHOOL;
import static fr.preau.access.testing.SmallSchool.STAFF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.access.CommunicationMatrix;
import fr.preau.access.CommunicationRules;
import fr.preau.access.DistributionList;
import fr.preau.access.Reach;
import fr.preau.access.testing.SmallSchool;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.directory.Division;
import fr.preau.store.testing.Databases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;

/** The référent's communication matrix: its defaults are the old rules, every cell it changes is followed, and it is kept. */
class CommunicationMatrixTest {

    final SmallSchool school = new SmallSchool(Instant.parse("2026-11-16T08:00:00Z"));
    final CommunicationRules rules = school.rules;

    // Two more of the school, so that every profile has someone related and someone not: Léo's classmate Emma
    // (5A), her mother Sophie, Inès's father Marc (4B), a guest.
    static final Person EMMA = SmallSchool.person("emma.petit", "Emma Petit", SCHOOL, Profile.ELEVE);
    static final Person SOPHIE = SmallSchool.person("sophie.petit", "Sophie Petit", SCHOOL, Profile.PARENT);
    static final Person MARC = SmallSchool.person("marc.roux", "Marc Roux", SCHOOL, Profile.PARENT);
    static final Person GUEST = SmallSchool.person("invite.1", "Invité Un", SCHOOL, Profile.INVITE);

    CommunicationMatrixTest() {
        school.people.addAll(List.of(EMMA, SOPHIE, MARC, GUEST));
        school.divisions.put(EMMA.id(), List.of(A5));
        school.children.put(SOPHIE.id(), List.of(EMMA));
        school.children.put(MARC.id(), List.of(INES));
    }

    /** The rules as the box had them before the matrix (the former mail and access code), pair by pair. */
    static boolean oldRule(Person from, Person to) {
        if (from.equals(to) || from.has(Profile.REFERENT)) {
            return true;
        }
        if (!from.uai().equals(to.uai())) {
            return false;
        }
        Set<Profile> adults = EnumSet.of(Profile.ENSEIGNANT, Profile.DIRECTION, Profile.PERSONNEL, Profile.REFERENT);
        Set<Profile> staff = EnumSet.of(Profile.DIRECTION, Profile.PERSONNEL, Profile.REFERENT);
        if (from.profiles().stream().anyMatch(adults::contains)) {
            return true;
        }
        if (to.profiles().stream().anyMatch(staff::contains)) {
            return true;
        }
        if (from.has(Profile.INVITE)) {
            return to.has(Profile.ENSEIGNANT);
        }
        // the pairs of the small school that the old code related
        List<List<Person>> related = List.of(List.of(LEO, MATHS_5A), List.of(LEO, EMMA), List.of(EMMA, LEO), List.of(EMMA, MATHS_5A),
                List.of(INES, FRENCH_4B), List.of(LEO, HELENE), List.of(HELENE, LEO), List.of(HELENE, MATHS_5A), List.of(SOPHIE, EMMA),
                List.of(SOPHIE, MATHS_5A), List.of(MARC, INES), List.of(MARC, FRENCH_4B), List.of(INES, MARC), List.of(EMMA, SOPHIE));
        return related.contains(List.of(from, to));
    }

    List<Person> everyone() {
        return school.people;
    }

    @Test
    void theDefaultsAnswerLikeTheOldRulesForEveryPairOfTheSchool() {
        List<String> differences = new ArrayList<>();
        for (Person from : everyone()) {
            for (Person to : everyone()) {
                if (rules.mayCommunicate(from, to) != oldRule(from, to)) {
                    differences.add(from.login() + " → " + to.login());
                }
            }
        }
        assertEquals(List.of(), differences);
        assertEquals(CommunicationMatrix.defaults(), rules.matrix(SCHOOL), "nothing set: the defaults");
    }

    @Test
    void theDefaultMatrixCellByCell() {
        CommunicationMatrix d = CommunicationMatrix.defaults();
        for (Profile from : CommunicationMatrix.SENDERS) {
            for (Profile to : CommunicationMatrix.RECIPIENTS) {
                Reach expected = switch (from) {
                    case ENSEIGNANT, DIRECTION, PERSONNEL -> Reach.ALWAYS;
                    case ELEVE -> to == Profile.INVITE ? Reach.NEVER
                            : Set.of(Profile.ELEVE, Profile.PARENT, Profile.ENSEIGNANT).contains(to) ? Reach.RELATED : Reach.ALWAYS;
                    case PARENT -> Set.of(Profile.PARENT, Profile.INVITE).contains(to) ? Reach.NEVER
                            : Set.of(Profile.ELEVE, Profile.ENSEIGNANT).contains(to) ? Reach.RELATED : Reach.ALWAYS;
                    case INVITE -> Set.of(Profile.ELEVE, Profile.PARENT, Profile.INVITE).contains(to) ? Reach.NEVER : Reach.ALWAYS;
                    default -> throw new AssertionError(from);
                };
                assertEquals(expected, d.write(from, to), from + " → " + to);
                assertTrue(CommunicationMatrix.choices(from, to).contains(d.write(from, to)));
            }
        }
        assertEquals(Reach.ALWAYS, d.write(Profile.REFERENT, Profile.ELEVE), "the référent is not a row: always");
    }

    @Test
    void everyCellOfTheWritingMatrixIsFollowed() {
        for (Profile from : CommunicationMatrix.SENDERS) {
            for (Profile to : CommunicationMatrix.RECIPIENTS) {
                Person sender = sample(from);
                for (Reach reach : CommunicationMatrix.choices(from, to)) {
                    rules.setMatrix(SCHOOL, CommunicationMatrix.defaults().withWrite(from, to, reach));
                    for (Person recipient : everyone()) {
                        if (!recipient.has(to) || recipient.equals(sender) || !recipient.uai().equals(SCHOOL)) {
                            continue;
                        }
                        boolean expected = switch (reach) {
                            case ALWAYS -> true;
                            case NEVER -> false;
                            case RELATED -> related(sender, recipient);
                        };
                        assertEquals(expected, rules.mayCommunicate(sender, recipient),
                                from + " → " + to + " = " + reach + ": " + sender.login() + " → " + recipient.login());
                        assertEquals(expected, rules.reachable(sender, null, 100).contains(recipient),
                                "the address book follows: " + from + " → " + to + " = " + reach + ", " + recipient.login());
                    }
                }
            }
        }
    }

    /** The small school's relations, written out (RELATED of {@link Reach}). */
    static boolean related(Person a, Person b) {
        List<Set<Person>> groups = List.of(Set.of(LEO, EMMA, MATHS_5A, HELENE, SOPHIE), Set.of(INES, FRENCH_4B, MARC));
        boolean sameClass = groups.stream().anyMatch(g -> g.contains(a) && g.contains(b));
        if (a.has(Profile.ELEVE) && b.has(Profile.PARENT) || a.has(Profile.PARENT) && b.has(Profile.ELEVE)) {
            return Set.of(Set.of(LEO, HELENE), Set.of(EMMA, SOPHIE), Set.of(INES, MARC)).contains(Set.of(a, b));
        }
        return sameClass;
    }

    /** Someone of the small school with this profile (of 5A for a pupil, a parent and a teacher). */
    static Person sample(Profile p) {
        return switch (p) {
            case ELEVE -> LEO;
            case PARENT -> HELENE;
            case ENSEIGNANT -> MATHS_5A;
            case DIRECTION -> HEAD;
            case PERSONNEL -> STAFF;
            case INVITE -> GUEST;
            case REFERENT -> REFERENT;
        };
    }

    @Test
    void forbiddingPupilsToWriteToTeachersStopsTheirOwnToo() {
        assertTrue(rules.mayCommunicate(LEO, MATHS_5A));
        rules.setMatrix(SCHOOL, rules.matrix(SCHOOL).withWrite(Profile.ELEVE, Profile.ENSEIGNANT, Reach.NEVER));
        assertFalse(rules.mayCommunicate(LEO, MATHS_5A));
        assertFalse(rules.reachable(LEO, "julien", 10).contains(MATHS_5A));
        assertTrue(rules.mayCommunicate(MATHS_5A, LEO), "the other direction is another rule");
        assertTrue(rules.mayCommunicate(REFERENT, OTHER_HEAD), "the référent is never limited");
        rules.setMatrix(SCHOOL, rules.matrix(SCHOOL).withWrite(Profile.ELEVE, Profile.ENSEIGNANT, Reach.ALWAYS));
        assertTrue(rules.mayCommunicate(LEO, FRENCH_4B), "always: every teacher of the school");
        assertFalse(rules.mayCommunicate(LEO, OTHER_HEAD), "never another school");
    }

    @Test
    void aValueThatMeansNothingForTheCellIsRefusedAndNothingChanges() {
        ProblemException e = assertThrows(ProblemException.class, () -> rules.setMatrix(SCHOOL,
                CommunicationMatrix.defaults().withWrite(Profile.ELEVE, Profile.ELEVE, Reach.NEVER)
                        .withWrite(Profile.ELEVE, Profile.PERSONNEL, Reach.RELATED)));
        assertEquals(400, e.status());
        assertEquals("invalid-communication-rule", e.code());
        assertTrue(e.title().contains("Les élèves → les personnels"), e.title());
        assertEquals(CommunicationMatrix.defaults(), rules.matrix(SCHOOL));
        assertThrows(ProblemException.class, () -> rules.setMatrix(SCHOOL,
                CommunicationMatrix.defaults().withPost(DistributionList.ALL_TEACHERS, Profile.PARENT, Reach.RELATED)));
    }

    @Test
    void postingRulesByDefaultAndEdited() {
        // defaults: the lists each profile could post to before
        assertTrue(rules.mayPost(LEO, DistributionList.CLASS_PUPILS, SCHOOL, A5));
        assertFalse(rules.mayPost(LEO, DistributionList.CLASS_PUPILS, SCHOOL, LATIN), "a pupil's classmates: of a class, not a groupe");
        assertTrue(rules.mayPost(LEO, DistributionList.CLASS_TEACHERS, SCHOOL, LATIN));
        assertFalse(rules.mayPost(LEO, DistributionList.CLASS_TEACHERS, SCHOOL, B4));
        assertFalse(rules.mayPost(LEO, DistributionList.CLASS_PARENTS, SCHOOL, A5));
        assertFalse(rules.mayPost(LEO, DistributionList.ALL_TEACHERS, SCHOOL, null));
        assertTrue(rules.mayPost(HELENE, DistributionList.CLASS_TEACHERS, SCHOOL, A5));
        assertFalse(rules.mayPost(HELENE, DistributionList.CLASS_PUPILS, SCHOOL, A5));
        assertTrue(rules.mayPost(MATHS_5A, DistributionList.CLASS_PARENTS, SCHOOL, A5));
        assertFalse(rules.mayPost(MATHS_5A, DistributionList.CLASS_PARENTS, SCHOOL, B4), "a teacher: their classes");
        assertTrue(rules.mayPost(MATHS_5A, DistributionList.ALL_STAFF, SCHOOL, null));
        assertTrue(rules.mayPost(HEAD, DistributionList.CLASS_PUPILS, SCHOOL, B4));
        assertFalse(rules.mayPost(GUEST, DistributionList.CLASS_TEACHERS, SCHOOL, A5));
        assertTrue(rules.mayPost(REFERENT, DistributionList.ALL_TEACHERS, SCHOOL, null));
        assertFalse(rules.mayPost(OTHER_HEAD, DistributionList.ALL_TEACHERS, SCHOOL, null), "never another school's lists");

        rules.setMatrix(SCHOOL, rules.matrix(SCHOOL).withPost(DistributionList.CLASS_TEACHERS, Profile.PARENT, Reach.NEVER)
                .withPost(DistributionList.ALL_TEACHERS, Profile.PARENT, Reach.ALWAYS)
                .withPost(DistributionList.CLASS_PARENTS, Profile.ENSEIGNANT, Reach.ALWAYS));
        assertFalse(rules.mayPost(HELENE, DistributionList.CLASS_TEACHERS, SCHOOL, A5));
        assertTrue(rules.mayPost(HELENE, DistributionList.ALL_TEACHERS, SCHOOL, null));
        assertTrue(rules.mayPost(MATHS_5A, DistributionList.CLASS_PARENTS, SCHOOL, B4));
    }

    @Test
    void theMatrixIsKeptInTheDatabaseOnlyWhereItDiffersFromTheDefaults() throws Exception {
        EmbeddedDataSource derby = Databases.derby("access", AccessSchema.CHANGELOG, getClass().getClassLoader());
        DataSource h2 = Databases.h2PostgresMode(AccessSchema.CHANGELOG, getClass().getClassLoader());
        try {
            for (DataSource db : List.of(derby, h2)) {
                CommunicationRulesImpl first = new CommunicationRulesImpl(school.directory, new JdbcMatrixStore(db));
                CommunicationMatrix edited = CommunicationMatrix.defaults().withWrite(Profile.ELEVE, Profile.ENSEIGNANT, Reach.NEVER)
                        .withPost(DistributionList.ALL_STAFF, Profile.PARENT, Reach.ALWAYS);
                first.setMatrix(SCHOOL, edited);
                assertEquals(List.of(List.of("0999999Z", "ELEVE", "ENSEIGNANT", "NEVER")),
                        Databases.query(db, "SELECT uai, sender, recipient, reach FROM access_write_rule"));
                assertEquals(List.of(List.of("ALL_STAFF", "PARENT", "ALWAYS")),
                        Databases.query(db, "SELECT list_kind, sender, reach FROM access_post_rule"));
                CommunicationRulesImpl restarted = new CommunicationRulesImpl(school.directory, new JdbcMatrixStore(db));
                assertEquals(edited, restarted.matrix(SCHOOL), "read back after a restart");
                assertFalse(restarted.mayCommunicate(LEO, MATHS_5A));
                restarted.setMatrix(SCHOOL, CommunicationMatrix.defaults());
                assertEquals(List.of(), Databases.query(db, "SELECT uai FROM access_write_rule"), "restored: no row left");
                assertEquals(CommunicationMatrix.defaults(), new CommunicationRulesImpl(school.directory, new JdbcMatrixStore(db)).matrix(SCHOOL));
            }
        } finally {
            Databases.drop(derby);
        }
    }

    @Test
    void divisionListsNeedTheirDivision() {
        Division none = null;
        assertFalse(rules.mayPost(HEAD, DistributionList.CLASS_PUPILS, SCHOOL, none));
        assertFalse(rules.mayPost(HEAD, DistributionList.ALL_TEACHERS, SCHOOL, A5));
    }
}
