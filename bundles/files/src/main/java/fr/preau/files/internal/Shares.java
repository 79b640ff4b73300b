package fr.preau.files.internal;

import fr.preau.access.AccessService;
import fr.preau.access.CommunicationRules;
import fr.preau.access.Target;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.audit.AuditEvent;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.files.internal.FilesStore.Share;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Sharing a folder or a file with people, classes or groupes, read or read-write, until an optional end date.
 * <ul>
 * <li>Who shares: whoever may write the space the node is in (its owner for a personal space, the teachers of a class
 * space…) — never someone who reaches it only through a share; {@code files:share} on their school.</li>
 * <li>With whom: a person the communication rules of {@code access} let them address; a class or groupe on which
 * {@code files:share-division} is granted (teachers: the classes and groupes they teach; pupils: their own classes;
 * direction and staff: every division of the school).</li>
 * <li>What it opens: the node and what it holds, to the person or to the members (pupils and teachers) of the
 * division, while it has not expired — checked at every request against the box's clock, so an end date or a
 * revocation stops it at once.</li>
 * </ul>
 */
final class Shares {

    /** How far a person reaches a node. */
    enum Reach {
        NONE, READ, WRITE;

        Reach max(Reach other) {
            return other.ordinal() > ordinal() ? other : this;
        }
    }

    /** The box's time zone: an end date is the end of that day, in the school's time. */
    static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    static final int MAX_GRANTEES = 200;

    private final FilesStore store;
    private final Spaces spaces;
    private final AccessService access;
    private final CommunicationRules rules;
    private final DirectoryService directory;
    private final Clock clock;
    private final Consumer<AuditEvent> audit;
    private final Files files;

    Shares(Files files, FilesStore store, Spaces spaces, AccessService access, CommunicationRules rules, DirectoryService directory, Clock clock,
            Consumer<AuditEvent> audit) {
        this.files = files;
        this.store = store;
        this.spaces = spaces;
        this.access = access;
        this.rules = rules;
        this.directory = directory;
        this.clock = clock;
        this.audit = audit;
    }

    // --- reaching --------------------------------------------------------------------------------------

    /** How far {@code who} reaches a live node: through its space, or through a share of it or of a folder above it. */
    Reach reach(Person who, Node n) throws SQLException {
        Reach r = Reach.NONE;
        Optional<Space> s = spaces.find(n.space());
        if (s.isPresent()) {
            if (spaces.mayWrite(who, s.get())) {
                return Reach.WRITE;
            }
            if (spaces.mayRead(who, s.get())) {
                r = Reach.READ;
            }
        }
        return r.max(viaShares(who, n, false));
    }

    /** What the shares of {@code n} (unless {@code strict}) and of the folders above it give {@code who}. */
    Reach viaShares(Person who, Node n, boolean strict) throws SQLException {
        List<Long> ids = new ArrayList<>();
        if (!strict) {
            ids.add(n.id());
        }
        for (Node a : files.ancestors(n)) {
            ids.add(a.id());
        }
        Reach r = Reach.NONE;
        Instant now = clock.instant();
        Set<String> mine = null;
        for (Share sh : store.sharesOf(ids)) {
            if (!sh.activeAt(now)) {
                continue;
            }
            boolean covers;
            if (Share.PERSON.equals(sh.granteeKind())) {
                covers = sh.granteeId().equals(who.id().value());
            } else {
                if (mine == null) {
                    mine = memberOf(who);
                }
                covers = mine.contains(sh.granteeId());
            }
            if (covers) {
                r = r.max(sh.canWrite() ? Reach.WRITE : Reach.READ);
            }
        }
        return r;
    }

    /** The classes and groupes whose shares reach {@code who}: those they attend or teach. */
    private Set<String> memberOf(Person who) {
        Set<String> out = new HashSet<>();
        if (who.has(Profile.ELEVE) || who.has(Profile.ENSEIGNANT)) {
            for (Division d : directory.divisionsOf(who.id())) {
                out.add(d.id());
            }
        }
        return out;
    }

    /** A folder or file shared with {@code who}: the node, the name it shows under (unique), how far, by whom, until when. */
    record Shared(Node node, String name, Reach reach, String byId, Instant until) {
    }

    /**
     * What is shared with {@code who} now (live nodes, active shares), each once (the widest share wins), by name; a
     * name taken by an earlier one gets « (2) ». Their own files are left out.
     */
    List<Shared> sharedWith(Person who) throws SQLException {
        Instant now = clock.instant();
        Map<Long, Share> best = new LinkedHashMap<>();
        for (Share sh : store.sharesFor(who.id().value(), List.copyOf(memberOf(who)))) {
            if (!sh.activeAt(now)) {
                continue;
            }
            best.merge(sh.nodeId(), sh, (a, b) -> {
                if (a.canWrite() != b.canWrite()) {
                    return a.canWrite() ? a : b;
                }
                if (a.until() == null || b.until() == null) {
                    return a.until() == null ? a : b;
                }
                return a.until().isAfter(b.until()) ? a : b;
            });
        }
        List<Shared> out = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        List<Map.Entry<Node, Share>> found = new ArrayList<>();
        for (Share sh : best.values()) {
            Optional<Node> n = store.node(sh.nodeId()).filter(Node::live);
            if (n.isEmpty() || n.get().space().equals("perso:" + who.id().value())) {
                continue;
            }
            found.add(Map.entry(n.get(), sh));
        }
        found.sort((a, b) -> {
            int c = a.getKey().name().compareToIgnoreCase(b.getKey().name());
            return c != 0 ? c : Long.compare(a.getKey().id(), b.getKey().id());
        });
        for (Map.Entry<Node, Share> e : found) {
            String name = Names.free(e.getKey().name(), taken::contains);
            taken.add(name);
            Share sh = e.getValue();
            out.add(new Shared(e.getKey(), name, sh.canWrite() ? Reach.WRITE : Reach.READ, sh.createdBy(), sh.until()));
        }
        return out;
    }

    // --- managing ------------------------------------------------------------------------------------

    /** Someone or some class a node is shared with: {@code kind} PERSON or DIVISION. */
    record Grantee(String kind, String id) {
    }

    /** A share as its owner sees it: to whom (their name), rights, end, whether it has expired. */
    record Granted(Share share, String label, boolean expired) {
    }

    /** The node, when {@code who} may manage its shares (they write its space, not only through a share); else 404/403. */
    private Node managed(Person who, long nodeId) throws SQLException {
        Node n = files.node(who, nodeId);
        Space s = spaces.find(n.space()).orElseThrow(Files::notFound);
        if (!spaces.mayWrite(who, s)) {
            throw new ProblemException(403, "share-not-owner", "Seul le propriétaire de cet élément (ou qui peut écrire dans son espace) peut le partager.");
        }
        access.require(who, FilesModule.SHARE, s.school());
        return n;
    }

    /** The shares of a node (expired ones too, marked), for whoever may manage them. */
    List<Granted> sharesOf(Person who, long nodeId) throws SQLException {
        Node n = managed(who, nodeId);
        Instant now = clock.instant();
        List<Granted> out = new ArrayList<>();
        for (Share sh : store.sharesOf(List.of(n.id()))) {
            out.add(new Granted(sh, label(sh), !sh.activeAt(now)));
        }
        return out;
    }

    /** The French name of a share's grantee: « Léo Marchand », « Classe 5A », « Groupe Latin ». */
    String label(Share sh) {
        if (Share.PERSON.equals(sh.granteeKind())) {
            return directory.find(new PersonId(sh.granteeId())).map(Person::displayName).orElse("Personne partie");
        }
        return directory.division(sh.granteeId()).map(Shares::divisionLabel).orElse("Classe disparue");
    }

    static String divisionLabel(Division d) {
        return (d.kind() == Division.Kind.CLASSE ? "Classe " : "Groupe ") + d.label();
    }

    /**
     * Shares a node with grantees (a share they already have is changed to these rights and end). All or nothing: one
     * grantee refused by the rules refuses the whole request, saying who.
     *
     * @param until the last day it works (included, school time), or null: until revoked
     */
    List<Granted> share(Person who, long nodeId, List<Grantee> grantees, boolean write, LocalDate until, String address) throws SQLException {
        Node n = managed(who, nodeId);
        Space s = spaces.find(n.space()).orElseThrow(Files::notFound);
        if (grantees == null || grantees.isEmpty()) {
            throw new ProblemException(400, "share-no-grantee", "Choisissez au moins une personne, une classe ou un groupe.");
        }
        if (grantees.size() > MAX_GRANTEES) {
            throw new ProblemException(400, "share-too-many", "Partagez avec " + MAX_GRANTEES + " destinataires au plus à la fois (une classe compte pour un).");
        }
        Instant end = null;
        if (until != null) {
            if (until.isBefore(LocalDate.ofInstant(clock.instant(), ZONE))) {
                throw new ProblemException(400, "share-end-past", "La date de fin du partage est passée : choisissez aujourd'hui ou plus tard.");
            }
            end = until.plusDays(1).atStartOfDay(ZONE).toInstant();
        }
        List<Grantee> checked = new ArrayList<>();
        for (Grantee g : grantees) {
            checked.add(check(who, s, g));
        }
        Instant at = clock.instant();
        Instant finalEnd = end;
        List<Long> ids = store.write(c -> {
            List<Long> saved = new ArrayList<>();
            for (Grantee g : checked) {
                saved.add(store.saveShare(c, n.id(), g.kind(), g.id(), write, finalEnd, who.id().value(), at));
            }
            return saved;
        });
        for (Grantee g : checked) {
            Map<String, String> details = new HashMap<>();
            details.put("node", Long.toString(n.id()));
            details.put("grantee", g.kind() + ":" + g.id());
            details.put("rights", write ? "write" : "read");
            if (until != null) {
                details.put("until", until.toString());
            }
            audit.accept(new AuditEvent("files.share", who.id(), n.space() + "/" + n.id(), address, true, details));
        }
        List<Granted> out = new ArrayList<>();
        for (Share sh : store.sharesOf(List.of(n.id()))) {
            if (ids.contains(sh.id())) {
                out.add(new Granted(sh, label(sh), false));
            }
        }
        return out;
    }

    private Grantee check(Person who, Space s, Grantee g) {
        if (g == null || g.id() == null || g.kind() == null) {
            throw new ProblemException(400, "share-no-grantee", "Choisissez au moins une personne, une classe ou un groupe.");
        }
        if (Share.PERSON.equals(g.kind())) {
            Person to = directory.find(new PersonId(g.id())).orElseThrow(() -> new ProblemException(400, "share-unknown-grantee",
                    "Une des personnes choisies n'existe pas (ou plus) dans l'annuaire."));
            if (to.id().equals(who.id())) {
                throw new ProblemException(400, "share-with-self", "Inutile de partager avec vous-même : vous voyez déjà cet élément.");
            }
            if (!rules.mayCommunicate(who, to)) {
                throw new ProblemException(403, "share-not-allowed", "Vous ne pouvez pas partager avec " + to.displayName()
                        + " : les règles de communication de l'établissement ne le permettent pas.");
            }
            return new Grantee(Share.PERSON, to.id().value());
        }
        if (Share.DIVISION.equals(g.kind())) {
            Division d = directory.division(g.id()).orElseThrow(() -> new ProblemException(400, "share-unknown-grantee",
                    "Une des classes choisies n'existe pas (ou plus) dans l'annuaire."));
            if (!mayShareWith(who, d)) {
                throw new ProblemException(403, "share-not-allowed", "Vous ne pouvez pas partager avec « " + divisionLabel(d)
                        + " » : seuls ses enseignants et la direction partagent avec toute une classe ou tout un groupe, un élève avec sa propre classe.");
            }
            return new Grantee(Share.DIVISION, d.id());
        }
        throw new ProblemException(400, "share-unknown-grantee", "Destinataire inconnu : une personne, une classe ou un groupe.");
    }

    /** Whether {@code who} may share with a whole class or groupe (a pupil: only a class of their own). */
    boolean mayShareWith(Person who, Division d) {
        if (!access.decideOn(who, FilesModule.SHARE_DIVISION, Target.division(d.uai(), d.id())).allowed()) {
            return false;
        }
        boolean adult = who.has(Profile.ENSEIGNANT) || who.has(Profile.DIRECTION) || who.has(Profile.PERSONNEL) || who.has(Profile.REFERENT);
        return adult || d.kind() == Division.Kind.CLASSE;
    }

    /** Ends a share at once. */
    void revoke(Person who, long shareId, String address) throws SQLException {
        Share sh = store.share(shareId).orElseThrow(Shares::shareNotFound);
        Node n = store.node(sh.nodeId()).orElseThrow(Shares::shareNotFound);
        Optional<Space> s = spaces.find(n.space());
        if (s.isEmpty() || !spaces.mayWrite(who, s.get())) {
            throw shareNotFound();
        }
        if (store.deleteShare(shareId)) {
            audit.accept(new AuditEvent("files.unshare", who.id(), n.space() + "/" + n.id(), address, true,
                    Map.of("node", Long.toString(n.id()), "grantee", sh.granteeKind() + ":" + sh.granteeId())));
        }
    }

    /** People and classes {@code who} may share with whose name holds the words of {@code query}. */
    record Candidates(List<Person> people, List<Division> divisions) {
    }

    Candidates candidates(Person who, String query, int limit) {
        List<Person> people = rules.reachable(who, query, limit);
        List<Division> pool = who.has(Profile.DIRECTION) || who.has(Profile.PERSONNEL) || who.has(Profile.REFERENT)
                ? directory.divisions(who.uai()) : directory.divisionsOf(who.id());
        String q = query == null ? "" : fold(query);
        List<Division> divisions = new ArrayList<>();
        for (Division d : pool) {
            if (divisions.size() >= limit) {
                break;
            }
            if ((q.isBlank() || fold(divisionLabel(d)).contains(q)) && mayShareWith(who, d)) {
                divisions.add(d);
            }
        }
        return new Candidates(people, divisions);
    }

    private static String fold(String text) {
        return fr.preau.api.Folding.fold(text).strip();
    }

    static ProblemException shareNotFound() {
        return new ProblemException(404, "share-not-found", "Ce partage n'existe pas (ou plus).");
    }
}
