package fr.preau.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.store.internal.LiquibaseSchemaMigrator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The concerns' Liquibase changelogs, unchanged, on a real PostgreSQL: one database, one schema
 * per concern, as a large site would point them (DESIGN.md §4: portability is the exit from
 * Derby). Run twice: the second run changes nothing.
 */
class PostgresChangelogsIT {

    static final Map<String, Set<String>> CONCERNS = Map.of(
            "directory", Set.of("school", "person"),
            "audit", Set.of("audit_entry"),
            "access", Set.of("access_write_rule", "access_post_rule"),
            "auth", Set.of("auth_credential", "auth_throttle"),
            "portal", Set.of("portal_notification", "portal_audience", "portal_read", "portal_favourite", "portal_preference", "portal_page_view"),
            "cahier", Set.of("cahier_seance", "cahier_devoir", "cahier_link", "cahier_piece", "cahier_done", "cahier_visa", "cahier_amendment",
                    "cahier_feed", "cahier_setting"),
            "files", Set.of("files_node", "files_prop", "files_app_password", "files_workgroup", "files_workgroup_member", "files_setting"));

    @Test
    void everyChangelogRunsOnPostgresqlInItsOwnSchema() throws Exception {
        Optional<java.nio.file.Path> bin = Postgres.binaries();
        if (Boolean.getBoolean("preau.require.postgres")) {
            assertTrue(bin.isPresent(), "PostgreSQL is missing: run provisioning/host-deps.sh (./preau test does it)");
        }
        Assumptions.assumeTrue(bin.isPresent(), "PostgreSQL is not installed");
        try (Postgres pg = Postgres.start(bin.get())) {
            try (Connection c = dataSource(pg, null).getConnection(); Statement s = c.createStatement()) {
                for (String concern : CONCERNS.keySet()) {
                    s.execute("CREATE SCHEMA " + concern);
                }
            }
            LiquibaseSchemaMigrator migrator = new LiquibaseSchemaMigrator();
            for (int round = 1; round <= 2; round++) {
                for (String concern : CONCERNS.keySet()) {
                    migrator.migrate(dataSource(pg, concern), "fr/preau/" + concern + "/db/changelog.xml",
                            PostgresChangelogsIT.class.getClassLoader());
                }
            }
            for (Map.Entry<String, Set<String>> concern : CONCERNS.entrySet()) {
                Set<String> tables = tables(pg, concern.getKey());
                assertTrue(tables.containsAll(concern.getValue()), concern.getKey() + ": " + tables);
                assertTrue(tables.contains("databasechangelog"), "Liquibase history in the concern's own schema");
            }
            assertEquals(Set.of(), tables(pg, "public"), "nothing lands outside the concerns' schemas");
        }
    }

    static PGSimpleDataSource dataSource(Postgres pg, String schema) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(pg.jdbcUrl("postgres", schema));
        ds.setUser("preau");
        return ds;
    }

    static Set<String> tables(Postgres pg, String schema) throws SQLException {
        Set<String> tables = new HashSet<>();
        try (Connection c = dataSource(pg, null).getConnection();
                ResultSet rs = c.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return tables;
    }
}
