package fr.preau.files.internal;

import fr.preau.access.testing.SmallSchool;
import fr.preau.api.spi.PermissionSet;
import java.time.Instant;

/**
 * The small school of the module tests ({@link SmallSchool}), with the files module's permissions and the platform's
 * (the referent's {@code platform:manage-box}, asked by the antivirus's « Tester »).
 */
final class World extends SmallSchool {

    World(Instant now) {
        super(now, new FilesModule(null), platform());
    }

    private static PermissionSet platform() {
        try {
            return (PermissionSet) Class.forName("fr.preau.access.internal.PlatformPermissions").getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
