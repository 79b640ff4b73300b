package fr.preau.directory.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoginsTest {

    @Test
    void homonymsAreNumberedInOrder() {
        Set<String> taken = new HashSet<>(Set.of("jean.martin3"));
        assertEquals("jean.martin", Logins.next("Jean", "Martin", taken));
        assertEquals("jean.martin2", Logins.next("Jean", "MARTIN", taken));
        assertEquals("jean.martin4", Logins.next("Jéan", "Martin", taken));
    }

    @Test
    void rememberedNumbersGiveTheSameLoginsAsTryingEveryNumber() {
        String[][] names = {{"Léo", "Martin"}, {"Leo", "MARTIN"}, {"Inès", "Faure"}, {"Léo", "Martin"}, {"Ines", "Faure"},
            {"Léo", "Martin2"}, {"Léo", "Martin"}, {"Léo", "Martin"}, {"Anne", "Roux"}, {"Inès", "Faure"}};
        Set<String> plainTaken = new HashSet<>(Set.of("leo.martin5", "ines.faure2"));
        Set<String> fastTaken = new HashSet<>(plainTaken);
        Map<String, Integer> numbered = new HashMap<>();
        List<String> plain = new ArrayList<>();
        List<String> fast = new ArrayList<>();
        for (String[] n : names) {
            plain.add(Logins.next(n[0], n[1], plainTaken));
            fast.add(Logins.next(n[0], n[1], fastTaken, numbered));
        }
        assertEquals(plain, fast);
        // "Martin2" is its own base, leo.martin2 being taken by then: leo.martin22
        assertEquals(List.of("leo.martin", "leo.martin2", "ines.faure", "leo.martin3", "ines.faure3", "leo.martin22",
                "leo.martin4", "leo.martin6", "anne.roux", "ines.faure4"), plain);
    }

    @Test
    void namesFoldToLettersDigitsAndHyphens() {
        assertEquals("elodie", Logins.part("  Élodie "));
        assertEquals("jean-pierre", Logins.part("Jean--Pierre"));
        assertEquals("d-artagnan", Logins.part("D'Artagnan"));
        assertEquals("strasse-aeoe", Logins.part("Straße Æœ"));
        assertEquals("lodz", Logins.part("Łódź"));
        assertEquals("x.x", Logins.base("", "  "));
    }

    @Test
    void theAsciiShortcutGivesWhatDecompositionGives() {
        String alphabet = "abcXYZ09 -'.\téèÉçÇœŒßøŁđ\u0301ü";
        Random random = new Random(20261207L);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder name = new StringBuilder();
            int length = random.nextInt(12);
            boolean asciiOnly = random.nextBoolean();
            for (int j = 0; j < length; j++) {
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                name.append(asciiOnly && c >= 0x80 ? 'q' : c);
            }
            assertEquals(Logins.letters(Logins.fold(name.toString().strip())), Logins.part(name.toString()), "seed 20261207, name #" + i + ": " + name);
        }
    }
}
