package fr.preau.directory.letters;

import static fr.preau.directory.letters.Fixtures.EXPIRY;
import static fr.preau.directory.letters.Fixtures.ISSUED;
import static fr.preau.directory.letters.Fixtures.SCHOOL;
import static fr.preau.directory.letters.Fixtures.child;
import static fr.preau.directory.letters.Fixtures.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.PersonId;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.Test;

class LetterValidationTest {

    private static final PersonName LEA = new PersonName("Léa", "Martin");
    private static final String CODE = "K7QX-M2PD-9H";

    @Test
    void aNameNeedsALastName() {
        assertRejected("last name", () -> new PersonName("Léa", null));
        assertRejected("last name", () -> new PersonName("Léa", "  "));
        assertEquals(new PersonName("", "Martin"), new PersonName(null, " Martin "));
        assertEquals("Martin", new PersonName(null, "Martin").display());
        assertEquals("Jean Pierre Martin", new PersonName(" Jean  Pierre ", "Martin").display());
    }

    @Test
    void aLetterNeedsItsRequiredFields() {
        PersonId p = id();
        assertRejected("person's id", () -> new Letter(null, LEA, Profile.ELEVE, "lea", CODE, EXPIRY, "4A", List.of()));
        assertRejected(p + ": the name is required", () -> new Letter(p, null, Profile.ELEVE, "lea", CODE, EXPIRY, "4A", null));
        assertRejected("the profile is required", () -> new Letter(p, LEA, null, "lea", CODE, EXPIRY, "4A", null));
        assertRejected("the login is required", () -> Letter.forPupil(p, LEA, null, CODE, EXPIRY, "4A"));
        assertRejected("the login is required", () -> Letter.forPupil(p, LEA, " ", CODE, EXPIRY, "4A"));
        assertRejected("must not contain spaces", () -> Letter.forPupil(p, LEA, "lea martin", CODE, EXPIRY, "4A"));
        assertRejected("the activation code is required", () -> Letter.forPupil(p, LEA, "lea", null, EXPIRY, "4A"));
        assertRejected("expiry is required", () -> Letter.forPupil(p, LEA, "lea", CODE, null, "4A"));
        assertRejected("an élève's class (division) is required", () -> Letter.forPupil(p, LEA, "lea", CODE, EXPIRY, " "));
    }

    @Test
    void theCodeIsCheckedAndNormalisedButNeverEchoed() {
        PersonId p = id();
        for (String bad : List.of("K7QX-M2PD", "K7QX-M2PD-9H7", "K7QX-M2PO-9H", "I7QX-M2PD-9H", "K7QX_M2PD_9H", "ÉÉÉÉ-M2PD-9H")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Letter.forPupil(p, LEA, "lea", bad, EXPIRY, "4A"));
            assertTrue(e.getMessage().contains("XXXX-XXXX-XX"), e.getMessage());
            assertFalse(e.getMessage().contains(bad), "the message must not show the code: " + e.getMessage());
        }
        assertEquals(CODE, Letter.forPupil(p, LEA, "lea", "k7qx m2pd 9h", EXPIRY, "4A").activationCode());
        assertEquals(CODE, Letter.forPupil(p, LEA, "lea", "K7QXM2PD9H", EXPIRY, "4A").activationCode());
    }

    @Test
    void toStringShowsNeitherTheCodeNorTheName() {
        Letter l = Letter.forPupil(id(), LEA, "lea.martin", CODE, EXPIRY, "4A");
        assertFalse(l.toString().contains(CODE));
        assertFalse(l.toString().contains("Martin"));
        assertFalse(l.toString().contains("lea.martin"));
        assertTrue(l.toString().contains(l.person().value()));
    }

    @Test
    void onlyAParentsLetterListsChildrenAndItListsAtLeastOne() {
        PersonId p = id();
        Child leo = child("Léo", "Martin", "4A");
        assertRejected("only a responsable légal's letter lists children",
                () -> new Letter(p, LEA, Profile.ELEVE, "lea", CODE, EXPIRY, "4A", List.of(leo)));
        assertRejected("only a responsable légal's letter lists children",
                () -> new Letter(p, LEA, Profile.ENSEIGNANT, "lea", CODE, EXPIRY, null, List.of(leo)));
        assertRejected("at least one child", () -> Letter.forParent(p, LEA, "claire", CODE, EXPIRY, List.of()));
        assertRejected("at least one child", () -> Letter.forParent(p, LEA, "claire", CODE, EXPIRY, null));
        assertRejected("a child is missing", () -> Letter.forParent(p, LEA, "claire", CODE, EXPIRY, Arrays.asList(leo, null)));
        assertRejected("a child is listed twice", () -> Letter.forParent(p, LEA, "claire", CODE, EXPIRY, List.of(leo, leo)));
        assertRejected("one of the children's classes",
                () -> new Letter(p, LEA, Profile.PARENT, "claire", CODE, EXPIRY, "5B", List.of(leo)));
        assertRejected("a child's class", () -> new Child(new PersonName("Léo", "Martin"), " "));
        assertRejected("a child's name", () -> new Child(null, "4A"));
    }

    @Test
    void aParentsLetterIsFiledUnderTheFirstChildInSchoolOrderUnlessTold() {
        PersonId p = id();
        Letter claire = Letter.forParent(p, LEA, "claire", CODE, EXPIRY,
                List.of(child("Léo", "Martin", "4A"), child("Zoé", "Martin", "6B"), child("Ana", "Martin", "4A")));
        assertEquals("6B", claire.division());
        assertEquals(List.of("Zoé", "Ana", "Léo"), claire.children().stream().map(c -> c.name().first()).toList());
        Letter told = new Letter(p, LEA, Profile.PARENT, "claire", CODE, EXPIRY, "4A", claire.children());
        assertEquals("4A", told.division());
    }

    @Test
    void aBatchHasALetterheadADateAndOneLetterPerPerson() {
        Letter a = Letter.forPupil(id(), LEA, "lea.martin", CODE, EXPIRY, "4A");
        assertRejected("letterhead", () -> new LetterBatch(null, ISSUED, List.of(a)));
        assertRejected("its date", () -> new LetterBatch(SCHOOL, null, List.of(a)));
        assertRejected("at least one letter", () -> new LetterBatch(SCHOOL, ISSUED, List.of()));
        assertRejected("at least one letter", () -> new LetterBatch(SCHOOL, ISSUED, null));
        assertRejected("missing (null) letter", () -> new LetterBatch(SCHOOL, ISSUED, Arrays.asList(a, null)));
        Letter samePerson = Letter.forPupil(a.person(), LEA, "other", CODE, EXPIRY, "4A");
        assertRejected("has two letters", () -> new LetterBatch(SCHOOL, ISSUED, List.of(a, samePerson)));
        Letter sameLogin = Letter.forPupil(id(), LEA, "LEA.Martin", CODE, EXPIRY, "4A");
        assertRejected("login of person " + sameLogin.person() + " is on another letter",
                () -> new LetterBatch(SCHOOL, ISSUED, List.of(a, sameLogin)));
    }

    @Test
    void theLetterheadNeedsANameAUaiAndAWebAddress() {
        Uai uai = new Uai("0999999Z");
        URI url = URI.create("https://ent.example.fr/");
        assertRejected("school name", () -> new Letterhead(" ", uai, url));
        assertRejected("UAI", () -> new Letterhead("Collège", null, url));
        assertRejected("portal URL is required", () -> new Letterhead("Collège", uai, null));
        assertRejected("absolute http or https", () -> new Letterhead("Collège", uai, URI.create("ent.example.fr")));
        assertRejected("absolute http or https", () -> new Letterhead("Collège", uai, URI.create("ftp://ent.example.fr/")));
        assertRejected("user name or password", () -> new Letterhead("Collège", uai, URI.create("https://a:b@ent.example.fr/")));
        assertEquals("http://192.168.1.20:8181/", new Letterhead("Collège", uai, URI.create("http://192.168.1.20:8181/")).printedUrl());
    }

    private static void assertRejected(String expected, Executable construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
        assertTrue(e.getMessage().contains(expected), "\"" + e.getMessage() + "\" should say " + expected);
    }
}
