package fr.preau.provisioning.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.audit.AuditLog;
import fr.preau.auth.Authenticator;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.ImportRun;
import fr.preau.directory.ImportService;
import fr.preau.directory.NewPerson;
import fr.preau.directory.School;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoxProvisionerTest {

    @TempDir
    Path data;

    /** The demo school as this repository holds it (provisioning/demo). */
    static final Path DEMO = Path.of("../../provisioning/demo");

    DirectoryService directory;
    ImportService imports;
    AtomicReference<ImportRun> demoImport = new AtomicReference<>();
    List<String> importedFiles = new ArrayList<>();
    Authenticator authenticator;
    AuditLog audit;
    AtomicBoolean stopped = new AtomicBoolean();
    List<School> schools = new ArrayList<>();
    List<NewPerson> created = new ArrayList<>();

    @BeforeEach
    void setUp() {
        directory = mock(DirectoryService.class);
        authenticator = mock(Authenticator.class);
        when(authenticator.preparePassword(anyString(), anyString()))
                .thenAnswer(i -> (Authenticator.PreparedPassword) () -> i.getArgument(0));
        audit = mock(AuditLog.class);
        when(directory.schools()).thenAnswer(i -> List.copyOf(schools));
        when(directory.school(any())).thenAnswer(i -> schools.stream().filter(x -> x.uai().equals(i.getArgument(0))).findFirst());
        when(directory.saveSchool(any())).thenAnswer(i -> {
            School s = i.getArgument(0);
            schools.removeIf(x -> x.uai().equals(s.uai()));
            schools.add(s);
            return s;
        });
        when(directory.findByLogin(anyString())).thenAnswer(i -> created.stream()
                .filter(p -> p.login().equals(i.getArgument(0))).findFirst().map(BoxProvisionerTest::toPerson));
        when(directory.create(any())).thenAnswer(i -> {
            NewPerson p = i.getArgument(0);
            created.add(p);
            return toPerson(p);
        });
    }

    /** An import service that "imports" the printed demo accounts when the demo import starts. */
    void fakeImports() {
        imports = mock(ImportService.class);
        when(imports.create(eq("demo"), eq(Optional.empty()), eq(ImportService.DEMO))).thenAnswer(i -> {
            demoImport.set(run(ImportRun.Status.RECEIVING, 0));
            return demoImport.get();
        });
        when(imports.addFile(anyString(), anyString(), any())).thenAnswer(i -> {
            importedFiles.add(i.getArgument(1));
            return demoImport.get();
        });
        when(imports.start(anyString(), eq(false))).thenAnswer(i -> {
            for (String login : List.of("anne.verger", "julien.dumas", "leo.marchand", "helene.marchand")) {
                created.add(new NewPerson(new PersonId("id-" + login.replace('.', '-')), login, "Prénom", "NOM", new Uai("0999999Z"),
                        EnumSet.of(Profile.ELEVE), List.of()));
            }
            demoImport.set(run(ImportRun.Status.DONE, 0));
            return demoImport.get();
        });
        when(imports.find(anyString())).thenAnswer(i -> Optional.of(demoImport.get()));
    }

    /** Imports that end with {@code rejected} rejected records and bring none of the printed accounts. */
    void importImportsNobody(long rejected) {
        fakeImports();
        org.mockito.Mockito.doAnswer(i -> {
            demoImport.set(run(ImportRun.Status.DONE, rejected));
            return demoImport.get();
        }).when(imports).start(anyString(), eq(false));
    }

    static ImportRun run(ImportRun.Status status, long rejected) {
        return new ImportRun("run-1", status, ImportService.DEMO, null, "demo", List.of(), Instant.EPOCH,
                status.finished() ? Instant.EPOCH : null, new ImportRun.Counts(880, 0, 0, 0, rejected, 0), null);
    }

    static DemoSchool demoSchool() {
        try (Stream<Path> files = Files.list(DEMO.resolve("aaf"))) {
            return DemoSchool.of(DEMO.resolve("accounts.tsv").toUri().toURL(), files
                    .map(f -> new DemoSchool.File(f.getFileName().toString(), url(f))).toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static java.net.URL url(Path f) {
        try {
            return f.toUri().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Person toPerson(NewPerson p) {
        return new Person(p.id(), p.login(), p.firstName() + " " + p.lastName(), p.uai(), p.profiles());
    }

    BoxProvisioner provisioner(boolean demo) {
        if (imports == null) {
            fakeImports();
        }
        return new BoxProvisioner(directory, imports, BoxProvisionerTest::demoSchool, authenticator, audit, demo,
                "Demo-Password-42!", data.resolve("preau"),
                "http://localhost:8181/", () -> stopped.set(true));
    }

    @Test
    void demoCreatesTheReferentThenImportsTheDemoFilesAndSetsThePrintedPasswords() {
        BoxProvisioner p = provisioner(true);
        assertTrue(p.problem().isPresent(), "not ready before provisioning");
        p.provision();
        assertEquals(Optional.empty(), p.problem());
        assertEquals(List.of(new School(new Uai("0999999Z"), "Collège Jean Rostand", true)), schools);
        assertTrue(created.get(0).login().equals("referent") && created.get(0).profiles().equals(EnumSet.of(Profile.REFERENT)),
                "the referent comes first, before the import");
        assertEquals(10, importedFiles.size(), "every AAF file of provisioning/demo/aaf: " + importedFiles);
        assertTrue(importedFiles.contains("ENT_0999997X_Complet_20250901_Eleve_0000.xml"), importedFiles.toString());
        verify(authenticator, never()).setPassword(any(), anyString());
        verify(authenticator).preparePassword("referent", "Demo-Password-42!");
        verify(authenticator).preparePassword("helene.marchand", "Demo-Password-42!");
        verify(authenticator, times(5)).preparePassword(anyString(), eq("Demo-Password-42!"));
        verify(authenticator, times(5)).setPassword(any(), any(Authenticator.PreparedPassword.class));
        verify(authenticator).setPassword(eq(created.get(0).id()),
                argThat((Authenticator.PreparedPassword prepared) -> prepared.login().equals("referent")));
        verify(authenticator).setPassword(eq(new PersonId("id-helene-marchand")),
                argThat((Authenticator.PreparedPassword prepared) -> prepared.login().equals("helene.marchand")));
        verify(directory).setMailDomain(new Uai("0999999Z"), "rostand.preau.test");
        verify(directory).setMailDomain(new Uai("0999997X"), "lilas.preau.test");
    }

    @Test
    void demoImportsItsFilesOnceAndResetsPasswordsAtEveryStart() {
        provisioner(true).provision();
        BoxProvisioner again = provisioner(true);
        again.provision();
        assertEquals(Optional.empty(), again.problem());
        verify(imports, times(1)).start(anyString(), eq(false));
        assertEquals(5, created.size());
        verify(authenticator, times(10)).setPassword(any(), any(Authenticator.PreparedPassword.class));
    }

    @Test
    void aDemoImportWithRejectedRecordsLeavesTheBoxNotReady() {
        importImportsNobody(2);
        BoxProvisioner p = provisioner(true);
        p.provision();
        assertTrue(p.problem().orElseThrow().contains("2 rejected"), p.problem().toString());
        assertFalse(Files.exists(data.resolve("preau/demo-school")), "imported again at the next start");
    }

    @Test
    void aPrintedAccountMissingFromTheFilesLeavesTheBoxNotReady() {
        importImportsNobody(0);
        BoxProvisioner p = provisioner(true);
        p.provision();
        assertTrue(p.problem().orElseThrow().contains("anne.verger"), p.problem().toString());
    }

    @Test
    void aWeakDemoPasswordCreatesNothing() {
        org.mockito.Mockito.doThrow(new ProblemException(400, "weak-password", "trop court"))
                .when(authenticator).checkPasswordPolicy(anyString(), eq("Demo-Password-42!"));
        BoxProvisioner p = provisioner(true);
        p.provision();
        assertTrue(p.problem().orElseThrow().contains("PREAU_DEMO_PASSWORD"));
        assertTrue(created.isEmpty());
        assertTrue(importedFiles.isEmpty());
    }

    @Test
    void demoRefusesADataDirectoryWithARealSchoolAndStopsTheBox() {
        schools.add(new School(new Uai("0123456A"), "Lycée réel", false));
        BoxProvisioner p = provisioner(true);
        p.provision();
        assertTrue(stopped.get());
        assertTrue(p.problem().orElseThrow().contains("refused"));
        verify(directory, never()).create(any());
    }

    @Test
    void firstBootWritesAPrivateSetupCodeAndSetupCreatesSchoolAndReferent() throws Exception {
        BoxProvisioner p = provisioner(false);
        p.provision();
        assertTrue(p.setupRequired());
        assertEquals(Optional.empty(), p.problem(), "a box waiting for set-up is up");
        Path token = p.tokenFile();
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(token));
        String code = Files.readString(token).trim();
        assertTrue(code.matches("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}"), code);

        ProblemException wrong = assertThrows(ProblemException.class,
                () -> p.setup("AAAA-AAAA-AAAA", "0999999Z", "Collège", "x", "10.0.0.1"));
        assertEquals(401, wrong.status());
        ProblemException badUai = assertThrows(ProblemException.class,
                () -> p.setup(code, "123", "Collège", "x", "10.0.0.1"));
        assertEquals("invalid-uai", badUai.code());
        assertTrue(schools.isEmpty(), "nothing created by a refused set-up");

        Person referent = p.setup(code.toLowerCase().replace("-", " "), "0999999z", " Collège Jean Rostand ",
                "Un mot de passe solide 2026", "10.0.0.1");
        assertEquals("referent", referent.login());
        assertEquals(EnumSet.of(Profile.REFERENT), referent.profiles());
        assertEquals(List.of(new School(new Uai("0999999Z"), "Collège Jean Rostand", false)), schools);
        verify(authenticator).checkPasswordPolicy("referent", "Un mot de passe solide 2026");
        verify(authenticator).setPassword(referent.id(), "Un mot de passe solide 2026");
        assertFalse(Files.exists(token));
        assertFalse(p.setupRequired());
        assertEquals(409, assertThrows(ProblemException.class,
                () -> p.setup(code, "0999999Z", "X", "y", null)).status());
    }

    @Test
    void aWeakReferentPasswordCreatesNothing() {
        BoxProvisioner p = provisioner(false);
        p.provision();
        org.mockito.Mockito.doThrow(new ProblemException(400, "weak-password", "trop court"))
                .when(authenticator).checkPasswordPolicy(anyString(), eq("court"));
        String code = SetupCodeTestAccess.read(p);
        assertEquals("weak-password", assertThrows(ProblemException.class,
                () -> p.setup(code, "0999999Z", "Collège", "court", null)).code());
        assertTrue(schools.isEmpty());
        assertTrue(p.setupRequired());
    }

    @Test
    void theMailDomainIsCheckedBeforeAnythingIsWrittenThenKept() {
        BoxProvisioner p = provisioner(false);
        p.provision();
        String code = SetupCodeTestAccess.read(p);
        assertEquals("invalid-mail-domain", assertThrows(ProblemException.class,
                () -> p.setup(code, "0999999Z", "Collège", "école.fr", "Un mot de passe solide 2026", null)).code());
        assertTrue(schools.isEmpty(), "nothing created by a refused set-up");
        assertTrue(p.setupRequired());
        org.mockito.Mockito.verify(directory, org.mockito.Mockito.never()).setMailDomain(any(), any());

        p.setup(code, "0999999Z", "Collège Jean Moulin", " CLG-Moulin.ac-exemple.fr ", "Un mot de passe solide 2026", null);
        verify(directory).setMailDomain(new Uai("0999999Z"), "clg-moulin.ac-exemple.fr");
        assertFalse(p.setupRequired());
    }

    @Test
    void setupIsThrottled() {
        BoxProvisioner p = provisioner(false);
        p.provision();
        for (int i = 0; i < BoxProvisioner.MAX_SETUP_FAILURES; i++) {
            assertEquals(401, assertThrows(ProblemException.class, () -> p.setup("nope", "0999999Z", "C", "x", null)).status());
        }
        String code = SetupCodeTestAccess.read(p);
        assertEquals(429, assertThrows(ProblemException.class, () -> p.setup(code, "0999999Z", "Collège", "x", null)).status());
    }

    @Test
    void aBoxWithASchoolNeedsNoSetup() {
        schools.add(new School(new Uai("0999999Z"), "Collège", false));
        BoxProvisioner p = provisioner(false);
        p.provision();
        assertFalse(p.setupRequired());
        assertFalse(Files.exists(p.tokenFile()));
    }

    @Test
    void aRealSchoolIsMarkedForTheStartScriptWhichRefusesTheDemoOnIt() throws Exception {
        schools.add(new School(new Uai("0999999Z"), "Collège", false));
        provisioner(false).provision();
        Path marker = data.resolve("preau/real-school");
        assertEquals("0999999Z", Files.readString(marker).trim());

        // a demo data directory is not marked
        Files.delete(marker);
        schools.set(0, new School(new Uai("0999999Z"), "Collège de démonstration", true));
        provisioner(false).provision();
        assertFalse(Files.exists(marker));
    }

    static final class SetupCodeTestAccess {
        static String read(BoxProvisioner p) {
            try {
                return SetupCode.read(p.tokenFile()).orElseThrow();
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}
