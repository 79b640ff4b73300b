package fr.preau.directory.internal.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.ProblemException;
import fr.preau.directory.DirectorySync;
import fr.preau.directory.DirectorySync.Diagnosis;
import fr.preau.directory.ImportRun;
import fr.preau.directory.ImportRun.Status;
import fr.preau.directory.ImportService;
import fr.preau.directory.internal.feed.AafReader;
import fr.preau.directory.internal.feed.FeedCategory;
import fr.preau.directory.internal.feed.FeedException;
import fr.preau.directory.internal.feed.RawRecord;
import fr.preau.directory.internal.sync.TestImports;
import fr.preau.store.testing.Databases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import javax.naming.directory.Attributes;
import javax.naming.ldap.LdapContext;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LDAP sync against a real OpenLDAP (one {@link Slapd} for the class, seeded with the collège
 * and the école of the AAF examples in their LDAP form). Skipped when slapd is not installed,
 * unless {@code -Dpreau.require.slapd=true} (as {@code ./preau test} sets it): then it fails.
 */
class LdapSyncTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-09-01T08:00:00Z"), ZoneId.of("Europe/Paris"));
    private static final String CHANGELOG = "fr/preau/directory/db/changelog.xml";
    /** People of the seed: 5 staff, 8 responsables, 9 pupils. */
    private static final int STAFF = 5;
    private static final int RESPONSABLES = 8;
    private static final int ELEVES = 9;

    @TempDir
    static Path slapdDir;

    static Slapd slapd;
    static String notInstalled;
    static PrintStream originalErr;
    static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    EmbeddedDataSource db;
    ImportService imports;
    final List<LdapSync> syncs = new ArrayList<>();

    @BeforeAll
    static void startSlapd() throws Exception {
        var missing = Slapd.missing();
        if (Boolean.getBoolean("preau.require.slapd")) {
            assertTrue(missing.isEmpty(), () -> "OpenLDAP is required here (preau.require.slapd=true) but " + missing.get()
                    + ": run provisioning/host-deps.sh (./preau test does it)");
        }
        if (missing.isPresent()) {
            notInstalled = "OpenLDAP (slapd, ldap-utils) is not installed (" + missing.get()
                    + "): LDAP sync tests skipped. Install it with provisioning/host-deps.sh.";
            return; // each test is skipped with this reason
        }
        // everything the code logs goes to System.err (slf4j-simple): keep a copy to look for secrets
        originalErr = System.err;
        System.setErr(new PrintStream(new Tee(originalErr, LOG), true, StandardCharsets.UTF_8));
        slapd = Slapd.start(slapdDir);
    }

    @AfterAll
    static void stopSlapd() {
        if (slapd != null) {
            slapd.close();
        }
        if (originalErr != null) {
            System.setErr(originalErr);
        }
    }

    @BeforeEach
    void setUp() throws SQLException {
        Assumptions.assumeTrue(slapd != null, notInstalled);
        db = Databases.derby("ldap", CHANGELOG, LdapSyncTest.class.getClassLoader());
        imports = TestImports.create(db, CLOCK, dir.resolve("imports"));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (db == null) {
            return;
        }
        for (LdapSync s : syncs) {
            s.deactivate();
        }
        TestImports.stop(imports);
        Databases.drop(db);
    }

    private LdapSync sync(Object... config) {
        return sync(imports, config);
    }

    private LdapSync sync(ImportService on, Object... config) {
        Object[] all = Stream.concat(Stream.of("url", slapd.url(), "bind_dn", Slapd.SYNC_DN, "_bind_password", Slapd.SYNC_PASSWORD,
                "base_dn", Slapd.BASE, "page_size", 2), Stream.of(config)).toArray();
        LdapSync s = new LdapSync(on, CLOCK, dir.resolve("work"), TestConfigs.config(all));
        syncs.add(s);
        return s;
    }

    // ------------------------------------------------------------------ the annuaire it builds

    @Test
    void syncBuildsTheAnnuaireFromTheDirectory() throws Exception {
        ImportRun run = sync().syncNow();

        assertEquals(Status.DONE, run.status(), run.message());
        assertEquals("LDAP", run.source());
        assertEquals(LdapSync.ACTOR, run.actor());
        assertEquals(List.of("ENT_LDAP_Complet_20250901_EtabEducNat_0000.xml", "ENT_LDAP_Complet_20250901_PersEducNat_0000.xml",
                "ENT_LDAP_Complet_20250901_PersRelEleve_0000.xml", "ENT_LDAP_Complet_20250901_Eleve_0000.xml"), run.files());
        assertEquals(2 + STAFF + RESPONSABLES + ELEVES, run.counts().created(), report(run));
        assertEquals(0, run.counts().rejected(), report(run));
        assertTrue(run.counts().ignoredAttributes() > 0, "uid, cn, ENTPersonLogin… are counted as unknown");

        // schools, from structure entries (the école's DN holds a '$')
        assertEquals(List.of(List.of("0999998Y", "1D", "5200"), List.of("0999999Z", "2D", "4100")),
                query("SELECT uai, degree, source_key FROM school ORDER BY uai"));
        // classes: 2D codes from DN composites, 1D keys and labels from 5-part composites behind a DN holding '$'
        assertEquals(List.of(List.of("0999998Y", "770001", "CE1-CE2 Mme ROCHE"), List.of("0999998Y", "770002", "CM2 M. TANGUY"),
                List.of("0999999Z", "5B", "5B"), List.of("0999999Z", "6A", "6A")),
                query("SELECT uai, code, label FROM division WHERE kind = 'CLASSE' ORDER BY uai, code"));
        assertEquals(List.of(List.of("0999998Y", "770050"), List.of("0999999Z", "6A-SOUTIEN")),
                query("SELECT uai, code FROM division WHERE kind = 'GROUPE' ORDER BY uai, code"));
        assertEquals(String.valueOf(ELEVES), one("SELECT COUNT(*) FROM person WHERE category = 'ELEVE' AND active = TRUE"));
        assertEquals(List.of(List.of("6A"), List.of("6A-SOUTIEN")), query("SELECT d.code FROM division_member m "
                + "JOIN division d ON d.id = m.division_id JOIN person p ON p.id = m.person_id WHERE p.first_name = 'Léo' ORDER BY d.code"));
        // base64 values arrive decoded; logins are built from them
        assertEquals("helene.marchand", one("SELECT login FROM person WHERE first_name = 'Hélène'"));
        // parent links: a source-prefixed key (Hélène), a plain one (Paul)
        assertEquals(List.of(List.of("Hélène", "MERE", "true"), List.of("Paul", "PERE", "true")), links("Léo"));
        // 1D: a person DN (Émilie) and a source-prefixed key (Marc)
        assertEquals(List.of(List.of("Marc", "PERE", "true"), List.of("Émilie", "MERE", "true")), links("Lina"));
        assertEquals(List.of(List.of("Issa", "TUTEUR", "true")), links("Hugo"));
        // profiles
        assertEquals(List.of(List.of("ENSEIGNANT")), profiles("DUMAS"));
        assertEquals(List.of(List.of("DIRECTION")), profiles("VERGER"));
        assertEquals(List.of(List.of("DIRECTION"), List.of("ENSEIGNANT")), profiles("TANGUY"));
        assertEquals(List.of(List.of("PARENT")), profiles("KABORE"));
        assertEquals(List.of(List.of("0999999Z:CLASSE:5B"), List.of("0999999Z:CLASSE:6A"), List.of("0999999Z:GROUPE:6A-SOUTIEN")),
                query("SELECT DISTINCT t.division_id FROM teaching t JOIN person p ON p.id = t.person_id "
                        + "WHERE p.last_name = 'DUMAS' ORDER BY t.division_id"));
        // responsables are attached to the school their entry names
        assertEquals(List.of(List.of("0999999Z")), query("SELECT s.uai FROM person_school s JOIN person p ON p.id = s.person_id "
                + "WHERE p.first_name = 'Samir'"));
        // dangling references are kept out and reported, as for files
        String report = report(run);
        assertTrue(report.contains("5201"), report);
        assertTrue(report.contains("9500004"), report);

        DirectorySync.LastSync last = syncs.get(0).last().orElseThrow();
        assertTrue(last.ok());
        assertEquals(run.id(), last.importId());
        assertNotNull(last.finishedAt());
    }

    @Test
    void aSecondSyncWritesNothing() throws Exception {
        LdapSync sync = sync("page_size", 3);
        assertEquals(Status.DONE, sync.syncNow().status());
        String before = snapshot();

        ImportRun again = sync.syncNow();

        assertEquals(Status.DONE, again.status(), again.message());
        ImportRun.Counts c = again.counts();
        assertEquals(0, c.created() + c.updated() + c.deactivated() + c.rejected(), report(again));
        assertEquals(2 + STAFF + RESPONSABLES + ELEVES, c.unchanged(), report(again));
        assertEquals(before, snapshot());
    }

    @Test
    void anEntryRemovedFromTheDirectoryIsDeactivatedByTheNextSync() throws Exception {
        LdapSync sync = sync();
        assertEquals(Status.DONE, sync.syncNow().status());
        String noe = "uid=nbertin,ou=people," + Slapd.BASE;
        LdapContext admin = slapd.admin();
        Attributes saved = admin.getAttributes(noe);
        admin.destroySubcontext(noe);
        try {
            ImportRun run = sync.syncNow();

            assertEquals(Status.DONE, run.status(), run.message());
            assertEquals(1, run.counts().deactivated(), report(run));
            assertEquals(0, run.counts().created() + run.counts().updated(), report(run));
            assertEquals("false", one("SELECT active FROM person WHERE first_name = 'Noé'"));
            assertEquals(String.valueOf(ELEVES - 1), one("SELECT COUNT(*) FROM person WHERE category = 'ELEVE' AND active = TRUE"));
            assertEquals("true", one("SELECT active FROM person WHERE first_name = 'Agnès'"), "his mother stays");
        } finally {
            admin.createSubcontext(noe, saved).close();
            admin.close();
        }
        // back in the directory, back in the annuaire, same account
        ImportRun back = sync.syncNow();
        assertEquals(1, back.counts().updated(), report(back));
        assertEquals("true", one("SELECT active FROM person WHERE first_name = 'Noé'"));
        assertEquals("noe.bertin", one("SELECT login FROM person WHERE first_name = 'Noé'"));
    }

    @Test
    void tooManyDeparturesWaitForTheReferentsConfirmation() throws Exception {
        LdapSync sync = sync();
        assertEquals(Status.DONE, sync.syncNow().status());
        String before = snapshot();
        // a filter that suddenly finds half of the pupils looks like a truncated directory
        ImportRun run = sync("eleve_filter", "(&(objectClass=ENTEleve)(givenName=L*))").syncNow();

        assertEquals(Status.CONFIRMATION_REQUIRED, run.status(), run.message());
        assertTrue(run.message().contains("élèves sur " + ELEVES), run.message());
        assertEquals(before, snapshot());
        // the referent confirms it like any import: its files are still there
        ImportRun confirmed = imports.start(run.id(), true);
        while (!confirmed.status().finished()) {
            Thread.sleep(50);
            confirmed = imports.find(run.id()).orElseThrow();
        }
        assertEquals(Status.DONE, confirmed.status());
        assertEquals(ELEVES - 2, confirmed.counts().deactivated(), "Léo and Lina stay");
    }

    // ------------------------------------------------------------------ diagnoses and failures

    @Test
    void connectionTestCountsWhatTheSearchesFind() {
        Diagnosis d = sync().test();

        assertTrue(d.ok(), d.message());
        assertEquals(2, d.structures());
        assertEquals(STAFF + RESPONSABLES + ELEVES, d.people());
        assertEquals("Connexion réussie : 2 établissements, 22 personnes trouvées (5 personnels, 8 responsables, 9 élèves).",
                d.message());
    }

    @Test
    void theFormsValuesAreTestedWithoutBeingStored() {
        LdapSync sync = sync("_bind_password", "not-the-password");
        DirectorySync.Settings form = sync.settings();
        assertFalse(sync.test().ok(), "the stored password is wrong");

        Diagnosis typed = sync.test(form, Slapd.SYNC_PASSWORD);
        assertTrue(typed.ok(), typed.message());
        assertEquals(2, typed.structures());
        assertEquals(STAFF + RESPONSABLES + ELEVES, typed.people());
        assertFalse(sync.test(form, "").ok(), "blank: the stored (wrong) password");
        assertFalse(sync.test().ok(), "nothing was stored");

        DirectorySync.Settings pupilsOnly = new DirectorySync.Settings(form.url(), false, form.bindDn(), form.baseDn(), "",
                form.structureFilter(), "", "", "", "", "", "", "", "", "", "(objectClass=ENTEleve)", "", 3, 0, 5, 30, false);
        Diagnosis fewer = sync.test(pupilsOnly, Slapd.SYNC_PASSWORD);
        assertEquals("Connexion réussie : 2 établissements, 9 personnes trouvées (9 élèves).", fewer.message());
    }

    @Test
    void afterARestartTheLastSyncStillSaysWhenAndHowItEnded() {
        LdapSync before = sync();
        ImportRun run = before.syncNow();
        DirectorySync.LastSync then = before.last().orElseThrow();

        LdapSync after = sync(); // a new component on the same imports: the box restarted
        DirectorySync.LastSync now = after.last().orElseThrow();
        assertEquals(run.id(), now.importId());
        assertTrue(now.ok());
        assertEquals(run.finishedAt(), now.finishedAt());
        assertEquals("Synchronisation terminée : " + run.counts().created() + " créé(s), 0 modifié(s), 0 inchangé(s), 0 désactivé(s), "
                + "0 rejeté(s).", now.message());
        assertTrue(run.counts().created() > 0);
        assertEquals(then.importId(), now.importId());
    }

    @Test
    void wrongPasswordIsDiagnosedAndImportsNothing() throws Exception {
        LdapSync sync = sync("_bind_password", "not-the-password");

        Diagnosis d = sync.test();
        assertFalse(d.ok());
        assertEquals("Connexion refusée : identifiants incorrects. Vérifiez le DN de connexion et le mot de passe du compte de lecture.",
                d.message());
        assertNothingImported(sync, "Connexion refusée : identifiants incorrects");
    }

    @Test
    void unreachableServerIsDiagnosedAndImportsNothing() throws Exception {
        int port = Slapd.freePort(); // nobody listens there
        LdapSync sync = sync("url", "ldap://127.0.0.1:" + port);

        Diagnosis d = sync.test();
        assertFalse(d.ok());
        assertEquals("Serveur injoignable : 127.0.0.1:" + port + " (connexion refusée : aucun annuaire n'écoute sur ce port).",
                d.message());
        assertNothingImported(sync, "Serveur injoignable : 127.0.0.1:" + port);
    }

    @Test
    void unknownBaseDnIsDiagnosedAndImportsNothing() throws Exception {
        LdapSync sync = sync("base_dn", "dc=nowhere,dc=invalid");

        Diagnosis d = sync.test();
        assertFalse(d.ok());
        assertTrue(d.message().startsWith("Base DN introuvable : dc=nowhere,dc=invalid"), d.message());
        assertNothingImported(sync, "Base DN introuvable : dc=nowhere,dc=invalid");

        LdapSync badOu = sync("eleve_base", "ou=eleves");
        assertEquals("Base DN introuvable : ou=eleves,dc=fictive,dc=invalid n'existe pas sur le serveur. Vérifiez la base DN et la base "
                + "des élèves.", badOu.test().message());
        assertNothingImported(badOu, "Base DN introuvable : ou=eleves,dc=fictive,dc=invalid");
    }

    @Test
    void aFilterTheServerRefusesImportsNothing() throws Exception {
        LdapSync sync = sync("eleve_filter", "(objectClass~~ENTEleve)");
        assertFalse(sync.test().ok());
        assertNothingImported(sync, "Filtre de recherche refusé par le serveur pour les élèves");
    }

    @Test
    void aServerSizeLimitIsNeverTakenForTheWholeDirectory() throws Exception {
        // this account is held to 5 entries even when paging, as OpenLDAP's default holds accounts to 500
        LdapSync sync = sync("bind_dn", Slapd.LIMITED_DN, "page_size", 500);
        assertNothingImported(sync, "Le serveur a limité le nombre de résultats pour les responsables");
    }

    @Test
    void aConnectionLostInTheMiddleImportsNothing() throws Exception {
        long whole;
        try (CuttingProxy measure = new CuttingProxy(slapd.port(), Long.MAX_VALUE)) {
            assertTrue(sync("url", measure.url()).test().ok());
            whole = measure.bytesFromServer();
        }
        // the test reads what the export reads, minus the attributes: cut well inside the people
        try (CuttingProxy proxy = new CuttingProxy(slapd.port(), whole * 2)) {
            LdapSync sync = sync("url", proxy.url());
            ProblemException e = assertThrows(ProblemException.class, sync::syncNow);
            assertEquals("ldap-sync-failed", e.code());
            assertTrue(e.title().startsWith("Connexion perdue avec le serveur LDAP pendant la lecture des "), e.title());
            assertTrue(e.title().contains("rien n'a été importé"), e.title());
            assertTrue(proxy.bytesFromServer() > whole, "the read had started");
        }
        assertEquals(List.of(), imports.list(10));
        assertEquals("0", one("SELECT COUNT(*) FROM person"));
        assertEquals("0", one("SELECT COUNT(*) FROM school"));
        try (Stream<Path> left = Files.exists(dir.resolve("work")) ? Files.list(dir.resolve("work")) : Stream.empty()) {
            assertEquals(0, left.count(), "the partial export is removed");
        }
    }

    @Test
    void syncsNeverOverlap() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        // an import service whose imports never seem to end until released
        ImportService slow = (ImportService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ImportService.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("find")) {
                        release.await();
                    }
                    try {
                        return method.invoke(imports, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        LdapSync sync = sync(slow);
        ImportRun queued = sync.startSync();
        assertEquals("LDAP", queued.source(), "startSync returns once the import is queued");
        assertTrue(sync.last().orElseThrow().finishedAt() == null, "still running");

        sync.tick(); // a scheduled sync meanwhile: skipped, not queued
        ProblemException busy = assertThrows(ProblemException.class, sync::syncNow);
        assertEquals(409, busy.status());
        assertEquals("ldap-sync-running", busy.code());
        assertEquals("Une synchronisation LDAP est déjà en cours : attendez qu'elle se termine.", busy.title());

        release.countDown();
        while (sync.last().orElseThrow().finishedAt() == null) {
            Thread.sleep(20); // the first sync ends (its outcome is published once it no longer runs)
        }
        ImportRun next = sync.syncNow(); // allowed again
        assertEquals(Status.DONE, next.status());
        assertEquals(2, imports.list(10).size());
    }

    @Test
    void aScheduledSyncImportsLikeOneOnDemand() throws Exception {
        LdapSync sync = sync("interval_minutes", 60);
        sync.tick();
        List<ImportRun> runs = imports.list(10);
        assertEquals(1, runs.size());
        assertEquals(Status.DONE, runs.get(0).status());
        assertEquals(LdapSync.ACTOR, runs.get(0).actor());
        assertTrue(sync.last().orElseThrow().message().startsWith("Synchronisation terminée : 24 créé(s), 0 modifié(s)"),
                sync.last().orElseThrow().message());
    }

    @Test
    void anUnconfiguredSyncSaysSo() {
        LdapSync off = new LdapSync(imports, CLOCK, dir.resolve("work"), TestConfigs.config());
        syncs.add(off);
        assertFalse(off.configured());
        assertFalse(off.test().ok());
        assertTrue(off.test().message().startsWith("La synchronisation LDAP n'est pas configurée"), off.test().message());
        ProblemException e = assertThrows(ProblemException.class, off::syncNow);
        assertEquals(503, e.status());
        assertEquals("ldap-not-configured", e.code());

        LdapSync wrong = new LdapSync(imports, CLOCK, dir.resolve("work"), TestConfigs.config("url", "ldaps://x.invalid", "base_dn",
                Slapd.BASE, "start_tls", true));
        syncs.add(wrong);
        assertFalse(wrong.configured());
        ProblemException invalid = assertThrows(ProblemException.class, wrong::startSync);
        assertEquals("ldap-settings-invalid", invalid.code());
        assertEquals("StartTLS s'utilise avec une adresse ldap:// ; une adresse ldaps:// est déjà chiffrée.", invalid.title());
        assertEquals(invalid.title(), wrong.test().message());
    }

    // ------------------------------------------------------------------ paging and the files

    @Test
    void pagingReturnsEveryEntryWhateverThePageSize() throws Exception {
        for (int pageSize : new int[] {1, 2, 3, Slapd.SIZE_LIMIT, 500}) {
            Diagnosis d = sync("page_size", pageSize).test();
            assertEquals(STAFF + RESPONSABLES + ELEVES, d.people(), "page size " + pageSize + ": " + d.message());

            LdapSettings settings = LdapSettings.of(TestConfigs.config("url", slapd.url(), "bind_dn", Slapd.SYNC_DN, "_bind_password",
                    Slapd.SYNC_PASSWORD, "base_dn", Slapd.BASE, "page_size", pageSize));
            Path out = dir.resolve("export-" + pageSize);
            LdapExporter.Export export = new LdapExporter(settings).export(out, LocalDate.of(2025, 9, 1));
            Map<FeedCategory, List<RawRecord>> records = read(export.files());
            assertEquals(2, records.get(FeedCategory.STRUCTURE).size());
            assertEquals(STAFF, records.get(FeedCategory.PERSONNEL).size());
            assertEquals(RESPONSABLES, records.get(FeedCategory.RESPONSABLE).size());
            assertEquals(ELEVES, records.get(FeedCategory.ELEVE).size(), "more pupils than the server's size limit");
            assertEquals(Map.of(FeedCategory.STRUCTURE, 2L, FeedCategory.PERSONNEL, (long) STAFF, FeedCategory.RESPONSABLE,
                    (long) RESPONSABLES, FeedCategory.ELEVE, (long) ELEVES), export.counts());
        }
    }

    @Test
    void theExportIsAafAsTheImportReadsIt() throws Exception {
        LdapSettings settings = LdapSettings.of(TestConfigs.config("url", slapd.url(), "bind_dn", Slapd.SYNC_DN, "_bind_password",
                Slapd.SYNC_PASSWORD, "base_dn", Slapd.BASE, "page_size", 3));
        LdapExporter.Export export = new LdapExporter(settings).export(dir.resolve("export"), LocalDate.of(2025, 9, 1));
        Map<FeedCategory, List<RawRecord>> records = read(export.files());

        RawRecord leo = find(records.get(FeedCategory.ELEVE), "9100001");
        assertEquals("9100001", leo.first("ENTPersonJointure"), "the source prefix is removed from the key");
        assertEquals(List.of("4100$6A"), leo.values("ENTEleveClasses"), "structure DN → key");
        assertEquals(List.of("4100"), leo.values("ENTPersonStructRattach"));
        assertEquals(List.of("9200001$10$1$1$1$0", "9200002$20$1$1$1$1"), leo.values("ENTElevePersRelEleve"));
        assertEquals("Léo", leo.first("givenName"));
        assertFalse(leo.has("jpegPhoto"), "binary values are not exported");
        assertFalse(leo.has("userPassword"), "passwords are never exported");
        assertFalse(leo.has("objectClass"));
        assertEquals("lmarchand", leo.first("uid"), "other attributes pass through");

        RawRecord lina = find(records.get(FeedCategory.ELEVE), "9400001");
        assertEquals(List.of("5200$11$ORDINAIRE$770001$CE1-CE2 Mme ROCHE"), lina.values("ENTPersonClasses"),
                "a DN holding '$' as the first part of a 5-part composite");
        assertEquals(List.of("9500001$10", "9500002$20"), lina.values("ENTEleveAutoriteParentale"), "a person DN → its key");
        RawRecord tanguy = find(records.get(FeedCategory.PERSONNEL), "9600002");
        assertEquals(List.of("5200", "5201"), tanguy.values("ENTPersonStructRattach"), "a structure that is not in the directory");
        assertEquals(List.of("5200"), tanguy.values("ENTEnsFonctionDir"));
        RawRecord emilie = find(records.get(FeedCategory.RESPONSABLE), "9500001");
        assertEquals(List.of("9400001"), emilie.values("ENTPersRelEleveEleve"), "a pupil DN, read before the pupils' file");
        RawRecord college = find(records.get(FeedCategory.STRUCTURE), "4100");
        assertEquals("MINISTERE DE L'EDUCATION NATIONALE", college.first("ENTEtablissementMinistereTutelle"));

        for (Path f : export.files()) {
            String xml = Files.readString(f, StandardCharsets.UTF_8);
            assertFalse(xml.contains("eleve-secret-pw"), f.toString());
            assertFalse(xml.contains(Slapd.SYNC_PASSWORD), f.toString());
        }
    }

    @Test
    void attributesCanBeMappedFromOtherNames() throws Exception {
        // a directory whose keys are in employeeNumber-like attributes: here, the login as the pupil's key
        LdapSettings settings = LdapSettings.of(TestConfigs.config("url", slapd.url(), "bind_dn", Slapd.SYNC_DN, "_bind_password",
                Slapd.SYNC_PASSWORD, "base_dn", Slapd.BASE, "eleve_filter", "(objectClass=ENTEleve)", "personnel_filter", "",
                "responsable_filter", "", "attribute_mapping", new String[] {"ENTPersonJointure=uid", "ENTPersonMail=ENTPersonLogin"}));
        LdapExporter.Export export = new LdapExporter(settings).export(dir.resolve("mapped"), LocalDate.of(2025, 9, 1));
        Map<FeedCategory, List<RawRecord>> records = read(export.files());

        RawRecord leo = find(records.get(FeedCategory.ELEVE), "lmarchand");
        assertEquals("lmarchand", leo.first("ENTPersonJointure"));
        assertEquals("lmarchand", leo.first("ENTPersonMail"));
        assertFalse(leo.has("uid"), "a mapped attribute is exported under its AAF name only");
        assertEquals(List.of("9200001$10$1$1$1$0", "9200002$20$1$1$1$1"), leo.values("ENTElevePersRelEleve"),
                "the source prefix seen on the structures' keys is removed from references");
        assertEquals(List.of("erochat$10", "9500002$20"), find(records.get(FeedCategory.ELEVE), "lrochat")
                .values("ENTEleveAutoriteParentale"), "a person DN whose RDN is the key attribute needs no lookup");
    }

    @Test
    void startTlsEncryptsTheConnectionBeforeTheBind() throws Exception {
        Path pem = slapd.certificate().orElse(null);
        Assumptions.assumeTrue(pem != null, "openssl is not installed: no certificate to test StartTLS with");
        LocalDate day = LocalDate.of(2025, 9, 1);
        LdapSettings overTls = LdapSettings.of(TestConfigs.config("url", slapd.url(), "bind_dn", Slapd.TLS_DN, "_bind_password",
                Slapd.SYNC_PASSWORD, "base_dn", Slapd.BASE, "page_size", 3, "start_tls", true));

        // trusting the server's certificate: everything is read, over TLS
        LdapExporter.Export export = new LdapExporter(overTls.withTls(trusting(pem))).export(dir.resolve("tls"), day);
        assertEquals(Map.of(FeedCategory.STRUCTURE, 2L, FeedCategory.PERSONNEL, (long) STAFF, FeedCategory.RESPONSABLE,
                (long) RESPONSABLES, FeedCategory.ELEVE, (long) ELEVES), export.counts());

        // the directory lets this account read over TLS only: without StartTLS it sees nothing
        LdapSettings plain = LdapSettings.of(TestConfigs.config("url", slapd.url(), "bind_dn", Slapd.TLS_DN, "_bind_password",
                Slapd.SYNC_PASSWORD, "base_dn", Slapd.BASE));
        LdapFailure hidden = assertThrows(LdapFailure.class, () -> new LdapExporter(plain).export(dir.resolve("plain"), day));
        assertEquals(LdapFailure.Kind.BASE_NOT_FOUND, hidden.kind());

        // a certificate the JVM does not trust: refused before the password is sent
        LdapFailure untrusted = assertThrows(LdapFailure.class, () -> new LdapExporter(overTls).export(dir.resolve("untrusted"), day));
        assertEquals(LdapFailure.Kind.TLS, untrusted.kind());
        assertTrue(untrusted.getMessage().startsWith("Connexion chiffrée (StartTLS) impossible avec 127.0.0.1:" + slapd.port()
                + " : le certificat du serveur n'est pas reconnu"), untrusted.getMessage());
    }

    private static SSLSocketFactory trusting(Path pem) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trusted.setCertificateEntry("slapd", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls.getSocketFactory();
    }

    // ------------------------------------------------------------------ secrets

    @Test
    void theBindPasswordNeverAppearsInLogsOrMessages() throws Exception {
        String wrong = "Wr0ng-Passw0rd!" + System.nanoTime();
        List<String> said = new ArrayList<>();
        LdapSync good = sync();
        said.add(good.test().message());
        ImportRun run = good.syncNow();
        said.add(run.message());
        said.add(good.last().orElseThrow().message());
        said.add(report(run));
        LdapSync bad = sync("_bind_password", wrong);
        said.add(bad.test().message());
        ProblemException e = assertThrows(ProblemException.class, bad::syncNow);
        for (Throwable t = e; t != null; t = t.getCause()) {
            said.add(String.valueOf(t.getMessage()));
            said.add(t.toString());
        }
        said.add(e.title());
        said.add(bad.last().orElseThrow().message());
        try (CuttingProxy proxy = new CuttingProxy(slapd.port(), 2000)) {
            ProblemException lost = assertThrows(ProblemException.class, sync("url", proxy.url())::syncNow);
            said.add(lost.title());
        }
        said.add(LdapSettings.of(TestConfigs.config("url", slapd.url(), "bind_dn", Slapd.SYNC_DN, "_bind_password", Slapd.SYNC_PASSWORD,
                "base_dn", Slapd.BASE)).toString());
        String logs = LOG.toString(StandardCharsets.UTF_8);

        assertTrue(logs.contains("LDAP sync"), "the log capture works:\n" + logs);
        for (String secret : List.of(Slapd.SYNC_PASSWORD, wrong)) {
            assertFalse(logs.contains(secret), "a bind password is in the log");
            for (String s : said) {
                assertFalse(s != null && s.contains(secret), "a bind password is in: " + s);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private void assertNothingImported(LdapSync sync, String messageStart) throws SQLException {
        ProblemException e = assertThrows(ProblemException.class, sync::syncNow);
        assertEquals(502, e.status());
        assertEquals("ldap-sync-failed", e.code());
        assertTrue(e.title().startsWith(messageStart), e.title());
        DirectorySync.LastSync last = sync.last().orElseThrow();
        assertFalse(last.ok());
        assertNull(last.importId());
        assertEquals(e.title(), last.message());
        assertEquals(List.of(), imports.list(10), "no import at all");
        assertEquals("0", one("SELECT COUNT(*) FROM person"));
    }

    private static Map<FeedCategory, List<RawRecord>> read(List<Path> files) throws IOException, FeedException {
        Map<FeedCategory, List<RawRecord>> records = new EnumMap<>(FeedCategory.class);
        for (Path f : files) {
            List<String> rejected = new ArrayList<>();
            new AafReader().read(f, new AafReader.Sink() {
                @Override
                public void record(RawRecord r) {
                    records.computeIfAbsent(r.category(), k -> new ArrayList<>()).add(r);
                }

                @Override
                public void rejected(long position, String key, FeedCategory category, String reason) {
                    rejected.add(key + ": " + reason);
                }
            });
            assertEquals(List.of(), rejected, f.toString());
        }
        return records;
    }

    private static RawRecord find(List<RawRecord> records, String key) {
        return records.stream().filter(r -> r.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no record " + key + " in " + records.stream().map(RawRecord::key).toList()));
    }

    private String report(ImportRun run) throws IOException {
        Path file = imports.report(run.id()).orElse(null);
        return file == null ? "(no report)" : Files.readString(file, StandardCharsets.UTF_8);
    }

    private List<List<String>> links(String pupil) {
        return query("SELECT r.first_name, l.kind, l.legal FROM responsable_link l JOIN person r ON r.id = l.responsable_id "
                + "JOIN person e ON e.id = l.eleve_id WHERE e.first_name = ? ORDER BY r.first_name", pupil);
    }

    private List<List<String>> profiles(String lastName) {
        return query("SELECT pp.profile FROM person_profile pp JOIN person p ON p.id = pp.person_id WHERE p.last_name = ? "
                + "ORDER BY pp.profile", lastName);
    }

    private String snapshot() {
        StringBuilder b = new StringBuilder();
        for (String t : new String[] {"school", "person", "person_profile", "person_school", "division", "division_member", "teaching",
            "person_function", "responsable_link"}) {
            b.append(t).append(query("SELECT * FROM " + t)).append('\n');
        }
        return b.toString();
    }

    private String one(String sql, Object... params) {
        return Databases.one(db, sql, params);
    }

    private List<List<String>> query(String sql, Object... params) {
        return Databases.query(db, sql, params);
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            synchronized (b) {
                b.write(c);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            synchronized (b) {
                b.write(buf, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            a.flush();
        }
    }
}
