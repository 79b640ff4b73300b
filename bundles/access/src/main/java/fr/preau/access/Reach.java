package fr.preau.access;

/**
 * How far people of one profile may address people of another profile of their school (a cell of the
 * {@link CommunicationMatrix}): always, only within their classes, or never.
 */
public enum Reach {
    /** Everyone of that profile in the school. */
    ALWAYS,
    /**
     * Only those related to them by the annuaire: sharing a class or groupe (a pupil and their teachers, the pupils
     * of one class, two teachers of one class), a family link (a parent and their children), a child's class (a
     * parent and the teachers of their children, two parents of pupils of one class). For a distribution list of a
     * class: a class or groupe the sender attends, teaches, or a child of theirs attends.
     */
    RELATED,
    /** Nobody of that profile. */
    NEVER
}
