package fr.preau.files.internal;

import static fr.preau.files.internal.World.A5;
import static fr.preau.files.internal.World.HEAD;
import static fr.preau.files.internal.World.LEO;
import static fr.preau.files.internal.World.MATHS_5A;
import static fr.preau.files.internal.World.SCHOOL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.Person;
import fr.preau.api.Profile;
import fr.preau.directory.Teaching;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The demo school's documents: written once, through the module's own rules, only on a demo box; real PDFs and images. */
class FilesDemoTest {

    /** A French teacher of 5A: her document goes into the class space, and she joins the groupe de travail. */
    static final Person FRENCH_5A = World.person("marie.leroy", "Marie Leroy", SCHOOL, Profile.ENSEIGNANT);

    @TempDir
    Path dir;
    @RegisterExtension
    static final FilesDb DB = new FilesDb("filesdemo");
    World world;
    Files files;


    @BeforeEach
    void setUp() throws Exception {
        world = new World(SharingTest.NOW);
        world.people.add(FRENCH_5A);
        world.divisions.put(FRENCH_5A.id(), List.of(A5));
        world.teachings.put(FRENCH_5A.id(), List.of(new Teaching(A5, "020100", "FRANCAIS")));
        files = world.files(DB.db(), dir, e -> { });
    }

    @Test
    void aDemoBoxGetsRealisticSpacesOnceAndEveryoneSeesWhatTheRulesAllow() throws Exception {
        FilesDemo demo = new FilesDemo(files, world.directory, false);
        assertTrue(demo.seedIfDemo());

        // the school's documents, written by the direction, read by a pupil
        List<String> etab = names(LEO, "etab:" + SCHOOL.value());
        assertTrue(etab.containsAll(List.of("Règlement intérieur 2026-2027.pdf", "Calendrier de l'année scolaire.pdf", "Plan du collège.png", "Cantine")), etab.toString());
        // the staff room: for adults only
        assertTrue(names(MATHS_5A, "profs:" + SCHOOL.value()).containsAll(List.of("Conseils de classe", "Sorties et voyages")));
        assertFalse(files.spaces(LEO).stream().anyMatch(s -> s.kind() == Space.Kind.PROFS));
        // the class: the maths teacher's lessons and exercises, the French teacher's reading
        List<String> cls = names(LEO, "classe:" + A5.id());
        assertTrue(cls.containsAll(List.of("Cours", "Exercices", "Français")), cls.toString());
        Node cours = child(LEO, "classe:" + A5.id(), "Cours");
        assertTrue(names(LEO, "classe:" + A5.id(), cours.id()).contains("Chapitre 4 - Les fractions.pdf"));
        // his preparations, one shared with his colleague
        assertTrue(names(MATHS_5A, "perso:" + MATHS_5A.id().value()).contains("Préparations"));
        assertEquals(List.of("Progression annuelle de mathématiques.pdf"),
                files.shares().sharedWith(FRENCH_5A).stream().map(Shares.Shared::name).toList());
        // the drop box, with the pupil's copy
        FilesStore.DropBox box = files.dropBoxes().visible(LEO).get(0);
        assertEquals(1, files.dropBoxes().filesOf(LEO, box).size());
        // the groupe de travail: teacher, colleague and pupil
        Space group = files.spaces(LEO).stream().filter(s -> s.kind() == Space.Kind.GROUPE_TRAVAIL).findFirst().orElseThrow();
        assertEquals("Projet théâtre de fin d'année", group.label());
        assertTrue(names(FRENCH_5A, group.id()).containsAll(List.of("Planning des répétitions.pdf", "Idées de pièces.txt")));
        // the pupil's own
        assertTrue(names(LEO, "perso:" + LEO.id().value()).containsAll(List.of("SVT", "Brouillons")));

        // real documents: the PDF's words are read, the image decodes
        Node chapter = child(LEO, "classe:" + A5.id(), cours.id(), "Chapitre 4 - Les fractions.pdf");
        assertEquals("application/pdf", chapter.mediaType());
        String words = new TextExtractor(TextExtractor.Limits.DEFAULT).extract(files.content(chapter), chapter.name(), chapter.mediaType()).orElse("");
        assertTrue(words.contains("numérateur"), words);
        Node plan = child(LEO, "etab:" + SCHOOL.value(), "Plan du collège.png");
        assertEquals(800, ImageIO.read(files.content(plan).toFile()).getWidth());

        // once only
        int before = count();
        assertTrue(demo.seedIfDemo());
        assertEquals(before, count());
    }

    @Test
    void aBoxWithARealSchoolOrWithoutItsDemoPeopleGetsNothing() throws Exception {
        world.people.removeIf(p -> p.login().equals(HEAD.login()));
        FilesDemo demo = new FilesDemo(files, world.directory, false);
        assertFalse(demo.seedIfDemo(), "the demo import has not brought the direction yet: try again later");
        assertEquals(0, count());
    }

    List<String> names(Person who, String space) throws SQLException {
        return files.list(who, space, null).stream().map(Node::name).toList();
    }

    List<String> names(Person who, String space, long folder) throws SQLException {
        return files.list(who, space, folder).stream().map(Node::name).toList();
    }

    Node child(Person who, String space, String name) throws SQLException {
        return files.list(who, space, null).stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    Node child(Person who, String space, long folder, String name) throws SQLException {
        return files.list(who, space, folder).stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    int count() throws SQLException, IOException {
        List<Integer> n = new ArrayList<>();
        try (var c = DB.db().getConnection(); var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM files_node")) {
            rs.next();
            n.add(rs.getInt(1));
        }
        return n.get(0);
    }
}
