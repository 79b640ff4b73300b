package fr.preau.cahier.internal;

import static fr.preau.cahier.internal.World.A5;
import static fr.preau.cahier.internal.World.B4;
import static fr.preau.cahier.internal.World.FRENCH_4B;
import static fr.preau.cahier.internal.World.HEAD;
import static fr.preau.cahier.internal.World.HELENE;
import static fr.preau.cahier.internal.World.INES;
import static fr.preau.cahier.internal.World.LATIN;
import static fr.preau.cahier.internal.World.LEO;
import static fr.preau.cahier.internal.World.MATHS_5A;
import static fr.preau.cahier.internal.World.OTHER_HEAD;
import static fr.preau.cahier.internal.World.REFERENT;
import static fr.preau.cahier.internal.World.STAFF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.cahier.internal.Views.DevoirInput;
import fr.preau.cahier.internal.Views.DevoirView;
import fr.preau.cahier.internal.Views.LinkInput;
import fr.preau.cahier.internal.Views.SeanceInput;
import fr.preau.cahier.internal.Views.SeanceView;
import fr.preau.directory.Division;
import fr.preau.store.testing.Databases;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The cahier's rules on a real (Derby) database, the real access service and a small school. */
class CahierTest {

    /** Monday 7 December 2026, 10:00 in Paris. */
    static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");

    World world;
    EmbeddedDataSource db;
    Cahier cahier;
    final List<Long> changed = new ArrayList<>();

    @BeforeEach
    void setUp() throws SQLException {
        world = new World(NOW);
        db = Databases.derby("cahier", CahierSchema.CHANGELOG, CahierTest.class.getClassLoader());
        cahier = new Cahier(new CahierStore(db), world.directory, world.access, world.clock);
        cahier.changed = changed::add;
    }

    @AfterEach
    void tearDown() {
        Databases.drop(db);
    }

    static SeanceInput seance(Division d, String subject, String date, DevoirInput... devoirs) {
        return new SeanceInput(d.id(), subject, "SEANCE", date, "08:30", "09:25", "Les fractions", "<p>Cours sur les <strong>fractions</strong></p>",
                List.of(new LinkInput("https://fr.wikipedia.org/wiki/Fraction", "Wikipédia")), null, List.of(devoirs));
    }

    static DevoirInput devoir(String pour, String kind) {
        return new DevoirInput(null, null, null, pour, kind, "<p>Exercices 12 et 14 page 58</p>", 30, false, null);
    }

    List<SeanceView> week(Person who, String child) throws SQLException {
        List<String> divisions = cahier.readable(who, child).stream().map(Division::id).toList();
        return cahier.seanceViews(who, divisions, LocalDate.parse("2026-12-07"), LocalDate.parse("2026-12-13"),
                child != null ? new fr.preau.api.PersonId(child) : who.has(fr.preau.api.Profile.ELEVE) ? who.id() : null);
    }

    List<DevoirView> toDo(Person who, String child) throws SQLException {
        List<String> divisions = cahier.readable(who, child).stream().map(Division::id).toList();
        return cahier.devoirViews(who, divisions, LocalDate.parse("2026-12-07"), LocalDate.parse("2026-12-31"),
                child != null ? new fr.preau.api.PersonId(child) : who.has(fr.preau.api.Profile.ELEVE) ? who.id() : null);
    }

    static void refused(int status, String code, Executable work) {
        ProblemException e = assertThrows(ProblemException.class, work);
        assertEquals(status, e.status(), e.getMessage());
        assertEquals(code, e.code(), e.getMessage());
    }

    @Test
    void aTeachersSeanceWithADevoirSurTableReachesThePupilsAndParentsOfThatClassOnly() throws Exception {
        long id = cahier.create(MATHS_5A, seance(A5, "061300", "2026-12-07", devoir("2026-12-10", "SUR_TABLE")));

        List<SeanceView> leo = week(LEO, null);
        assertEquals(1, leo.size());
        SeanceView s = leo.get(0);
        assertEquals(Long.toString(id), s.id());
        assertEquals("Mathématiques", s.matiere(), "the annuaire's capitals become French");
        assertEquals("5A", s.classe());
        assertEquals("<p>Cours sur les <strong>fractions</strong></p>", s.contenu());
        assertFalse(s.mine());
        assertFalse(s.editable());
        assertEquals(1, s.devoirs().size());
        assertEquals("SUR_TABLE", s.devoirs().get(0).kind());
        assertEquals(Boolean.FALSE, s.devoirs().get(0).done());

        List<DevoirView> todo = toDo(LEO, null);
        assertEquals(1, todo.size());
        assertEquals("2026-12-10", todo.get(0).pour());
        assertEquals("Devoir sur table / contrôle", todo.get(0).kindLabel());

        assertEquals(1, week(HELENE, LEO.id().value()).size(), "the mother, for Léo");
        assertEquals(1, toDo(HELENE, LEO.id().value()).size());
        assertEquals(0, week(INES, null).size(), "a pupil of 4B sees nothing of 5A");
        assertEquals(0, toDo(INES, null).size());
        assertEquals(1, week(HEAD, null).size(), "the direction reads every class");
        assertEquals(0, week(STAFF, null).size());
        assertEquals(0, week(FRENCH_4B, null).size(), "another teacher's class");
        assertTrue(week(MATHS_5A, null).get(0).editable());
    }

    @Test
    void theReadAndWriteMatrixProfileByOwnOrOtherClass() throws Exception {
        long a5 = cahier.create(MATHS_5A, seance(A5, "061300", "2026-12-07"));
        long b4 = cahier.create(FRENCH_4B, seance(B4, "020100", "2026-12-07"));
        record Case(Person who, String child, long seance, boolean read) {
        }
        List<Case> cases = List.of(
                new Case(LEO, null, a5, true), new Case(LEO, null, b4, false),
                new Case(INES, null, b4, true), new Case(INES, null, a5, false),
                new Case(HELENE, null, a5, true), new Case(HELENE, null, b4, false),
                new Case(MATHS_5A, null, a5, true), new Case(MATHS_5A, null, b4, false),
                new Case(FRENCH_4B, null, b4, true), new Case(FRENCH_4B, null, a5, false),
                new Case(HEAD, null, a5, true), new Case(HEAD, null, b4, true),
                new Case(OTHER_HEAD, null, a5, false), new Case(STAFF, null, a5, false), new Case(REFERENT, null, a5, false));
        for (Case c : cases) {
            if (c.read()) {
                assertEquals(Long.toString(c.seance()), cahier.views(c.who(), List.of(cahier.readableSeance(c.who(), c.seance())), null)
                        .get(0).id(), c.who().login());
            } else {
                refused(404, "not-found", () -> cahier.readableSeance(c.who(), c.seance()));
            }
        }
        // reading a class by its id: the same answers, as 403
        refused(403, "forbidden", () -> cahier.requireRead(LEO, B4.id()));
        refused(403, "forbidden", () -> cahier.requireRead(HELENE, B4.id()));
        refused(403, "forbidden", () -> cahier.requireRead(MATHS_5A, B4.id()));
        refused(403, "forbidden", () -> cahier.requireRead(OTHER_HEAD, A5.id()));
        assertEquals(B4, cahier.requireRead(HEAD, B4.id()));
        // a parent asks for a child that is not theirs
        refused(403, "forbidden", () -> cahier.readable(HELENE, INES.id().value()));
        refused(403, "forbidden", () -> cahier.readable(LEO, INES.id().value()));

        // writing: the teacher of the class and matière only; one's own entries only
        for (Person who : List.of(LEO, HELENE, HEAD, STAFF, REFERENT, FRENCH_4B)) {
            refused(403, "forbidden", () -> cahier.create(who, seance(A5, "061300", "2026-12-08")));
        }
        refused(400, "unknown-matiere", () -> cahier.create(MATHS_5A, seance(A5, "020100", "2026-12-08")));
        refused(403, "forbidden", () -> cahier.update(HEAD, b4, seance(B4, "020100", "2026-12-08")));
        // a second teacher of 4B may write there, but not change a colleague's séance
        world.teachings.put(MATHS_5A.id(), List.of(new fr.preau.directory.Teaching(A5, "061300", "MATHEMATIQUES"),
                new fr.preau.directory.Teaching(B4, "061300", "MATHEMATIQUES")));
        world.divisions.put(MATHS_5A.id(), List.of(A5, B4));
        refused(403, "not-author", () -> cahier.update(MATHS_5A, b4, seance(B4, "061300", "2026-12-08")));
        refused(403, "not-author", () -> cahier.delete(MATHS_5A, b4));
        world.teachings.put(MATHS_5A.id(), List.of(new fr.preau.directory.Teaching(A5, "061300", "MATHEMATIQUES")));
        world.divisions.put(MATHS_5A.id(), List.of(A5, LATIN));
        refused(404, "not-found", () -> cahier.update(MATHS_5A, b4, seance(B4, "020100", "2026-12-08")));
        refused(404, "not-found", () -> cahier.delete(LEO, b4));
        refused(403, "forbidden", () -> cahier.markDone(HELENE, 1, true));
        cahier.update(FRENCH_4B, b4, new SeanceInput(B4.id(), "020100", "SEANCE", "2026-12-08", "10:00", "10:55", "Conjugaison", "<p>Le passé simple</p>",
                List.of(), null, List.of()));
        assertEquals("Conjugaison", cahier.store().seance(b4).orElseThrow().title());
    }

    @Test
    void badInputIsRefusedWithAClearErrorAndNothingIsStored() throws Exception {
        refused(400, "outside-school-year", () -> cahier.create(MATHS_5A, seance(A5, "061300", "2026-08-31")));
        refused(400, "outside-school-year", () -> cahier.create(MATHS_5A, seance(A5, "061300", "2027-09-01")));
        refused(400, "due-before-seance", () -> cahier.create(MATHS_5A, seance(A5, "061300", "2026-12-08", devoir("2026-12-07", "MAISON"))));
        refused(400, "unknown-classe", () -> cahier.create(MATHS_5A, seance(new Division("0999999Z:CLASSE:9Z", World.SCHOOL,
                Division.Kind.CLASSE, "9Z", "9Z"), "061300", "2026-12-08")));
        refused(400, "invalid-seance", () -> cahier.create(MATHS_5A, seance(A5, "061300", "07/12/2026")));
        refused(400, "invalid-devoir", () -> cahier.create(MATHS_5A, seance(A5, "061300", "2026-12-08", devoir("2026-12-10", "PUNITION"))));
        refused(400, "unsafe-html", () -> cahier.create(MATHS_5A, new SeanceInput(A5.id(), "061300", "SEANCE", "2026-12-08", "08:30", "09:25",
                "X", "<p>a</p><script>alert(1)</script>", List.of(), null, List.of())));
        refused(400, "unsafe-html", () -> cahier.create(MATHS_5A, seance(A5, "061300", "2026-12-08", new DevoirInput(null, null, null,
                "2026-12-10", "MAISON", "<p onmouseover=\"x()\">lire</p>", null, null, null))));
        refused(400, "invalid-seance", () -> cahier.create(MATHS_5A, new SeanceInput(A5.id(), "061300", "SEANCE", "2026-12-08", "08:30", "09:25",
                "X", "", List.of(new LinkInput("javascript:alert(1)", "x")), null, List.of())));
        refused(400, "invalid-seance", () -> cahier.create(MATHS_5A, new SeanceInput(A5.id(), "061300", "SEANCE", "2026-12-08", "10:00", "09:00",
                "X", "", List.of(), null, List.of())));
        // the second devoir is wrong: neither the séance nor the first devoir is stored
        refused(400, "due-before-seance", () -> cahier.create(MATHS_5A, seance(A5, "061300", "2026-12-08", devoir("2026-12-09", "MAISON"),
                devoir("2026-12-01", "MAISON"))));
        assertTrue(cahier.store().empty());
        assertEquals(0, cahier.store().devoirsDue(List.of(A5.id()), LocalDate.parse("2026-09-01"), LocalDate.parse("2027-08-31")).size());
    }

    @Test
    void aPlannedSeanceAndItsDevoirAppearAtTheirPublicationTime() throws Exception {
        SeanceInput planned = new SeanceInput(A5.id(), "061300", "SEANCE", "2026-12-09", "08:30", "09:25", "Les fractions", "<p>…</p>",
                List.of(), "2026-12-08T18:00", List.of(devoir("2026-12-11", "MAISON")));
        cahier.create(MATHS_5A, planned);
        assertEquals(0, week(LEO, null).size(), "not yet");
        assertEquals(0, toDo(LEO, null).size());
        SeanceView own = week(MATHS_5A, null).get(0);
        assertFalse(own.published());
        assertEquals("2026-12-08T17:00:00Z", own.publishAt(), "18:00 in Paris");
        world.clock.set(Instant.parse("2026-12-08T17:00:00Z"));
        assertEquals(1, week(LEO, null).size());
        assertEquals(1, toDo(LEO, null).size(), "the devoir follows its séance");
    }

    @Test
    void aDevoirOfASeanceHasItsOwnPublicationTimeNeverBeforeItsSeance() throws Exception {
        // the séance now; its devoir from Tuesday 18:00 (after the lesson); a second one asks for an earlier time than its séance
        DevoirInput later = new DevoirInput(null, null, null, "2026-12-11", "SUR_TABLE", "<p>Contrôle</p>", 55, false, "2026-12-08T18:00");
        cahier.create(MATHS_5A, seance(A5, "061300", "2026-12-07", later));
        assertEquals(1, week(LEO, null).size(), "the séance is out");
        assertEquals(0, toDo(LEO, null).size(), "its devoir is not yet");
        assertEquals(0, week(LEO, null).get(0).devoirs().size(), "nor under the séance");
        world.clock.set(Instant.parse("2026-12-08T17:00:00Z"));
        assertEquals(1, toDo(LEO, null).size());

        DevoirInput early = new DevoirInput(null, null, null, "2026-12-14", "MAISON", "<p>Lire</p>", null, false, "2026-12-09T08:00");
        long planned = cahier.create(MATHS_5A, new SeanceInput(A5.id(), "061300", "SEANCE", "2026-12-11", "08:30", "09:25", "Lecture",
                "<p>…</p>", List.of(), "2026-12-10T18:00", List.of(early)));
        SeanceView own = week(MATHS_5A, null).stream().filter(v -> v.id().equals(Long.toString(planned))).findFirst().orElseThrow();
        assertEquals(own.publishAt(), own.devoirs().get(0).publishAt(), "not before its séance");
    }

    @Test
    void aVisaLocksTheEntriesUpToItsDateCorrectionsBecomeAmendments() throws Exception {
        long monday = cahier.create(MATHS_5A, seance(A5, "061300", "2026-12-07", devoir("2026-12-10", "MAISON")));
        long thursday = cahier.create(MATHS_5A, seance(A5, "061300", "2026-12-10"));
        refused(403, "forbidden", () -> cahier.visa(MATHS_5A, new Views.VisaInput(A5.id(), "2026-12-07")));
        refused(400, "invalid-visa", () -> cahier.visa(HEAD, new Views.VisaInput(A5.id(), "2026-12-08")));
        refused(403, "forbidden", () -> cahier.visa(OTHER_HEAD, new Views.VisaInput(A5.id(), "2026-12-07")));
        Rows.Visa visa = cahier.visa(HEAD, new Views.VisaInput(A5.id(), "2026-12-07"));
        assertEquals("Anne Verger", visa.byName());
        refused(409, "visa-exists", () -> cahier.visa(HEAD, new Views.VisaInput(A5.id(), "2026-12-06")));

        SeanceView locked = week(MATHS_5A, null).get(0);
        assertEquals(Long.toString(monday), locked.id());
        assertTrue(locked.locked());
        assertFalse(locked.editable());
        assertEquals("2026-12-07", locked.visa().until());
        assertTrue(locked.devoirs().get(0).locked(), "its devoir too, though due later");
        assertTrue(week(MATHS_5A, null).get(1).editable(), "Thursday is after the visa");

        refused(409, "visa-locked", () -> cahier.update(MATHS_5A, monday, seance(A5, "061300", "2026-12-07")));
        refused(409, "visa-locked", () -> cahier.delete(MATHS_5A, monday));
        long devoir = Long.parseLong(locked.devoirs().get(0).id());
        refused(409, "visa-locked", () -> cahier.updateDevoir(MATHS_5A, devoir, devoir("2026-12-11", "MAISON")));
        refused(409, "visa-locked", () -> cahier.create(MATHS_5A, seance(A5, "061300", "2026-12-07")));
        refused(409, "visa-locked", () -> cahier.update(MATHS_5A, thursday, seance(A5, "061300", "2026-12-04"))); // moved into the visa'd past

        refused(403, "forbidden", () -> cahier.amend(HEAD, monday, null, "x"));
        refused(400, "invalid-amendment", () -> cahier.amend(MATHS_5A, monday, null, " "));
        cahier.amend(MATHS_5A, monday, null, "Exercice 14 remplacé par l'exercice 15.");
        cahier.amend(MATHS_5A, null, devoir, "Pour le vendredi 11 décembre.");
        SeanceView amended = week(LEO, null).get(0);
        assertEquals("Exercice 14 remplacé par l'exercice 15.", amended.amendements().get(0).texte());
        assertEquals("Pour le vendredi 11 décembre.", amended.devoirs().get(0).amendements().get(0).texte());
        assertEquals("Les fractions", amended.titre(), "the entry stays as it was visa'd");
    }

    @Test
    void whatReadersShareIsNeverStaleAfterAWrite() throws Exception {
        long id = cahier.create(MATHS_5A, seance(A5, "061300", "2026-12-07", devoir("2026-12-10", "MAISON")));
        assertEquals("Les fractions", week(LEO, null).get(0).titre());
        assertEquals("Les fractions", week(HELENE, LEO.id().value()).get(0).titre());
        cahier.update(MATHS_5A, id, new SeanceInput(A5.id(), "061300", "SEANCE", "2026-12-07", "08:30", "09:25", "Les décimaux", "<p>x</p>",
                List.of(), null, List.of(devoir("2026-12-11", "SUR_TABLE"))));
        SeanceView after = week(LEO, null).get(0);
        assertEquals("Les décimaux", after.titre());
        assertEquals("2026-12-11", after.devoirs().get(0).pour());
        assertEquals("2026-12-11", toDo(HELENE, LEO.id().value()).get(0).pour());
        cahier.amend(MATHS_5A, id, null, "Rectificatif");
        assertEquals(1, week(LEO, null).get(0).amendements().size());
        cahier.visa(HEAD, new Views.VisaInput(A5.id(), "2026-12-07"));
        assertTrue(week(LEO, null).get(0).locked());
        long second = cahier.create(MATHS_5A, seance(A5, "061300", "2026-12-08"));
        assertEquals(2, week(LEO, null).size());
        cahier.delete(MATHS_5A, second);
        assertEquals(1, week(LEO, null).size());
        // each pupil's ticks on the shared list are their own
        long devoir = Long.parseLong(toDo(LEO, null).get(0).id());
        cahier.markDone(LEO, devoir, true);
        assertEquals(Boolean.TRUE, week(LEO, null).get(0).devoirs().get(0).done());
        assertNull(week(HEAD, null).get(0).devoirs().get(0).done(), "the direction has no ticks");
    }

    @Test
    void theJsonKeptForReadersIsWhatTheViewsSayWithEachPupilsTicks() throws Exception {
        cahier.create(MATHS_5A, seance(A5, "061300", "2026-12-07", devoir("2026-12-10", "MAISON")));
        cahier.create(MATHS_5A, seance(A5, "061300", "2026-12-08", devoir("2026-12-11", "SUR_TABLE")));
        List<String> divisions = cahier.readable(LEO, null).stream().map(Division::id).toList();
        LocalDate from = LocalDate.parse("2026-12-07");
        LocalDate to = LocalDate.parse("2026-12-13");
        for (int round = 0; round < 2; round++) {
            assertEquals(Cahier.JSON.valueToTree(new Views.Items<>(week(LEO, null))),
                    Cahier.JSON.readTree(cahier.seancesJson(LEO, divisions, from, to, LEO.id())), "round " + round);
            assertEquals(Cahier.JSON.valueToTree(new Views.Items<>(week(HEAD, null))),
                    Cahier.JSON.readTree(cahier.seancesJson(HEAD, cahier.readable(HEAD, null).stream().map(Division::id).toList(), from, to,
                            null)));
            cahier.markDone(LEO, Long.parseLong(toDo(LEO, null).get(0).id()), true);
        }
        String json = new String(cahier.seancesJson(LEO, divisions, from, to, LEO.id()), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(json.contains("\"done\":true") && json.contains("\"done\":false"), json);
        assertFalse(new String(cahier.seancesJson(HEAD, cahier.readable(HEAD, null).stream().map(Division::id).toList(), from, to, null),
                java.nio.charset.StandardCharsets.UTF_8).contains("\"done\""), "no ticks for the direction");
    }

    @Test
    void aPupilTicksTheirOwnDevoirsOnlyAndTheParentSeesTheTicks() throws Exception {
        cahier.create(MATHS_5A, seance(A5, "061300", "2026-12-07", devoir("2026-12-10", "MAISON")));
        long id = Long.parseLong(toDo(LEO, null).get(0).id());
        cahier.markDone(LEO, id, true);
        assertEquals(Boolean.TRUE, toDo(LEO, null).get(0).done());
        assertEquals(Boolean.TRUE, toDo(HELENE, LEO.id().value()).get(0).done(), "the parent sees the child's tick");
        refused(404, "not-found", () -> cahier.markDone(INES, id, true));
        refused(403, "forbidden", () -> cahier.markDone(MATHS_5A, id, true));
        cahier.markDone(LEO, id, false);
        assertEquals(Boolean.FALSE, toDo(LEO, null).get(0).done());
    }

    @Test
    void aSeanceIsCopiedToAnotherClassAndAProgressionToANewYear() throws Exception {
        world.teachings.put(MATHS_5A.id(), List.of(new fr.preau.directory.Teaching(A5, "061300", "MATHEMATIQUES"),
                new fr.preau.directory.Teaching(LATIN, "020700", "LATIN"), new fr.preau.directory.Teaching(B4, "061300", "MATHEMATIQUES")));
        world.divisions.put(MATHS_5A.id(), List.of(A5, LATIN, B4));
        long id = cahier.create(MATHS_5A, seance(A5, "061300", "2026-12-07", devoir("2026-12-10", "SUR_TABLE")));
        long copy = cahier.copy(MATHS_5A, id, new Views.CopyInput(B4.id(), "2026-12-08", "10:00", "10:55"));
        SeanceView c = cahier.views(INES, List.of(cahier.readableSeance(INES, copy)), INES.id()).get(0);
        assertEquals("4B", c.classe());
        assertEquals("2026-12-08", c.date());
        assertEquals("10:00", c.debut());
        assertEquals("2026-12-11", c.devoirs().get(0).pour(), "shifted by one day like the séance");
        assertEquals(1, c.liens().size());
        refused(403, "forbidden", () -> cahier.copy(MATHS_5A, id, new Views.CopyInput(World.CM1.id(), "2026-12-08", null, null)));

        // last year's progression: September 2025 into September 2026 (52 weeks later: same weekdays)
        world.clock.set(Instant.parse("2025-09-10T09:00:00Z"));
        cahier.create(MATHS_5A, seance(A5, "061300", "2025-09-08", devoir("2025-09-11", "MAISON")));
        cahier.create(MATHS_5A, seance(A5, "061300", "2025-09-09"));
        world.clock.set(Instant.parse("2026-09-01T09:00:00Z"));
        int copied = cahier.copyRange(MATHS_5A, new Views.RangeCopyInput(A5.id(), "2025-09-01", "2025-09-30", A5.id(), "2026-08-31"));
        assertEquals(2, copied);
        List<String> dates = cahier.store().seances(List.of(A5.id()), LocalDate.parse("2026-09-01"), LocalDate.parse("2026-09-30")).stream()
                .map(s -> s.date() + " " + s.date().getDayOfWeek()).toList();
        assertEquals(List.of("2026-09-07 MONDAY", "2026-09-08 TUESDAY"), dates);
        refused(400, "nothing-to-copy", () -> cahier.copyRange(MATHS_5A, new Views.RangeCopyInput(A5.id(), "2025-10-01", "2025-10-30",
                A5.id(), "2026-10-01")));
        // last year's 5C is no longer in the annuaire: one's own séances there are still one's progression
        Rows.Scope c5 = new Rows.Scope(World.SCHOOL.value(), "0999999Z:CLASSE:5C", "5C", "061300", "Mathématiques", MATHS_5A.id().value(),
                MATHS_5A.displayName());
        Instant then = Instant.parse("2025-10-06T16:00:00Z");
        cahier.store().write(conn -> cahier.store().insertSeance(conn, new Rows.Seance(0, c5, Rows.Kind.SEANCE, LocalDate.parse("2025-10-06"),
                "08:00", "08:55", "Les fractions", "<p>x</p>", then, then, then)));
        assertEquals(1, cahier.copyRange(MATHS_5A, new Views.RangeCopyInput("0999999Z:CLASSE:5C", "2025-10-01", "2025-10-31", A5.id(),
                "2026-10-05")));
        refused(400, "nothing-to-copy", () -> cahier.copyRange(FRENCH_4B, new Views.RangeCopyInput("0999999Z:CLASSE:5C", "2025-10-01",
                "2025-10-31", B4.id(), "2026-10-05")));
        assertEquals(Map.of("0999999Z:CLASSE:5C", "5C", A5.id(), "5A"), cahier.store().authoredDivisions(MATHS_5A.id().value(),
                LocalDate.parse("2026-09-01")));
        refused(403, "forbidden", () -> cahier.copyRange(MATHS_5A, new Views.RangeCopyInput(A5.id(), "2025-09-01", "2025-09-30",
                World.CM1.id(), "2026-09-01")));
    }
}
