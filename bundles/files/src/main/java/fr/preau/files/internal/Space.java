package fr.preau.files.internal;

import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Uai;

/**
 * A space: a tree of folders and files with its own rules. Its id is {@code <kind>:<key>}.
 *
 * @param kind   what rules apply
 * @param key    the person id (PERSO, PARTAGE), the division id (CLASSE), the school's UAI (PROFS, ETAB), the group's id
 *               (GROUPE_TRAVAIL)
 * @param school the school it belongs to
 * @param label  as shown (French; a groupe de travail: its name)
 */
record Space(Kind kind, String key, Uai school, String label) {

    enum Kind {
        /** One person's own files: only they read and write. */
        PERSO("perso"),
        /** A class's (or groupe's) files: its teachers write, its pupils read. */
        CLASSE("classe"),
        /** The "Salle des profs": teachers, staff and direction read and write. */
        PROFS("profs"),
        /** The school's space: the direction writes, everyone of the school reads. */
        ETAB("etab"),
        /**
         * What others shared with one person ({@code key}: that person): no files of its own, its root lists the shared
         * folders and files, reached through their shares (see {@link Shares}).
         */
        PARTAGE("partage"),
        /**
         * A groupe de travail a teacher created ({@code key}: its id, see {@link WorkGroups}): its creator and members
         * (people of the school chosen from the annuaire, guests included) read and write; its creator and the direction
         * manage it.
         */
        GROUPE_TRAVAIL("travail");

        final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        static Kind of(String prefix) {
            for (Kind k : values()) {
                if (k.prefix.equals(prefix)) {
                    return k;
                }
            }
            throw Space.notFound();
        }
    }

    String id() {
        return kind.prefix + ":" + key;
    }

    PersonId owner() {
        return kind == Kind.PERSO ? new PersonId(key) : null;
    }

    static ProblemException notFound() {
        return new ProblemException(404, "space-not-found", "Cet espace n'existe pas ou ne vous est pas ouvert.");
    }
}
