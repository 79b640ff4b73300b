package fr.preau.provisioning.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
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
import fr.preau.directory.NewPerson;
import fr.preau.directory.School;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoxProvisionerTest {

    @TempDir
    Path data;

    DirectoryService directory;
    Authenticator authenticator;
    AuditLog audit;
    AtomicBoolean stopped = new AtomicBoolean();
    List<School> schools = new ArrayList<>();
    List<NewPerson> created = new ArrayList<>();

    @BeforeEach
    void setUp() {
        directory = mock(DirectoryService.class);
        authenticator = mock(Authenticator.class);
        audit = mock(AuditLog.class);
        when(directory.schools()).thenAnswer(i -> List.copyOf(schools));
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

    static Person toPerson(NewPerson p) {
        return new Person(p.id(), p.login(), p.firstName() + " " + p.lastName(), p.uai(), p.profiles());
    }

    BoxProvisioner provisioner(boolean demo) {
        return new BoxProvisioner(directory, authenticator, audit, demo, "Demo-Password-42!", data.resolve("preau"),
                "http://localhost:8181/", () -> stopped.set(true));
    }

    @Test
    void demoCreatesTheSchoolItsPeopleTheParentLinkAndPasswords() {
        BoxProvisioner p = provisioner(true);
        assertTrue(p.problem().isPresent(), "not ready before provisioning");
        p.provision();
        assertEquals(Optional.empty(), p.problem());
        assertEquals(List.of(new School(new Uai("0999999Z"), "Collège Jean Rostand", true)), schools);
        assertEquals(Set.of("referent", "eleve.demo", "parent.demo", "prof.demo", "direction.demo"),
                created.stream().map(NewPerson::login).collect(java.util.stream.Collectors.toSet()));
        verify(directory).linkResponsable(new PersonId("demo-parent"), new PersonId("demo-eleve"));
        verify(authenticator, times(5)).setPassword(any(), eq("Demo-Password-42!"));
        assertTrue(created.stream().anyMatch(n -> n.login().equals("referent") && n.profiles().contains(Profile.REFERENT)));
    }

    @Test
    void demoIsIdempotentAndResetsPasswords() {
        provisioner(true).provision();
        provisioner(true).provision();
        assertEquals(5, created.size());
        verify(authenticator, times(10)).setPassword(any(), eq("Demo-Password-42!"));
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
