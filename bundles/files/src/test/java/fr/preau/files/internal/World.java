package fr.preau.files.internal;

import fr.preau.access.testing.SmallSchool;
import fr.preau.api.spi.PermissionSet;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The small school of the module tests ({@link SmallSchool}), with the files module's permissions and the platform's
 * (the referent's {@code platform:manage-box}, asked by the antivirus's « Tester »).
 */
final class World extends SmallSchool {

    World(Instant now) {
        super(now, new FilesModule(null), platform());
    }

    /** The files module on {@code db} (emptied first) and {@code dir}, with FilesTest's small quotas and no sweeping thread. */
    Files files(javax.sql.DataSource db, Path dir, java.util.function.Consumer<fr.preau.audit.AuditEvent> audit) throws java.sql.SQLException {
        try (java.sql.Connection c = db.getConnection(); java.sql.Statement st = c.createStatement()) {
            for (String t : java.util.List.of("files_prop", "files_version", "files_share", "files_node", "files_handin", "files_dropbox",
                    "files_workgroup_member", "files_workgroup", "files_setting", "files_usage")) {
                st.executeUpdate("DELETE FROM " + t);
            }
        }
        return new Files(db, access, directory, clock, rules, audit, FilesTest.small(), dir, false);
    }

    private static PermissionSet platform() {
        try {
            return (PermissionSet) Class.forName("fr.preau.access.internal.PlatformPermissions").getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
