package fr.preau.access;

/** The school's distribution lists, derived from the annuaire: who may post to each is a rule of the {@link CommunicationMatrix}. */
public enum DistributionList {
    /** The pupils of a class or groupe (« Élèves de 5A »). */
    CLASS_PUPILS(true),
    /** The responsables légaux of the pupils of a class or groupe (« Responsables des élèves de 5A »). */
    CLASS_PARENTS(true),
    /** The teachers of a class or groupe (« Enseignants de 5A »). */
    CLASS_TEACHERS(true),
    /** Every teacher of the school (« Tous les enseignants »). */
    ALL_TEACHERS(false),
    /** The direction and the personnels of the school (« Direction et personnels »). */
    ALL_STAFF(false);

    private final boolean ofDivision;

    DistributionList(boolean ofDivision) {
        this.ofDivision = ofDivision;
    }

    /** Whether there is one such list per class or groupe (else one per school). */
    public boolean ofDivision() {
        return ofDivision;
    }
}
