/**
 * Persistence support shared by every concern (DESIGN.md §4).
 * <p>
 * A concern declares its DataSource {@code jdbc/preau-<concern>} in its Karaf feature through
 * pax-jdbc-config, with {@code ops4j.preHook=preau-<concern>}. The concern's bundle publishes a
 * pax-jdbc {@code PreHook} under that name with {@link fr.preau.store.SchemaMigrator#publish}
 * (a {@link fr.preau.store.ChangelogPreHook} registered from the migrator's thread); its
 * {@code prepare} calls {@link fr.preau.store.SchemaMigrator#migrate}: the schema is up to date
 * before the DataSource is published, so no component ever sees an old schema.
 * <p>
 * Hooks published that way also know the fingerprint of the concern's changelog directory: a
 * database recording the same fingerprint (table {@code preau_schema_state}, written after each
 * successful migration) is up to date without running Liquibase, which is what most boots find.
 * A concern whose build sets {@code preau.schema.changelog} carries an empty database already
 * migrated ({@code OSGI-INF/preau/schema-template.zip}); on a new box its embedded Derby
 * database is unpacked from it rather than created and migrated change set by change set.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package fr.preau.store;
