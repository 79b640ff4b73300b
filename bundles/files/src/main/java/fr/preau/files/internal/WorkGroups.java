package fr.preau.files.internal;

import fr.preau.access.AccessService;
import fr.preau.access.CommunicationRules;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.audit.AuditEvent;
import fr.preau.directory.DirectoryService;
import fr.preau.files.internal.FilesStore.Member;
import fr.preau.files.internal.FilesStore.WorkGroup;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Groupes de travail: collaborative spaces ({@code travail:<id>}) a teacher (or the direction) creates
 * ({@code files:workgroup-create}), with members chosen from the annuaire — people of the school, guests included —
 * whom the communication rules let the one who adds them address (as {@link Shares} does). The creator and the members
 * read and write its files; the creator and the direction ({@code files:workgroup-manage}) rename it, add and remove
 * members and delete it. A removed member loses it at once (the membership is read at every request).
 * <p>
 * Quota: its bytes count against its creator's personal quota ({@link FilesStore#used}). Deleting it moves everything
 * it holds into its creator's « Mes documents », inside a folder of its name put in their trash: restorable for 30 days
 * like any deletion, nothing lost silently.
 */
final class WorkGroups {

    static final int MAX_NAME = 100;
    static final int MAX_MEMBERS = 300;

    private final FilesStore store;
    private final Spaces spaces;
    private final AccessService access;
    private final CommunicationRules rules;
    private final DirectoryService directory;
    private final Clock clock;
    private final Consumer<AuditEvent> audit;

    WorkGroups(FilesStore store, Spaces spaces, AccessService access, CommunicationRules rules, DirectoryService directory, Clock clock,
            Consumer<AuditEvent> audit) {
        this.store = store;
        this.spaces = spaces;
        this.access = access;
        this.rules = rules;
        this.directory = directory;
        this.clock = clock;
        this.audit = audit;
    }

    /** A group as its readers see it: its members (the creator first) and whether the caller manages it. */
    record Detail(WorkGroup group, List<Member> members, boolean manage) {
    }

    /** The group of a {@code travail:} space. */
    Optional<WorkGroup> group(Space s) {
        if (s.kind() != Space.Kind.GROUPE_TRAVAIL) {
            return Optional.empty();
        }
        try {
            return store.workGroup(Long.parseLong(s.key()));
        } catch (SQLException e) {
            throw new IllegalStateException("groupe de travail unreadable", e);
        }
    }

    /** Whether {@code who} may create a groupe de travail in their school. */
    boolean mayCreate(Person who) {
        return access.decide(who, FilesModule.WORKGROUP_CREATE, who.uai()).allowed();
    }

    /** Whether {@code who} manages the group: its creator (while they may create groups), or the direction of its school. */
    boolean mayManage(Person who, WorkGroup g) {
        Space s = Spaces.of(g);
        if (g.creatorId().equals(who.id().value()) && access.decide(who, FilesModule.WORKGROUP_CREATE, s.school()).allowed()) {
            return true;
        }
        return spaces.managesGroups(who, s.school());
    }

    /** The group, when {@code who} reaches its space; else 404. */
    Detail detail(Person who, long id) throws SQLException {
        WorkGroup g = readable(who, id);
        return new Detail(g, store.members(g.id()), mayManage(who, g));
    }

    private WorkGroup readable(Person who, long id) throws SQLException {
        WorkGroup g = store.workGroup(id).orElseThrow(WorkGroups::notFound);
        if (!spaces.mayRead(who, Spaces.of(g))) {
            throw notFound();
        }
        return g;
    }

    /** The group, when {@code who} manages it; 403 when they only reach it, else 404. */
    private WorkGroup managed(Person who, long id) throws SQLException {
        WorkGroup g = readable(who, id);
        if (!mayManage(who, g)) {
            throw new ProblemException(403, "workgroup-not-manager", "Seuls le créateur du groupe « " + g.name()
                    + " » et la direction peuvent le renommer, en changer les membres ou le supprimer.");
        }
        return g;
    }

    /** Creates a group with its first members (all or nothing: one refused member refuses the whole request, saying who). */
    Detail create(Person who, String rawName, List<String> memberIds, String address) throws SQLException {
        if (!mayCreate(who)) {
            throw new ProblemException(403, "workgroup-create-denied", "Seuls les enseignants et la direction peuvent créer un groupe de travail.");
        }
        String school = who.uai().value();
        String name = name(rawName, school);
        List<Person> members = check(who, school, who.id().value(), memberIds);
        Instant at = clock.instant();
        long id = store.write(c -> {
            if (store.workGroupNameTaken(c, school, name, -1)) {
                throw nameTaken(name);
            }
            long created = store.insertWorkGroup(c, school, name, who.id().value(), at);
            for (Person p : members) {
                store.addMember(c, created, p.id().value(), who.id().value(), at);
            }
            return created;
        });
        Map<String, String> details = new LinkedHashMap<>();
        details.put("name", name);
        details.put("members", Integer.toString(members.size()));
        audit.accept(new AuditEvent("files.workgroup.create", who.id(), "travail:" + id, address, true, details));
        return detail(who, id);
    }

    Detail rename(Person who, long id, String rawName, String address) throws SQLException {
        WorkGroup g = managed(who, id);
        String name = name(rawName, g.school());
        store.run(c -> {
            if (store.workGroupNameTaken(c, g.school(), name, g.id())) {
                throw nameTaken(name);
            }
            store.renameWorkGroup(c, g.id(), name);
            // the space's label is in every document's path: the search index reads them again
            store.touchSpace(c, g.spaceId());
        });
        audit.accept(new AuditEvent("files.workgroup.rename", who.id(), g.spaceId(), address, true, Map.of("from", g.name(), "to", name)));
        return detail(who, id);
    }

    /** Adds members (those already in stay as they are). */
    Detail addMembers(Person who, long id, List<String> memberIds, String address) throws SQLException {
        WorkGroup g = managed(who, id);
        List<Person> members = check(who, g.school(), g.creatorId(), memberIds);
        Instant at = clock.instant();
        List<String> added = store.write(c -> {
            List<String> out = new ArrayList<>();
            for (Person p : members) {
                if (store.addMember(c, g.id(), p.id().value(), who.id().value(), at)) {
                    out.add(p.id().value());
                }
            }
            if (!out.isEmpty()) {
                store.touchSpace(c, g.spaceId());
            }
            return out;
        });
        for (String p : added) {
            audit.accept(new AuditEvent("files.workgroup.member.add", who.id(), g.spaceId(), address, true, Map.of("person", p)));
        }
        return detail(who, id);
    }

    /** Removes a member: they lose the group's files at once (REST, WebDAV, search). */
    Detail removeMember(Person who, long id, String personId, String address) throws SQLException {
        WorkGroup g = managed(who, id);
        if (g.creatorId().equals(personId)) {
            throw new ProblemException(400, "workgroup-creator", "Le créateur du groupe en reste membre : supprimez le groupe s'il n'a plus lieu d'être.");
        }
        boolean removed = store.write(c -> {
            boolean gone = store.removeMember(c, g.id(), personId);
            if (gone) {
                store.touchSpace(c, g.spaceId());
            }
            return gone;
        });
        if (!removed) {
            throw new ProblemException(404, "workgroup-member-not-found", "Cette personne n'est pas (ou plus) membre du groupe « " + g.name() + " ».");
        }
        audit.accept(new AuditEvent("files.workgroup.member.remove", who.id(), g.spaceId(), address, true, Map.of("person", personId)));
        return detail(who, id);
    }

    /**
     * Deletes a group: what it holds (trash included) moves into its creator's « Mes documents », in a folder of the
     * group's name put at once in their trash (restorable for 30 days, then purged); its bytes stay on the creator's quota.
     *
     * @return the folder put in the creator's trash, or empty when the group held nothing
     */
    Optional<Node> delete(Person who, long id, String address) throws SQLException {
        WorkGroup g = managed(who, id);
        String perso = Space.Kind.PERSO.prefix + ":" + g.creatorId();
        Optional<Node> folder = store.write(c -> {
            List<Node> all = store.nodesOf(c, g.spaceId());
            Optional<Node> out = Optional.empty();
            if (!all.isEmpty()) {
                out = Optional.of(moveToTrash(c, g, all, perso, who));
            }
            store.deleteWorkGroup(c, g.id());
            return out;
        });
        Map<String, String> details = new LinkedHashMap<>();
        details.put("name", g.name());
        folder.ifPresent(f -> details.put("trashed", f.space() + "/" + f.id()));
        audit.accept(new AuditEvent("files.workgroup.delete", who.id(), g.spaceId(), address, true, details));
        return folder;
    }

    private Node moveToTrash(Connection c, WorkGroup g, List<Node> all, String perso, Person who) throws SQLException {
        Instant at = clock.instant();
        String name = Names.free(g.name(), candidate -> {
            try {
                return store.child(c, perso, null, candidate).isPresent();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        Node folder = new Node(0, perso, null, name, true, 0, null, null, null, Files.etag(), g.creatorId(), at, at, null, false);
        long folderId = store.insert(c, folder);
        for (Node n : all) {
            if (n.parentId() == null) {
                store.place(c, n.id(), perso, folderId, n.name(), Files.etag(), at);
            } else {
                store.setSpace(c, n.id(), perso);
            }
        }
        // like a deletion of the folder: it is the item in the trash, what was live in it follows it; what was in the
        // group's trash before keeps its own date
        store.setDeleted(c, folderId, at, who.id().value(), true);
        for (Node n : all) {
            if (n.live()) {
                store.setDeleted(c, n.id(), at, who.id().value(), false);
            }
        }
        return store.node(c, folderId).orElseThrow();
    }

    /** The people to add: each of the school, not the creator, addressable by {@code who} under the communication rules. */
    private List<Person> check(Person who, String school, String creatorId, List<String> ids) {
        List<Person> out = new ArrayList<>();
        if (ids == null) {
            return out;
        }
        if (ids.size() > MAX_MEMBERS) {
            throw new ProblemException(400, "workgroup-too-many", "Un groupe de travail compte " + MAX_MEMBERS + " membres au plus.");
        }
        for (String raw : ids) {
            Person to = (raw == null || raw.isBlank() ? Optional.<Person>empty() : directory.find(new PersonId(raw.strip())))
                    .filter(p -> p.uai().value().equals(school))
                    .orElseThrow(() -> new ProblemException(400, "workgroup-unknown-member",
                            "Une des personnes choisies n'existe pas (ou plus) dans l'annuaire de l'établissement."));
            if (to.id().value().equals(creatorId)) {
                continue;
            }
            if (!rules.mayCommunicate(who, to)) {
                throw new ProblemException(403, "workgroup-member-not-allowed", "Vous ne pouvez pas ajouter " + to.displayName()
                        + " : les règles de communication de l'établissement ne le permettent pas.");
            }
            if (out.stream().noneMatch(p -> p.id().equals(to.id()))) {
                out.add(to);
            }
        }
        return out;
    }

    /** The name, checked: it names a folder of {@code /dav/} beside the other spaces, so neither theirs nor a class's. */
    private String name(String raw, String school) {
        String name = raw == null ? "" : raw.strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw new ProblemException(400, "workgroup-name", "Donnez un nom au groupe de travail (" + MAX_NAME
                    + " caractères au plus), par exemple « Projet théâtre ».");
        }
        String checked = Names.check(name);
        List<String> taken = new ArrayList<>(List.of("Mes documents", "Salle des profs", "Établissement", Spaces.SHARED_LABEL));
        directory.divisions(new fr.preau.api.Uai(school)).forEach(d -> taken.add(Shares.divisionLabel(d)));
        if (taken.stream().anyMatch(t -> t.equalsIgnoreCase(checked))) {
            throw nameTaken(checked);
        }
        return checked;
    }

    private static ProblemException nameTaken(String name) {
        return new ProblemException(409, "workgroup-name-taken", "Un espace s'appelle déjà « " + name + " » dans l'établissement : choisissez un autre nom pour le groupe de travail.");
    }

    static ProblemException notFound() {
        return new ProblemException(404, "workgroup-not-found", "Ce groupe de travail n'existe pas (ou plus), ou ne vous est pas ouvert.");
    }
}
