package fr.preau.cahier.internal;

import fr.preau.access.testing.SmallSchool;
import java.time.Instant;

/** The small school of the module tests ({@link SmallSchool}), with the cahier module's permissions. */
final class World extends SmallSchool {

    World(Instant now) {
        super(now, new CahierModule(null));
    }
}
