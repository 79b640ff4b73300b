package fr.preau.directory.internal.sync;

import fr.preau.directory.DirectoryService;
import fr.preau.directory.ImportRun;
import fr.preau.directory.ImportService;
import java.lang.reflect.Proxy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
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
        return new ImportServiceImpl(db, clock, none, root, 64L * 1024 * 1024, 100, false);
    }

    /** Stops the service's import thread. */
    public static void stop(ImportService imports) throws InterruptedException {
        ((ImportServiceImpl) imports).deactivate();
    }

    /** Imports these files through the service (as {@code source}) and waits for the end (a minute at most). */
    public static ImportRun run(ImportService imports, String source, List<Path> files) throws IOException, InterruptedException {
        ImportRun run = imports.create("test", Optional.empty(), source);
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                imports.addFile(run.id(), file.getFileName().toString(), in);
            }
        }
        imports.start(run.id(), false);
        for (int i = 0; i < 600 && !run.status().finished(); i++) {
            Thread.sleep(100);
            run = imports.find(run.id()).orElseThrow();
        }
        return run;
    }

    /** The demo school's AAF files ({@code provisioning/demo/aaf}), sorted. */
    public static List<Path> demoFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("../../provisioning/demo/aaf"))) {
            return files.sorted().toList();
        }
    }
}
