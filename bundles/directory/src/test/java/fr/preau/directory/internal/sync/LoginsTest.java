package fr.preau.directory.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
}
