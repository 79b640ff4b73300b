package fr.preau.store;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.osgi.annotation.versioning.ProviderType;

/** Runs a concern's Liquibase changelog against its DataSource. */
@ProviderType
public interface SchemaMigrator {

    /**
     * Brings the schema of {@code dataSource} up to the latest change set of {@code changelog}.
     * Idempotent; safe to call on every start. Changelogs use portable SQL only (Derby and
     * PostgreSQL must both accept them).
     *
     * @param dataSource the concern's database
     * @param changelog  resource path of the master changelog, e.g. {@code fr/preau/cahier/db/changelog.xml}
     * @param resources  class loader that sees the changelog (the concern's bundle class loader)
     * @throws SQLException when the migration fails; the database is left as the last complete change set left it
     */
    void migrate(DataSource dataSource, String changelog, ClassLoader resources) throws SQLException;
}
