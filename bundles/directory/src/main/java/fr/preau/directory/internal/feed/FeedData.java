package fr.preau.directory.internal.feed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a feed says about one record, once interpreted and checked, whatever the source (AAF XML,
 * LDAP, ONDE CSV). Lists are de-duplicated and sorted so that the same facts always give the same
 * canonical form (and hash), whatever order the feed lists them in.
 */
public final class FeedData {

    private FeedData() {
    }

    /** A school (établissement / école). */
    public record Structure(String key, String uai, String name, String degree, String kind, String town) {
    }

    /** A matière or a MEF: code and label. */
    public record CodeLabel(String code, String label) {
    }

    /** Class (CLASSE) or groupe (GROUPE) membership, by structure key and code. */
    public record DivisionRef(String structureKey, String kind, String code, String label) {
    }

    /**
     * A pupil's link to a related person.
     *
     * @param code      the feed's link code (old or new nomenclature), or null
     * @param legal     responsable légal (an account with access to the child's data)
     */
    public record ParentLink(String parentKey, String code, boolean legal, boolean financial, boolean contact, boolean payment) {
        ParentLink or(ParentLink o) {
            return new ParentLink(parentKey, code != null ? code : o.code, legal || o.legal, financial || o.financial,
                    contact || o.contact, payment || o.payment);
        }
    }

    /** A teacher teaches a subject (or "-") in a class or groupe. */
    public record TeachingRef(String structureKey, String kind, String code, String subjectCode) {
    }

    /** A staff function in a school. */
    public record FunctionRef(String structureKey, String code, String label, String disciplineCode, String disciplineLabel) {
    }

    /** The fields a modify request may replace. */
    public enum Field {
        LAST_NAME, FIRST_NAME, BIRTH_NAME, BIRTH_DATE, TITLE, EMAIL, INE, MEF, STRUCTURES, CLASSES, GROUPS, PARENTS,
        TEACHINGS, FUNCTIONS, TEACHER, DIRECTS
    }

    /**
     * A person of the feed.
     *
     * @param birthDate ISO date or null
     * @param teacher   the feed's "teaching staff" flag, or null when it does not say
     * @param directs   structure keys of the schools this person directs (1D)
     */
    public record Person(FeedCategory category, String key, String lastName, String firstName, String birthName,
            String birthDate, String title, String email, String ine, String mef, List<String> structureKeys,
            List<DivisionRef> divisions, List<ParentLink> parents, List<TeachingRef> teachings,
            List<FunctionRef> functions, Boolean teacher, List<String> directs) {

        public Person {
            structureKeys = sorted(structureKeys);
            divisions = sorted(divisions);
            parents = mergeLinks(parents);
            teachings = sorted(teachings);
            functions = sorted(functions);
            directs = sorted(directs);
        }

        /** This person with the given fields taken from {@code patch} (a modify request). */
        public Person merge(Person patch, Set<Field> fields) {
            boolean classes = fields.contains(Field.CLASSES);
            boolean groups = fields.contains(Field.GROUPS);
            List<DivisionRef> div = new ArrayList<>();
            for (DivisionRef d : divisions) {
                if (!("CLASSE".equals(d.kind()) ? classes : groups)) {
                    div.add(d);
                }
            }
            for (DivisionRef d : patch.divisions) {
                if ("CLASSE".equals(d.kind()) ? classes : groups) {
                    div.add(d);
                }
            }
            return new Person(category, key,
                    fields.contains(Field.LAST_NAME) ? patch.lastName : lastName,
                    fields.contains(Field.FIRST_NAME) ? patch.firstName : firstName,
                    fields.contains(Field.BIRTH_NAME) ? patch.birthName : birthName,
                    fields.contains(Field.BIRTH_DATE) ? patch.birthDate : birthDate,
                    fields.contains(Field.TITLE) ? patch.title : title,
                    fields.contains(Field.EMAIL) ? patch.email : email,
                    fields.contains(Field.INE) ? patch.ine : ine,
                    fields.contains(Field.MEF) ? patch.mef : mef,
                    fields.contains(Field.STRUCTURES) ? patch.structureKeys : structureKeys,
                    div,
                    fields.contains(Field.PARENTS) ? patch.parents : parents,
                    fields.contains(Field.TEACHINGS) ? patch.teachings : teachings,
                    fields.contains(Field.FUNCTIONS) ? patch.functions : functions,
                    fields.contains(Field.TEACHER) ? patch.teacher : teacher,
                    fields.contains(Field.DIRECTS) ? patch.directs : directs);
        }
    }

    /** A checked record, with the fields it carries (all for an add) and what was ignored. */
    public record Mapped<T>(T value, Set<Field> fields, int unknownAttributes, List<String> warnings) {
    }

    static <T> List<T> sorted(List<T> values) {
        if (values == null || values.isEmpty()) {
            return List.of();
        }
        if (values.size() == 1) {
            return List.of(values.get(0));
        }
        // in the order of their text, the first of equal texts kept (each text worked out once)
        TreeMap<String, T> byText = new TreeMap<>();
        for (T v : values) {
            byText.putIfAbsent(v.toString(), v);
        }
        return List.copyOf(byText.values());
    }

    static List<ParentLink> mergeLinks(List<ParentLink> links) {
        if (links == null || links.isEmpty()) {
            return List.of();
        }
        Map<String, ParentLink> byKey = new LinkedHashMap<>();
        for (ParentLink l : links) {
            byKey.merge(l.parentKey(), l, ParentLink::or);
        }
        return sorted(new ArrayList<>(byKey.values()));
    }
}
