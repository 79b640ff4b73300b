package fr.preau.directory.internal.sync;

import fr.preau.directory.DirectoryService;
import fr.preau.directory.ImportService;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;

/** The real import service on a test database, for tests of other packages (the LDAP sync). */
public final class TestImports {

    private TestImports() {
    }

    /**
     * An import service keeping its files under {@code root}. Its annuaire is only asked about a
     * school named at creation; imports that name none never reach it.
     */
    public static ImportService create(DataSource db, Clock clock, Path root) {
        DirectoryService none = (DirectoryService) Proxy.newProxyInstance(TestImports.class.getClassLoader(),
                new Class<?>[] {DirectoryService.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException("not needed by these tests: " + method.getName());
                });
        return new ImportServiceImpl(db, clock, none, root, 64L * 1024 * 1024, 100);
    }

    /** Stops the service's import thread. */
    public static void stop(ImportService imports) throws InterruptedException {
        ((ImportServiceImpl) imports).deactivate();
    }
}
