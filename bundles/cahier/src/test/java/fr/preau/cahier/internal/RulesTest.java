package fr.preau.cahier.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.ProblemException;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesTest {

    @Test
    void theSchoolYearRunsFromSeptemberToAugustAndTheNextOneOpensInJune() {
        assertEquals(new Rules.SchoolYear(LocalDate.of(2026, 9, 1), LocalDate.of(2027, 8, 31)), Rules.schoolYear(LocalDate.of(2026, 9, 1)));
        assertEquals(new Rules.SchoolYear(LocalDate.of(2025, 9, 1), LocalDate.of(2026, 8, 31)), Rules.schoolYear(LocalDate.of(2026, 8, 31)));
        assertEquals("2026-2027", Rules.schoolYear(LocalDate.of(2027, 1, 5)).label());
        assertFalse(Rules.writable(LocalDate.of(2027, 5, 31)).contains(LocalDate.of(2027, 9, 2)));
        assertTrue(Rules.writable(LocalDate.of(2027, 6, 1)).contains(LocalDate.of(2027, 9, 2)), "the rentrée is prepared from June");
        assertFalse(Rules.writable(LocalDate.of(2027, 6, 1)).contains(LocalDate.of(2026, 8, 31)));
        ProblemException e = assertThrows(ProblemException.class, () -> Rules.inSchoolYear(LocalDate.of(2026, 7, 1), LocalDate.of(2026,
                12, 7), "date de la séance"));
        assertEquals("outside-school-year", e.code());
        assertEquals("La date mercredi 1 juillet 2026 (date de la séance) est en dehors de l'année scolaire 2026-2027 "
                + "(du mardi 1 septembre 2026 au mardi 31 août 2027).", e.title());
    }

    @Test
    void workloadWarningsNameADevoirSurTableAndAFullDay() {
        assertEquals(List.of(), Rules.workloadWarnings(2, 0, 3));
        assertEquals(List.of("Un devoir sur table est déjà prévu ce jour-là."), Rules.workloadWarnings(1, 1, 3));
        assertEquals(List.of("Ce jour-là compte déjà 3 devoirs (maximum conseillé : 3)."), Rules.workloadWarnings(3, 0, 3));
        assertEquals(List.of("2 devoirs sur table sont déjà prévus ce jour-là.", "Ce jour-là compte déjà 4 devoirs (maximum conseillé : 3)."),
                Rules.workloadWarnings(4, 2, 3));
        assertEquals(List.of("Ce jour-là compte déjà 1 devoir (maximum conseillé : 1)."), Rules.workloadWarnings(1, 0, 1));
    }

    @Test
    void datesTimesAndRangesAreCheckedInFrench() {
        assertEquals("08:05", Rules.time("08:05", "c", "l'heure").toString());
        ProblemException bad = assertThrows(ProblemException.class, () -> Rules.time("8h05", "invalid-seance", "l'heure de début"));
        assertEquals("Indiquez l'heure de début au format HH:MM (par exemple 08:30).", bad.title());
        assertThrows(ProblemException.class, () -> Rules.time("24:00", "c", "x"));
        ProblemException date = assertThrows(ProblemException.class, () -> Rules.date("2026-02-30", "invalid-seance", "la date"));
        assertTrue(date.title().contains("n'est pas une date valide"));
        assertEquals("invalid-range", assertThrows(ProblemException.class, () -> Rules.range(LocalDate.of(2026, 12, 8),
                LocalDate.of(2026, 12, 7))).code());
        assertEquals("invalid-range", assertThrows(ProblemException.class, () -> Rules.range(LocalDate.of(2026, 1, 1),
                LocalDate.of(2027, 6, 1))).code());
    }
}
