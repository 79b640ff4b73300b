package fr.preau.cahier.internal;

import fr.preau.api.Person;
import fr.preau.api.Retry;
import fr.preau.cahier.DevoirKind;
import fr.preau.cahier.internal.Rows.Devoir;
import fr.preau.cahier.internal.Rows.Kind;
import fr.preau.cahier.internal.Rows.Link;
import fr.preau.cahier.internal.Rows.Scope;
import fr.preau.cahier.internal.Rows.Seance;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.directory.School;
import fr.preau.directory.Teaching;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo school's cahier: on a box holding demo schools only and an empty cahier, a few weeks of
 * realistic entries (three weeks back, two ahead) for every class and groupe, written as their
 * teachers would — a weekly timetable, lessons that follow each other, devoirs for the next lesson
 * and a devoir sur table now and then, some planned ahead; the école gets its cahier journal. The
 * demo import may still be running when the module starts: it looks again every few seconds.
 * Never on a box with a real school.
 */
@Component(immediate = true)
public final class CahierDemo {

    private static final Logger LOG = LoggerFactory.getLogger(CahierDemo.class);
    static final int WEEKS_BACK = 3;
    static final int WEEKS_AHEAD = 2;
    /** The class timetable's slots (the lunch hour is for groupes). */
    static final String[][] SLOTS = {{"08:00", "08:55"}, {"09:00", "09:55"}, {"10:10", "11:05"}, {"11:10", "12:05"}, {"13:30", "14:25"},
        {"14:30", "15:25"}, {"15:40", "16:35"}};
    static final String[] GROUP_SLOT = {"12:10", "13:05"};

    private final Cahier cahier;
    private final DirectoryService directory;
    private final Retry retry;

    @Activate
    public CahierDemo(@Reference(name = "cahier") Cahier cahier, @Reference(name = "directory") DirectoryService directory) {
        this.cahier = cahier;
        this.directory = directory;
        this.retry = Retry.start("preau-cahier-demo", Duration.ofSeconds(1), Duration.ofSeconds(5), 120, this::seedIfDemo, e -> {
            LOG.warn("Demo cahier not written yet: {}", e.toString());
            return true;
        });
    }

    @Deactivate
    void deactivate() {
        retry.close();
    }

    /** Writes the demo cahier when the box holds demo schools only (done: true, also when there is nothing to do). */
    boolean seedIfDemo() throws SQLException {
        List<School> schools = directory.schools();
        if (schools.isEmpty()) {
            return false; // the demo import has not created them yet
        }
        if (schools.stream().anyMatch(s -> !s.demo()) || !cahier.store().empty()) {
            return true;
        }
        List<Plan> plans = new ArrayList<>();
        for (School school : schools) {
            plans.addAll(plans(school));
        }
        if (plans.isEmpty()) {
            return false; // teachings not imported yet
        }
        int seances = write(plans);
        LOG.info("Demo cahier de textes written: {} séances", seances);
        return true;
    }

    /** One teacher's weekly lessons with one class or groupe. */
    record Plan(Person teacher, Teaching teaching, List<DayOfWeek> days, List<String[]> slots, boolean journal) {
    }

    List<Plan> plans(School school) {
        List<Plan> out = new ArrayList<>();
        for (Division d : directory.divisions(school.uai())) {
            Map<String, Teaching> byTeacher = new LinkedHashMap<>();
            List<Person> teachers = directory.teachersOf(d.id());
            List<Plan> forDivision = new ArrayList<>();
            int slot = Math.abs(d.code().hashCode()) % SLOTS.length;
            for (Person t : teachers) {
                for (Teaching teaching : directory.teachingsOf(t.id())) {
                    if (teaching.division().id().equals(d.id()) && byTeacher.putIfAbsent(t.id().value() + teaching.subjectCode(), teaching) == null) {
                        boolean primary = Subjects.NONE.equals(teaching.subjectCode());
                        if (primary) {
                            forDivision.add(new Plan(t, teaching, List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.THURSDAY,
                                    DayOfWeek.FRIDAY), List.<String[]>of(new String[] {"08:30", "16:30"}), true));
                            continue;
                        }
                        int hours = hours(Subjects.label(teaching.subjectCode(), teaching.subjectLabel()));
                        List<DayOfWeek> days = new ArrayList<>();
                        List<String[]> slots = new ArrayList<>();
                        for (int h = 0; h < hours; h++) {
                            if (d.kind() == Division.Kind.GROUPE) {
                                days.add(DayOfWeek.of(1 + (Math.abs(d.code().hashCode()) + h * 2) % 5));
                                slots.add(GROUP_SLOT);
                            } else {
                                // walk the class's week: 5 days x 7 slots, one lesson per cell
                                days.add(DayOfWeek.of(1 + slot % 5));
                                slots.add(SLOTS[(slot / 5) % SLOTS.length]);
                                slot += 3;
                            }
                        }
                        forDivision.add(new Plan(t, teaching, days, slots, false));
                    }
                }
            }
            out.addAll(forDivision);
        }
        return out;
    }

    /** Whether a matière has devoirs sur table (not sport, music or arts). */
    static boolean written(String subject) {
        String s = subject.toLowerCase(Locale.ROOT);
        return !(s.startsWith("éducation") || s.startsWith("arts"));
    }

    static int hours(String subject) {
        String s = subject.toLowerCase(Locale.ROOT);
        if (s.startsWith("math") || s.startsWith("fran")) {
            return 4;
        }
        if (s.startsWith("histoire") || s.startsWith("anglais") || s.startsWith("éducation physique")) {
            return 3;
        }
        if (s.startsWith("espagnol") || s.startsWith("allemand") || s.startsWith("latin")) {
            return 2;
        }
        return s.startsWith("éducation musicale") || s.startsWith("arts") || s.startsWith("technologie") ? 1 : 2;
    }

    private int write(List<Plan> plans) throws SQLException {
        LocalDate today = cahier.today();
        LocalDate monday = today.minusDays(today.getDayOfWeek().getValue() - 1L);
        LocalDate first = monday.minusWeeks(WEEKS_BACK);
        Rules.SchoolYear year = Rules.schoolYear(today);
        if (first.isBefore(year.start())) {
            first = year.start();
        }
        LocalDate last = monday.plusWeeks(WEEKS_AHEAD).plusDays(4);
        Instant now = cahier.clock().instant();
        LocalDate from = first;
        return cahier.store().write(c -> {
            int count = 0;
            for (Plan p : plans) {
                String label = Subjects.label(p.teaching().subjectCode(), p.teaching().subjectLabel());
                Scope scope = new Scope(p.teaching().division().uai().value(), p.teaching().division().id(), p.teaching().division().label(),
                        p.teaching().subjectCode(), label, p.teacher().id().value(), p.teacher().displayName());
                record Lesson(LocalDate day, String[] time) {
                }
                List<Lesson> lessons = new ArrayList<>();
                for (LocalDate week = from.minusDays(from.getDayOfWeek().getValue() - 1L); !week.isAfter(last); week = week.plusWeeks(1)) {
                    for (int i = 0; i < p.days().size(); i++) {
                        LocalDate day = week.plusDays(p.days().get(i).getValue() - 1L);
                        if (!day.isBefore(from) && !day.isAfter(last) && year.contains(day)) {
                            lessons.add(new Lesson(day, p.slots().get(i)));
                        }
                    }
                }
                lessons.sort((a, b) -> a.day().compareTo(b.day()) != 0 ? a.day().compareTo(b.day()) : a.time()[0].compareTo(b.time()[0]));
                Topics topics = Topics.of(label, p.journal());
                for (int n = 0; n < lessons.size(); n++) {
                    LocalDate day = lessons.get(n).day();
                    String[] time = lessons.get(n).time();
                    Topics.Lesson lesson = topics.lesson(n);
                    // lessons ahead are prepared: published the evening before, some only on the morning itself
                    Instant publish = day.isAfter(today)
                            ? (n % 4 == 0 ? day.atTime(LocalTime.of(7, 0)).atZone(Cahier.PARIS).toInstant() : now)
                            : day.atTime(LocalTime.of(18, 0)).atZone(Cahier.PARIS).toInstant();
                    if (publish.isAfter(now) && !day.isAfter(today)) {
                        publish = now;
                    }
                    Instant written = publish.isAfter(now) ? now : publish;
                    long sid = cahier.store().insertSeance(c, new Seance(0, scope, p.journal() ? Kind.JOURNAL : Kind.SEANCE, day, time[0],
                            time[1], lesson.title(), lesson.content(), publish, written, written));
                    if (lesson.link() != null) {
                        cahier.store().replaceLinks(c, sid, List.of(lesson.link()));
                    }
                    count++;
                    LocalDate next = n + 1 < lessons.size() ? lessons.get(n + 1).day() : day.plusDays(7);
                    if (!p.journal() && (n % 3 == 1 || n % 9 == 4)) {
                        boolean test = n % 9 == 4 && written(label);
                        LocalDate due = next;
                        if (year.contains(due)) {
                            cahier.store().insertDevoir(c, new Devoir(0, sid, scope, due, test ? DevoirKind.SUR_TABLE : lesson.kind(),
                                    test ? "<p>Devoir sur table : " + Topics.escape(lesson.title().toLowerCase(Locale.FRENCH))
                                            + ". Revoir la leçon et les exercices faits en classe.</p>" : lesson.homework(),
                                    test ? 55 : 20 + (n % 3) * 10, !test && n % 6 == 1, publish,
                                    // the last two days' devoirs reach the pupils' « nouveautés »
                                    publish.isBefore(now.minus(java.time.Duration.ofDays(2))), written, written));
                        }
                    }
                }
            }
            return count;
        });
    }

    /** What the demo's lessons are about, by matière. */
    static final class Topics {
        record Lesson(String title, String content, String homework, DevoirKind kind, Link link) {
        }

        private final String subject;
        private final List<String[]> items;
        private final boolean journal;

        private Topics(String subject, List<String[]> items, boolean journal) {
            this.subject = subject;
            this.items = items;
            this.journal = journal;
        }

        static Topics of(String subject, boolean journal) {
            String s = subject.toLowerCase(Locale.ROOT);
            List<String[]> items;
            if (journal) {
                items = List.of(
                        new String[] {"Lecture : « Le loup qui voulait changer de couleur »", "Lecture à voix haute, questions de compréhension, copie de la phrase du jour.", "Relire la page 12 à voix haute."},
                        new String[] {"Numération : les nombres jusqu'à 1 000", "Dictée de nombres, comparaison, rangement sur la droite graduée.", "Fiche de calcul mental n° 4."},
                        new String[] {"Questionner le monde : les saisons", "Observation du calendrier, affichage collectif, chant de l'hiver.", "Apporter une image de l'hiver."},
                        new String[] {"Écriture : la lettre au Père Noël", "Brouillon, relecture à deux, mise au propre.", "Terminer la mise au propre."},
                        new String[] {"Géométrie : reproduire une figure", "Travail sur quadrillage, règle et équerre.", "Apporter une équerre."});
            } else if (s.startsWith("math")) {
                items = List.of(
                        new String[] {"Les fractions : comparer et ranger", "Activité d'introduction avec des bandes de papier, puis leçon : comparer deux fractions de même dénominateur.", "Exercices 12 et 14 page 58."},
                        new String[] {"Additionner des fractions", "Correction des exercices, méthode pour additionner deux fractions de même dénominateur.", "Exercices 21 à 23 page 60."},
                        new String[] {"Proportionnalité : tableaux", "Reconnaître un tableau de proportionnalité, calculer une quatrième proportionnelle.", "Exercice 5 page 102 et apprendre la leçon."},
                        new String[] {"Aires et périmètres", "Distinguer aire et périmètre ; formules du rectangle et du triangle.", "Fiche d'exercices distribuée en classe."},
                        new String[] {"Nombres relatifs : repérage", "Droite graduée, abscisse d'un point, comparer des relatifs.", "Exercices 3, 4 et 7 page 40."},
                        new String[] {"Calcul littéral : produire une expression", "Programme de calcul, écriture d'une expression littérale.", "Exercice 9 page 78."});
            } else if (s.startsWith("fran")) {
                items = List.of(
                        new String[] {"Lecture : Le Petit Prince, chapitres 1 à 3", "Lecture analytique : le narrateur et le dessin n° 1. Relevé des indices sur les adultes.", "Lire les chapitres 4 à 6 pour la prochaine séance."},
                        new String[] {"Grammaire : le complément d'objet", "COD et COI : les reconnaître et les pronominaliser.", "Exercices 2 et 5 page 212."},
                        new String[] {"Conjugaison : le passé simple", "Formation du passé simple des verbes du 1er et du 2e groupe.", "Apprendre le tableau de conjugaison."},
                        new String[] {"Expression écrite : écrire une suite", "Consignes, recherche d'idées en groupes, premier jet.", "Terminer le premier jet (15 lignes)."},
                        new String[] {"Orthographe : les accords dans le groupe nominal", "Dictée préparée et correction collective.", "Revoir la dictée et les mots invariables de la liste 6."});
            } else if (s.startsWith("histoire")) {
                items = List.of(
                        new String[] {"L'Empire romain au IIe siècle", "Étude de carte : l'étendue de l'Empire ; Rome, une capitale.", "Apprendre la carte et les repères du chapitre."},
                        new String[] {"Habiter une métropole", "Étude de cas : Paris, une métropole mondiale. Croquis.", "Terminer le croquis page 234."},
                        new String[] {"La Révolution française", "1789 : les états généraux, la prise de la Bastille. Frise chronologique.", "Apprendre les dates de la frise."},
                        new String[] {"EMC : la laïcité à l'école", "Lecture de la charte de la laïcité, débat réglé.", "Recopier l'article de la charte choisi en classe."});
            } else if (s.startsWith("anglais") || s.startsWith("espagnol") || s.startsWith("allemand")) {
                items = List.of(
                        new String[] {"Unit 3 — My daily routine", "Vocabulaire des activités quotidiennes, présent simple, jeu de rôle.", "Apprendre le vocabulaire de la page 34."},
                        new String[] {"Compréhension orale : une interview", "Écoute, repérage des informations, restitution en français.", "Exercice 2 du cahier d'activités."},
                        new String[] {"Expression écrite : présenter sa famille", "Structures utiles, rédaction guidée.", "Écrire 8 phrases sur sa famille."},
                        new String[] {"Révision du prétérit", "Verbes irréguliers : liste 1, exercices à l'oral.", "Apprendre la liste 1 des verbes irréguliers."});
            } else if (s.startsWith("sciences de la vie")) {
                items = List.of(
                        new String[] {"La respiration chez les animaux", "Observation de branchies et de poumons, schéma bilan.", "Apprendre le schéma bilan."},
                        new String[] {"Les roches et les paysages", "Manipulation : tester la perméabilité de roches.", "Compléter le tableau de résultats."},
                        new String[] {"La digestion", "Expérience de la digestion de l'amidon, lecture de résultats.", "Répondre aux questions 1 à 3 du document."});
            } else if (s.startsWith("physique")) {
                items = List.of(
                        new String[] {"Les états de la matière", "Expérience : fusion de la glace, courbe de température.", "Tracer la courbe à partir des mesures."},
                        new String[] {"Le circuit électrique", "Montage en série et en dérivation, schémas normalisés.", "Exercice 4 page 120."},
                        new String[] {"Masse et volume", "Mesures à l'éprouvette et à la balance, calcul de la masse volumique.", "Exercices 6 et 8 page 88."});
            } else if (s.startsWith("technologie")) {
                items = List.of(
                        new String[] {"Le cahier des charges d'un objet", "Analyse fonctionnelle d'une trottinette, diagramme des interactions.", "Terminer le diagramme."},
                        new String[] {"Programmer avec des blocs", "Séquence, boucle, condition : un robot suiveur de ligne.", "Finir le programme commencé en classe."});
            } else if (s.startsWith("éducation physique")) {
                items = List.of(
                        new String[] {"Course de demi-fond", "Échauffement, course de 12 minutes, relevé des temps au tour.", "Apporter une tenue de sport adaptée au froid."},
                        new String[] {"Badminton : le service", "Service court et long, matchs en montée-descente.", "Apporter sa raquette si possible."});
            } else if (s.startsWith("éducation musicale")) {
                items = List.of(
                        new String[] {"Chant : « Douce France »", "Travail de la première strophe, respiration, justesse.", "Écouter l'enregistrement donné en lien."},
                        new String[] {"Écoute : Le Carnaval des animaux", "Reconnaître les instruments, lexique de l'orchestre.", "Compléter la fiche d'écoute."});
            } else if (s.startsWith("arts")) {
                items = List.of(
                        new String[] {"Le portrait et ses codes", "Observation d'œuvres, premier croquis du projet.", "Apporter un magazine à découper."},
                        new String[] {"Couleurs chaudes, couleurs froides", "Cercle chromatique, réalisation d'un paysage en deux ambiances.", "Terminer la réalisation."});
            } else if (s.startsWith("latin")) {
                items = List.of(
                        new String[] {"La famille romaine", "Texte : la domus et le pater familias ; vocabulaire de la famille.", "Apprendre les mots de vocabulaire 1 à 15."},
                        new String[] {"La 1re déclinaison", "Tableau de la 1re déclinaison, exercices de reconnaissance.", "Apprendre la déclinaison de rosa."});
            } else {
                items = List.of(
                        new String[] {"Découverte du chapitre", "Présentation des objectifs et premières activités.", "Relire la leçon."},
                        new String[] {"Exercices d'application", "Travail en autonomie puis correction collective.", "Terminer les exercices."},
                        new String[] {"Bilan du chapitre", "Carte mentale collective, questions de révision.", "Réviser avec la carte mentale."});
            }
            return new Topics(subject, items, journal);
        }

        Lesson lesson(int n) {
            String[] t = items.get(n % items.size());
            int round = n / items.size();
            String title = t[0] + (round == 0 || journal ? "" : round == 1 ? " — exercices" : round == 2 ? " — correction" : " — révision");
            String content = "<p>" + escape(t[1]) + "</p><ul><li>Objectif : " + escape(journal ? "progresser chaque jour" : "savoir refaire seul les exercices")
                    + "</li><li>" + escape(subject) + " : reprise des notions de la séance précédente.</li></ul>";
            Link link = n % 5 == 2 ? new Link("https://www.lumni.fr/", "Une ressource sur Lumni") : null;
            DevoirKind kind = n % 7 == 3 ? DevoirKind.LECTURE : n % 11 == 6 ? DevoirKind.EXPOSE : DevoirKind.MAISON;
            return new Lesson(title.length() > 200 ? title.substring(0, 200) : title, content, "<p>" + escape(t[2]) + "</p>", kind, link);
        }

        static String escape(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }
    }
}
