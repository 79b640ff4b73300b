package fr.preau.api.spi;

import fr.preau.api.PersonId;
import fr.preau.api.Profile;
import fr.preau.api.Uai;

/**
 * The principals a {@link SearchDocument} names as its readers or owners. The search module gives a
 * person, from the annuaire:
 * <ul>
 * <li>{@link #person} themselves;</li>
 * <li>{@link #school} their school (the referent: every school of the box);</li>
 * <li>{@link #profile} each of their profiles in their school (the referent: in every school);</li>
 * <li>{@link #division} each class and groupe they attend (élève) or teach (enseignant);</li>
 * <li>{@link #divisionParents} each class and groupe one of their children attends (responsable légal);</li>
 * <li>{@link #responsable} each of their children (responsable légal).</li>
 * </ul>
 * So a cahier entry of 5A names {@code division(5A)}, {@code divisionParents(5A)}, the direction's
 * {@code profile}, and its author as owner.
 */
public final class SearchPrincipals {

    private SearchPrincipals() {
    }

    public static String person(PersonId id) {
        return "person:" + id.value();
    }

    public static String person(String id) {
        return "person:" + id;
    }

    public static String school(Uai uai) {
        return "school:" + uai.value();
    }

    public static String profile(Uai uai, Profile profile) {
        return "profile:" + uai.value() + ":" + profile.name();
    }

    /** The pupils and teachers of a class or groupe (annuaire division id). */
    public static String division(String divisionId) {
        return "division:" + divisionId;
    }

    /** The responsables légaux of the pupils of a class or groupe. */
    public static String divisionParents(String divisionId) {
        return "division-parents:" + divisionId;
    }

    /** The responsables légaux of one pupil. */
    public static String responsable(PersonId pupil) {
        return "responsable:" + pupil.value();
    }
}
