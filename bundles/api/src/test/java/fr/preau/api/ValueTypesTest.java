package fr.preau.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.spi.Audience;
import fr.preau.api.spi.CatalogueEntry;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

    @Test
    void uaiAcceptsNationalFormatsAndNormalisesInput() {
        assertEquals("0999999Z", Uai.parse(" 0999999z ").value());
        assertEquals("2A00001X", new Uai("2A00001X").value());
    }

    @Test
    void uaiRefusesMalformedCodesWithAFrenchProblem() {
        for (String bad : List.of("", "099999Z", "09999999", "0999999ZZ", "ABCDEFGH", "0999 99Z")) {
            ProblemException e = assertThrows(ProblemException.class, () -> Uai.parse(bad));
            assertEquals(400, e.status());
            assertEquals("invalid-uai", e.code());
            assertTrue(e.title().contains("UAI"), e.title());
        }
    }

    @Test
    void personIdIsOpaqueAndBounded() {
        assertTrue(PersonId.random().value().length() <= 64);
        assertThrows(ProblemException.class, () -> new PersonId("a b"));
        assertThrows(ProblemException.class, () -> new PersonId("x".repeat(65)));
    }

    @Test
    void profileParsesCaseInsensitivelyAndNamesAlternatives() {
        assertEquals(Profile.ENSEIGNANT, Profile.parse("enseignant"));
        ProblemException e = assertThrows(ProblemException.class, () -> Profile.parse("PROF"));
        assertTrue(e.title().contains("ENSEIGNANT"));
    }

    @Test
    void personNeedsAProfileAndKeepsAnImmutableCopy() {
        EnumSet<Profile> profiles = EnumSet.of(Profile.ELEVE);
        Person p = new Person(new PersonId("p1"), "alice", "Alice Martin", new Uai("0999999Z"), profiles);
        profiles.add(Profile.REFERENT);
        assertEquals(Set.of(Profile.ELEVE), p.profiles());
        assertThrows(IllegalArgumentException.class,
                () -> new Person(new PersonId("p1"), "a", "A", new Uai("0999999Z"), Set.of()));
    }

    @Test
    void pageBoundsAreChecked() {
        Page.checkBounds(0, 1);
        Page.checkBounds(10, Page.MAX_LIMIT);
        assertThrows(ProblemException.class, () -> Page.checkBounds(-1, 10));
        assertThrows(ProblemException.class, () -> Page.checkBounds(0, 0));
        assertThrows(ProblemException.class, () -> Page.checkBounds(0, Page.MAX_LIMIT + 1));
    }

    @Test
    void problemRejectsNonErrorStatus() {
        assertThrows(IllegalArgumentException.class, () -> new ProblemException(200, "x", "y"));
    }

    @Test
    void catalogueEntryValidatesItsId() {
        CatalogueEntry e = CatalogueEntry.of("cahier", "Cahier de textes", "Les séances et les devoirs", "book-open",
                Set.of(Profile.ELEVE), "/modules/cahier/index.js", 10);
        assertEquals("cahier", e.id());
        assertThrows(IllegalArgumentException.class, () -> CatalogueEntry.of("Cahier!", "n", "d", "i",
                Set.of(Profile.ELEVE), "/x", 1));
        assertThrows(IllegalArgumentException.class, () -> CatalogueEntry.of("cahier", "n", "d", "i",
                Set.of(), "/x", 1));
    }

    @Test
    void audienceNamesSomeoneAndStaysImmutable() {
        Uai school = new Uai("0999999Z");
        assertThrows(IllegalArgumentException.class, () -> new Audience(school, Set.of(), Set.of(), Set.of(), false));
        assertThrows(IllegalArgumentException.class, () -> Audience.divisions(school, Set.of("4 A")));
        assertThrows(NullPointerException.class, () -> Audience.profiles(null, Set.of(Profile.ELEVE)));
        Set<PersonId> many = new java.util.HashSet<>();
        for (int i = 0; i <= Audience.MAX_TARGETS; i++) {
            many.add(new PersonId("p" + i));
        }
        assertThrows(IllegalArgumentException.class, () -> Audience.persons(school, many));
        Set<Profile> profiles = EnumSet.of(Profile.ELEVE);
        Audience a = Audience.profiles(school, profiles);
        profiles.add(Profile.PARENT);
        assertEquals(Set.of(Profile.ELEVE), a.profiles());
        assertThrows(UnsupportedOperationException.class, () -> a.profiles().add(Profile.PARENT));
        assertTrue(Audience.divisions(school, Set.of("0999999Z:CLASSE:4A")).withResponsables().responsables());
    }
}
