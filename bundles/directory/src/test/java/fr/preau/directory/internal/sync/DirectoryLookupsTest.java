package fr.preau.directory.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.Person;
import fr.preau.api.Uai;
import fr.preau.directory.Division;
import fr.preau.directory.internal.DirectoryServiceImpl;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The look-ups other modules ask the annuaire, on an imported collège. */
class DirectoryLookupsTest {

    @TempDir
    Path dir;

    ImportFixture f;
    DirectoryServiceImpl directory;

    @BeforeEach
    void setUp() throws Exception {
        f = new ImportFixture(dir);
        f.run(f.college());
        f.run(f.example("ENT_0999999Z_Delta_20250915_Eleve_0000.xml"));
        directory = new DirectoryServiceImpl(f.db, Clock.systemUTC(), 64);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private Person person(String login) {
        return directory.findByLogin(login).orElseThrow(() -> new AssertionError("no " + login));
    }

    private static List<String> names(List<Person> people) {
        return people.stream().map(Person::displayName).toList();
    }

    @Test
    void classesPupilsTeachersParentsChildren() {
        Person leo = person("leo.marchand");
        assertEquals(List.of("6A"), directory.divisionsOf(leo.id()).stream().filter(d -> d.kind() == Division.Kind.CLASSE)
                .map(Division::code).toList());
        String sixA = "0999999Z:CLASSE:6A";
        assertEquals("6A", directory.division(sixA).orElseThrow().label());
        assertTrue(names(directory.pupilsOf(sixA)).contains("Léo MARCHAND"), names(directory.pupilsOf(sixA)).toString());
        assertTrue(names(directory.pupilsOf(sixA)).contains("Maël PERRIN"));
        List<String> teachers = names(directory.teachersOf(sixA));
        assertEquals(2, teachers.size(), teachers.toString());
        assertEquals(List.of("Hélène MARCHAND", "Paul MARCHAND"), names(directory.parentsOf(leo.id())));
        assertEquals(List.of("Léo MARCHAND"), names(directory.childrenOf(person("helene.marchand").id())));
        // Samir FAURE is responsable légal of Inès, only a contact of Maël
        assertEquals(List.of("Inès FAURE"), names(directory.childrenOf(person("samir.faure").id())));
        // Noé left: his mother sees no active child
        assertEquals(List.of(), directory.childrenOf(person("agnes.bertin").id()));
        assertTrue(directory.divisions(new Uai("0999999Z")).size() >= 6);
    }

    @Test
    void teachersSubjects() {
        Person dumas = directory.teachersOf("0999999Z:CLASSE:5B").stream().filter(p -> p.displayName().endsWith("DUMAS"))
                .findFirst().orElseThrow();
        assertTrue(directory.teachingsOf(dumas.id()).stream().anyMatch(t -> t.division().code().equals("6A")
                && t.subjectLabel() != null && t.subjectLabel().startsWith("MATH")), directory.teachingsOf(dumas.id()).toString());
    }
}
