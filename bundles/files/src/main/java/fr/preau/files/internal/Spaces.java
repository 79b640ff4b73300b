package fr.preau.files.internal;

import fr.preau.access.AccessService;
import fr.preau.access.Target;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which spaces exist and who reads and writes them; every answer comes from {@code access} and the
 * annuaire (never from the client):
 * <ul>
 * <li>{@code perso:<person>}: that person only ({@code files:use});</li>
 * <li>{@code classe:<division>}: read {@code files:class-read}, write {@code files:class-write}, on
 * {@code Target.division(…)} — pupils and teachers of that class or groupe only;</li>
 * <li>{@code profs:<uai>}: {@code files:staffroom} in that school;</li>
 * <li>{@code etab:<uai>}: read {@code files:school-read}, write {@code files:school-write} in that school;</li>
 * <li>{@code travail:<id>}: a groupe de travail — its creator and its members (read at every request: a removed member
 * loses it at once) with {@code files:use}, and the direction ({@code files:workgroup-manage} in its school) read and
 * write.</li>
 * </ul>
 */
final class Spaces {

    static final String SHARED_LABEL = "Partagés avec moi";

    private final AccessService access;
    private final DirectoryService directory;
    private final FilesStore store;

    Spaces(AccessService access, DirectoryService directory, FilesStore store) {
        this.access = access;
        this.directory = directory;
        this.store = store;
    }

    /** The space of that id, whoever may reach it. */
    Optional<Space> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        int colon = id.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String key = id.substring(colon + 1);
        try {
            return switch (Space.Kind.of(id.substring(0, colon))) {
                case PERSO -> directory.find(new PersonId(key)).map(p -> new Space(Space.Kind.PERSO, key, p.uai(), "Mes documents"));
                case CLASSE -> directory.division(key).map(d -> new Space(Space.Kind.CLASSE, key, d.uai(), label(d)));
                case PROFS -> school(key).map(u -> new Space(Space.Kind.PROFS, key, u, "Salle des profs"));
                case ETAB -> school(key).map(u -> new Space(Space.Kind.ETAB, key, u, "Établissement"));
                case PARTAGE -> directory.find(new PersonId(key)).map(p -> new Space(Space.Kind.PARTAGE, key, p.uai(), SHARED_LABEL));
                case GROUPE_TRAVAIL -> store.workGroup(Long.parseLong(key)).map(Spaces::of);
            };
        } catch (ProblemException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("groupe de travail unreadable", e);
        }
    }

    static Space of(FilesStore.WorkGroup g) {
        return new Space(Space.Kind.GROUPE_TRAVAIL, Long.toString(g.id()), new Uai(g.school()), g.name());
    }

    /** Whether {@code who} is the creator or a member of the group of that space (now). */
    boolean isMember(Person who, Space s) {
        try {
            Optional<FilesStore.WorkGroup> g = store.workGroup(Long.parseLong(s.key()));
            return g.isPresent() && (g.get().creatorId().equals(who.id().value()) || store.isMember(g.get().id(), who.id().value()));
        } catch (SQLException e) {
            throw new IllegalStateException("groupe de travail unreadable", e);
        }
    }

    /** Whether {@code who} manages every groupe de travail of that school (the direction). */
    boolean managesGroups(Person who, Uai school) {
        return access.decide(who, FilesModule.WORKGROUP_MANAGE, school).allowed();
    }

    private boolean inGroup(Person who, Space s) {
        return (isMember(who, s) && access.decide(who, FilesModule.USE, s.school()).allowed()) || managesGroups(who, s.school());
    }

    private Optional<Uai> school(String key) {
        Uai uai = new Uai(key);
        return directory.school(uai).map(s -> uai);
    }

    private static String label(Division d) {
        return (d.kind() == Division.Kind.CLASSE ? "Classe " : "Groupe ") + d.label();
    }

    boolean mayRead(Person who, Space s) {
        return switch (s.kind()) {
            case PERSO -> who.id().value().equals(s.key()) && access.decide(who, FilesModule.USE, s.school()).allowed();
            case CLASSE -> access.decideOn(who, FilesModule.CLASS_READ, Target.division(s.school(), s.key())).allowed()
                    || mayWrite(who, s);
            case PROFS -> access.decide(who, FilesModule.STAFFROOM, s.school()).allowed();
            case ETAB -> access.decide(who, FilesModule.SCHOOL_READ, s.school()).allowed() || mayWrite(who, s);
            case PARTAGE -> who.id().value().equals(s.key()) && access.decide(who, FilesModule.USE, s.school()).allowed();
            case GROUPE_TRAVAIL -> inGroup(who, s);
        };
    }

    boolean mayWrite(Person who, Space s) {
        return switch (s.kind()) {
            case PERSO -> who.id().value().equals(s.key()) && access.decide(who, FilesModule.USE, s.school()).allowed();
            case CLASSE -> access.decideOn(who, FilesModule.CLASS_WRITE, Target.division(s.school(), s.key())).allowed();
            case PROFS -> access.decide(who, FilesModule.STAFFROOM, s.school()).allowed();
            case ETAB -> access.decide(who, FilesModule.SCHOOL_WRITE, s.school()).allowed();
            // nothing is written at its root; inside a folder shared read-write, the share decides (Shares)
            case PARTAGE -> false;
            case GROUPE_TRAVAIL -> inGroup(who, s);
        };
    }

    /** The space, when {@code who} may read it; else 404 (whether it exists is not told). */
    Space readable(Person who, String id) {
        Space s = find(id).orElseThrow(Space::notFound);
        if (!mayRead(who, s)) {
            throw Space.notFound();
        }
        return s;
    }

    /** The space, when {@code who} may write in it; 403 when they may only read it, else 404. */
    Space writable(Person who, String id) {
        Space s = readable(who, id);
        requireWrite(who, s);
        return s;
    }

    void requireWrite(Person who, Space s) {
        if (!mayWrite(who, s)) {
            throw new ProblemException(403, "read-only-space", "Vous pouvez consulter « " + s.label() + " » mais pas y déposer ni y modifier de fichiers.");
        }
    }

    /**
     * Every space {@code who} reaches, in the order they are shown: personal, classes, groupes de travail (theirs; the
     * direction: all of the school), salle des profs, school, and « Partagés avec moi ».
     */
    List<Space> reachable(Person who) {
        List<Space> out = new ArrayList<>();
        Space own = new Space(Space.Kind.PERSO, who.id().value(), who.uai(), "Mes documents");
        if (mayRead(who, own)) {
            out.add(own);
        }
        Map<String, Division> divisions = new LinkedHashMap<>();
        for (Division d : directory.divisionsOf(who.id())) {
            divisions.putIfAbsent(d.id(), d);
        }
        if (who.has(Profile.DIRECTION)) {
            for (Division d : directory.divisions(who.uai())) {
                divisions.putIfAbsent(d.id(), d);
            }
        }
        for (Division d : divisions.values()) {
            Space s = new Space(Space.Kind.CLASSE, d.id(), d.uai(), label(d));
            if (mayRead(who, s)) {
                out.add(s);
            }
        }
        try {
            List<FilesStore.WorkGroup> groups = managesGroups(who, who.uai()) ? store.workGroupsOfSchool(who.uai().value())
                    : store.workGroupsOf(who.id().value());
            for (FilesStore.WorkGroup g : groups) {
                Space s = of(g);
                if (mayRead(who, s)) {
                    out.add(s);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("groupes de travail unreadable", e);
        }
        for (Space s : List.of(new Space(Space.Kind.PROFS, who.uai().value(), who.uai(), "Salle des profs"),
                new Space(Space.Kind.ETAB, who.uai().value(), who.uai(), "Établissement"),
                new Space(Space.Kind.PARTAGE, who.id().value(), who.uai(), SHARED_LABEL))) {
            if (mayRead(who, s)) {
                out.add(s);
            }
        }
        return out;
    }
}
