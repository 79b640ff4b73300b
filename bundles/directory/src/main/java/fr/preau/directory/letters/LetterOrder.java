package fr.preau.directory.letters;

import fr.preau.api.Profile;
import java.text.Collator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Files letters into sections, the way they are handed out.
 * <p>
 * Each class gets two sections, one after the other: "Élèves – 4A" (by nom, then prénom, as on the class list),
 * then "Responsables légaux – 4A": the parents whose first child (in school order) is in 4A, ordered by that
 * child's name, then their own. Why not slip each parent's letter right behind their child's? Because the letter
 * handed openly to the child would then carry the parent's code, and a pupil could activate the parent's account
 * (the one that justifies absences and signs the cahier de liaison). Kept apart, but in the same order as the
 * pupils, the parents' letters can be put in envelopes by family in one pass, handed over at the réunion de
 * rentrée, or given to the child sealed; and a parent with children in 6B and 4A gets one letter, filed under 6B.
 * Staff come after the classes, in "Personnels" (or "Personnels – 4A" if a class was given), by name.
 */
final class LetterOrder {

    /** Who a section is for: the order within one class. */
    enum Audience {
        PUPILS("Élèves"), PARENTS("Responsables légaux"), STAFF("Personnels");

        final String label;

        Audience(String label) {
            this.label = label;
        }

        static Audience of(Profile p) {
            return switch (p) {
                case ELEVE -> PUPILS;
                case PARENT -> PARENTS;
                default -> STAFF;
            };
        }
    }

    /** One run of pages with its own page numbering: "Élèves – 4A, page 3 sur 28". */
    record Section(String division, Audience audience, List<Letter> letters) {

        /** "Élèves – 4A", "Responsables légaux – 4A", "Personnels". */
        String title() {
            return division == null ? audience.label : audience.label + " – " + division;
        }
    }

    private LetterOrder() {
    }

    /** Nom, then prénom, in French collation (accents and case are secondary: Émile sorts with Emile). */
    static Comparator<PersonName> names() {
        Collator collator = Collator.getInstance(Locale.FRENCH);
        collator.setDecomposition(Collator.CANONICAL_DECOMPOSITION);
        return Comparator.comparing(PersonName::last, collator).thenComparing(PersonName::first, collator);
    }

    static List<Section> arrange(List<Letter> letters) {
        Divisions divisions = new Divisions();
        Comparator<String> classes = Comparator.nullsLast(divisions);
        Comparator<PersonName> names = names();
        Comparator<Letter> byName = Comparator.comparing(Letter::name, names).thenComparing(Letter::login);
        Comparator<Letter> byFirstChild = Comparator.comparing(LetterOrder::childFiledUnder, names).thenComparing(byName);

        record Key(String division, Audience audience) {
        }
        Comparator<Key> keyOrder = Comparator.comparing(Key::division, classes).thenComparing(Key::audience);
        Map<Key, List<Letter>> grouped = new TreeMap<>(keyOrder);
        for (Letter l : letters) {
            grouped.computeIfAbsent(new Key(l.division(), Audience.of(l.profile())), k -> new ArrayList<>()).add(l);
        }
        List<Section> sections = new ArrayList<>(grouped.size());
        grouped.forEach((key, list) -> {
            list.sort(key.audience() == Audience.PARENTS ? byFirstChild : byName);
            sections.add(new Section(key.division(), key.audience(), List.copyOf(list)));
        });
        return sections;
    }

    /** The child whose class a parent's letter is filed under (the first one there, in name order). */
    private static PersonName childFiledUnder(Letter parent) {
        return parent.children().stream().filter(c -> c.division().equals(parent.division())).findFirst()
                .orElseThrow().name();
    }
}
