package fr.preau.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.preau.access.CommunicationMatrix;
import fr.preau.access.CommunicationRules;
import fr.preau.access.DistributionList;
import fr.preau.access.Reach;
import fr.preau.access.testing.SmallSchool;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.directory.DirectoryEntry;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;

/** The school's lists and address book on a small annuaire, with access's real rules (the référent's matrix, in memory). */
class MailListsTest {

    private static final Uai UAI = new Uai("0999999Z");
    private static final Uai OTHER = new Uai("0999997X");
    private static final Division C5A = new Division("0999999Z:CLASSE:5A", UAI, Division.Kind.CLASSE, "5A", "5A");
    private static final Division C3B = new Division("0999999Z:CLASSE:3B", UAI, Division.Kind.CLASSE, "3B", "3B");
    private static final Division LATIN = new Division("0999999Z:GROUPE:LATIN", UAI, Division.Kind.GROUPE, "LATIN", "Latin");

    private static Person person(String id, String name, Uai uai, Profile... profiles) {
        return new Person(new PersonId(id.replace('.', '-')), id, name, uai, Set.of(profiles));
    }

    private final Person teacher5A = person("julien.dumas", "Julien Dumas", UAI, Profile.ENSEIGNANT);
    private final Person teacher3B = person("marie.roux", "Marie Roux", UAI, Profile.ENSEIGNANT);
    private final Person latinTeacher = person("paul.nadal", "Paul Nadal", UAI, Profile.ENSEIGNANT);
    private final Person leo = person("leo.marchand", "Léo Marchand", UAI, Profile.ELEVE);
    private final Person emma = person("emma.petit", "Emma Petit", UAI, Profile.ELEVE);
    private final Person lucie = person("lucie.marchand", "Lucie Marchand", UAI, Profile.ELEVE);
    private final Person hugo = person("hugo.blanc", "Hugo Blanc", UAI, Profile.ELEVE);
    private final Person helene = person("helene.marchand", "Hélène Marchand", UAI, Profile.PARENT);
    private final Person otherParent = person("marc.petit", "Marc Petit", UAI, Profile.PARENT);
    private final Person principal = person("anne.verger", "Anne Verger", UAI, Profile.DIRECTION);
    private final Person referent = person("referent", "Référent", UAI, Profile.REFERENT);
    private final Person otherSchoolTeacher = person("ecole.prof", "Prof École", OTHER, Profile.ENSEIGNANT);
    private final Person guest = person("invite.x", "Invité X", UAI, Profile.INVITE);
    private MailLists rules;
    private CommunicationRules access;

    @BeforeEach
    void setUp() {
        DirectoryService d = mock(DirectoryService.class);
        when(d.divisionsOf(any())).thenReturn(List.of());
        when(d.divisionsOf(teacher5A.id())).thenReturn(List.of(C5A));
        when(d.divisionsOf(teacher3B.id())).thenReturn(List.of(C3B));
        when(d.divisionsOf(latinTeacher.id())).thenReturn(List.of(LATIN));
        when(d.divisionsOf(leo.id())).thenReturn(List.of(C5A, LATIN));
        when(d.divisionsOf(emma.id())).thenReturn(List.of(C5A));
        when(d.divisionsOf(lucie.id())).thenReturn(List.of(C3B));
        when(d.divisionsOf(hugo.id())).thenReturn(List.of(C3B, LATIN));
        when(d.childrenOf(any())).thenReturn(List.of());
        when(d.childrenOf(helene.id())).thenReturn(List.of(leo, lucie));
        when(d.parentsOf(any())).thenReturn(List.of());
        when(d.parentsOf(leo.id())).thenReturn(List.of(helene));
        when(d.teachersOf(C5A.id())).thenReturn(List.of(teacher5A));
        when(d.teachersOf(LATIN.id())).thenReturn(List.of(latinTeacher));
        when(d.teachersOf(C3B.id())).thenReturn(List.of(teacher3B));
        when(d.pupilsOf(C5A.id())).thenReturn(List.of(leo, emma));
        when(d.pupilsOf(LATIN.id())).thenReturn(List.of(leo, hugo));
        when(d.search(any())).thenAnswer(inv -> {
            fr.preau.directory.PeopleQuery q = inv.getArgument(0);
            List<Person> all = List.of(teacher5A, teacher3B, latinTeacher, leo, emma, lucie, hugo, helene, otherParent, principal, referent, guest);
            return all.stream().filter(p -> q.profile() == null || p.has(q.profile()))
                .filter(p -> q.text() == null || fr.preau.api.Folding.fold(p.displayName() + " " + p.login()).contains(fr.preau.api.Folding.fold(q.text())))
                .map(p -> new DirectoryEntry(p, true, List.of())).toList();
        });
        when(d.divisions(UAI)).thenReturn(List.of(C5A, LATIN, C3B));
        access = SmallSchool.rules(d);
        rules = new MailLists(d, access);
    }

    @Test
    void pupilsWriteToTheirClassTheirTeachersTheirParentsAndTheStaffOnly() {
        assertTrue(rules.mayWrite(leo, emma), "a pupil of the class");
        assertTrue(rules.mayWrite(leo, teacher5A), "a teacher of the class");
        assertTrue(rules.mayWrite(leo, latinTeacher), "a teacher of a groupe");
        assertTrue(rules.mayWrite(leo, helene), "their responsable");
        assertTrue(rules.mayWrite(leo, principal));
        assertTrue(rules.mayWrite(leo, leo));
        assertFalse(rules.mayWrite(leo, lucie), "a pupil of another class");
        assertFalse(rules.mayWrite(leo, hugo), "a groupe is not a class");
        assertFalse(rules.mayWrite(leo, teacher3B), "a teacher who does not teach them");
        assertFalse(rules.mayWrite(leo, otherParent));
    }

    @Test
    void parentsWriteToTheirChildrenTheirTeachersAndTheStaff() {
        assertTrue(rules.mayWrite(helene, leo));
        assertTrue(rules.mayWrite(helene, teacher5A));
        assertTrue(rules.mayWrite(helene, teacher3B), "Lucie's teacher");
        assertTrue(rules.mayWrite(helene, principal));
        assertFalse(rules.mayWrite(helene, emma));
        assertFalse(rules.mayWrite(helene, otherParent));
    }

    @Test
    void adultsWriteToTheirSchoolTheReferentEverywhereNobodyAcrossSchools() {
        assertTrue(rules.mayWrite(teacher3B, leo));
        assertTrue(rules.mayWrite(teacher5A, otherParent));
        assertTrue(rules.mayWrite(principal, hugo));
        assertTrue(rules.mayWrite(referent, otherSchoolTeacher));
        assertFalse(rules.mayWrite(teacher5A, otherSchoolTeacher));
        assertFalse(rules.mayWrite(otherSchoolTeacher, leo));
        assertTrue(rules.mayWrite(guest, teacher3B));
        assertFalse(rules.mayWrite(guest, leo));
    }

    @Test
    void theAddressBookListsWhatTheRulesAllowFoundByNameWithoutAccents() {
        List<String> leoBook = rules.addressBook(leo, null, 50).stream().map(Person::login).toList();
        assertTrue(leoBook.containsAll(List.of("emma.petit", "julien.dumas", "paul.nadal", "helene.marchand", "anne.verger")), leoBook.toString());
        assertFalse(leoBook.contains("lucie.marchand"), leoBook.toString());
        assertFalse(leoBook.contains("hugo.blanc"), leoBook.toString());
        assertEquals(List.of("helene.marchand"), rules.addressBook(leo, "HELENE", 50).stream().map(Person::login).toList());
        assertEquals(List.of("helene.marchand", "leo.marchand", "lucie.marchand"), rules.addressBook(teacher3B, "marchand", 50).stream().map(Person::login).toList(),
            "by last name, then whole name");
        assertEquals(1, rules.addressBook(teacher3B, null, 1).size(), "bounded");
    }

    @Test
    void listsOfTheAddressBookHoldOnlyWhomTheRulesAllow() {
        assertEquals(List.of(), rules.lists(leo, null, 10), "lists need a query");
        List<MailLists.PeopleList> forLeo = rules.lists(leo, "5a", 10);
        assertEquals(List.of("Élèves de 5A", "Enseignants de 5A"), forLeo.stream().map(MailLists.PeopleList::name).toList());
        assertEquals(List.of("emma.petit"), forLeo.get(0).members().stream().map(Person::login).toList(), "not himself");
        assertEquals(List.of("Enseignants de Latin"), rules.lists(leo, "latin", 10).stream().map(MailLists.PeopleList::name).toList(),
            "a groupe's pupils are not a pupil's list");
        List<MailLists.PeopleList> forTeacher = rules.lists(teacher5A, "eleves 5a", 10);
        assertEquals(List.of("Élèves de 5A", "Responsables des élèves de 5A"), forTeacher.stream().map(MailLists.PeopleList::name).toList());
        assertEquals(List.of("helene.marchand"), forTeacher.get(1).members().stream().map(Person::login).toList());
        assertEquals(List.of("Enseignants de 5A", "Enseignants de Latin", "Enseignants de 3B"),
            rules.lists(helene, "enseignants", 10).stream().map(MailLists.PeopleList::name).toList());
        assertEquals(1, rules.lists(helene, "enseignants", 1).size(), "bounded");
    }

    @Test
    void theReferentsPostingRulesOpenAndCloseLists() {
        assertEquals(List.of(), rules.lists(helene, "eleves", 10), "parents post to no pupils' list by default");
        assertTrue(rules.listAddress(helene, UAI, "profs-5a") instanceof MailLists.ListAddress.Open);
        access.setMatrix(UAI, CommunicationMatrix.defaults().withPost(DistributionList.CLASS_TEACHERS, Profile.PARENT, Reach.NEVER));
        assertTrue(rules.listAddress(helene, UAI, "profs-5a") instanceof MailLists.ListAddress.Forbidden);
        assertEquals(List.of(), rules.lists(helene, "enseignants", 10));
        assertTrue(rules.listAddress(leo, UAI, "profs-3b") instanceof MailLists.ListAddress.Forbidden);
        access.setMatrix(UAI, CommunicationMatrix.defaults().withPost(DistributionList.CLASS_TEACHERS, Profile.ELEVE, Reach.ALWAYS));
        assertEquals(List.of(), ((MailLists.ListAddress.Open) rules.listAddress(leo, UAI, "profs-3b")).list().members(),
            "open now, but a list reaches only those the sender may write to: Marie Roux does not teach Léo");
        access.setMatrix(UAI, CommunicationMatrix.defaults().withPost(DistributionList.CLASS_TEACHERS, Profile.ELEVE, Reach.ALWAYS)
            .withWrite(Profile.ELEVE, Profile.ENSEIGNANT, Reach.ALWAYS));
        assertEquals(List.of("Enseignants de 5A", "Enseignants de Latin", "Enseignants de 3B"),
            rules.lists(leo, "enseignants", 10).stream().map(MailLists.PeopleList::name).toList(), "every class's teachers now");
        access.setMatrix(UAI, CommunicationMatrix.defaults().withWrite(Profile.ELEVE, Profile.ENSEIGNANT, Reach.NEVER));
        assertFalse(rules.mayWrite(leo, teacher5A));
        assertFalse(rules.addressBook(leo, "dumas", 10).contains(teacher5A));
    }
}
