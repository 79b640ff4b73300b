package fr.preau.files.internal;

import fr.preau.access.AccessService;
import fr.preau.access.CommunicationRules;
import fr.preau.access.PlatformActions;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.directory.DirectoryService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of the box: spaces, folders, files, trash and quotas. Every operation takes the person
 * who asks and checks, here on the server, that they may read or write the space ({@link Spaces});
 * REST and WebDAV both go through it. Bytes are written whole before the metadata commit that makes
 * them visible; a quota is checked before a byte is accepted (declared length), while the bytes stream
 * (bounded by what is left) and again in the commit.
 */
@Component(service = Files.class, configurationPid = "fr.preau.files")
@Designate(ocd = Files.Config.class)
public final class Files {

    private static final Logger LOG = LoggerFactory.getLogger(Files.class);

    /** How long a file stays in the trash. */
    static final Duration TRASH_DAYS = Duration.ofDays(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    @ObjectClassDefinition(name = "Préau – fichiers", description = "Quotas (Mio) and limits of the files module")
    public @interface Config {
        @AttributeDefinition(description = "Personal space of a pupil, MiB")
        long quota_eleve_mb() default 200;

        @AttributeDefinition(description = "Personal space of a parent, MiB")
        long quota_parent_mb() default 50;

        @AttributeDefinition(description = "Personal space of a teacher, MiB")
        long quota_enseignant_mb() default 2048;

        @AttributeDefinition(description = "Personal space of the direction, MiB")
        long quota_direction_mb() default 2048;

        @AttributeDefinition(description = "Personal space of the staff, MiB")
        long quota_personnel_mb() default 1024;

        @AttributeDefinition(description = "Personal space of the referent, MiB")
        long quota_referent_mb() default 1024;

        @AttributeDefinition(description = "Personal space of a guest, MiB")
        long quota_invite_mb() default 50;

        @AttributeDefinition(description = "Each shared space (class, salle des profs, school), MiB")
        long quota_shared_mb() default 10240;

        @AttributeDefinition(description = "Largest single file, MiB")
        long max_file_mb() default 1024;

        @AttributeDefinition(description = "Blob folder; empty for <karaf.data>/preau/files")
        String data_path() default "";

        @AttributeDefinition(description = "Earlier contents kept when a file is overwritten (0: none)")
        int versions_keep() default 5;

        @AttributeDefinition(description = "clamd address: a unix socket path (/run/clamav/clamd.ctl) or host:port; empty: no antivirus. "
                + "When set, every upload is scanned and refused while clamd cannot answer")
        String clamd_address() default "";

        @AttributeDefinition(description = "Longest wait for clamd (connecting, sending, its verdict), seconds")
        int clamd_timeout_seconds() default 30;

        @AttributeDefinition(description = "Largest file sent to clamd, MiB: at most clamd's StreamMaxLength; larger uploads are refused")
        long clamd_max_mb() default 25;
    }

    private final FilesStore store;
    private final Spaces spaces;
    private final DirectoryService directory;
    private final Blobs blobs;
    private final Clock clock;
    private final Quotas quotas;
    private final ScheduledExecutorService timer;
    private final Shares shares;
    private final DropBoxes dropBoxes;
    private final WorkGroups workGroups;
    private final Consumer<AuditEvent> audit;
    private final AccessService access;

    @Activate
    public Files(@Reference(name = "db", target = "(osgi.jndi.service.name=jdbc/preau-files)") DataSource db,
            @Reference(name = "access") AccessService access, @Reference(name = "directory") DirectoryService directory,
            @Reference(name = "clock") Clock clock, @Reference(name = "rules") CommunicationRules rules,
            @Reference(name = "audit") AuditLog audit, Config config) {
        this(db, access, directory, clock, rules, audit::record, quotas(config), Paths.get(config.data_path().isBlank()
                ? Paths.get(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "preau", "files").toString()
                : config.data_path()), true);
        this.versionsKeep = Math.max(0, config.versions_keep());
        configureAntivirus(config.clamd_address(), config.clamd_timeout_seconds(), config.clamd_max_mb());
    }

    /** The antivirus at start: the console's address when the referent set one (even empty), else the configuration file's. */
    void configureAntivirus(String configured, int timeoutSeconds, long maxMb) {
        this.clamdTimeoutSeconds = timeoutSeconds;
        this.clamdMaxMb = maxMb;
        this.antivirus = Antivirus.of(antivirusAddress(configured), timeoutSeconds, maxMb);
    }

    /** The setting's name of the clamd address the referent gave in the console. */
    static final String CLAMD_ADDRESS = "clamd.address";
    private int clamdTimeoutSeconds = 30;
    private long clamdMaxMb = 25;

    private String antivirusAddress(String configured) {
        try {
            return store.setting(CLAMD_ADDRESS).orElse(configured);
        } catch (SQLException e) {
            LOG.error("The antivirus setting of the console could not be read: the configuration file's is used", e);
            return configured;
        }
    }

    /**
     * The referent's console: scans with clamd at {@code rawAddress} from now on (empty: no antivirus). A new address is
     * tried first (clamd's version): one that does not answer changes nothing. Kept in the module's database and
     * audited ({@code files.antivirus}).
     */
    AntivirusState setAntivirus(Person who, String rawAddress, String clientAddress) throws IOException, SQLException {
        access.require(who, PlatformActions.MANAGE_BOX, null);
        String address = rawAddress == null ? "" : rawAddress.strip();
        if (address.length() > 255) {
            throw new ProblemException(400, "antivirus-address-invalid", "Cette adresse est trop longue : indiquez le chemin de la socket "
                    + "de clamd (par exemple /run/clamav/clamd.ctl) ou hôte:port.");
        }
        Antivirus next = Antivirus.of(address, clamdTimeoutSeconds, clamdMaxMb);
        String version = null;
        if (next.on()) {
            try {
                version = next.test();
            } catch (ProblemException e) {
                throw "antivirus-address-invalid".equals(e.code())
                        ? new ProblemException(400, e.code(), "« " + address + " » n'est pas une adresse de clamd : indiquez le chemin de "
                                + "sa socket (par exemple /run/clamav/clamd.ctl) ou hôte:port. Rien n'a été changé.")
                        : new ProblemException(400, "antivirus-unavailable", "clamd ne répond pas à l'adresse « " + address + " » : "
                                + "vérifiez qu'il est démarré et que l'adresse est la bonne. Rien n'a été changé.");
            }
        }
        Instant at = clock.instant();
        store.run(c -> store.saveSetting(c, CLAMD_ADDRESS, address, who.id().value(), at));
        antivirus = next;
        audit.accept(new AuditEvent("files.antivirus", who.id(), "antivirus", clientAddress, true,
                Map.of("address", address.isEmpty() ? "(aucune)" : address)));
        LOG.info("Antivirus {} from the console", address.isEmpty() ? "turned off" : "set to clamd at " + address);
        return new AntivirusState(next.on(), next.on() ? address : null, version);
    }

    /** What scans the uploads (the configuration's {@code clamd.*}). */
    private volatile Antivirus antivirus = Antivirus.OFF;

    /** Scans every upload with {@code av} from now on. */
    void antivirus(Antivirus av) {
        antivirus = av;
    }

    /** Refuses a file of {@code size} bytes that the antivirus, when on, could not scan (413 {@code file-too-large-to-scan}). */
    void requireScannable(long size) {
        antivirus.requireScannable(size);
    }

    /** The antivirus's state for the referent: clamd's version when it is on and answers (else a 503 problem). */
    record AntivirusState(boolean on, String address, String version) {
    }

    AntivirusState testAntivirus(Person who) throws IOException {
        access.require(who, PlatformActions.MANAGE_BOX, null);
        Antivirus av = antivirus;
        return av.on() ? new AntivirusState(true, av.address(), av.test()) : new AntivirusState(false, null, null);
    }

    /** How many earlier contents of a file are kept when it is overwritten. */
    private volatile int versionsKeep = 5;

    /** Keeps {@code keep} earlier contents of each file from now on (the configuration's {@code versions.keep}). */
    void keepVersions(int keep) {
        versionsKeep = Math.max(0, keep);
    }

    Files(DataSource db, AccessService access, DirectoryService directory, Clock clock, CommunicationRules rules, Consumer<AuditEvent> audit,
            Quotas quotas, Path root, boolean sweep) {
        this.store = new FilesStore(db);
        this.spaces = new Spaces(access, directory, store);
        this.directory = directory;
        this.blobs = new Blobs(root.resolve("blobs"));
        this.clock = clock;
        this.quotas = quotas;
        this.audit = audit;
        this.access = access;
        this.shares = new Shares(this, store, spaces, access, rules, directory, clock, audit);
        this.dropBoxes = new DropBoxes(this, store, blobs, access, directory, clock, audit);
        this.workGroups = new WorkGroups(store, spaces, access, rules, directory, clock, audit);
        timer = sweep ? Hourly.sweep("preau-files-trash", this::sweep, LOG, "Purged {} item(s) that spent " + TRASH_DAYS.toDays()
                + " days in the trash", "Trash purge failed, tried again in an hour: {}") : null;
    }

    @Deactivate
    void deactivate() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    static Quotas quotas(Config c) {
        Map<Profile, Long> p = new EnumMap<>(Profile.class);
        p.put(Profile.ELEVE, c.quota_eleve_mb() * Quotas.MIB);
        p.put(Profile.PARENT, c.quota_parent_mb() * Quotas.MIB);
        p.put(Profile.ENSEIGNANT, c.quota_enseignant_mb() * Quotas.MIB);
        p.put(Profile.DIRECTION, c.quota_direction_mb() * Quotas.MIB);
        p.put(Profile.PERSONNEL, c.quota_personnel_mb() * Quotas.MIB);
        p.put(Profile.REFERENT, c.quota_referent_mb() * Quotas.MIB);
        p.put(Profile.INVITE, c.quota_invite_mb() * Quotas.MIB);
        return new Quotas(p, c.quota_shared_mb() * Quotas.MIB, c.max_file_mb() * Quotas.MIB);
    }

    Spaces spaces() {
        return spaces;
    }

    FilesStore store() {
        return store;
    }

    Blobs blobs() {
        return blobs;
    }

    Clock clock() {
        return clock;
    }

    Quotas limits() {
        return quotas;
    }

    Shares shares() {
        return shares;
    }

    DropBoxes dropBoxes() {
        return dropBoxes;
    }

    WorkGroups workGroups() {
        return workGroups;
    }

    /** The cahier de textes, while that module is installed (its devoirs to link a drop box to); else null. */
    private volatile DevoirLookup cahier;

    @Reference(name = "cahier", cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    void bindCahier(DevoirLookup lookup) {
        cahier = lookup;
    }

    void unbindCahier(DevoirLookup lookup) {
        if (cahier == lookup) {
            cahier = null;
        }
    }

    DevoirLookup cahier() {
        return cahier;
    }

    java.util.Optional<fr.preau.directory.Division> directoryDivision(String id) {
        return directory.division(id);
    }

    java.util.Optional<Person> directoryPerson(String personId) {
        return directory.find(new PersonId(personId));
    }

    /** A person's name as the annuaire gives it (« Julien Dumas »), or a neutral word for someone who left it. */
    String directoryName(String personId) {
        return directoryPerson(personId).map(Person::displayName).orElse("une personne partie");
    }

    // --- reading ---------------------------------------------------------------------------------

    List<Space> spaces(Person who) {
        return spaces.reachable(who);
    }

    /**
     * The live children of a folder of a space (folder null: its root). In « Partagés avec moi », its root lists what is
     * shared with {@code who} (under the names it shows there) and a folder is any folder a share reaches; a folder of
     * another space is listed when a share reaches it.
     */
    List<Node> list(Person who, String spaceId, Long folder) throws SQLException {
        Space s = spaces.find(spaceId).orElseThrow(Space::notFound);
        if (s.kind() == Space.Kind.PARTAGE) {
            spaces.readable(who, spaceId);
            if (folder == null) {
                return shares.sharedWith(who).stream().map(x -> renamed(x.node(), x.name())).toList();
            }
            Node f = node(who, folder);
            if (!f.folder()) {
                throw notAFolder();
            }
            return store.children(f.space(), f.id());
        }
        if (!spaces.mayRead(who, s)) {
            if (folder == null) {
                throw Space.notFound();
            }
            Node f = node(who, folder);
            if (!f.space().equals(s.id())) {
                throw notFound();
            }
            if (!f.folder()) {
                throw notAFolder();
            }
            return store.children(s.id(), folder);
        }
        if (folder != null) {
            Node f = liveIn(s, folder);
            if (!f.folder()) {
                throw notAFolder();
            }
        }
        return store.children(s.id(), folder);
    }

    static Node renamed(Node n, String name) {
        return new Node(n.id(), n.space(), n.parentId(), name, n.folder(), n.size(), n.sha256(), n.blob(), n.mediaType(), n.etag(), n.ownerId(),
                n.createdAt(), n.updatedAt(), n.deletedAt(), n.trashed());
    }

    /** A live node {@code who} may read (through its space or a share), else 404. */
    Node node(Person who, long id) throws SQLException {
        Node n = store.node(id).filter(Node::live).orElseThrow(Files::notFound);
        if (shares.reach(who, n) == Shares.Reach.NONE) {
            throw notFound();
        }
        return n;
    }

    /**
     * Of these nodes, the live ones {@code who} reaches, each decided as {@link #node(Person, long)} decides (a search
     * page's second check): one query for the nodes, each space's rights once, the shares only where the space gives none.
     */
    Set<Long> reachable(Person who, Collection<Long> ids) throws SQLException {
        Set<Long> out = new HashSet<>();
        Map<String, Boolean> bySpace = new HashMap<>();
        for (Node n : store.nodes(ids)) {
            if (!n.live()) {
                continue;
            }
            Boolean space = bySpace.get(n.space());
            if (space == null) {
                Optional<Space> s = spaces.find(n.space());
                space = s.isPresent() && (spaces.mayWrite(who, s.get()) || spaces.mayRead(who, s.get()));
                bySpace.put(n.space(), space);
            }
            if (space || shares.viaShares(who, n, false) != Shares.Reach.NONE) {
                out.add(n.id());
            }
        }
        return out;
    }

    /** Where {@code who} finds a node: the folder to open ({@code folder} null: the space's root) and the file to show in it. */
    record Location(String space, Long folder, Long file) {
    }

    /**
     * Where {@code who} opens a node they reach (a search hit): a folder itself; a file in its folder when they reach that
     * folder (or at the root of a space they read), else at the root of their « Partagés avec moi » (a file shared alone).
     */
    Location location(Person who, long id) throws SQLException {
        Node n = node(who, id);
        if (n.folder()) {
            return new Location(n.space(), n.id(), null);
        }
        if (n.parentId() != null) {
            Optional<Node> parent = store.node(n.parentId()).filter(Node::live);
            if (parent.isPresent() && shares.reach(who, parent.get()) != Shares.Reach.NONE) {
                return new Location(n.space(), parent.get().id(), n.id());
            }
        } else if (spaces.find(n.space()).map(s -> spaces.mayRead(who, s)).orElse(false)) {
            return new Location(n.space(), null, n.id());
        }
        return new Location(Space.Kind.PARTAGE.prefix + ":" + who.id().value(), null, n.id());
    }

    /**
     * Whether {@code who} may change what is at a WebDAV location: the node when there is one (its space or a
     * read-write share), else the space (in « Partagés avec moi », the write that follows decides).
     */
    boolean mayWriteAt(Person who, Space s, Node n) throws SQLException {
        if (n != null) {
            return shares.reach(who, n) == Shares.Reach.WRITE;
        }
        return spaces.mayWrite(who, s) || s.kind() == Space.Kind.PARTAGE;
    }

    /** How far {@code who} reaches a live node (through its space or a share). */
    Shares.Reach reach(Person who, Node n) throws SQLException {
        return shares.reach(who, n);
    }

    /**
     * A node {@code who} may change (rename, move, put in the trash, overwrite): they write its space, or a read-write
     * share reaches it — of a folder above it, unless {@code itself} (overwriting a shared file's bytes); a share's own
     * node is its owner's to rename or delete.
     */
    private void requireWrite(Person who, Node n, boolean itself) throws SQLException {
        Space s = spaces.find(n.space()).orElseThrow(Files::notFound);
        if (spaces.mayWrite(who, s)) {
            return;
        }
        if (shares.viaShares(who, n, !itself) == Shares.Reach.WRITE) {
            return;
        }
        if (shares.viaShares(who, n, false) == Shares.Reach.WRITE) {
            throw new ProblemException(403, "shared-root", "« " + n.name() + " » vous est partagé : seul son propriétaire peut le renommer, le déplacer ou le supprimer.");
        }
        throw readOnly(n);
    }

    private static ProblemException readOnly(Node n) {
        return new ProblemException(403, "read-only-share", "« " + n.name() + " » vous est ouvert en lecture seulement : copiez-le dans vos documents pour le modifier.");
    }

    /** Where a new child goes: a (real) space, a folder of it, and the real name when the caller saw another one. */
    private record Place(Space space, Long folder, String name) {

        Place(Space space, Long folder) {
            this(space, folder, null);
        }
    }

    /**
     * The space and folder where {@code who} may create (or overwrite, by name) something: one they write, or a folder
     * a read-write share reaches; in « Partagés avec moi », inside a shared folder only (or, at its root, over a file
     * shared read-write, {@code name}).
     */
    private Place placeFor(Person who, String spaceId, Long folder, String name) throws SQLException {
        Space s = spaces.find(spaceId).orElseThrow(Space::notFound);
        if (s.kind() == Space.Kind.PARTAGE) {
            spaces.readable(who, spaceId);
            if (folder == null) {
                if (name != null) {
                    for (Shares.Shared x : shares.sharedWith(who)) {
                        if (x.name().equals(name) && !x.node().folder()) {
                            if (x.reach() != Shares.Reach.WRITE) {
                                throw readOnly(x.node());
                            }
                            return new Place(spaces.find(x.node().space()).orElseThrow(Files::notFound), x.node().parentId(), x.node().name());
                        }
                    }
                }
                throw new ProblemException(403, "read-only-space", "Rien ne se dépose à la racine de « " + Spaces.SHARED_LABEL
                        + " » : ouvrez un dossier qui vous est partagé en écriture.");
            }
            Node f = node(who, folder);
            if (!f.folder()) {
                throw notAFolder();
            }
            if (shares.reach(who, f) != Shares.Reach.WRITE) {
                throw readOnly(f);
            }
            return new Place(spaces.find(f.space()).orElseThrow(Files::notFound), f.id());
        }
        if (spaces.mayWrite(who, s)) {
            return new Place(s, folder);
        }
        if (folder != null) {
            Node f = node(who, folder);
            if (f.space().equals(s.id())) {
                if (shares.reach(who, f) == Shares.Reach.WRITE) {
                    return new Place(s, folder);
                }
                throw readOnly(f);
            }
        }
        return new Place(spaces.writable(who, spaceId), folder);
    }

    /** The node at a path of a space (empty path: the root, answered as empty), for WebDAV. */
    Optional<Node> resolve(Person who, String spaceId, List<String> path) throws SQLException {
        Space s = spaces.readable(who, spaceId);
        Node at = null;
        List<String> rest = path;
        if (s.kind() == Space.Kind.PARTAGE) {
            if (path.isEmpty()) {
                return Optional.empty();
            }
            Optional<Shares.Shared> top = shares.sharedWith(who).stream().filter(x -> x.name().equals(path.get(0))).findFirst();
            if (top.isEmpty()) {
                return Optional.empty();
            }
            at = renamed(top.get().node(), top.get().name());
            rest = path.subList(1, path.size());
        }
        try (Connection c = store.connection()) {
            for (String segment : rest) {
                if (at != null && !at.folder()) {
                    return Optional.empty();
                }
                Optional<Node> next = store.child(c, at == null ? s.id() : at.space(), at == null ? null : at.id(), segment);
                if (next.isEmpty()) {
                    return Optional.empty();
                }
                at = next.get();
            }
        }
        return Optional.ofNullable(at);
    }

    /** At most this many bytes in one folder's zip (the sum of its files). */
    static final long MAX_ZIP_BYTES = 4L * 1024 * 1024 * 1024;

    /**
     * The entries of a folder's zip: every live file below it, under its path from the folder (« Cours/Fractions.pdf »),
     * empty folders left out; a folder too big or holding too many files is refused before a byte is written.
     */
    List<ZipWriter.Entry> folderZip(Person who, long id) throws SQLException {
        Node folder = node(who, id);
        if (!folder.folder()) {
            throw new ProblemException(409, "not-a-folder", "Ce n'est pas un dossier : téléchargez le fichier lui-même.");
        }
        List<ZipWriter.Entry> out = new ArrayList<>();
        long total = 0;
        try (Connection c = store.connection()) {
            List<Map.Entry<String, Node>> level = List.of(Map.entry(folder.name(), folder));
            while (!level.isEmpty()) {
                List<Map.Entry<String, Node>> next = new ArrayList<>();
                for (Map.Entry<String, Node> at : level) {
                    for (Node child : store.children(c, at.getValue().space(), at.getValue().id(), true)) {
                        String path = at.getKey() + "/" + child.name();
                        if (child.folder()) {
                            next.add(Map.entry(path, child));
                        } else {
                            total += child.size();
                            out.add(new ZipWriter.Entry(path, blobs.file(child.blob()), child.updatedAt()));
                        }
                        if (out.size() > ZipWriter.MAX_ENTRIES || total > MAX_ZIP_BYTES) {
                            throw new ProblemException(413, "zip-too-large", "Ce dossier est trop gros pour un seul zip (" + ZipWriter.MAX_ENTRIES
                                    + " fichiers ou " + Quotas.human(MAX_ZIP_BYTES) + " au plus) : téléchargez ses sous-dossiers un par un.");
                        }
                    }
                }
                level = next;
            }
        }
        return out;
    }

    /** The folders from the root of the space down to {@code n} (excluded). */
    List<Node> ancestors(Node n) throws SQLException {
        List<Node> out = new ArrayList<>();
        Long p = n.parentId();
        while (p != null) {
            Node parent = store.node(p).orElseThrow(Files::notFound);
            out.add(0, parent);
            p = parent.parentId();
        }
        return out;
    }

    /** The file holding a file node's bytes. */
    Path content(Node n) {
        if (n.folder()) {
            throw new ProblemException(409, "is-a-folder", "C'est un dossier : ouvrez-le ou téléchargez ses fichiers un par un.");
        }
        return blobs.file(n.blob());
    }

    /** How much of a space is used (trash included) and its limit. */
    record Usage(long used, long trash, long limit) {
    }

    Usage usage(Person who, String spaceId) throws SQLException {
        Space s = spaces.readable(who, spaceId);
        if (s.kind() == Space.Kind.PARTAGE) {
            return new Usage(0, 0, 0);
        }
        return new Usage(store.used(s.id()), store.trashBytes(s.id()), limit(s));
    }

    long limit(Space s) {
        if (s.kind() == Space.Kind.GROUPE_TRAVAIL) {
            // a groupe de travail shares its creator's personal quota (FilesStore#used counts it there)
            Optional<Person> creator = workGroups.group(s).flatMap(g -> directoryPerson(g.creatorId()));
            return creator.map(quotas::personalOf).orElse(0L);
        }
        Person owner = s.kind() == Space.Kind.PERSO ? directoryPerson(s.key()).orElse(null) : null;
        return quotas.limit(s, owner);
    }

    // --- writing ---------------------------------------------------------------------------------

    Node mkdir(Person who, String spaceId, Long folder, String rawName) throws SQLException {
        Place place = placeFor(who, spaceId, folder, null);
        Space s = place.space();
        Long parent = place.folder();
        String name = Names.check(rawName);
        return store.write(c -> {
            requireFolder(c, s, parent);
            if (store.child(c, s.id(), parent, name).isPresent()) {
                throw nameTaken(name);
            }
            Instant now = clock.instant();
            Node n = new Node(0, s.id(), parent, name, true, 0, null, null, null, etag(), who.id().value(), now, now, null, false);
            return withId(n, store.insert(c, n));
        });
    }

    /** Where a file goes (the real space, folder and name) and the room it has there: its space's limit and what is free. */
    record Target(Space space, Long folder, String name, long limit, long free) {
    }

    /**
     * Where {@code who} may write a file named {@code rawName} (a new one, or with {@code replace} new bytes for the file of
     * that name) and how many bytes it may have: what the space has free, plus what overwriting gives back.
     */
    Target target(Person who, String spaceId, Long folder, String rawName, boolean replace) throws SQLException {
        String asked = Names.check(rawName);
        Place place = placeFor(who, spaceId, folder, replace ? asked : null);
        Space s = place.space();
        Long parent = place.folder();
        String name = place.name() != null ? place.name() : asked;
        long limit = limit(s);
        store.ensureCounted(s.id());
        try (Connection c = store.connection()) {
            requireFolder(c, s, parent);
            Optional<Node> existing = store.child(c, s.id(), parent, name);
            long used = store.used(c, s.id());
            if (existing.isPresent() && (!replace || existing.get().folder())) {
                throw nameTaken(name);
            }
            long reclaimed = existing.isPresent() ? reclaimedBy(c, existing.get()) : 0;
            return new Target(s, parent, name, limit, limit - used + reclaimed);
        }
    }

    /** The outcome of an upload: the node and whether it was created (else its bytes were replaced). */
    record Upload(Node node, boolean created) {
    }

    /**
     * Writes a file: a new one, or (when {@code replace}) new bytes for the file of that name.
     *
     * @param declared the length the client announced (Content-Length), or -1
     */
    Upload upload(Person who, String spaceId, Long folder, String rawName, String type, long declared, InputStream body, boolean replace)
            throws SQLException, IOException {
        Target target = target(who, spaceId, folder, rawName, replace);
        Space s = target.space();
        Long parent = target.folder();
        String name = target.name();
        long limit = target.limit();
        long free = target.free();
        if (declared > quotas.maxFile()) {
            throw quotas.fileTooLarge();
        }
        if (declared > free) {
            throw Quotas.quotaExceeded(declared, free);
        }
        Blobs.Stored stored = receive(who, s.id(), name, body, free);
        String mediaType = Sniffer.type(stored.head(), name, type);
        List<String> dropped = new ArrayList<>();
        try {
            Upload done = store.write(c -> {
                dropped.clear();
                requireFolder(c, s, parent);
                Optional<Node> now = store.child(c, s.id(), parent, name);
                if (replace && now.isPresent() && !now.get().folder()) {
                    // two overwrites of one file at once: the second waits here, then reads what the first wrote
                    store.lockNode(c, now.get().id());
                    now = store.child(c, s.id(), parent, name);
                }
                long room = limit - store.used(c, s.id()) + (now.isPresent() && !now.get().folder() ? reclaimedBy(c, now.get()) : 0);
                if (stored.size() > room) {
                    throw Quotas.quotaExceeded(stored.size(), room);
                }
                Instant at = clock.instant();
                if (now.isPresent()) {
                    if (!replace || now.get().folder()) {
                        throw nameTaken(name);
                    }
                    Node old = now.get();
                    dropped.addAll(keepVersion(c, old, who, at));
                    store.updateContent(c, old.id(), stored.size(), stored.sha256(), stored.blob(), mediaType, etag(), at);
                    return new Upload(store.node(c, old.id()).orElseThrow(), false);
                }
                Node n = new Node(0, s.id(), parent, name, false, stored.size(), stored.sha256(), stored.blob(), mediaType, etag(),
                        who.id().value(), at, at, null, false);
                return new Upload(withId(n, store.insert(c, n)), true);
            });
            dropped.forEach(blobs::delete);
            return done;
        } catch (SQLException | RuntimeException e) {
            blobs.delete(stored.blob());
            throw e;
        }
    }

    /**
     * Writes uploaded bytes to a new blob, bounded by the largest file and {@code free}, scanned by the antivirus before
     * they are moved into place. An infected file is audited ({@code files.infected}: where, the name, the virus — never
     * the bytes) and refused; nothing is kept.
     *
     * @param where the space or drop box the bytes were sent to
     */
    Blobs.Stored receive(Person who, String where, String name, InputStream body, long free) throws IOException {
        long bound = Math.min(quotas.maxFile(), Math.max(0, free));
        try {
            return blobs.save(body, bound, size -> size > quotas.maxFile() ? quotas.fileTooLarge() : Quotas.quotaExceeded(size, free),
                    antivirus::check);
        } catch (Antivirus.Infected e) {
            audit.accept(new AuditEvent("files.infected", who.id(), where, null, false, Map.of("name", name, "virus", e.virus())));
            LOG.warn("Upload refused: clamd found {} in a file sent to {}", e.virus(), where);
            throw e;
        }
    }

    // --- versions ----------------------------------------------------------------------------------------

    /** What overwriting {@code old} frees: its bytes when no earlier content is kept, else the versions dropped to keep N. */
    private long reclaimedBy(Connection c, Node old) throws SQLException {
        int keep = versionsKeep;
        if (keep <= 0) {
            // no version kept any more: those kept before go too
            return old.size() + store.versionBytes(c, old.id());
        }
        if (old.size() == 0 || old.blob() == null) {
            return old.size();
        }
        List<FilesStore.Version> vs = store.versions(c, old.id());
        long freed = 0;
        for (int i = keep - 1; i < vs.size(); i++) {
            freed += vs.get(i).size();
        }
        return freed;
    }

    /**
     * Keeps the content of {@code old} as its newest version (an empty one is not worth keeping) and drops the oldest
     * beyond {@link #versionsKeep}; the blobs no longer used, to delete once committed.
     */
    private List<String> keepVersion(Connection c, Node old, Person who, Instant at) throws SQLException {
        List<String> gone = new ArrayList<>();
        int keep = versionsKeep;
        if (keep <= 0) {
            // versions turned off (versions.keep = 0): those kept before go at the file's next write
            for (FilesStore.Version v : store.versions(c, old.id())) {
                store.deleteVersion(c, v.id());
                gone.add(v.blob());
            }
        }
        if (keep <= 0 || old.size() == 0 || old.blob() == null) {
            if (old.blob() != null) {
                gone.add(old.blob());
            }
            return gone;
        }
        store.insertVersion(c, old, at, who.id().value());
        List<FilesStore.Version> vs = store.versions(c, old.id());
        for (int i = keep; i < vs.size(); i++) {
            store.deleteVersion(c, vs.get(i).id());
            gone.add(vs.get(i).blob());
        }
        return gone;
    }

    /** The earlier contents of a file {@code who} reads, newest first. */
    List<FilesStore.Version> versions(Person who, long id) throws SQLException {
        Node n = node(who, id);
        return n.folder() ? List.of() : store.versions(n.id());
    }

    /** The bytes of an earlier content of a file {@code who} reads. */
    Path versionContent(Person who, long id, long version) throws SQLException {
        Node n = node(who, id);
        return store.versions(n.id()).stream().filter(v -> v.id() == version).findFirst().map(v -> blobs.file(v.blob()))
                .orElseThrow(Files::versionNotFound);
    }

    /**
     * Makes an earlier content the file's content again; the current one becomes the newest version (nothing is lost).
     * Refused when the space would go over its quota.
     */
    Node restoreVersion(Person who, long id, long version) throws SQLException {
        Node n = node(who, id);
        if (n.folder()) {
            throw new ProblemException(409, "is-a-folder", "Un dossier n'a pas de versions.");
        }
        requireWrite(who, n, true);
        Space s = spaces.find(n.space()).orElseThrow(Files::notFound);
        long limit = limit(s);
        List<String> dropped = new ArrayList<>();
        Node done = store.write(c -> {
            dropped.clear();
            Node current = store.node(c, id).filter(Node::live).orElseThrow(Files::notFound);
            FilesStore.Version v = store.versions(c, id).stream().filter(x -> x.id() == version).findFirst().orElseThrow(Files::versionNotFound);
            long before = store.used(c, s.id());
            Instant at = clock.instant();
            store.deleteVersion(c, v.id());
            dropped.addAll(keepVersion(c, current, who, at));
            store.updateContent(c, id, v.size(), v.sha256(), v.blob(), v.mediaType(), etag(), at);
            long after = store.used(c, s.id());
            if (after > limit && after > before) {
                throw Quotas.quotaExceeded(after - before, limit - before);
            }
            return store.node(c, id).orElseThrow();
        });
        dropped.forEach(blobs::delete);
        return done;
    }

    static ProblemException versionNotFound() {
        return new ProblemException(404, "version-not-found", "Cette version n'existe pas (ou plus).");
    }

    Node rename(Person who, long id, String rawName) throws SQLException {
        Node n = node(who, id);
        return move(who, id, n.space(), n.parentId(), rawName, false);
    }

    /**
     * Moves (and/or renames) a node to a folder of a space ({@code folder} null: its root). With
     * {@code overwrite}, a node already of that name goes to the trash first; else 409.
     */
    Node move(Person who, long id, String targetSpace, Long folder, String rawName, boolean overwrite) throws SQLException {
        Node n = node(who, id);
        requireWrite(who, n, false);
        Space from = spaces.find(n.space()).orElseThrow(Files::notFound);
        Place place = placeFor(who, targetSpace == null ? from.id() : targetSpace, folder, null);
        Space to = place.space().id().equals(from.id()) ? from : place.space();
        Long target = place.folder();
        String name = rawName == null ? n.name() : Names.check(rawName);
        long limit = to == from ? 0 : limit(to);
        return store.write(c -> {
            Node current = store.node(c, id).filter(Node::live).orElseThrow(Files::notFound);
            requireFolder(c, to, target);
            requireNotInside(c, current, to, target);
            Optional<Node> clash = store.child(c, to.id(), target, name);
            if (clash.isPresent() && clash.get().id() != current.id()) {
                if (!overwrite) {
                    throw nameTaken(name);
                }
                trash(c, clash.get(), who);
            }
            List<Node> below = current.folder() ? store.descendants(c, current) : List.of();
            if (to != from) {
                // what moves: the bytes of the node and all below it, and their earlier contents (versions count in a quota)
                long size = current.size() + store.versionBytes(c, current.id());
                for (Node d : below) {
                    size += d.size() + store.versionBytes(c, d.id());
                }
                long room = limit - store.used(c, to.id());
                if (size > room) {
                    throw Quotas.quotaExceeded(size, room);
                }
                for (Node d : below) {
                    store.setSpace(c, d.id(), to.id());
                }
            }
            store.place(c, current.id(), to.id(), target, name, etag(), clock.instant());
            return store.node(c, current.id()).orElseThrow();
        });
    }

    /** Copies a node (a folder with what it holds) to a folder of a space, under {@code rawName} (null: the same name). */
    Node copy(Person who, long id, String targetSpace, Long folder, String rawName, boolean overwrite) throws SQLException, IOException {
        return copy(who, id, targetSpace, folder, rawName, overwrite, true);
    }

    /** Like {@link #copy(Person, long, String, Long, String, boolean)}; a folder without what it holds unless {@code deep}. */
    Node copy(Person who, long id, String targetSpace, Long folder, String rawName, boolean overwrite, boolean deep)
            throws SQLException, IOException {
        Node n = node(who, id);
        Place place = placeFor(who, targetSpace == null ? n.space() : targetSpace, folder, null);
        Space to = place.space();
        Long target = place.folder();
        String name = rawName == null ? n.name() : Names.check(rawName);
        List<String> written = new ArrayList<>();
        try {
            return store.write(c -> {
                written.clear();
                Node current = store.node(c, id).filter(Node::live).orElseThrow(Files::notFound);
                requireFolder(c, to, target);
                requireNotInside(c, current, to, target);
                Optional<Node> clash = store.child(c, to.id(), target, name);
                if (clash.isPresent()) {
                    if (!overwrite || clash.get().id() == current.id()) {
                        throw nameTaken(name);
                    }
                    trash(c, clash.get(), who);
                }
                long size = current.size() + (current.folder() && deep
                        ? store.descendants(c, current).stream().filter(Node::live).mapToLong(Node::size).sum() : 0);
                long room = limit(to) - store.used(c, to.id());
                if (size > room) {
                    throw Quotas.quotaExceeded(size, room);
                }
                return copyTree(c, current, to, target, name, who, written, deep);
            });
        } catch (SQLException | RuntimeException e) {
            written.forEach(blobs::delete);
            throw e;
        }
    }

    private Node copyTree(Connection c, Node source, Space to, Long folder, String name, Person who, List<String> written, boolean deep)
            throws SQLException {
        Instant at = clock.instant();
        Blobs.Stored stored = null;
        if (!source.folder()) {
            try {
                stored = blobs.copy(source.blob(), Long.MAX_VALUE, size -> new IllegalStateException());
            } catch (IOException e) {
                throw new SQLException("copy of a blob failed", e);
            }
            written.add(stored.blob());
        }
        Node n = new Node(0, to.id(), folder, name, source.folder(), stored == null ? 0 : stored.size(),
                stored == null ? null : stored.sha256(), stored == null ? null : stored.blob(), source.mediaType(), etag(),
                who.id().value(), at, at, null, false);
        Node copy = withId(n, store.insert(c, n));
        store.copyProperties(c, source.id(), copy.id());
        if (source.folder() && deep) {
            for (Node child : store.children(c, source.space(), source.id(), true)) {
                copyTree(c, child, to, copy.id(), child.name(), who, written, true);
            }
        }
        return copy;
    }

    /** Puts a node (a folder with what it holds) in the trash of its space. */
    void delete(Person who, long id) throws SQLException {
        Node n = node(who, id);
        requireWrite(who, n, false);
        store.run(c -> {
            Node current = store.node(c, id).filter(Node::live).orElseThrow(Files::notFound);
            trash(c, current, who);
        });
    }

    private void trash(Connection c, Node n, Person who) throws SQLException {
        Instant at = clock.instant();
        store.setDeleted(c, n.id(), at, who.id().value(), true);
        if (n.folder()) {
            for (Node d : store.descendants(c, n)) {
                if (d.live()) {
                    store.setDeleted(c, d.id(), at, who.id().value(), false);
                }
            }
        }
    }

    /** What is in the trash of a space. */
    List<Node> trash(Person who, String spaceId) throws SQLException {
        Space s = spaces.writable(who, spaceId);
        return store.trash(s.id());
    }

    /**
     * Takes a node out of the trash: back in its folder when that folder is still in place, else at the
     * root of the space; renamed "nom (2)" when its name was taken meanwhile.
     */
    Node restore(Person who, long id) throws SQLException {
        Node n = store.node(id).filter(x -> x.trashed()).orElseThrow(Files::notFound);
        Space s = spaces.writable(who, n.space());
        return store.write(c -> {
            Node current = store.node(c, id).filter(Node::trashed).orElseThrow(Files::notFound);
            Long parent = current.parentId();
            if (parent != null && store.node(c, parent).filter(Node::live).isEmpty()) {
                parent = null;
            }
            Long where = parent;
            String name = Names.free(current.name(), candidate -> {
                try {
                    return store.child(c, s.id(), where, candidate).isPresent();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            if (current.folder()) {
                for (Node d : store.descendants(c, current)) {
                    if (!d.trashed() && current.deletedAt().equals(d.deletedAt())) {
                        store.setDeleted(c, d.id(), null, null, false);
                    }
                }
            }
            store.setDeleted(c, current.id(), null, null, false);
            store.place(c, current.id(), s.id(), where, name, etag(), clock.instant());
            return store.node(c, current.id()).orElseThrow();
        });
    }

    /** Deletes for good something of the trash (and what it holds). */
    void purge(Person who, long id) throws SQLException {
        Node n = store.node(id).filter(Node::trashed).orElseThrow(Files::notFound);
        spaces.writable(who, n.space());
        purge(n);
    }

    private void purge(Node n) throws SQLException {
        List<String> gone = store.write(c -> {
            List<String> blobsOf = new ArrayList<>();
            // what went to the trash on its own before (trashed) keeps its own 30 days, and is restored at the root
            List<Node> all = new ArrayList<>();
            List<Node> level = List.of(n);
            while (!level.isEmpty()) {
                List<Node> next = new ArrayList<>();
                for (Node x : level) {
                    if (x.folder()) {
                        for (Node child : store.children(c, x.space(), x.id(), false)) {
                            if (!child.trashed()) {
                                next.add(child);
                            }
                        }
                    }
                }
                all.addAll(next);
                level = next;
            }
            java.util.Collections.reverse(all);
            all.add(n);
            for (Node d : all) {
                for (FilesStore.Version v : store.versions(c, d.id())) {
                    blobsOf.add(v.blob());
                }
                store.delete(c, d.id());
                if (d.blob() != null) {
                    blobsOf.add(d.blob());
                }
            }
            return blobsOf;
        });
        gone.forEach(blobs::delete);
    }

    /** Purges what has been in the trash for {@link #TRASH_DAYS} days; the count purged. */
    int sweep() throws SQLException {
        int count = 0;
        Instant before = clock.instant().minus(TRASH_DAYS);
        for (List<Node> batch; !(batch = store.trashedBefore(before, 100)).isEmpty();) {
            for (Node n : batch) {
                purge(n);
                count++;
            }
        }
        return count;
    }

    // --- dead properties (WebDAV) ----------------------------------------------------------------

    Map<List<String>, String> properties(Node n) throws SQLException {
        return store.properties(n.id());
    }

    /** Sets ({@code value} non-null) or removes properties of a node, all or none. */
    void patchProperties(Person who, Node n, List<String[]> changes) throws SQLException {
        if (shares.reach(who, n) != Shares.Reach.WRITE) {
            throw readOnly(n);
        }
        store.run(c -> {
            for (String[] ch : changes) {
                store.setProperty(c, n.id(), ch[0], ch[1], ch[2]);
            }
        });
    }

    // --- application passwords (WebDAV) -----------------------------------------------------------------

    /** A new application password: its row and the secret, shown once and never kept. */
    record NewAppPassword(FilesStore.AppPassword row, String secret) {
    }

    static final int MAX_APP_PASSWORDS = 20;

    NewAppPassword createAppPassword(Person who, String rawLabel) throws SQLException {
        spaces.readable(who, "perso:" + who.id().value());
        String label = rawLabel == null ? "" : rawLabel.strip();
        if (label.isEmpty() || label.length() > 100) {
            throw new ProblemException(400, "invalid-label", "Nommez ce mot de passe d'application (100 caractères au plus), par exemple « Ordinateur de la maison ».");
        }
        if (store.appPasswords(who.id().value()).size() >= MAX_APP_PASSWORDS) {
            throw new ProblemException(409, "too-many-app-passwords", "Vous avez déjà " + MAX_APP_PASSWORDS
                    + " mots de passe d'application : révoquez ceux qui ne servent plus.");
        }
        String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        StringBuilder secret = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            if (i > 0 && i % 4 == 0) {
                secret.append('-');
            }
            secret.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        Instant at = clock.instant();
        long id = store.insertAppPassword(who.id().value(), label, sha256(secret.toString()), at);
        return new NewAppPassword(new FilesStore.AppPassword(id, who.id().value(), label, at, null), secret.toString());
    }

    List<FilesStore.AppPassword> appPasswords(Person who) throws SQLException {
        return store.appPasswords(who.id().value());
    }

    void revokeAppPassword(Person who, long id) throws SQLException {
        if (!store.deleteAppPassword(who.id().value(), id)) {
            throw new ProblemException(404, "app-password-not-found", "Ce mot de passe d'application n'existe pas (ou plus).");
        }
    }

    /** The person an application password belongs to, when it is one of {@code login}'s. */
    Optional<Person> appPasswordPerson(String login, String secret) throws SQLException {
        if (secret == null || secret.length() != 29) {
            return Optional.empty();
        }
        Optional<String> owner = store.appPasswordOwner(sha256(secret), clock.instant());
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        return directory.findByLogin(login).filter(p -> p.id().value().equals(owner.get()));
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    private Node liveIn(Space s, long id) throws SQLException {
        return store.node(id).filter(Node::live).filter(n -> n.space().equals(s.id())).orElseThrow(Files::notFound);
    }

    private void requireFolder(Connection c, Space s, Long folder) throws SQLException {
        if (folder == null) {
            return;
        }
        Node f = store.node(c, folder).filter(Node::live).filter(n -> n.space().equals(s.id())).orElseThrow(Files::notFound);
        if (!f.folder()) {
            throw notAFolder();
        }
    }

    private void requireNotInside(Connection c, Node moved, Space to, Long folder) throws SQLException {
        if (!moved.folder() || !moved.space().equals(to.id())) {
            return;
        }
        for (Long p = folder; p != null;) {
            if (p == moved.id()) {
                throw new ProblemException(409, "into-itself", "Un dossier ne peut pas aller dans lui-même ni dans l'un de ses sous-dossiers.");
            }
            p = store.node(c, p).map(Node::parentId).orElse(null);
        }
    }

    private static Node withId(Node n, long id) {
        return new Node(id, n.space(), n.parentId(), n.name(), n.folder(), n.size(), n.sha256(), n.blob(), n.mediaType(), n.etag(),
                n.ownerId(), n.createdAt(), n.updatedAt(), n.deletedAt(), n.trashed());
    }

    static String etag() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static ProblemException notFound() {
        return new ProblemException(404, "file-not-found", "Ce fichier ou ce dossier n'existe pas (ou plus), ou ne vous est pas ouvert.");
    }

    static ProblemException notAFolder() {
        return new ProblemException(409, "not-a-folder", "Ce n'est pas un dossier.");
    }

    static ProblemException nameTaken(String name) {
        return new ProblemException(409, "name-taken", "« " + name + " » existe déjà dans ce dossier : choisissez un autre nom.");
    }
}
