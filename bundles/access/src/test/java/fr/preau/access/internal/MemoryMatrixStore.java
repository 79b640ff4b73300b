package fr.preau.access.internal;

import fr.preau.access.CommunicationMatrix;
import fr.preau.api.Uai;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Matrices in a map, for the modules' unit tests (the real store is {@link JdbcMatrixStore}, tested on Derby and H2). */
public final class MemoryMatrixStore implements MatrixStore {

    private final Map<Uai, CommunicationMatrix> saved = new ConcurrentHashMap<>();

    @Override
    public CommunicationMatrix load(Uai school) {
        return saved.getOrDefault(school, CommunicationMatrix.defaults());
    }

    @Override
    public void save(Uai school, CommunicationMatrix matrix) {
        saved.put(school, matrix);
    }
}
