/**
 * Persistence support shared by every concern (DESIGN.md §4).
 * <p>
 * A concern declares its DataSource {@code jdbc/preau-<concern>} in its Karaf feature through
 * pax-jdbc-config, with {@code ops4j.preHook=preau-<concern>}. The concern's bundle registers a
 * pax-jdbc {@code PreHook} under that name whose {@code prepare} calls
 * {@link fr.preau.store.SchemaMigrator#migrate}: the schema is up to date before the DataSource
 * is published, so no component ever sees an old schema.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package fr.preau.store;
