package fr.preau.files.internal;

import fr.preau.access.testing.SmallSchool;
import java.time.Instant;

/** The small school of the module tests ({@link SmallSchool}), with the files module's permissions. */
final class World extends SmallSchool {

    World(Instant now) {
        super(now, new FilesModule(null));
    }
}
