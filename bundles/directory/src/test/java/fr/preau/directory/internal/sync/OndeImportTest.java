package fr.preau.directory.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.directory.ImportRun.Status;
import fr.preau.directory.internal.sync.ImportFixture.Result;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OndeImportTest {

    static final Optional<String> TILLEULS = Optional.of("0999998Y");

    @TempDir
    Path dir;

    ImportFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ImportFixture(dir);
        f.school("0999998Y", "École élémentaire des Tilleuls");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    Path[] onde() {
        return new Path[] {f.resource("onde/CSVExtraction-eleves.csv", "CSVExtraction-eleves.csv"),
            f.resource("onde/CSVExtraction-responsables.csv", "CSVExtraction-responsables.csv"),
            f.resource("onde/CSVExtraction-enseignants.csv", "CSVExtraction-enseignants.csv")};
    }

    private List<List<String>> pupilsOf(String classId) {
        return f.query("SELECT p.last_name, p.first_name FROM division_member m JOIN division d ON d.id = m.division_id "
                + "JOIN person p ON p.id = m.person_id WHERE d.code = ? AND m.role = 'ELEVE' ORDER BY p.last_name, p.first_name", classId);
    }

    private List<List<String>> childrenOf(String first, String last) {
        return f.query("SELECT e.first_name FROM responsable_link l JOIN person r ON r.id = l.responsable_id "
                + "JOIN person e ON e.id = l.eleve_id WHERE r.first_name = ? AND r.last_name = ? ORDER BY e.first_name", first, last);
    }

    @Test
    void theThreeOndeFilesBuildTheSchool() throws Exception {
        Result r = f.run(TILLEULS, false, onde());
        assertEquals(Status.DONE, r.outcome().status(), r.reasons());
        assertEquals(List.of(List.of("88101", "CP Mme ROCHE"), List.of("88102", "CE1-CE2 M. TANGUY"), List.of("88103", "CM1-CM2 Mme LEROUX")),
                f.query("SELECT code, label FROM division WHERE uai = '0999998Y' AND kind = 'CLASSE' ORDER BY code"));
        assertEquals(List.of(List.of("DUBOIS", "Tom"), List.of("FERREIRA", "Inès"), List.of("MARTIN", "Léa"), List.of("N'DIAYE", "Ousmane")),
                pupilsOf("88101"));
        assertEquals("12", f.one("SELECT COUNT(*) FROM person WHERE category = 'ELEVE' AND active = TRUE"));
        assertEquals("14", f.one("SELECT COUNT(*) FROM person WHERE category = 'RESPONSABLE' AND active = TRUE"), r.reasons());
        assertEquals(List.of(List.of("Hugo"), List.of("Léa")), childrenOf("Sophie", "MARTIN"));
        assertEquals(List.of(List.of("Inès"), List.of("Lucas")), childrenOf("Ana", "DA SILVA"));
        assertEquals(List.of(List.of("Tom")), childrenOf("Karine", "DUBOIS"), "linked by names even if the class text differs");
        assertEquals(List.of(List.of("Sarah"), List.of("Zoé")), childrenOf("Nathalie", "PETIT"));
        assertEquals("1", f.one("SELECT COUNT(*) FROM person WHERE first_name = 'Samira' AND last_name = 'BENALI'"), "one account");
        assertEquals(List.of(List.of("88102"), List.of("88103")), f.query("SELECT d.code FROM teaching t JOIN division d "
                + "ON d.id = t.division_id JOIN person p ON p.id = t.person_id WHERE p.first_name = 'Nadia' ORDER BY d.code"));
        assertEquals(List.of(List.of("DIRECTION"), List.of("ENSEIGNANT")), f.query("SELECT pp.profile FROM person_profile pp "
                + "JOIN person p ON p.id = pp.person_id WHERE p.first_name = 'Yann' ORDER BY pp.profile"));
        assertTrue(r.report().stream().noneMatch(l -> l.get("nom").contains("Organisme") || l.get("motif").contains("Intitulé")),
                "the host organisation table is not read as parents:\n" + r.reasons());
    }

    @Test
    void reimportChangesNothingAndParentsKeepTheirAccountWhenASiblingArrives() throws Exception {
        f.run(TILLEULS, false, onde());
        String before = f.snapshot();
        Result again = f.run(TILLEULS, false, onde());
        assertEquals(0, again.counts().created() + again.counts().updated() + again.counts().deactivated(), again.reasons());
        assertEquals(before, f.snapshot());
        String sophie = f.one("SELECT login FROM person WHERE first_name = 'Sophie' AND last_name = 'MARTIN'");
        // a third MARTIN child arrives: Sophie keeps her account
        Path pupils = f.resource("onde/CSVExtraction-eleves.csv", "CSVExtraction-eleves.csv");
        Charset cp1252 = Charset.forName("windows-1252");
        Files.writeString(pupils, Files.readString(pupils, cp1252) + "\r\nMARTIN;;Jules;01/02/2021;M;;3 rue des Lilas;99990;VILLEFICTIVE;FRANCE;;;;;CYCLE I;GS;CP Mme ROCHE;88101;Oui;Oui;Oui;", cp1252);
        Path parents = f.resource("onde/CSVExtraction-responsables.csv", "CSVExtraction-responsables.csv");
        String text = Files.readString(parents, cp1252).replace(";MARTIN;Hugo;CE1-CE2 M. TANGUY\r\n", ";MARTIN;Hugo;CE1-CE2 M. TANGUY;;MARTIN;Jules;CP Mme ROCHE\r\n");
        Files.writeString(parents, text, cp1252);
        Path teachers = dir.resolve("in").resolve("CSVExtraction-enseignants.csv");
        Result third = f.run(TILLEULS, false, pupils, parents, teachers);
        assertEquals(Status.DONE, third.outcome().status(), third.reasons());
        assertEquals(sophie, f.one("SELECT login FROM person WHERE first_name = 'Sophie' AND last_name = 'MARTIN' AND active = TRUE"));
        assertEquals(List.of(List.of("Hugo"), List.of("Jules"), List.of("Léa")), childrenOf("Sophie", "MARTIN"), third.reasons());
    }

    @Test
    void ondeFilesNeedTheSchool() throws Exception {
        Result r = f.run(Optional.empty(), false, onde());
        assertEquals(Status.FAILED, r.outcome().status());
        assertTrue(r.reasons().contains("UAI"), r.reasons());
    }

    @Test
    void badCsvFilesAreReportedClearly() throws Exception {
        // wrong separator (commas): detected and noted; BOM; Latin-1 bytes
        Path commas = f.file("eleves.csv", "\uFEFFNom élève,Prénom élève,Date naissance,INE,Libellé classe,Identifiant classe\n"
                + "MARTIN,Léa,2019-04-12,,CP,1\nDUPONT,Jean,31/02/2019,,CP,1\n,Sans,01/01/2019,,CP,1\n", StandardCharsets.UTF_8);
        Result r = f.run(TILLEULS, false, commas);
        assertEquals(Status.DONE, r.outcome().status(), r.reasons());
        assertTrue(r.reasons().contains("Séparateur « , »"), r.reasons());
        assertTrue(r.reasons().contains("date de naissance invalide « 31/02/2019 »"), r.reasons());
        assertTrue(r.reasons().contains("nom ou prénom manquant"), r.reasons());
        assertEquals("12/04/2019".substring(6), f.one("SELECT YEAR(birth_date) FROM person WHERE first_name = 'Léa'"));
        Path notOnde = f.file("autre.csv", "a;b;c\n1;2;3\n", StandardCharsets.ISO_8859_1);
        Result bad = f.run(TILLEULS, false, notOnde);
        assertEquals(Status.FAILED, bad.outcome().status());
        assertTrue(bad.reasons().contains("extraction ONDE reconnue"), bad.reasons());
    }

    @Test
    void homonymsBornTheSameDayWithoutIneAreNotGuessed() throws Exception {
        Path pupils = f.file("eleves.csv", "Nom élève;Prénom élève;Date naissance;INE;Libellé classe;Identifiant classe\n"
                + "MARTIN;Léa;12/04/2019;;CP;1\nMARTIN;Léa;12/04/2019;;CE1;2\nPETIT;Tom;01/01/2019;;CP;1\n", StandardCharsets.ISO_8859_1);
        Result r = f.run(TILLEULS, false, pupils);
        assertEquals(1, r.counts().created(), r.reasons());
        assertEquals(2, r.report().stream().filter(l -> l.get("motif").contains("mêmes nom, prénom et date de naissance")).count(),
                r.reasons());
    }
}
