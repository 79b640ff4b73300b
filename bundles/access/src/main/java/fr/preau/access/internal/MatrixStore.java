package fr.preau.access.internal;

import fr.preau.access.CommunicationMatrix;
import fr.preau.api.Uai;

/** Where the schools' communication matrices are kept. */
interface MatrixStore {

    /** The school's matrix: the defaults, with the cells its référent set. */
    CommunicationMatrix load(Uai school);

    /** Replaces the school's matrix, durably, in one transaction (only the cells that differ from the defaults are kept). */
    void save(Uai school, CommunicationMatrix matrix);
}
