package fr.preau.directory.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import fr.preau.directory.internal.feed.AafWriter;
import fr.preau.directory.internal.feed.AafWriter.Attribute;
import fr.preau.directory.internal.feed.FeedCategory;

/**
 * Writes a synthetic, complete AAF 2D export (six categories) of about {@code accounts} people,
 * spread over collèges of about 1,000 accounts each: pupils in classes of 28 with one or two
 * responsables (siblings share them), teachers teaching several classes and subjects, staff with
 * functions. Deterministic for a seed. Names carry accents, apostrophes, hyphens and homonyms,
 * like real files. {@code SCHOOLS} overrides the number of collèges (one big collège of 2,500
 * pupils for the cahier benchmark: 6,757 accounts in 1 school).
 * <pre>
 * java -cp … fr.preau.directory.testing.AafGenerator OUT_DIR ACCOUNTS [SEED] [PREFIX] [SCHOOLS]
 * </pre>
 */
public final class AafGenerator {

    static final String[] FIRST = {"Léo", "Inès", "Noé", "Chloé", "Maël", "Jade", "Louise", "Gabriel", "Raphaël", "Emma",
        "Zoé", "Hugo", "Lina", "Aïcha", "Mohamed", "Élodie", "Anaïs", "Jérôme", "François", "Hélène", "Paul", "Agnès",
        "Samir", "Yasmine", "Nathan", "Chloë", "Timothée", "Maëlys", "Loïc", "Benoît", "Sofia", "Adam", "Ambre", "Jules",
        "Rose", "Arthur", "Léna", "Tom", "Lucie", "Côme", "Oscar", "Manon", "Ilyès", "Anne-Sophie", "Jean-Baptiste", "Awa"};
    static final String[] LAST = {"MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "LEROY",
        "MOREAU", "SIMON", "LAURENT", "LEFÈVRE", "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX", "VINCENT", "FOURNIER",
        "MOREL", "GIRARD", "ANDRÉ", "LEFEBVRE", "MERCIER", "DUPONT", "LAMBERT", "BONNET", "FRANÇOIS", "MARTINEZ", "N'DIAYE",
        "LE GALL", "D'ALMEIDA", "GARNIER-ROUX", "LEMOINE-BRUN", "FAURE", "PERRIN", "BERTIN", "OUEDRAOGO", "NGUYEN", "MÜLLER",
        "SAINT-ANDRÉ", "DE LA FONTAINE", "CHÂTEL", "BŒUF"};
    static final String[][] SUBJECTS = {{"020700", "FRANCAIS"}, {"061300", "MATHEMATIQUES"}, {"040600", "HISTOIRE-GEOGRAPHIE"},
        {"030201", "ANGLAIS LV1"}, {"100100", "EDUCATION PHYSIQUE ET SPORTIVE"}, {"063300", "SCIENCES DE LA VIE ET DE LA TERRE"},
        {"062000", "PHYSIQUE-CHIMIE"}, {"070400", "TECHNOLOGIE"}, {"080100", "ARTS PLASTIQUES"}, {"084000", "EDUCATION MUSICALE"}};
    static final String[][] MEFS = {{"10010012110", "6EME"}, {"10110001110", "5EME"}, {"10210001110", "4EME"}, {"10310019110", "3EME"}};
    static final String[] LEVELS = {"6", "5", "4", "3"};

    private final Random random;
    private final Path out;
    private final String prefix;
    private final String date = "20250901";

    private AafGenerator(Path out, long seed, String prefix) {
        this.random = new Random(seed);
        this.out = out;
        this.prefix = prefix;
    }

    /**
     * Join key of the first generated établissement, the next ones follow. Far from the demo
     * school's keys (4100, 5300): the import benchmark imports into a demo box.
     */
    public static final int FIRST_KEY = 7100;

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: AafGenerator OUT_DIR ACCOUNTS [SEED] [PREFIX] [SCHOOLS]");
            System.exit(2);
        }
        Path out = Paths.get(args[0]);
        int accounts = Integer.parseInt(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42L;
        String prefix = args.length > 3 ? args[3] : "ENTGEN";
        int schools = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        Summary s = generate(out, accounts, seed, prefix, schools);
        System.out.println("generated " + s.people() + " accounts (" + s.pupils() + " pupils, " + s.parents() + " parents, "
                + s.staff() + " staff) in " + s.schools() + " schools into " + out);
    }

    /** What was written. */
    public record Summary(int schools, int pupils, int parents, int staff) {
        public int people() {
            return pupils + parents + staff;
        }
    }

    /** Writes the export into {@code out} (created). */
    public static Summary generate(Path out, int accounts, long seed, String prefix) throws IOException {
        return generate(out, accounts, seed, prefix, 0);
    }

    /** Writes the export into {@code out} (created), in {@code schools} collèges (0: one per ~1,000 accounts). */
    public static Summary generate(Path out, int accounts, long seed, String prefix, int schools) throws IOException {
        Files.createDirectories(out);
        return new AafGenerator(out, seed, prefix).run(accounts, schools);
    }

    private record School(String key, String uai, String name, List<String> classes) {
    }

    private Summary run(int accounts, int schoolsWanted) throws IOException {
        int schoolCount = schoolsWanted > 0 ? schoolsWanted : Math.max(1, (int) Math.round(accounts / 1000.0));
        int perSchool = accounts / schoolCount;
        List<School> schools = new ArrayList<>();
        for (int i = 0; i < schoolCount; i++) {
            schools.add(new School(Integer.toString(FIRST_KEY + i), String.format("%07d", 100000 + i) + (char) ('A' + i % 23),
                    "CLG$COLLEGE " + LAST[i % LAST.length].replace("'", " ") + " " + (i + 1) + "$VILLE" + i, new ArrayList<>()));
        }
        try (Writer etab = new Writer("EtabEducNat"); Writer mat = new Writer("MatiereEducNat"); Writer mef = new Writer("MefEducNat")) {
            for (School s : schools) {
                etab.add("categorieStructure", "EtabEducNat", s.key);
                etab.attr("ENTStructureJointure", s.key);
                etab.attr("ENTStructureUAI", s.uai);
                etab.attr("ENTStructureNomCourant", s.name);
                etab.attr("ENTStructureTypeStruct", "COLLEGE");
                etab.attr("ENTStructureSIREN");
                etab.end();
            }
            for (String[] sub : SUBJECTS) {
                mat.add("categorieMatiere", "MatEducNat", sub[0]);
                mat.attr("ENTMatJointure", sub[0]);
                mat.attr("ENTLibelleMatiere", sub[1]);
                mat.end();
            }
            for (String[] m : MEFS) {
                mef.add("categorieMef", "MefEducNat", m[0]);
                mef.attr("ENTMefJointure", m[0]);
                mef.attr("ENTLibelleMef", m[1]);
                mef.end();
            }
        }
        int pupils = 0;
        int parents = 0;
        int staff = 0;
        long personKey = 1_000_000;
        long parentKey = 5_000_000;
        try (Writer eleves = new Writer("Eleve"); Writer resp = new Writer("PersRelEleve"); Writer pers = new Writer("PersEducNat")) {
            for (School s : schools) {
                int schoolPupils = (int) (perSchool * 0.37);
                int classCount = Math.max(1, (schoolPupils + 27) / 28);
                for (int c = 0; c < classCount; c++) {
                    s.classes.add(LEVELS[c % 4] + (char) ('A' + c / 4));
                }
                // pupils and their responsables
                List<long[]> family = new ArrayList<>();
                for (int p = 0; p < schoolPupils; p++) {
                    String last = pick(LAST);
                    long[] parentsOf;
                    if (!family.isEmpty() && random.nextInt(10) == 0) {
                        parentsOf = family.get(random.nextInt(family.size())); // a sibling
                    } else {
                        int n = random.nextInt(10) < 7 ? 2 : 1;
                        parentsOf = new long[n];
                        for (int k = 0; k < n; k++) {
                            parentsOf[k] = ++parentKey;
                            resp.add("categoriePersonne", "PersRelEleve", Long.toString(parentKey));
                            resp.attr("ENTPersonJointure", Long.toString(parentKey));
                            resp.attr("sn", last);
                            resp.attr("givenName", pick(FIRST));
                            resp.attr("personalTitle", k == 0 ? "Mme" : "M.");
                            resp.attr("mail");
                            resp.attr("ENTPersonAdresse", random.nextInt(99) + " rue des Écoles$$$");
                            resp.end();
                            parents++;
                        }
                        family.add(parentsOf);
                    }
                    String klass = s.classes.get(p % classCount);
                    long key = ++personKey;
                    eleves.add("categoriePersonne", "Eleve", Long.toString(key));
                    eleves.attr("ENTPersonJointure", Long.toString(key));
                    eleves.attr("sn", last);
                    eleves.attr("givenName", pick(FIRST));
                    eleves.attr("ENTPersonDateNaissance", String.format("%02d/%02d/%d", 1 + random.nextInt(28), 1 + random.nextInt(12),
                            2010 + random.nextInt(4)));
                    eleves.attr("ENTEleveINE", String.format("%010d", key) + (char) ('A' + (int) (key % 26)));
                    eleves.attr("ENTEleveMEF", MEFS[Math.min(3, "6543".indexOf(klass.charAt(0)))][0]);
                    eleves.attr("ENTPersonStructRattach", s.key);
                    eleves.attr("ENTEleveClasses", s.key + "$" + klass);
                    if (random.nextInt(4) == 0) {
                        eleves.attr("ENTEleveGroupes", s.key + "$" + klass + "-SOUTIEN");
                    }
                    String[] links = new String[parentsOf.length];
                    for (int k = 0; k < parentsOf.length; k++) {
                        links[k] = parentsOf[k] + "$" + (k == 0 ? "10" : "20") + "$1$1$1$" + (k == 0 ? "1" : "0");
                    }
                    eleves.attr("ENTElevePersRelEleve", links);
                    eleves.end();
                    pupils++;
                }
                // teachers: about one per 2.5 classes of subjects, plus staff
                int teachers = Math.max(2, (int) (perSchool * 0.04));
                for (int t = 0; t < teachers; t++) {
                    String[] sub = SUBJECTS[t % SUBJECTS.length];
                    List<String> taught = new ArrayList<>();
                    for (int k = 0; k < 4 + random.nextInt(3); k++) {
                        taught.add(s.key + "$" + s.classes.get(random.nextInt(classCount)) + "$" + sub[0]);
                    }
                    long key = ++personKey;
                    pers.add("categoriePersonne", "PersEducNat", Long.toString(key));
                    pers.attr("ENTPersonJointure", Long.toString(key));
                    pers.attr("sn", pick(LAST));
                    pers.attr("givenName", pick(FIRST));
                    pers.attr("personalTitle", random.nextBoolean() ? "Mme" : "M.");
                    pers.attr("ENTPersonStructRattach", s.key);
                    pers.attr("ENTAuxEnsClassesMatieres", taught.toArray(new String[0]));
                    pers.attr("ENTPersonFonctions", s.key + "$ENS$ENSEIGNEMENT$L" + sub[0].substring(0, 4) + "$" + sub[1]);
                    pers.attr("PersEducNatPresenceDevantEleves", "O");
                    pers.end();
                    staff++;
                }
                int others = Math.max(1, (int) (perSchool * 0.02));
                for (int o = 0; o < others; o++) {
                    long key = ++personKey;
                    boolean dir = o == 0;
                    pers.add("categoriePersonne", "PersEducNat", Long.toString(key));
                    pers.attr("ENTPersonJointure", Long.toString(key));
                    pers.attr("sn", pick(LAST));
                    pers.attr("givenName", pick(FIRST));
                    pers.attr("ENTPersonStructRattach", s.key);
                    pers.attr("ENTPersonFonctions", s.key + (dir ? "$DIR$DIRECTION$-$-" : "$EDU$EDUCATION$-$-"));
                    pers.attr("PersEducNatPresenceDevantEleves", "N");
                    pers.end();
                    staff++;
                }
            }
        }
        return new Summary(schools.size(), pupils, parents, staff);
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** One category file, written with the importer's own {@link AafWriter}. */
    private final class Writer implements AutoCloseable {
        private final AafWriter out;
        private String key;
        private final List<Attribute> attributes = new ArrayList<>();

        Writer(String category) throws IOException {
            FeedCategory c = FeedCategory.ofValue(category).orElseThrow();
            out = new AafWriter(AafGenerator.this.out.resolve(prefix + "_Complet_" + date + "_" + category + "_0000.xml"), c);
        }

        void add(String family, String category, String key) {
            this.key = key;
            attributes.clear();
        }

        void attr(String name, String... values) {
            attributes.add(new Attribute(name, List.of(values)));
        }

        void end() throws IOException {
            out.add(key, List.copyOf(attributes));
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
