package fr.preau.files.internal;

import fr.preau.api.Person;
import fr.preau.api.Retry;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.directory.School;
import fr.preau.directory.Teaching;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo school's documents: on a box holding demo schools only and no file yet, the spaces a collège has after a few
 * weeks of school, written by the people who would write them — the direction's school documents and staff-room files,
 * each teacher of the demo pupil's class a document of their matière in the class space, the demo teacher's lessons,
 * exercises and an image for each of his classes, his own preparations (one shared with a colleague), a boîte de dépôt
 * open for his class with the demo pupil's hand-in, a groupe de travail with a pupil and a colleague, and the demo
 * pupil's own files. Everything goes through the module's own operations (permissions, quotas, names, search). The
 * demo import may still be running when the module starts: it looks again every few seconds. Never on a box with a
 * real school.
 */
@Component(immediate = true)
public final class FilesDemo {

    private static final Logger LOG = LoggerFactory.getLogger(FilesDemo.class);
    static final String TEACHER = "julien.dumas";
    static final String PUPIL = "leo.marchand";
    static final String HEAD = "anne.verger";
    static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    private static final String PDF = "application/pdf";
    private static final String TXT = "text/plain";
    private static final String PNG = "image/png";

    private final Files files;
    private final DirectoryService directory;
    /** Null in tests: they call {@link #seedIfDemo} themselves. */
    private final Retry retry;

    @Activate
    public FilesDemo(@Reference(name = "files") Files files, @Reference(name = "directory") DirectoryService directory) {
        this(files, directory, true);
    }

    /** With {@code start} false (tests), nothing is tried until {@link #seedIfDemo} is called. */
    FilesDemo(Files files, DirectoryService directory, boolean start) {
        this.files = files;
        this.directory = directory;
        // a refusal leaves the documents written in part, never twice (the store is no longer empty): no new try
        this.retry = start ? Retry.start("preau-files-demo", Duration.ofSeconds(2), Duration.ofSeconds(5), 120, this::seedIfDemo, e -> {
            LOG.warn("Demo documents not written: {}", e.toString());
            return false;
        }) : null;
    }

    @Deactivate
    void deactivate() {
        if (retry != null) {
            retry.close();
        }
    }

    /** Writes the demo documents when the box holds demo schools only (done: true, also when there is nothing to do). */
    boolean seedIfDemo() throws SQLException, IOException {
        List<School> schools = directory.schools();
        if (schools.isEmpty()) {
            return false; // the demo import has not created them yet
        }
        if (schools.stream().anyMatch(s -> !s.demo()) || !files.store().empty()) {
            return true;
        }
        Optional<Person> teacher = directory.findByLogin(TEACHER);
        Optional<Person> pupil = directory.findByLogin(PUPIL);
        Optional<Person> head = directory.findByLogin(HEAD);
        if (teacher.isEmpty() || pupil.isEmpty() || head.isEmpty() || directory.teachingsOf(teacher.get().id()).isEmpty()
                || directory.divisionsOf(pupil.get().id()).isEmpty()) {
            return false; // the demo people and their classes are not imported yet
        }
        int written = new Writer(teacher.get(), pupil.get(), head.get()).write();
        LOG.info("Demo documents written: {} files and folders", written);
        return true;
    }

    /** One seeding: counts what it writes. */
    private final class Writer {
        private final Person teacher;
        private final Person pupil;
        private final Person head;
        private int count;

        Writer(Person teacher, Person pupil, Person head) {
            this.teacher = teacher;
            this.pupil = pupil;
            this.head = head;
        }

        int write() throws SQLException, IOException {
            String uai = head.uai().value();
            schoolSpaces("etab:" + uai, "profs:" + uai);
            Division pupilClass = directory.divisionsOf(pupil.id()).stream().filter(d -> d.kind() == Division.Kind.CLASSE)
                    .findFirst().orElse(directory.divisionsOf(pupil.id()).get(0));
            classSpace(pupilClass);
            List<Division> taught = new ArrayList<>();
            for (Teaching t : directory.teachingsOf(teacher.id())) {
                if (t.division().kind() == Division.Kind.CLASSE && !taught.contains(t.division())) {
                    taught.add(t.division());
                }
            }
            for (Division d : taught) {
                mathsLessons(d);
            }
            Optional<Person> colleague = directory.teachersOf(pupilClass.id()).stream().filter(p -> !p.id().equals(teacher.id())).findFirst();
            teacherSpace(colleague);
            dropBox(pupilClass);
            colleague.ifPresent(c -> workGroup(c));
            pupilSpace();
            return count;
        }

        private void schoolSpaces(String etab, String profs) throws SQLException, IOException {
            file(head, etab, null, "Règlement intérieur 2026-2027.pdf", pdf("Règlement intérieur du collège Jean Rostand",
                    "Année scolaire 2026-2027. Adopté par le conseil d'administration du 30 juin 2026.",
                    "1. Horaires. Le collège accueille les élèves de 7 h 45 à 17 h 30. Les cours commencent à 8 h et finissent au plus "
                            + "tard à 16 h 35. Le mercredi, les cours finissent à 12 h 05.",
                    "2. Absences et retards. Toute absence est signalée par les responsables légaux le jour même, par téléphone "
                            + "ou par un message à la vie scolaire, puis justifiée par écrit au retour de l'élève.",
                    "3. Téléphones portables. Leur usage est interdit dans l'enceinte du collège, sauf à des fins pédagogiques "
                            + "à la demande d'un enseignant.",
                    "4. Respect. Chacun respecte les personnes, les locaux et le matériel. Le harcèlement, sous toutes ses formes, "
                            + "est sanctionné.",
                    "5. Espace numérique de travail. Les identifiants sont personnels. On n'y écrit que ce que l'on pourrait dire "
                            + "en face, dans le respect des règles de communication de l'établissement."), PDF);
            file(head, etab, null, "Calendrier de l'année scolaire.pdf", pdf("Calendrier de l'année scolaire 2026-2027",
                    "Rentrée des élèves : mardi 1er septembre 2026.",
                    "Vacances de la Toussaint : du samedi 17 octobre au lundi 2 novembre 2026.",
                    "Vacances de Noël : du samedi 19 décembre 2026 au lundi 4 janvier 2027.",
                    "Vacances d'hiver (zone A) : du samedi 6 février au lundi 22 février 2027.",
                    "Vacances de printemps : du samedi 10 avril au lundi 26 avril 2027.",
                    "Brevet des collèges : jeudi 24 et vendredi 25 juin 2027.",
                    "Fin des cours : samedi 3 juillet 2027."), PDF);
            file(head, etab, null, "Plan du collège.png", plan(), PNG);
            Long canteen = folder(head, etab, null, "Cantine");
            file(head, etab, canteen, "Menus de décembre.pdf", pdf("Restaurant scolaire : menus de décembre",
                    "Lundi : carottes râpées, hachis parmentier, yaourt, clémentine.",
                    "Mardi : potage de légumes, poisson pané et riz, fromage, compote.",
                    "Jeudi : salade de lentilles, poulet rôti et haricots verts, crème au chocolat.",
                    "Vendredi : taboulé, lasagnes végétariennes, fromage blanc, pomme.",
                    "Repas de Noël le jeudi 17 décembre : velouté de potiron, dinde aux marrons, bûche glacée.",
                    "Les menus peuvent changer selon les livraisons. Produits locaux et bio : 40 % des achats."), PDF);
            Long councils = folder(head, profs, null, "Conseils de classe");
            file(head, profs, councils, "Calendrier des conseils du 1er trimestre.pdf", pdf("Conseils de classe du premier trimestre",
                    "6e A et 6e B : lundi 7 décembre, 17 h 15 et 18 h 15, salle du conseil.",
                    "5e A et 5e B : mardi 8 décembre, 17 h 15 et 18 h 15.",
                    "4e A et 4e B : jeudi 10 décembre, 17 h 15 et 18 h 15.",
                    "3e A et 3e B : vendredi 11 décembre, 17 h 15 et 18 h 15.",
                    "Les appréciations sont saisies au plus tard trois jours avant le conseil. Les professeurs principaux "
                            + "préparent la synthèse de la classe avec les délégués."), PDF);
            file(head, profs, null, "Compte rendu du conseil pédagogique du 13 novembre.txt", text(
                    "Conseil pédagogique du 13 novembre 2026",
                    "",
                    "Présents : la principale, les coordonnateurs de discipline, la CPE, le professeur documentaliste.",
                    "",
                    "1. Devoirs communs de 3e : mathématiques et français le 2 février, sciences le 4 février.",
                    "2. Semaine des langues : du 15 au 19 mars, exposition au CDI.",
                    "3. Cahier de textes : chaque séance est renseignée le jour même ; les devoirs sont donnés au moins deux jours à l'avance.",
                    "4. Espace numérique : les boîtes de dépôt remplacent les rendus par courriel.",
                    "",
                    "Prochain conseil pédagogique : jeudi 14 janvier, 17 h 30."), TXT);
            Long trips = folder(head, profs, null, "Sorties et voyages");
            file(head, profs, trips, "Fiche de sortie pédagogique.pdf", pdf("Fiche de sortie pédagogique",
                    "À remettre à la direction au moins trois semaines avant la sortie.",
                    "Classe(s) : ....................   Date : ....................   Horaires : ....................",
                    "Lieu et objectif pédagogique : ......................................................................",
                    "Accompagnateurs (un adulte pour douze élèves) : .......................................................",
                    "Transport : car / transports en commun / à pied.   Coût par élève : ..........",
                    "Autorisations des responsables légaux : à collecter avant le départ (modèle au secrétariat)."), PDF);
        }

        /** Each teacher of the pupil's class puts a document of their matière (the demo teacher adds his own below). */
        private void classSpace(Division d) throws SQLException, IOException {
            String space = "classe:" + d.id();
            for (Person t : directory.teachersOf(d.id())) {
                if (t.id().equals(teacher.id())) {
                    continue;
                }
                for (Teaching teaching : directory.teachingsOf(t.id())) {
                    if (!teaching.division().id().equals(d.id())) {
                        continue;
                    }
                    Subject s = SUBJECTS.get(teaching.subjectLabel() == null ? "" : teaching.subjectLabel().strip().toUpperCase(Locale.ROOT));
                    if (s != null) {
                        Long f = folderIfAbsent(t, space, s.folder());
                        file(t, space, f, s.file(), pdf(s.title() + " — " + d.label(), s.lines()), PDF);
                    }
                }
            }
        }

        private void mathsLessons(Division d) throws SQLException, IOException {
            String space = "classe:" + d.id();
            Long lessons = folderIfAbsent(teacher, space, "Cours");
            file(teacher, space, lessons, "Chapitre 4 - Les fractions.pdf", pdf("Chapitre 4 : les fractions — " + d.label(),
                    "1. Définition. Une fraction a/b (b non nul) est le nombre qui, multiplié par b, donne a. Le nombre a est le "
                            + "numérateur, b le dénominateur.",
                    "2. Fractions égales. On ne change pas une fraction en multipliant (ou en divisant) son numérateur et son "
                            + "dénominateur par un même nombre non nul : 3/4 = 6/8 = 15/20.",
                    "3. Comparer. Pour comparer deux fractions, on les écrit avec le même dénominateur : 2/3 = 8/12 et 3/4 = 9/12, "
                            + "donc 2/3 < 3/4.",
                    "4. Additionner. On additionne des fractions de même dénominateur en additionnant les numérateurs : "
                            + "2/7 + 3/7 = 5/7.",
                    "À retenir : simplifier une fraction, c'est diviser son numérateur et son dénominateur par un diviseur commun."), PDF);
            file(teacher, space, lessons, "Repère du plan.png", axes(), PNG);
            Long exercises = folderIfAbsent(teacher, space, "Exercices");
            file(teacher, space, exercises, "Série 2 - fractions.pdf", pdf("Exercices : fractions (série 2)",
                    "Exercice 1. Simplifier : 12/18 ; 25/100 ; 42/56.",
                    "Exercice 2. Ranger dans l'ordre croissant : 5/6 ; 2/3 ; 7/12 ; 3/4.",
                    "Exercice 3. Calculer : 3/8 + 1/8 ; 5/6 + 1/3 ; 7/10 - 2/5.",
                    "Exercice 4 (problème). Dans une classe de 28 élèves, les 3/7 pratiquent un sport en club. Combien "
                            + "d'élèves cela représente-t-il ?",
                    "Exercice 5 (pour aller plus loin). Trouver trois fractions comprises entre 1/3 et 1/2."), PDF);
            file(teacher, space, exercises, "Corrigé du contrôle du 13 novembre.pdf", pdf("Corrigé du contrôle du 13 novembre",
                    "Exercice 1. 12/18 = 2/3 ; 25/100 = 1/4 ; 42/56 = 3/4 (on divise par 6, par 25 puis par 14).",
                    "Exercice 2. 7/12 < 2/3 < 3/4 < 5/6 (dénominateur commun 12 : 7/12, 8/12, 9/12, 10/12).",
                    "Exercice 3. 1/2 ; 7/6 ; 3/10.",
                    "Erreur fréquente : additionner les dénominateurs. 1/3 + 1/3 = 2/3 et non 2/6."), PDF);
        }

        private void teacherSpace(Optional<Person> colleague) throws SQLException, IOException {
            String space = "perso:" + teacher.id().value();
            Long prep = folder(teacher, space, null, "Préparations");
            Node progression = file(teacher, space, prep, "Progression annuelle de mathématiques.pdf", pdf(
                    "Progression annuelle de mathématiques (cycle 4)",
                    "Septembre - octobre : nombres relatifs, priorités opératoires, triangles.",
                    "Novembre - décembre : fractions, proportionnalité, parallélogrammes.",
                    "Janvier - février : calcul littéral, statistiques, aires et périmètres.",
                    "Mars - avril : équations, symétries, volumes.",
                    "Mai - juin : probabilités, algorithmique (Scratch), révisions."), PDF);
            file(teacher, space, prep, "Idées d'activités.txt", text("Idées d'activités",
                    "- Course aux fractions : cartes à ranger par équipes, 15 minutes.",
                    "- Recette de cuisine pour 4 puis pour 6 personnes (proportionnalité).",
                    "- Plan du collège à l'échelle 1/500 pour les aires.",
                    "- Défi Scratch : dessiner un polygone régulier."), TXT);
            colleague.ifPresent(c -> {
                try {
                    files.shares().share(teacher, progression.id(), List.of(new Shares.Grantee(FilesStore.Share.PERSON, c.id().value())), false, null, null);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        private void dropBox(Division d) {
            LocalDate due = LocalDate.now(files.clock().withZone(ZONE)).plusDays(6);
            FilesStore.DropBox box = files.dropBoxes().open(teacher, d.id(), "Devoir maison n° 3 : problèmes de fractions",
                    "Rédigez les exercices 3 et 4 de la série 2 et déposez une photo lisible ou un PDF de votre copie. Une seule "
                            + "page suffit ; écrivez votre nom en haut.",
                    due.atTime(LocalTime.of(18, 0)).atZone(ZONE).toInstant(), null, null);
            byte[] copy = pdf("Devoir maison n° 3 — " + pupil.displayName(),
                    "Exercice 3. 3/8 + 1/8 = 4/8 = 1/2. 5/6 + 1/3 = 5/6 + 2/6 = 7/6. 7/10 - 2/5 = 7/10 - 4/10 = 3/10.",
                    "Exercice 4. 28 divisé par 7 = 4, et 4 x 3 = 12 : 12 élèves pratiquent un sport en club.");
            try {
                files.dropBoxes().handIn(pupil, box.id(), "DM3 - " + pupil.displayName() + ".pdf", PDF, copy.length, new ByteArrayInputStream(copy));
                count += 2;
            } catch (SQLException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private void workGroup(Person colleague) {
            try {
                WorkGroups.Detail g = files.workGroups().create(teacher, "Projet théâtre de fin d'année",
                        List.of(colleague.id().value(), pupil.id().value()), null);
                String space = "travail:" + g.group().id();
                file(teacher, space, null, "Planning des répétitions.pdf", pdf("Projet théâtre : planning des répétitions",
                        "Le jeudi de 12 h 10 à 13 h 05, salle polyvalente, à partir du 7 janvier.",
                        "Février : lecture à la table et distribution des rôles.",
                        "Mars - avril : mise en scène, décors avec les arts plastiques.",
                        "Mai : filage et répétition générale. Représentation le vendredi 11 juin à 18 h."), PDF);
                file(colleague, space, null, "Idées de pièces.txt", text("Idées de pièces",
                        "- Le Bourgeois gentilhomme (Molière), scènes choisies",
                        "- Le Petit Prince, adaptation pour douze comédiens",
                        "- Une création à partir des textes écrits en atelier d'écriture"), TXT);
            } catch (SQLException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private void pupilSpace() throws SQLException, IOException {
            String space = "perso:" + pupil.id().value();
            Long svt = folder(pupil, space, null, "SVT");
            file(pupil, space, svt, "Exposé sur les volcans.txt", text("Les volcans",
                    "Un volcan se forme quand le magma remonte des profondeurs de la Terre jusqu'à la surface.",
                    "Il existe deux grands types d'éruptions : effusives (coulées de lave, comme à La Réunion) et explosives "
                            + "(nuées ardentes, comme au Vésuve en 79).",
                    "En France, la chaîne des Puys en Auvergne compte plus de 80 volcans endormis.",
                    "Sources : manuel de SVT p. 112, documentaire du CDI."), TXT);
            file(pupil, space, svt, "Schéma d'un volcan.png", volcano(), PNG);
            folder(pupil, space, null, "Brouillons");
        }

        private Long folder(Person who, String space, Long parent, String name) throws SQLException {
            count++;
            return files.mkdir(who, space, parent, name).id();
        }

        /** The folder of that name at the root of the space, made when absent (several teachers share "Cours"). */
        private Long folderIfAbsent(Person who, String space, String name) throws SQLException {
            for (Node n : files.list(who, space, null)) {
                if (n.folder() && n.name().equals(name)) {
                    return n.id();
                }
            }
            return folder(who, space, null, name);
        }

        private Node file(Person who, String space, Long folder, String name, byte[] bytes, String type) throws SQLException, IOException {
            count++;
            return files.upload(who, space, folder, name, type, bytes.length, new ByteArrayInputStream(bytes), false).node();
        }
    }

    /** A matière's document in the demo pupil's class space. */
    record Subject(String folder, String file, String title, String... lines) {
    }

    /** By the annuaire's label of the matière (AAF: capitals, no accents). */
    static final Map<String, Subject> SUBJECTS = Map.of(
            "FRANCAIS", new Subject("Français", "Lecture - Le Petit Prince.pdf", "Lecture suivie : Le Petit Prince",
                    "Chapitres 1 à 7 pour le lundi 14 décembre.",
                    "Questions : qui est le narrateur ? Pourquoi dessine-t-il un boa ? Que découvre-t-on de la planète du petit prince ?",
                    "Relevez trois phrases qui vous ont marqué et expliquez votre choix en quelques lignes."),
            "HISTOIRE ET GEOGRAPHIE", new Subject("Histoire-géographie", "Frise chronologique du Moyen Âge.pdf",
                    "Repères : le Moyen Âge",
                    "622 : l'Hégire, début du calendrier musulman.",
                    "800 : Charlemagne couronné empereur.",
                    "987 : Hugues Capet devient roi des Francs.",
                    "1096 : première croisade.",
                    "1453 : prise de Constantinople par les Ottomans."),
            "ANGLAIS LV1", new Subject("Anglais", "Vocabulary - daily routine.pdf", "Vocabulary : my daily routine",
                    "to wake up — se réveiller ; to get up — se lever ; to have breakfast — prendre le petit déjeuner.",
                    "to go to school — aller à l'école ; to have lunch — déjeuner ; to do my homework — faire mes devoirs.",
                    "Present simple : I get up at seven. She gets up at half past six."),
            "SCIENCES DE LA VIE ET DE LA TERRE", new Subject("SVT", "Activité - la respiration.pdf", "Activité : la respiration",
                    "Observez le document 2 page 48 : comparez l'air inspiré et l'air expiré.",
                    "Quel gaz est prélevé par l'organisme ? Quel gaz est rejeté ?",
                    "Conclusion à recopier : les échanges gazeux ont lieu dans les alvéoles pulmonaires."),
            "PHYSIQUE-CHIMIE", new Subject("Physique-chimie", "TP - les états de l'eau.pdf", "TP : les changements d'état de l'eau",
                    "Matériel : glaçons, bécher, thermomètre, plaque chauffante.",
                    "Relevez la température toutes les minutes pendant la fusion de la glace, puis tracez la courbe.",
                    "Que remarquez-vous pendant le changement d'état ?"),
            "TECHNOLOGIE", new Subject("Technologie", "Cahier des charges - abri à vélos.pdf", "Projet : abri à vélos du collège",
                    "Besoin : protéger 30 vélos de la pluie.",
                    "Contraintes : budget de 2 000 euros, matériaux recyclables, montage en une journée.",
                    "Livrables : croquis coté, maquette au 1/20, liste des matériaux."));

    /** A small A4 document: a title and paragraphs, wrapped, on as many pages as needed (the standard Helvetica). */
    static byte[] pdf(String title, String... paragraphs) {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            float margin = 56;
            float width = PDRectangle.A4.getWidth() - 2 * margin;
            List<Line> lines = new ArrayList<>();
            for (String l : wrap(title, bold, 16, width)) {
                lines.add(new Line(l, bold, 16, 22));
            }
            lines.add(new Line("", regular, 11, 10));
            for (String p : paragraphs) {
                for (String l : wrap(p, regular, 11, width)) {
                    lines.add(new Line(l, regular, 11, 15));
                }
                lines.add(new Line("", regular, 11, 7));
            }
            PDPageContentStream content = null;
            float y = 0;
            try {
                for (Line line : lines) {
                    if (content == null || y - line.leading() < margin) {
                        if (content != null) {
                            content.close();
                        }
                        PDPage page = new PDPage(PDRectangle.A4);
                        doc.addPage(page);
                        content = new PDPageContentStream(doc, page);
                        y = PDRectangle.A4.getHeight() - margin;
                    }
                    y -= line.leading();
                    if (!line.text().isEmpty()) {
                        content.beginText();
                        content.setFont(line.font(), line.size());
                        content.newLineAtOffset(margin, y);
                        content.showText(line.text());
                        content.endText();
                    }
                }
            } finally {
                if (content != null) {
                    content.close();
                }
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Line(String text, PDType1Font font, float size, float leading) {
    }

    private static List<String> wrap(String text, PDType1Font font, float size, float width) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String tried = line.isEmpty() ? word : line + " " + word;
            if (!line.isEmpty() && font.getStringWidth(tried) / 1000 * size > width) {
                out.add(line.toString());
                line.setLength(0);
                line.append(word);
            } else {
                line.setLength(0);
                line.append(tried);
            }
        }
        if (!line.isEmpty()) {
            out.add(line.toString());
        }
        return out;
    }

    static byte[] text(String... lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A plane with its two axes and a grid (shapes only: a box may have no fonts). */
    static byte[] axes() {
        return png(640, 480, g -> {
            g.setColor(new Color(0xDDE3EA));
            for (int x = 40; x <= 600; x += 40) {
                g.drawLine(x, 40, x, 440);
            }
            for (int y = 40; y <= 440; y += 40) {
                g.drawLine(40, y, 600, y);
            }
            g.setColor(new Color(0x1F2933));
            g.setStroke(new BasicStroke(3));
            g.drawLine(40, 240, 600, 240);
            g.drawLine(320, 40, 320, 440);
            g.fillPolygon(new int[] {600, 588, 588}, new int[] {240, 234, 246}, 3);
            g.fillPolygon(new int[] {320, 314, 326}, new int[] {40, 52, 52}, 3);
            g.setColor(new Color(0xC2410C));
            g.fill(new Ellipse2D.Double(434, 154, 12, 12));
            g.fill(new Ellipse2D.Double(194, 314, 12, 12));
        });
    }

    /** The collège seen from above: buildings, the yard, the gym. */
    static byte[] plan() {
        return png(800, 560, g -> {
            g.setColor(new Color(0xE8F0E0));
            g.fillRect(0, 0, 800, 560);
            g.setColor(new Color(0xF2E6D0));
            g.fillRect(260, 200, 300, 220);
            g.setColor(new Color(0x3B6EA5));
            g.fillRect(60, 60, 180, 420);
            g.fillRect(260, 60, 420, 120);
            g.setColor(new Color(0x7A9E3D));
            g.fillRect(580, 220, 160, 260);
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(4));
            g.drawRect(60, 60, 180, 420);
            g.drawRect(260, 60, 420, 120);
            g.drawRect(580, 220, 160, 260);
            g.setColor(new Color(0x1F2933));
            g.fillRect(380, 520, 60, 40);
        });
    }

    /** A volcano in section: cone, chimney, magma chamber. */
    static byte[] volcano() {
        return png(640, 480, g -> {
            g.setColor(new Color(0xCFE8F7));
            g.fillRect(0, 0, 640, 480);
            g.setColor(new Color(0x8B6B4A));
            g.fillRect(0, 360, 640, 120);
            Path2D cone = new Path2D.Double();
            cone.moveTo(120, 360);
            cone.lineTo(280, 120);
            cone.lineTo(360, 120);
            cone.lineTo(520, 360);
            cone.closePath();
            g.setColor(new Color(0x6B4F36));
            g.fill(cone);
            g.setColor(new Color(0xD9480F));
            g.fillRect(308, 120, 24, 300);
            g.fill(new Ellipse2D.Double(220, 400, 200, 70));
            g.setColor(new Color(0x868E96));
            g.fill(new Ellipse2D.Double(280, 50, 80, 60));
            g.fill(new Ellipse2D.Double(320, 20, 70, 50));
        });
    }

    private static byte[] png(int width, int height, Consumer<Graphics2D> drawing) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            drawing.accept(g);
        } finally {
            g.dispose();
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
