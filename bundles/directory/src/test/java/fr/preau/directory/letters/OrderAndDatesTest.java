package fr.preau.directory.letters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OrderAndDatesTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void classesComeInSchoolOrderThenNaturalOrder() {
        assertSorted("6A", "6B", "6C", "5A", "5B", "4A", "3A", "3B");
        assertSorted("6A2", "6A10");
        assertSorted("601", "602", "610", "501", "301");
        assertSorted("6EME1", "6EME2", "6EME10", "5EME1");
        assertSorted("2NDE1", "2NDE2", "2NDE10", "1G1", "1STMG", "TG1", "TG2", "TSTMG");
        assertSorted("TPS", "PS", "MS", "GS", "CP", "CE1", "CE1-CE2", "CE2", "CM1", "CM2");
        assertSorted("6A", "3A", "2NDE1", "TLE1", "Atelier théâtre", "Tortues", "ULIS");
        assertSorted("4a", "4B"); // case does not matter
        assertSorted("5é", "5f"); // nor accents
    }

    private static void assertSorted(String... expected) {
        List<String> shuffled = new ArrayList<>(List.of(expected));
        Collections.shuffle(shuffled, new Random(expected.length));
        shuffled.sort(new Divisions());
        assertEquals(List.of(expected), shuffled);
    }

    @Test
    void namesSortByLastNameThenFirstNameInFrench() {
        List<PersonName> names = new ArrayList<>(List.of(new PersonName("Zoé", "Martin"), new PersonName("Émile", "Durand"),
                new PersonName("Éric", "Eluard"), new PersonName("Ana", "Martin"), new PersonName("Eve", "Eluard"),
                new PersonName("Jean", "de Gaulle"), new PersonName("Léa", "Dupont")));
        names.sort(LetterOrder.names());
        assertEquals(List.of("Jean de Gaulle", "Léa Dupont", "Émile Durand", "Éric Eluard", "Eve Eluard", "Ana Martin",
                "Zoé Martin"), names.stream().map(PersonName::display).toList());
    }

    @Test
    void datesAreWrittenAsAFrenchLetterDoes() {
        assertEquals("lundi 7 septembre 2026", FrenchDates.date(LocalDate.of(2026, 9, 7)));
        assertEquals("mardi 1er septembre 2026", FrenchDates.date(LocalDate.of(2026, 9, 1)));
        assertEquals("jeudi 31 décembre 2026", FrenchDates.date(LocalDate.of(2026, 12, 31)));
        assertEquals("jusqu'au lundi 7 septembre 2026 à 18 h 00",
                until(ZonedDateTime.of(2026, 9, 7, 18, 0, 0, 0, PARIS)));
        assertEquals("jusqu'au mardi 1er septembre 2026 à 8 h 05",
                until(ZonedDateTime.of(2026, 9, 1, 8, 5, 59, 0, PARIS))); // rounded down, never later than true
        assertEquals("jusqu'au lundi 7 septembre 2026 à minuit",
                until(ZonedDateTime.of(2026, 9, 8, 0, 0, 0, 0, PARIS)));
        // winter time: 17:00 UTC is 18:00 in Paris
        assertEquals("jusqu'au mardi 1er décembre 2026 à 18 h 00",
                until(ZonedDateTime.of(2026, 12, 1, 17, 0, 0, 0, ZoneId.of("UTC"))));
    }

    private static String until(ZonedDateTime at) {
        return FrenchDates.until(at.toInstant(), PARIS).replace(FrenchDates.NBSP, ' ');
    }

}
