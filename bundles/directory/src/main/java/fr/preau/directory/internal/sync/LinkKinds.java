package fr.preau.directory.internal.sync;

/** The kind of a pupil–responsable link from the national nomenclature (old and new codes, AAF.md §3). */
public final class LinkKinds {

    private LinkKinds() {
    }

    /** MERE, PERE, TUTEUR, ASE, FAMILLE, AUTRE. */
    public static String kind(String code) {
        if (code == null) {
            return "AUTRE";
        }
        return switch (code.strip()) {
            case "2", "10" -> "MERE";
            case "1", "20" -> "PERE";
            case "3", "50" -> "TUTEUR";
            case "5", "51" -> "ASE";
            case "4", "39", "37", "38" -> "FAMILLE";
            default -> "AUTRE";
        };
    }
}
