#!/usr/bin/env python3
"""Writes the demo school's annuaire: synthetic AAF exports kept in provisioning/demo/aaf/.

`./preau demo` imports these files at the first start of a demo box, exactly as a referent
imports the académie's files, so the demo looks like a real school:

- Collège Jean Rostand (UAI 0999999Z, AAF 2D, complete export of the six categories):
  8 classes from 6e to 3e, groups (latin, espagnol LV2, soutien, chorale, atelier de mathématiques), teachers with their
  classes, subjects and main-teacher roles, direction and staff, pupils with one or two
  responsables légaux (siblings share them) and a few contact-only relatives.
- École élémentaire des Lilas (UAI 0999997X, AAF 1D): 5 classes from CP to CM2, teachers and a
  director, pupils and parents.

The people printed by `./preau demo` (accounts.tsv) are written first, with fixed names; the
others are drawn from name lists with a fixed seed, so running this script again writes the same
files. Everything is invented: phone numbers 0999…, e-mail addresses in .invalid, post code 99990.

Usage: provisioning/demo/generate-aaf.py  (rewrites provisioning/demo/aaf/)
"""

import os
import random
from xml.sax.saxutils import escape

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "aaf")
DATE = "20250901"
rng = random.Random(20250901)

GIRLS = ["Emma", "Jade", "Louise", "Alice", "Chloé", "Lina", "Rose", "Léa", "Anna", "Mila", "Inès", "Ambre", "Julia",
         "Mia", "Léna", "Manon", "Agathe", "Zoé", "Camille", "Lou", "Nina", "Aïcha", "Sarah", "Maëlys", "Yasmine",
         "Clémence", "Héloïse", "Salomé", "Romane", "Éléonore", "Fatoumata", "Maya", "Margaux", "Anaïs", "Eva"]
BOYS = ["Gabriel", "Raphaël", "Arthur", "Louis", "Jules", "Adam", "Maël", "Lucas", "Hugo", "Noah", "Liam", "Gabin",
        "Sacha", "Paul", "Nathan", "Aaron", "Mohamed", "Tom", "Éthan", "Timéo", "Théo", "Noé", "Victor", "Martin",
        "Axel", "Mathis", "Ilyès", "Côme", "Baptiste", "Yanis", "Amir", "Léon", "Malo", "Joseph", "Youssef"]
ADULT_WOMEN = ["Nathalie", "Isabelle", "Sandrine", "Céline", "Stéphanie", "Aurélie", "Virginie", "Émilie", "Julie",
               "Sophie", "Karine", "Amélie", "Delphine", "Laetitia", "Fatima", "Samira", "Claire", "Élodie", "Mélanie",
               "Caroline", "Anne-Laure", "Marie-Pierre", "Hélène", "Nadia", "Agnès", "Valérie"]
ADULT_MEN = ["Nicolas", "Julien", "Sébastien", "Stéphane", "David", "Christophe", "Frédéric", "Olivier", "Thomas",
             "Jérôme", "Mathieu", "Guillaume", "Karim", "Samir", "Laurent", "François", "Pierre-Yves", "Jean-Marc",
             "Benoît", "Vincent", "Cédric", "Mehdi", "Yann", "Arnaud"]
LAST = ["MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "LEROY", "MOREAU", "SIMON",
        "LAURENT", "LEFÈVRE", "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX", "VINCENT", "FOURNIER", "MOREL", "GIRARD",
        "ANDRÉ", "MERCIER", "DUPONT", "LAMBERT", "BONNET", "FRANÇOIS", "MARTINEZ", "N'DIAYE", "LE GALL", "D'ALMEIDA",
        "GARNIER-ROUX", "FAURE", "PERRIN", "BERTIN", "OUEDRAOGO", "NGUYEN", "MÜLLER", "SAINT-ANDRÉ", "CHÂTEL", "BLANC",
        "GUÉRIN", "MULLER", "HENRY", "ROUSSEL", "NICOLAS", "PERRET", "MATHIEU", "BOYER", "CLÉMENT", "GAUTHIER",
        "CHEVALIER", "FRANÇOIS-XAVIER", "DIALLO", "TRAORÉ", "BENALI", "HADDAD", "COSTA", "DA SILVA", "KOWALSKI",
        "LE BRAS", "TANGUY", "RIVIÈRE", "BRUNET", "SCHMITT", "COLIN", "VIDAL", "CARON", "PICARD", "ROGER"]
# names kept for the printed demo accounts (no homonym may take their login)
FEATURED_LAST = {"MARCHAND", "DUMAS", "VERGER"}
STREETS = ["rue des Écoles", "avenue Jean Jaurès", "rue Victor Hugo", "impasse des Lilas", "allée des Tilleuls",
           "rue de la Paix", "boulevard Pasteur", "chemin des Vignes", "rue du Moulin", "place de l'Église",
           "rue Marie Curie", "résidence les Peupliers"]

COLLEGE = {"key": "4100", "uai": "0999999Z", "name": "CLG$JEAN ROSTAND$VILLEFICTIVE"}
ECOLE = {"key": "5300", "uai": "0999997X", "name": "E.E.PU$DES LILAS$VILLEFICTIVE"}

SUBJECTS = [("020700", "FRANCAIS"), ("061300", "MATHEMATIQUES"), ("040600", "HISTOIRE ET GEOGRAPHIE"),
            ("030201", "ANGLAIS LV1"), ("031202", "ESPAGNOL LV2"), ("100100", "EDUCATION PHYSIQUE ET SPORTIVE"),
            ("062900", "SCIENCES DE LA VIE ET DE LA TERRE"), ("062000", "PHYSIQUE-CHIMIE"), ("070400", "TECHNOLOGIE"),
            ("080100", "ARTS PLASTIQUES"), ("084000", "EDUCATION MUSICALE"), ("021500", "LATIN")]
MEFS = {"6": ("10010012110", "6EME"), "5": ("10110001110", "5EME"), "4": ("10210001110", "4EME"),
        "3": ("10310019110", "3EME")}
CLASSES = ["6A", "6B", "5A", "5B", "4A", "4B", "3A", "3B"]
BIRTH_YEAR = {"6": 2014, "5": 2013, "4": 2012, "3": 2011}


class Export:
    """One AAF file: addRequests appended in order."""

    def __init__(self, school, degree, category):
        self.path = os.path.join(OUT, "ENT_%s_Complet_%s_%s_0000.xml" % (school["uai"], DATE, category))
        self.degree = degree
        self.family = {"EtabEducNat": "categorieStructure", "MatiereEducNat": "categorieMatiere",
                       "MefEducNat": "categorieMef"}.get(category, "categoriePersonne")
        self.value = {"MatiereEducNat": "MatEducNat"}.get(category, category)
        self.records = []

    def add(self, key, attrs):
        lines = ["<addRequest>",
                 '  <operationalAttributes><attr name="%s"><value>%s</value></attr></operationalAttributes>'
                 % (self.family, self.value),
                 "  <identifier><id>%s</id></identifier>" % key, "  <attributes>"]
        for name, values in attrs:
            if not isinstance(values, (list, tuple)):
                values = [values]
            if not values:
                values = [""]
            inner = "".join("<value/>" if v == "" else "<value>%s</value>" % escape(v, {"'": "&apos;"}) for v in values)
            lines.append('    <attr name="%s">%s</attr>' % (name, inner))
        lines += ["  </attributes>", "</addRequest>", ""]
        self.records.append("\n".join(lines))

    def write(self):
        head = ['<?xml version="1.0" encoding="UTF-8"?>', '<!DOCTYPE ficAlimMENESR SYSTEM "ficAlimMENESR.dtd">',
                "<ficAlimMENESR>", '<!-- versionAF="AAF-VE2407" -->', '<!-- degre="%s" -->' % self.degree,
                '<!-- dateGenerationExport="01/09/2025" -->', ""]
        with open(self.path, "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(head) + "\n" + "\n".join(self.records) + "</ficAlimMENESR>\n")


class Names:
    """Hands out (first, last) pairs whose login prenom.nom is new, for the unfeatured people."""

    def __init__(self):
        self.used = set()

    @staticmethod
    def login(first, last):
        import unicodedata
        s = unicodedata.normalize("NFD", (first + "." + last).lower())
        return "".join(c for c in s if not unicodedata.combining(c))

    def take(self, first, last):
        self.used.add(self.login(first, last))
        return first, last

    def draw(self, firsts, last=None):
        while True:
            f = rng.choice(firsts)
            l = last or rng.choice(LAST)
            if l not in FEATURED_LAST and self.login(f, l) not in self.used:
                return self.take(f, l)


names = Names()
phone_seq = [100]


def phone(prefix):
    phone_seq[0] += 1
    return "%s%06d" % (prefix, phone_seq[0])


def address():
    return "%d %s$$$" % (rng.randint(1, 120), rng.choice(STREETS))


def birth(year):
    return "%02d/%02d/%d" % (rng.randint(1, 28), rng.randint(1, 12), year)


def mail(first, last):
    return Names.login(first, last).replace(" ", "-").replace("'", "") + "@example.invalid"


# ---------------------------------------------------------------------------------------------
# Collège Jean Rostand (2D)

def college():
    k = COLLEGE["key"]
    etab = Export(COLLEGE, "2D", "EtabEducNat")
    etab.add(k, [("ENTStructureJointure", k), ("ENTStructureUAI", COLLEGE["uai"]),
                 ("ENTEtablissementUAI", COLLEGE["uai"]), ("ENTStructureSIREN", ""),
                 ("ENTStructureNomCourant", COLLEGE["name"]), ("ENTStructureTypeStruct", "COLLEGE"),
                 ("ENTStructureCodeTypeStruct", "340"), ("ENTEtablissementContrat", "PU"),
                 ("street", "4 allée des Sciences"), ("postalCode", "99990"), ("l", "VILLEFICTIVE"),
                 ("telephoneNumber", "+33 9 99 00 00 01"), ("ENTStructureMailSI", "ce.0999999z@example.invalid"),
                 ("ENTServAcAcademie", "FICTIVE"), ("ENTServAcCodeAcademie", "099")])
    etab.write()
    mat = Export(COLLEGE, "2D", "MatiereEducNat")
    for code, label in SUBJECTS:
        mat.add(code, [("ENTMatJointure", code), ("ENTLibelleMatiere", label)])
    mat.write()
    mef = Export(COLLEGE, "2D", "MefEducNat")
    for code, label in MEFS.values():
        mef.add(code, [("ENTMefJointure", code), ("ENTLibelleMef", label), ("ENTMEFRattach", code),
                       ("ENTMEFSTAT11", "")])
    mef.write()

    # --- pupils and their families
    pupils = []          # dicts: key, first, last, sex, klass, groups, links
    families = []        # lists of (parent key, link code)
    relatives = Export(COLLEGE, "2D", "PersRelEleve")
    parent_key = [9210000]

    def parent(first, last, title):
        parent_key[0] += 1
        key = str(parent_key[0])
        relatives.add(key, [("ENTPersonJointure", key), ("ENTPersonDateNaissance", ""), ("ENTPersonNomPatro", last),
                            ("sn", last), ("givenName", first), ("ENTPersonAutresPrenoms", ""),
                            ("personalTitle", title), ("homePhone", phone("0999")), ("telephoneNumber", ""),
                            ("mobile", phone("0699")), ("mail", mail(first, last)), ("ENTPersonAdresse", address()),
                            ("ENTPersonCodePostal", "99990"), ("ENTPersonVille", "VILLEFICTIVE"),
                            ("ENTPersonPays", "FRANCE")])
        return key

    # the featured family: Hélène and Paul MARCHAND, parents of Léo (5A, latin) and Lucie (3B)
    helene = parent(*names.take("Hélène", "MARCHAND"), "Mme")
    paul = parent(*names.take("Paul", "MARCHAND"), "M.")
    marchand = [(helene, "10"), (paul, "20")]
    families.append(marchand)
    pupils.append(dict(first=names.take("Léo", "MARCHAND")[0], last="MARCHAND", sex="M", klass="5A",
                       groups=["LATIN", "5-ESPAGNOL"], family=marchand))
    pupils.append(dict(first=names.take("Lucie", "MARCHAND")[0], last="MARCHAND", sex="F", klass="3B",
                       groups=["3-ESPAGNOL", "CHORALE", "ATELIER-MATHS"], family=marchand))

    for klass in CLASSES:
        size = 25 - sum(1 for p in pupils if p["klass"] == klass) + rng.randint(-1, 1)
        for _ in range(size):
            girl = rng.random() < 0.5
            if families and rng.random() < 0.08:
                fam = rng.choice(families[1:] or families)  # a sibling of someone already in the school
                last = fam[0][2] if len(fam[0]) > 2 else rng.choice(LAST)
            else:
                last = None
                fam = None
            first, last = names.draw(GIRLS if girl else BOYS, last)
            if fam is None:
                fam = []
                r = rng.random()
                if r < 0.72:  # mother and father
                    fam.append((parent(*names.draw(ADULT_WOMEN, last), "Mme"), "10", last))
                    fam.append((parent(*names.draw(ADULT_MEN, last), "M."), "20", last))
                elif r < 0.93:  # one parent
                    if rng.random() < 0.75:
                        fam.append((parent(*names.draw(ADULT_WOMEN, last), "Mme"), "10", last))
                    else:
                        fam.append((parent(*names.draw(ADULT_MEN, last), "M."), "20", last))
                elif r < 0.97:  # mother with another family name
                    fam.append((parent(*names.draw(ADULT_WOMEN), "Mme"), "10", last))
                    fam.append((parent(*names.draw(ADULT_MEN, last), "M."), "20", last))
                else:  # a tutor
                    fam.append((parent(*names.draw(ADULT_WOMEN + ADULT_MEN), "Mme"), "50", last))
                families.append(fam)
            level = klass[0]
            groups = []
            if level != "6":
                groups.append(level + "-ESPAGNOL")
                if rng.random() < 0.2:
                    groups.append("LATIN")
            if klass == "6A" and rng.random() < 0.3:
                groups.append("6A-SOUTIEN")
            if rng.random() < 0.08:
                groups.append("CHORALE")
            if level == "3" and rng.random() < 0.15:
                groups.append("ATELIER-MATHS")
            pupils.append(dict(first=first, last=last, sex="F" if girl else "M", klass=klass, groups=groups,
                               family=fam))
    # an uncle who is only a contact (not a responsable légal) for two cousins
    uncle = parent(*names.draw(ADULT_MEN), "M.")
    relatives.write()

    eleves = Export(COLLEGE, "2D", "Eleve")
    for n, p in enumerate(pupils, start=1):
        key = str(9110000 + n)
        level = p["klass"][0]
        mef_code, mef_label = MEFS[level]
        links = []
        for i, member in enumerate(p["family"]):
            pk, code = member[0], member[1]
            links.append("%s$%s$1$1$1$%s" % (pk, code, "1" if i == 0 else "0"))
        if n in (40, 41):
            links.append("%s$39$0$0$1$0" % uncle)
        links.append("%s$70$0$0$0$0" % key)
        p["key"] = key
        eleves.add(key, [("ENTPersonJointure", key), ("ENTEleveINE", "0999%06d%s" % (n, "ABCDEFGHJKLMNPRSTUVWXYZ"[n % 23])),
                         ("ENTPersonDateNaissance", birth(BIRTH_YEAR[level])), ("ENTPersonNomPatro", p["last"]),
                         ("sn", p["last"]), ("givenName", p["first"]), ("ENTPersonAutresPrenoms", p["first"]),
                         ("personalTitle", "Mme" if p["sex"] == "F" else "M."),
                         ("ENTElevePersRelEleve", links), ("ENTEleveBoursier", "O" if rng.random() < 0.2 else "N"),
                         ("ENTEleveRegime", "DEMI-PENSIONNAIRE DANS L'ETABLISSEMENT" if rng.random() < 0.7 else "EXTERNE LIBRE"),
                         ("ENTEleveTransport", "N"), ("ENTPersonAdresse", address()),
                         ("ENTPersonCodePostal", "99990"), ("ENTPersonVille", "VILLEFICTIVE"), ("ENTPersonPays", "FRANCE"),
                         ("ENTEleveStatutEleve", "SCOLAIRE"), ("ENTEleveMEF", mef_code), ("ENTEleveLibelleMEF", mef_label),
                         ("ENTEleveNivFormation", mef_label), ("ENTPersonStructRattach", k),
                         ("ENTEleveClasses", "%s$%s" % (k, p["klass"])),
                         ("ENTEleveGroupes", ["%s$%s" % (k, g) for g in p["groups"]])])
    eleves.write()

    # --- teachers, direction, staff
    pers = Export(COLLEGE, "2D", "PersEducNat")
    staff_key = [9310000]
    subject = dict((label, code) for code, label in SUBJECTS)
    # (first, last, title, subject label, classes, groups)
    teachers = [
        (("Julien", "DUMAS"), "M.", "MATHEMATIQUES", ["5A", "5B", "3A", "3B"], ["ATELIER-MATHS"]),
        (None, "Mme", "MATHEMATIQUES", ["6A", "6B", "4A", "4B"], ["6A-SOUTIEN"]),
        (None, "Mme", "FRANCAIS", ["6A", "6B", "5A"], []),
        (None, "M.", "FRANCAIS", ["5B", "4A", "4B"], []),
        (None, "Mme", "FRANCAIS", ["3A", "3B"], ["6A-SOUTIEN"]),
        (None, "M.", "HISTOIRE ET GEOGRAPHIE", ["6A", "6B", "5A", "5B"], []),
        (None, "Mme", "HISTOIRE ET GEOGRAPHIE", ["4A", "4B", "3A", "3B"], []),
        (None, "Mme", "ANGLAIS LV1", ["6A", "6B", "5A", "5B"], []),
        (None, "M.", "ANGLAIS LV1", ["4A", "4B", "3A", "3B"], []),
        (None, "Mme", "ESPAGNOL LV2", [], ["5-ESPAGNOL", "4-ESPAGNOL", "3-ESPAGNOL"]),
        (None, "M.", "EDUCATION PHYSIQUE ET SPORTIVE", ["6A", "6B", "5A", "5B"], []),
        (None, "Mme", "EDUCATION PHYSIQUE ET SPORTIVE", ["4A", "4B", "3A", "3B"], []),
        (None, "Mme", "SCIENCES DE LA VIE ET DE LA TERRE", CLASSES, []),
        (None, "M.", "PHYSIQUE-CHIMIE", ["5A", "5B", "4A", "4B", "3A", "3B"], []),
        (None, "M.", "TECHNOLOGIE", CLASSES, []),
        (None, "Mme", "ARTS PLASTIQUES", CLASSES, []),
        (None, "M.", "EDUCATION MUSICALE", CLASSES, ["CHORALE"]),
        (None, "Mme", "LATIN", [], ["LATIN"]),
    ]
    main_teacher = {}
    for klass in CLASSES:
        candidates = [i for i, t in enumerate(teachers) if klass in t[3] and i not in main_teacher.values()]
        main_teacher[klass] = 0 if klass == "5A" else rng.choice(candidates[1:] or candidates)
    for i, (name, title, label, classes, groups) in enumerate(teachers):
        first, last = names.take(*name) if name else names.draw(ADULT_WOMEN if title == "Mme" else ADULT_MEN)
        staff_key[0] += 1
        key = str(staff_key[0])
        code = subject[label]
        levels = sorted({c[0] for c in classes} | {g[0] for g in groups if g[0].isdigit()}, reverse=True)
        pers.add(key, [("ENTPersonJointure", key), ("ENTPersonDateNaissance", birth(rng.randint(1965, 1996))),
                       ("ENTPersonNomPatro", last), ("sn", last), ("givenName", first), ("ENTPersonAutresPrenoms", ""),
                       ("personalTitle", title), ("mail", ""), ("ENTPersonStructRattach", k),
                       ("ENTAuxEnsMEF", ["%s$%s$%s" % (k, MEFS[lv][0], MEFS[lv][1]) for lv in levels if lv in MEFS]),
                       ("ENTAuxEnsMatiereEnseignEtab", "%s$%s" % (k, label)),
                       ("ENTAuxEnsClasses", ["%s$%s" % (k, c) for c in classes]),
                       ("ENTAuxEnsGroupes", ["%s$%s" % (k, g) for g in groups]),
                       ("ENTAuxEnsClassesMatieres", ["%s$%s$%s" % (k, c, code) for c in classes]),
                       ("ENTAuxEnsGroupesMatieres", ["%s$%s$%s" % (k, g, code) for g in groups]),
                       ("ENTAuxEnsClassesPrincipal", ["%s$%s" % (k, c) for c, t in main_teacher.items() if t == i]),
                       ("ENTPersonFonctions", "%s$ENS$ENSEIGNEMENT$L%s$%s" % (k, code[:4], label)),
                       ("ENTPersonCategorieEnseignant", "O"), ("PersEducNatPresenceDevantEleves", "O")])
    others = [
        (("Anne", "VERGER"), "Mme", "DIR$DIRECTION$-$PRINCIPALE"),
        (None, "M.", "DIR$DIRECTION$-$PRINCIPAL ADJOINT"),
        (None, "Mme", "EDU$EDUCATION$-$CONSEILLERE PRINCIPALE D'EDUCATION"),
        (None, "M.", "DOC$DOCUMENTATION$L0080$DOCUMENTATION"),
        (None, "Mme", "ADF$PERSONNELS ADMINISTRATIFS$-$SECRETARIAT DE DIRECTION"),
        (None, "M.", "ADF$PERSONNELS ADMINISTRATIFS$-$GESTION MATERIELLE"),
        (None, "Mme", "MDS$PERSONNELS MEDICO-SOCIAUX$-$INFIRMIERE"),
        (None, "M.", "SUR$SURVEILLANCE$-$ASSISTANT D'EDUCATION"),
        (None, "Mme", "SUR$SURVEILLANCE$-$ASSISTANTE D'EDUCATION"),
    ]
    for name, title, function in others:
        first, last = names.take(*name) if name else names.draw(ADULT_WOMEN if title == "Mme" else ADULT_MEN)
        staff_key[0] += 1
        key = str(staff_key[0])
        pers.add(key, [("ENTPersonJointure", key), ("ENTPersonDateNaissance", birth(rng.randint(1965, 1998))),
                       ("ENTPersonNomPatro", last), ("sn", last), ("givenName", first), ("ENTPersonAutresPrenoms", ""),
                       ("personalTitle", title), ("mail", ""), ("ENTPersonStructRattach", k),
                       ("ENTPersonFonctions", "%s$%s" % (k, function)),
                       ("PersEducNatPresenceDevantEleves", "O" if function.startswith("DOC") else "N")])
    pers.write()
    return len(pupils), parent_key[0] - 9210000, staff_key[0] - 9310000


# ---------------------------------------------------------------------------------------------
# École élémentaire des Lilas (1D)

def ecole():
    k = ECOLE["key"]
    etab = Export(ECOLE, "1D", "EtabEducNat")
    etab.add(k, [("ENTStructureJointure", k), ("ENTStructureUAI", ECOLE["uai"]), ("ENTStructureSIREN", ""),
                 ("ENTStructureNomCourant", ECOLE["name"]), ("ENTStructureTypeStruct", "ECOLE ELEMENTAIRE"),
                 ("ENTStructureCodeTypeStruct", "151"), ("ENTEtablissementContrat", "PU"),
                 ("ENTStructureAdresse", "1 rue des Lilas"), ("ENTStructureCodePostal", "99990"),
                 ("ENTStructureVille", "VILLEFICTIVE"), ("ENTStructureTelephone", "+33 9 99 00 00 03"),
                 ("ENTStructureEmail", "ce.0999997x@example.invalid"), ("ENTServAcAcademie", "FICTIVE"),
                 ("ENTServAcCodeAcademie", "099"), ("ENTEcoleSecteur", "PU"),
                 ("ENTEcoleCirconscription", "0999901K$CIRCONSCRIPTION DE VILLEFICTIVE"),
                 ("ENTEcoleCommune", "VILLEFICTIVE"), ("ENTEcoleRPI", "")])
    etab.write()

    levels = [("CP", "11", "2$CYCLE II", 2019), ("CE1", "12", "2$CYCLE II", 2018), ("CE2", "13", "2$CYCLE II", 2017),
              ("CM1", "21", "3$CYCLE III", 2016), ("CM2", "22", "3$CYCLE III", 2015)]
    pers = Export(ECOLE, "1D", "PersEducNat")
    classes = []
    for n, (level, _, _, _) in enumerate(levels):
        girl = rng.random() < 0.7
        first, last = names.draw(ADULT_WOMEN if girl else ADULT_MEN)
        key = str(9610001 + n)
        director = level == "CM2"
        functions = ["%s$ENS$ENSEIGNEMENT$L0001$ENSEIGNEMENT PREMIER DEGRE" % k]
        if director:
            functions.append("%s$DIR$DIRECTION$-$DIRECTION" % k)
        pers.add(key, [("ENTPersonJointure", key), ("ENTPersonDateNaissance", birth(rng.randint(1970, 1996))),
                       ("ENTPersonNomPatro", last), ("ENTPersonNom", last), ("ENTPersonPrenom", first),
                       ("ENTPersonAutresPrenoms", first), ("ENTPersonCivilite", "Mme" if girl else "M."),
                       ("ENTPersonMail", ""), ("ENTPersonStructRattach", k), ("ENTPersonFonctions", functions),
                       ("ENTEnsFonctionDir", k if director else ""), ("ENTPersonCategorieEnseignant", "O")])
        classes.append(("%s %s %s" % (level, "Mme" if girl else "M.", last), str(780001 + n)))
    pers.write()

    relatives = Export(ECOLE, "1D", "PersRelEleve")
    eleves = Export(ECOLE, "1D", "Eleve")
    parent_key = [9510000]
    children = {}

    def parent(first, last, title):
        parent_key[0] += 1
        key = str(parent_key[0])
        children[key] = ([first, last, title], [])
        return key

    pupil_key = 9410000
    for (level, niveau, cycle, year), (label, class_key) in zip(levels, classes):
        for _ in range(rng.randint(21, 25)):
            girl = rng.random() < 0.5
            first, last = names.draw(GIRLS if girl else BOYS)
            fam = []
            if rng.random() < 0.8:
                fam.append((parent(*names.draw(ADULT_WOMEN, last), "Mme"), "10"))
                fam.append((parent(*names.draw(ADULT_MEN, last), "M."), "20"))
            else:
                fam.append((parent(*names.draw(ADULT_WOMEN, last), "Mme"), "10"))
            pupil_key += 1
            key = str(pupil_key)
            for pk, _ in fam:
                children[pk][1].append(key)
            groups = ["%s$40$REGROUPEMENT$780050$CHORALE DU VENDREDI" % k] if level in ("CM1", "CM2") and rng.random() < 0.3 else []
            eleves.add(key, [("ENTPersonJointure", key),
                             ("ENTEleveINE", "0998%06d%s" % (pupil_key - 9410000, "ABCDEFGHJKLMNPRSTUVWXYZ"[pupil_key % 23])),
                             ("ENTPersonDateNaissance", birth(year)), ("ENTPersonNomPatro", last), ("ENTPersonNom", last),
                             ("ENTPersonPrenom", first), ("ENTPersonAutresPrenoms", first),
                             ("ENTPersonCivilite", "Mme" if girl else "M."),
                             ("ENTEleveAutoriteParentale", ["%s$%s" % f for f in fam]), ("ENTPersonStructRattach", k),
                             ("ENTPersonClasses", "%s$11$ORDINAIRE$%s$%s" % (k, class_key, label)),
                             ("ENTPersonGroupes", groups), ("ENTEleveNiveau", "%s$%s" % (niveau, level)),
                             ("ENTEleveCycle", cycle), ("ENTEleveTypeClasse", "11$ORDINAIRE"),
                             ("ENTEleveRestaurantScolaire", "O" if rng.random() < 0.75 else "N")])
    eleves.write()
    for pk, ((first, last, title), kids) in children.items():
        relatives.add(pk, [("ENTPersonJointure", pk), ("ENTPersonDateNaissance", ""), ("ENTPersonNomPatro", last),
                           ("ENTPersonNom", last), ("ENTPersonPrenom", first), ("ENTPersonAutresPrenoms", first),
                           ("ENTPersonCivilite", title), ("ENTPersonTelPerso", phone("0999")),
                           ("ENTPersRelEleveTelPro", ""), ("ENTPersRelEleveTelMobile", phone("0699")),
                           ("ENTPersonMail", mail(first, last)), ("ENTPersonAdresse", address()),
                           ("ENTPersonCodePostal", "99990"), ("ENTPersonVille", "VILLEFICTIVE"),
                           ("ENTPersonPays", "FRANCE"), ("ENTPersonAdresseDiffusion", "N"),
                           ("ENTPersRelEleveEleve", kids)])
    relatives.write()
    return pupil_key - 9410000, parent_key[0] - 9510000, len(levels)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".xml"):
            os.remove(os.path.join(OUT, f))
    c = college()
    e = ecole()
    print("collège : %d élèves, %d parents, %d personnels ; école : %d élèves, %d parents, %d enseignants" % (c + e))
