package fr.preau.directory.internal.ldap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.preau.api.ProblemException;
import fr.preau.directory.DirectorySync;
import fr.preau.directory.DirectorySync.Settings;
import fr.preau.directory.ImportRun;
import fr.preau.directory.ImportService;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.felix.fileinstall.shaded.util.properties.TypedProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LDAP settings the console stores: the file fileinstall watches (read back here with
 * fileinstall's own parser), ConfigurationAdmin, the password rules. No directory needed.
 */
class LdapSettingsFileTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-09-01T08:00:00Z"), ZoneOffset.UTC);
    static final String SECRET = "pa${karaf.home}ss\\wörd {x} ✓ \"I\"1\"";

    @TempDir
    Path dir;

    final List<Dictionary<String, Object>> published = new ArrayList<>();
    final List<ImportRun> pastImports = new ArrayList<>();
    final List<LdapSync> syncs = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (LdapSync s : syncs) {
            s.deactivate();
        }
    }

    Path file() {
        return dir.resolve("etc").resolve("fr.preau.directory.ldap.cfg");
    }

    LdapSync sync(Object... config) {
        ImportService imports = (ImportService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ImportService.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("list")) {
                        return List.copyOf(pastImports);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        LdapSync s = new LdapSync(imports, CLOCK, dir.resolve("work"), new LdapSettingsFile(file()), published::add,
                TestConfigs.config(config));
        syncs.add(s);
        return s;
    }

    static Settings form(String url, String bindDn, String structureFilter) {
        return new Settings(url, false, bindDn, "dc=ac-exemple,dc=fr", "ou=structures", structureFilter, "", "", "", "", "ou=personnels",
                "(objectClass=ENTAuxEnseignant)", "", "(objectClass=ENTAuxPersRelEleve)", "ou=eleves", "(objectClass=ENTEleve)",
                "ENTPersonJointure=employeeNumber, ENTPersonMail=mail", 250, 1440, 5, 30, false);
    }

    /** What fileinstall reads from the file: its own parser, with its ${…} substitution on. */
    Map<String, Object> asFileinstallReadsIt() throws IOException {
        TypedProperties p = new TypedProperties((name, key, value) -> "SUBSTITUTED");
        p.load(new StringReader(Files.readString(file(), StandardCharsets.ISO_8859_1)));
        Map<String, Object> m = new HashMap<>();
        for (String k : p.keySet()) {
            m.put(k, p.get(k));
        }
        return m;
    }

    @Test
    void savedSettingsRoundTripThroughTheFileFileinstallReadsAndConfigurationAdmin() throws Exception {
        LdapSync s = sync();
        assertFalse(s.settings().passwordSet());
        assertEquals("", s.settings().url(), "not configured at first");
        String filter = "(&(objectClass=ENTEtablissement)(ENTStructureNomCourant=Coll\u00e8ge \\28Est\\29))";
        Settings saved = s.saveSettings(form("ldaps://annuaire.ac-exemple.fr:636", "cn=preau,ou=services,dc=ac-exemple,dc=fr", filter),
                SECRET);

        assertTrue(saved.passwordSet());
        assertEquals(filter, saved.structureFilter());
        assertEquals(form("ldaps://annuaire.ac-exemple.fr:636", "cn=preau,ou=services,dc=ac-exemple,dc=fr", filter).attributeMapping(),
                saved.attributeMapping());
        assertEquals(saved, s.settings(), "effective at once");
        assertTrue(s.configured());

        // the file: owner only, and fileinstall reads back exactly the values (no substitution, no lost backslash)
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
        byte[] bytes = Files.readAllBytes(file());
        for (byte b : bytes) {
            assertTrue(b > 0 && b < 0x7f, "ASCII only, whatever encoding reads it");
        }
        Map<String, Object> read = asFileinstallReadsIt();
        assertEquals(SECRET, read.get(".bind.password"));
        assertEquals(filter, read.get("structure.filter"));
        assertEquals("250", read.get("page.size"));
        assertEquals("ldaps://annuaire.ac-exemple.fr:636", read.get("url"));
        assertEquals(LdapSettingsFile.properties(TestConfigs.config()).keySet(), read.keySet(), "every setting, nothing else");

        // what fileinstall writes back when ConfigurationAdmin is updated leaves the file as it is
        TypedProperties p = new TypedProperties((name, key, value) -> "SUBSTITUTED");
        String text = Files.readString(file(), StandardCharsets.ISO_8859_1);
        p.load(new StringReader(text));
        read.forEach(p::put);
        StringWriter again = new StringWriter();
        p.save(again);
        assertEquals(text, again.toString());

        // ConfigurationAdmin received the same strings, not tied to the file: fileinstall never rewrites it in place
        assertEquals(1, published.size());
        Dictionary<String, Object> d = published.get(0);
        assertNull(d.get(LdapSettingsFile.FILEINSTALL_FILENAME));
        assertEquals(read.size(), d.size(), "every setting, nothing else");
        for (Map.Entry<String, Object> e : read.entrySet()) {
            assertEquals(e.getValue(), d.get(e.getKey()), e.getKey());
        }

        // what DS then gives the component (strings converted) reads as the same settings
        LdapSync restarted = sync(configOf(read));
        assertEquals(saved, restarted.settings());
    }

    /** The configuration DS builds from the file's strings. */
    static Object[] configOf(Map<String, Object> read) {
        List<Object> values = new ArrayList<>();
        for (Map.Entry<String, Object> e : read.entrySet()) {
            String name = e.getKey().replace('.', '_');
            String v = (String) e.getValue();
            values.add(name);
            values.add(switch (name) {
                case "start_tls" -> Boolean.parseBoolean(v);
                case "page_size", "interval_minutes", "connect_timeout_seconds", "read_timeout_seconds" -> Integer.parseInt(v);
                case "attribute_mapping" -> new String[] {v};
                default -> v;
            });
        }
        return values.toArray();
    }

    @Test
    void invalidSettingsAreRefusedInFrenchAndLeaveTheFileUntouched() throws Exception {
        LdapSync s = sync();
        s.saveSettings(form("ldap://annuaire.ac-exemple.fr", "", "(objectClass=ENTEtablissement)"), "first");
        byte[] before = Files.readAllBytes(file());
        Settings good = s.settings();

        ProblemException e = assertThrows(ProblemException.class,
                () -> s.saveSettings(form("http://annuaire.ac-exemple.fr", "", "(objectClass=ENTEtablissement)"), "second"));
        assertEquals(400, e.status());
        assertEquals("ldap-settings-invalid", e.code());
        assertTrue(e.title().contains("ldap://"), e.title());
        ProblemException filter = assertThrows(ProblemException.class,
                () -> s.saveSettings(form("ldap://annuaire.ac-exemple.fr", "", "objectClass=ENTEtablissement"), null));
        assertTrue(filter.title().startsWith("Filtre LDAP invalide pour les établissements"), filter.title());

        assertArrayEquals(before, Files.readAllBytes(file()), "nothing stored");
        assertEquals(good, s.settings(), "the settings in force are unchanged");
        assertEquals(1, published.size());
        try (var files = Files.list(file().getParent())) {
            assertEquals(List.of(file()), files.toList(), "no temporary file left");
        }
    }

    @Test
    void thePasswordIsKeptRemovedOrReplacedAndNeverShown() throws Exception {
        LdapSync s = sync();
        Settings form = form("ldap://annuaire.ac-exemple.fr:389", "cn=preau,dc=ac-exemple,dc=fr", "(objectClass=ENTEtablissement)");
        s.saveSettings(form, SECRET);
        assertEquals(SECRET, asFileinstallReadsIt().get(".bind.password"));

        s.saveSettings(new Settings(form.url(), false, form.bindDn(), form.baseDn(), "", "(objectClass=ENTEtablissement)", "", "", "", "",
                "", "", "", "", "", "", "", 100, 0, 10, 60, false), null);
        assertEquals(SECRET, asFileinstallReadsIt().get(".bind.password"), "null keeps it");
        assertTrue(s.settings().passwordSet());
        assertEquals(100, s.settings().pageSize());

        s.saveSettings(form, "n0uveau");
        assertEquals("n0uveau", asFileinstallReadsIt().get(".bind.password"), "a new one replaces it");

        s.saveSettings(form, "");
        assertEquals("", asFileinstallReadsIt().get(".bind.password"), "empty removes it");
        assertFalse(s.settings().passwordSet());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())), "still owner only");

        // never in what the console is given, nor in any toString
        s.saveSettings(form, SECRET);
        String json = new ObjectMapper().writeValueAsString(s.settings());
        assertFalse(json.contains("pa$"), json);
        assertTrue(json.contains("\"passwordSet\":true"), json);
        assertFalse(s.settings().toString().contains("pa$"));
        assertFalse(LdapSettingsFile.Values.of(form, SECRET).toString().contains("pa$"));
        assertFalse(LdapSettings.of(LdapSettingsFile.Values.of(form, SECRET)).toString().contains("pa$"));
    }

    @Test
    void theStoredPasswordIsOnlySentToTheServerItWasGivenFor() throws Exception {
        LdapSync s = sync();
        Settings form = form("ldap://annuaire.ac-exemple.fr:389", "cn=preau,dc=ac-exemple,dc=fr", "(objectClass=ENTEtablissement)");
        s.saveSettings(form, SECRET);
        Settings elsewhere = form("ldap://ailleurs.example.org:389", "cn=preau,dc=ac-exemple,dc=fr", "(objectClass=ENTEtablissement)");

        ProblemException e = assertThrows(ProblemException.class, () -> s.saveSettings(elsewhere, null));
        assertEquals("ldap-password-required", e.code());
        assertEquals(400, e.status());
        DirectorySync.Diagnosis d = s.test(elsewhere, "");
        assertFalse(d.ok());
        assertTrue(d.message().contains("saisissez à nouveau le mot de passe"), d.message());
        assertEquals(SECRET, asFileinstallReadsIt().get(".bind.password"));

        // same servers, other case and spaces: the stored password is used
        Settings same = form(" LDAP://Annuaire.ac-exemple.fr:389 ", form.bindDn(), "(objectClass=ENTEtablissement)");
        assertTrue(s.saveSettings(same, null).passwordSet());
        // with the password typed again, another server is fine
        assertEquals("ldap://ailleurs.example.org:389", s.saveSettings(elsewhere, "autre").url());
    }

    @Test
    void anEmptyAddressTurnsTheSyncOffAndATestOfTheFormSaysWhatToFix() throws Exception {
        LdapSync s = sync("url", "ldap://annuaire.ac-exemple.fr", "base_dn", "dc=ac-exemple,dc=fr");
        assertTrue(s.configured());
        Settings off = s.saveSettings(new Settings("", false, "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", 500, 0, 10, 60,
                false), "");
        assertEquals("", off.url());
        assertFalse(s.configured());
        assertEquals("", asFileinstallReadsIt().get("url"));

        DirectorySync.Diagnosis d = s.test(form("ldap://127.0.0.1:" + Slapd.freePort(), "", "(objectClass=ENTEtablissement)"), null);
        assertFalse(d.ok(), "nobody listens there");
        DirectorySync.Diagnosis invalid = s.test(form("annuaire", "", "(objectClass=ENTEtablissement)"), null);
        assertFalse(invalid.ok());
        assertTrue(invalid.message().startsWith("Adresse du serveur LDAP invalide"), invalid.message());
        assertFalse(s.configured(), "a test stores nothing");
    }

    @Test
    void afterARestartTheLastSyncIsTheNewestLdapImport() {
        LdapSync s = sync();
        assertTrue(s.last().isEmpty());
        Instant at = Instant.parse("2026-08-31T22:00:00Z");
        pastImports.add(new ImportRun("aaf-1", ImportRun.Status.DONE, "AAF", null, "referent", List.of("a.xml"), at, at,
                ImportRun.Counts.ZERO, null));
        pastImports.add(new ImportRun("ldap-2", ImportRun.Status.DONE, "LDAP", null, LdapSync.ACTOR, List.of("a.xml"), at.minusSeconds(60),
                at.minusSeconds(30), new ImportRun.Counts(3, 1, 20, 0, 2, 0), null));
        pastImports.add(new ImportRun("ldap-1", ImportRun.Status.FAILED, "LDAP", null, LdapSync.ACTOR, List.of(), at.minusSeconds(600),
                at.minusSeconds(590), ImportRun.Counts.ZERO, "fichier illisible"));
        DirectorySync.LastSync last = s.last().orElseThrow();
        assertEquals("ldap-2", last.importId());
        assertTrue(last.ok());
        assertEquals(at.minusSeconds(30), last.finishedAt());
        assertEquals("Synchronisation terminée : 3 créé(s), 1 modifié(s), 20 inchangé(s), 0 désactivé(s), 2 rejeté(s).", last.message());

        pastImports.remove(1);
        DirectorySync.LastSync failed = s.last().orElseThrow();
        assertFalse(failed.ok());
        assertEquals("La synchronisation n'a rien importé : fichier illisible", failed.message());
        pastImports.set(1, new ImportRun("ldap-3", ImportRun.Status.RUNNING, "LDAP", null, LdapSync.ACTOR, List.of(), at, null,
                ImportRun.Counts.ZERO, null));
        assertNull(s.last().orElseThrow().finishedAt(), "still running");
    }
}
