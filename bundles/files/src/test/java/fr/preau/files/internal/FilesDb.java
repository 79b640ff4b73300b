package fr.preau.files.internal;

import fr.preau.store.testing.Databases;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The files module's database of one test class: an embedded Derby migrated by the module's changelog before the class's
 * tests, dropped after them ({@code @RegisterExtension static final FilesDb DB = new FilesDb("name")}). {@link World#files}
 * empties its tables before each test.
 */
final class FilesDb implements BeforeAllCallback, AfterAllCallback {

    private final String name;
    private EmbeddedDataSource db;

    FilesDb(String name) {
        this.name = name;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        db = Databases.derby(name, FilesSchema.CHANGELOG, FilesDb.class.getClassLoader());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Databases.drop(db);
    }

    EmbeddedDataSource db() {
        return db;
    }
}
