package fr.preau.directory.internal;

/** Identity of classes and groupes: a class code is unique only inside its school. */
public final class Divisions {
    public static final String CLASSE = "CLASSE";
    public static final String GROUPE = "GROUPE";

    private Divisions() {
    }

    /** The id of a class or groupe: {@code <uai>:<kind>:<code>}. */
    public static String id(String uai, String kind, String code) {
        return uai + ":" + kind + ":" + code;
    }
}
