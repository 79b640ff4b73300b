package fr.preau.files.internal;

import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.spi.SearchChanges;
import fr.preau.api.spi.SearchDocument;
import fr.preau.api.spi.SearchPrincipals;
import fr.preau.api.spi.SearchSource;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files and folders of the box for the search module's index ({@code preau-search}): found by their name, the
 * folders above them and the words inside (PDF, ODF, OOXML, text: {@link DocumentTexts}).
 * <p>
 * <b>Who finds a node</b> is who reaches it: through its space — a personal space its owner, a class space its
 * class or groupe (pupils and teachers) and the profiles the module grants the whole school (the direction), the
 * « Salle des profs » and the school's space the profiles they are granted to, a groupe de travail its creator, its
 * members and the direction — and through the shares of the node
 * and of the folders above it (a person, or the members of a class or groupe), until their end. Before a hit is
 * shown, opening the node is tried for the person ({@link Files#node(Person, long)}), so an expired or revoked share,
 * or a changed right, never shows anything.
 * <p>
 * <b>Changes</b>: every committed write names the nodes it changed ({@link FilesStore#onCommitted}); a folder stands for
 * everything below it (a renamed, moved, shared or trashed folder changes the path or the readers of all it holds).
 * The words of a new file are read here, on this source's own thread, before the search module is told, so that a
 * slow PDF never holds the search module's other updates back.
 */
@Component(service = SearchSource.class)
public final class FilesSearchSource implements SearchSource {

    private static final Logger LOG = LoggerFactory.getLogger(FilesSearchSource.class);
    /** Rows read per query while listing. */
    static final int PAGE = 500;
    /** Beyond this many nodes in one write (a big folder moved or shared), the module is listed again instead. */
    static final int MANY = 500;
    private static final String PREFIX = "node:";
    private static final java.util.regex.Pattern SEPARATORS = java.util.regex.Pattern.compile("[._\\-]+");

    private final Files files;
    private final DocumentTexts texts;
    private final ExecutorService worker;

    @Activate
    public FilesSearchSource(@Reference(name = "files") Files files) {
        this(files, new DocumentTexts(files.blobs(), new TextExtractor(TextExtractor.Limits.DEFAULT)));
    }

    FilesSearchSource(Files files, DocumentTexts texts) {
        this.files = files;
        this.texts = texts;
        // one thread, a bounded queue: past it, the module is listed again (nothing is lost, nothing piles up)
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(1000), r -> {
            Thread t = new Thread(r, "preau-files-search");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() {
        files.store().onCommitted(null);
        worker.shutdownNow();
        texts.close();
    }

    @Override
    public String module() {
        return FilesModule.ID;
    }

    @Override
    public void watch(SearchChanges changes) {
        files.store().onCommitted(changes == null ? null : ids -> {
            try {
                worker.execute(() -> tell(changes, ids));
            } catch (RejectedExecutionException e) {
                changes.changedAll();
            }
        });
    }

    /** Tells {@code changes} about these nodes and all below the folders among them, their words read first. */
    void tell(SearchChanges changes, Set<Long> ids) {
        try {
            Set<Long> all = new LinkedHashSet<>();
            List<Node> found = new ArrayList<>();
            for (long id : ids) {
                all.add(id);
                Optional<Node> n = files.store().node(id);
                if (n.isPresent() && n.get().folder()) {
                    try (java.sql.Connection c = files.store().connection()) {
                        for (Node d : files.store().descendants(c, n.get())) {
                            all.add(d.id());
                            if (all.size() > MANY) {
                                changes.changedAll();
                                return;
                            }
                        }
                    }
                } else if (n.isPresent() && n.get().live()) {
                    found.add(n.get());
                }
            }
            found.forEach(texts::of);
            all.forEach(id -> changes.changed(PREFIX + id));
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Files changed but the search module could not be told which: it lists them all again ({})", e.toString());
            changes.changedAll();
        }
    }

    @Override
    public void documents(Consumer<? super SearchDocument> sink) {
        Map<Long, Folder> folders = new HashMap<>();
        try {
            long after = 0;
            List<Node> page;
            do {
                page = files.store().liveAfter(after, PAGE);
                for (Node n : page) {
                    after = n.id();
                    document(n, folders).ifPresent(sink);
                }
            } while (page.size() == PAGE);
        } catch (SQLException e) {
            throw new IllegalStateException("files listing for search failed", e);
        }
    }

    @Override
    public Optional<SearchDocument> document(String id) {
        Long node = id(id);
        if (node == null) {
            return Optional.empty();
        }
        try {
            return files.store().node(node).filter(Node::live).flatMap(n -> {
                try {
                    return document(n, new HashMap<>());
                } catch (SQLException e) {
                    throw new IllegalStateException("file for search unreadable", e);
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("file for search unreadable", e);
        }
    }

    @Override
    public boolean visible(Person who, String id) {
        Long node = id(id);
        if (node == null) {
            return false;
        }
        try {
            files.node(who, node);
            return true;
        } catch (ProblemException | SQLException e) {
            return false;
        }
    }

    /** A page of hits at once: one query for its nodes, each space's rights once ({@link Files#reachable}). */
    @Override
    public Set<String> visible(Person who, List<String> ids) {
        List<Long> nodes = new ArrayList<>();
        for (String id : ids) {
            Long node = id(id);
            if (node != null) {
                nodes.add(node);
            }
        }
        try {
            Set<String> out = new HashSet<>();
            for (long node : files.reachable(who, nodes)) {
                out.add(PREFIX + node);
            }
            return out;
        } catch (SQLException e) {
            return Set.of();
        }
    }

    private static Long id(String id) {
        if (id == null || !id.startsWith(PREFIX)) {
            return null;
        }
        try {
            return Long.parseLong(id.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** What a folder gives what it holds: its path (names from the space's root) and the principals its shares open it to. */
    private record Folder(String path, Set<String> shared) {
    }

    /** The root of a space: no path, no share. */
    private static final Folder ROOT = new Folder("", Set.of());

    /** The document of a live node; empty when its space no longer exists (a class gone from the annuaire). */
    Optional<SearchDocument> document(Node n, Map<Long, Folder> folders) throws SQLException {
        Optional<Space> space = files.spaces().find(n.space());
        if (space.isEmpty()) {
            return Optional.empty();
        }
        Folder above = folder(n.parentId(), folders);
        if (above == null) {
            return Optional.empty();
        }
        Set<String> readers = new LinkedHashSet<>(readers(space.get()));
        readers.addAll(members(space.get()));
        readers.addAll(above.shared());
        readers.addAll(shared(n.id()));
        Set<String> owners = space.get().kind() == Space.Kind.PERSO ? Set.of(SearchPrincipals.person(space.get().key())) : Set.of();
        String where = space.get().label() + (above.path().isEmpty() ? "" : " › " + above.path());
        // the name's words apart: a word tokenizer keeps « photosynthese.pdf » or « cours_svt » whole
        StringBuilder text = new StringBuilder(words(n.name())).append('\n').append(where);
        if (!n.folder()) {
            texts.of(n).ifPresent(t -> text.append('\n').append(t));
        }
        String url = "/#/module/" + FilesModule.ID + "/ouvrir/" + n.id();
        return Optional.of(new SearchDocument(FilesModule.ID, PREFIX + n.id(), n.folder() ? "dossier" : "fichier", n.name(), text.toString(),
                n.updatedAt(), url, readers, owners, null));
    }

    /** A name's words, its dots, underscores and dashes made spaces (« SVT_chapitre-3.pdf » → « SVT chapitre 3 pdf »). */
    static String words(String name) {
        return SEPARATORS.matcher(name).replaceAll(" ").strip();
    }

    /**
     * The folder's path and shares, those of the folders above it included (remembered while listing); the space's root
     * for {@code id} null; null when it is gone.
     */
    private Folder folder(Long id, Map<Long, Folder> folders) throws SQLException {
        if (id == null) {
            return ROOT;
        }
        Folder known = folders.get(id);
        if (known != null) {
            return known;
        }
        Optional<Node> f = files.store().node(id);
        if (f.isEmpty()) {
            return null;
        }
        Folder above = folder(f.get().parentId(), folders);
        if (above == null) {
            return null;
        }
        Set<String> shared = new LinkedHashSet<>(above.shared());
        shared.addAll(shared(id));
        Folder it = new Folder(above.path().isEmpty() ? f.get().name() : above.path() + " › " + f.get().name(), Set.copyOf(shared));
        folders.put(id, it);
        return it;
    }

    /** Whom the node's own shares open it to, those not ended yet. */
    private Set<String> shared(long node) throws SQLException {
        Set<String> out = new LinkedHashSet<>();
        Clock clock = files.clock();
        for (FilesStore.Share sh : files.store().sharesOf(List.of(node))) {
            if (sh.activeAt(clock.instant())) {
                out.add(FilesStore.Share.PERSON.equals(sh.granteeKind()) ? SearchPrincipals.person(sh.granteeId())
                        : SearchPrincipals.division(sh.granteeId()));
            }
        }
        return out;
    }

    /**
     * The creator and the members of a groupe de travail, as they are now (a member's coming or leaving tells the index
     * about the whole space: {@link FilesStore#touchSpace}); nobody for other spaces.
     */
    private Set<String> members(Space s) throws SQLException {
        Set<String> out = new LinkedHashSet<>();
        Optional<FilesStore.WorkGroup> g = files.workGroups().group(s);
        if (g.isPresent()) {
            out.add(SearchPrincipals.person(g.get().creatorId()));
            for (FilesStore.Member m : files.store().members(g.get().id())) {
                out.add(SearchPrincipals.person(m.personId()));
            }
        }
        return out;
    }

    /** Who reads the space, as the module grants it ({@link FilesModule#grants()}, {@link FilesModule#relatedOnly()}). */
    static Set<String> readers(Space s) {
        Set<String> out = new LinkedHashSet<>();
        switch (s.kind()) {
            case CLASSE -> {
                // the pupils and teachers of the class or groupe; the profiles granted on every class of the school
                out.add(SearchPrincipals.division(s.key()));
                for (Profile p : granted(FilesModule.CLASS_READ, FilesModule.CLASS_WRITE)) {
                    if (!related(FilesModule.CLASS_READ).contains(p) && !related(FilesModule.CLASS_WRITE).contains(p)) {
                        out.add(SearchPrincipals.profile(s.school(), p));
                    }
                }
            }
            case PROFS -> granted(FilesModule.STAFFROOM).forEach(p -> out.add(SearchPrincipals.profile(s.school(), p)));
            case ETAB -> granted(FilesModule.SCHOOL_READ, FilesModule.SCHOOL_WRITE).forEach(p -> out.add(SearchPrincipals.profile(s.school(), p)));
            // its creator and members (members(…)), and the direction, who manages every group of the school
            case GROUPE_TRAVAIL -> granted(FilesModule.WORKGROUP_MANAGE).forEach(p -> out.add(SearchPrincipals.profile(s.school(), p)));
            case PERSO, PARTAGE -> {
                // its owner only (an owner of the document); what is shared comes with the shares
            }
        }
        return out;
    }

    private static Set<Profile> granted(String... actions) {
        Set<Profile> out = EnumSet.noneOf(Profile.class);
        for (String a : actions) {
            out.addAll(FilesModule.GRANTS.getOrDefault(a.substring(FilesModule.ID.length() + 1), Set.of()));
        }
        return out;
    }

    private static Set<Profile> related(String action) {
        return FilesModule.RELATED_ONLY.getOrDefault(action.substring(FilesModule.ID.length() + 1), Set.of());
    }
}
