package fr.preau.directory.internal.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SchoolNamesTest {

    @Test
    void typeAbbreviationsAndCapitalsBecomeTheUsualName() {
        assertEquals("Collège Jean Rostand", SchoolNames.of("CLG", "JEAN ROSTAND"));
        assertEquals("École élémentaire des Lilas", SchoolNames.of("E.E.PU", "DES LILAS"));
        assertEquals("École maternelle privée la Fontaine", SchoolNames.of("E.M.PR", "LA FONTAINE"));
        assertEquals("Lycée professionnel Jean-Baptiste de la Salle", SchoolNames.of("LP", "JEAN-BAPTISTE DE LA SALLE"));
        assertEquals("Lycée Henri IV", SchoolNames.of("LYC", "HENRI IV"));
        assertEquals("Collège d'Alembert", SchoolNames.of("CLG", "D'ALEMBERT"));
        assertEquals("Collège Françoise Dolto", SchoolNames.of("CLG", "FRANÇOISE DOLTO"));
    }

    @Test
    void withoutTypeTheFirstWordKeepsItsCapital() {
        assertEquals("Les Tilleuls", SchoolNames.of("", "LES TILLEULS"));
        assertEquals("Le Bois Joli", SchoolNames.of(null, "LE BOIS JOLI"));
    }

    @Test
    void unknownTypesAndMixedCaseNamesAreKept() {
        assertEquals("SEGPA Victor Hugo", SchoolNames.of("SEGPA", "VICTOR HUGO"));
        assertEquals("Collège Jean Moulin de l'Ouest", SchoolNames.of("CLG", "Jean Moulin de l'Ouest"));
        assertEquals("Collège", SchoolNames.of("CLG", ""));
    }
}
