package fr.preau.files.internal;

import fr.preau.access.AccessService;
import fr.preau.access.Target;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.audit.AuditEvent;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.files.internal.FilesStore.DropBox;
import fr.preau.files.internal.FilesStore.HandIn;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Boîtes de dépôt: a teacher opens one for a class or groupe they teach ({@code files:dropbox-open}, related only),
 * with a title, instructions, a deadline and optionally a devoir of the cahier de textes; each pupil of it
 * ({@code files:dropbox-handin}, related only) hands files in and sees only their own; a hand-in after the deadline is
 * marked late (the box's clock); the teacher sees who handed in, downloads everything as one zip (a folder
 * « Nom Prénom » per pupil) and returns a corrected file to each pupil.
 * <p>
 * Quota: a hand-in counts against the pupil's personal quota (it is their work, and 30 pupils cannot fill their
 * teacher's space), a corrected file against the teacher's; both show in « Mes documents »' gauge. Anything that is not
 * visible to the caller answers 404, whether it exists is not told.
 */
final class DropBoxes {

    static final int MAX_TITLE = 200;
    static final int MAX_INSTRUCTIONS = 4000;

    private final Files files;
    private final FilesStore store;
    private final Blobs blobs;
    private final AccessService access;
    private final DirectoryService directory;
    private final Clock clock;
    private final Consumer<AuditEvent> audit;

    DropBoxes(Files files, FilesStore store, Blobs blobs, AccessService access, DirectoryService directory, Clock clock,
            Consumer<AuditEvent> audit) {
        this.files = files;
        this.store = store;
        this.blobs = blobs;
        this.access = access;
        this.directory = directory;
        this.clock = clock;
        this.audit = audit;
    }

    // --- opening and seeing ------------------------------------------------------------------------------

    /** The classes and groupes where {@code who} may open a drop box. */
    List<Division> divisionsToOpen(Person who) {
        List<Division> out = new ArrayList<>();
        if (!who.has(Profile.ENSEIGNANT)) {
            return out;
        }
        for (Division d : directory.divisionsOf(who.id())) {
            if (access.decideOn(who, FilesModule.DROPBOX_OPEN, Target.division(d.uai(), d.id())).allowed()) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * Opens a drop box.
     *
     * @param devoirId a devoir of the cahier de textes for the same class or groupe, or null
     */
    DropBox open(Person teacher, String divisionId, String rawTitle, String rawInstructions, Instant deadline, Long devoirId, String address) {
        Division d = (divisionId == null ? Optional.<Division>empty() : directory.division(divisionId))
                .orElseThrow(() -> new ProblemException(400, "dropbox-unknown-class", "Choisissez une classe ou un groupe que vous avez."));
        access.requireOn(teacher, FilesModule.DROPBOX_OPEN, Target.division(d.uai(), d.id()));
        String title = rawTitle == null ? "" : rawTitle.strip();
        if (title.isEmpty() || title.length() > MAX_TITLE) {
            throw new ProblemException(400, "dropbox-title", "Donnez un titre à la boîte de dépôt (" + MAX_TITLE + " caractères au plus), par exemple « Rédaction : mon quartier ».");
        }
        String instructions = rawInstructions == null || rawInstructions.isBlank() ? null : rawInstructions.strip();
        if (instructions != null && instructions.length() > MAX_INSTRUCTIONS) {
            throw new ProblemException(400, "dropbox-instructions", "Les consignes sont trop longues (" + MAX_INSTRUCTIONS + " caractères au plus).");
        }
        if (deadline == null) {
            throw new ProblemException(400, "dropbox-deadline", "Indiquez la date et l'heure limites de dépôt.");
        }
        if (!deadline.isAfter(clock.instant())) {
            throw new ProblemException(400, "dropbox-deadline-past", "La date limite est déjà passée : choisissez une date à venir.");
        }
        if (devoirId != null) {
            DevoirLookup cahier = files.cahier();
            if (cahier == null) {
                throw new ProblemException(400, "devoir-unavailable", "Le cahier de textes n'est pas installé : la boîte ne peut pas être liée à un devoir.");
            }
            DevoirLookup.LinkedDevoir devoir = cahier.devoir(devoirId).filter(x -> x.divisionId().equals(d.id()))
                    .orElseThrow(() -> new ProblemException(400, "devoir-not-found", "Ce devoir n'existe pas dans le cahier de textes de cette classe (ou n'est pas à rendre)."));
            devoirId = devoir.id();
        }
        Instant now = clock.instant();
        DropBox box = new DropBox(0, d.id(), teacher.id().value(), title, instructions, deadline, devoirId, now);
        long id;
        try {
            id = store.insertDropBox(box);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        audit.accept(new AuditEvent("files.dropbox.open", teacher.id(), d.id(), address, true,
                Map.of("dropbox", Long.toString(id), "deadline", deadline.toString())));
        return new DropBox(id, box.divisionId(), box.teacherId(), box.title(), box.instructions(), box.deadline(), box.devoirId(), box.createdAt());
    }

    /** The drop boxes {@code who} sees: those they opened (a teacher) and those of their classes and groupes (a pupil). */
    List<DropBox> visible(Person who) throws SQLException {
        Map<Long, DropBox> out = new LinkedHashMap<>();
        if (who.has(Profile.ENSEIGNANT)) {
            store.dropBoxesOf(who.id().value()).forEach(b -> out.put(b.id(), b));
        }
        if (who.has(Profile.ELEVE)) {
            List<String> mine = new ArrayList<>();
            for (Division d : directory.divisionsOf(who.id())) {
                if (access.decideOn(who, FilesModule.DROPBOX_HANDIN, Target.division(d.uai(), d.id())).allowed()) {
                    mine.add(d.id());
                }
            }
            store.dropBoxesFor(mine).forEach(b -> out.putIfAbsent(b.id(), b));
        }
        List<DropBox> list = new ArrayList<>(out.values());
        list.sort(Comparator.comparing(DropBox::deadline).reversed().thenComparing(Comparator.comparingLong(DropBox::id).reversed()));
        return list;
    }

    /** Whether {@code who} is the teacher of that box (they opened it). */
    static boolean isTeacher(Person who, DropBox b) {
        return b.teacherId().equals(who.id().value());
    }

    /** Whether {@code who} is a pupil who hands in to that box (of its class or groupe). */
    boolean isPupil(Person who, DropBox b) {
        if (!who.has(Profile.ELEVE)) {
            return false;
        }
        Optional<Division> d = directory.division(b.divisionId());
        return d.isPresent() && access.decideOn(who, FilesModule.DROPBOX_HANDIN, Target.division(d.get().uai(), d.get().id())).allowed();
    }

    /** A box its teacher or one of its pupils sees; else 404. */
    DropBox box(Person who, long id) throws SQLException {
        DropBox b = store.dropBox(id).orElseThrow(DropBoxes::notFound);
        if (!isTeacher(who, b) && !isPupil(who, b)) {
            throw notFound();
        }
        return b;
    }

    private DropBox asTeacher(Person who, long id) throws SQLException {
        DropBox b = box(who, id);
        if (!isTeacher(who, b)) {
            throw notFound();
        }
        return b;
    }

    private DropBox asPupil(Person who, long id) throws SQLException {
        DropBox b = box(who, id);
        if (!isPupil(who, b)) {
            throw new ProblemException(403, "dropbox-pupils-only", "Seuls les élèves de la classe déposent dans cette boîte : vous y déposez les corrigés.");
        }
        return b;
    }

    /** The files of a box {@code who} may see: all of them for its teacher, their own (hand-ins and corrected files) for a pupil. */
    List<HandIn> filesOf(Person who, DropBox b) throws SQLException {
        return store.handIns(b.id(), isTeacher(who, b) ? null : who.id().value());
    }

    /** The pupils of a box's class or groupe, by name (for its teacher). */
    List<Person> pupils(DropBox b) {
        List<Person> out = new ArrayList<>(directory.pupilsOf(b.divisionId()));
        out.sort(Comparator.comparing(this::sortName));
        return out;
    }

    /** « Nom Prénom », as the zip's folders and the teacher's list show a pupil. */
    String sortName(Person p) {
        return directory.nameOf(p.id()).map(n -> n.first().isEmpty() ? n.last() : n.last() + " " + n.first()).orElse(p.displayName());
    }

    String sortName(String personId) {
        return directory.find(new PersonId(personId)).map(this::sortName).orElse("Élève " + personId);
    }

    // --- handing in, returning ------------------------------------------------------------------------------

    /** A pupil hands a file in (a file of the same name is replaced); late when after the deadline. */
    HandIn handIn(Person pupil, long boxId, String rawName, String type, long declared, InputStream body) throws SQLException, IOException {
        DropBox b = asPupil(pupil, boxId);
        return store(b, pupil.id().value(), pupil, HandIn.RENDU, rawName, type, declared, body);
    }

    /** The teacher returns a corrected file to a pupil of the box (a corrected file of the same name is replaced). */
    HandIn returnCorrected(Person teacher, long boxId, String pupilId, String rawName, String type, long declared, InputStream body, String address)
            throws SQLException, IOException {
        DropBox b = asTeacher(teacher, boxId);
        boolean known = pupils(b).stream().anyMatch(p -> p.id().value().equals(pupilId))
                || store.handIns(b.id(), pupilId).stream().anyMatch(h -> HandIn.RENDU.equals(h.kind()));
        if (pupilId == null || !known) {
            throw new ProblemException(404, "pupil-not-found", "Cet élève n'est pas (ou plus) dans cette classe.");
        }
        HandIn h = store(b, pupilId, teacher, HandIn.CORRIGE, rawName, type, declared, body);
        audit.accept(new AuditEvent("files.dropbox.return", teacher.id(), pupilId, address, true,
                Map.of("dropbox", Long.toString(b.id()), "file", h.name())));
        return h;
    }

    private HandIn store(DropBox b, String pupilId, Person payer, String kind, String rawName, String type, long declared, InputStream body)
            throws SQLException, IOException {
        String name = Names.check(rawName);
        Space own = files.spaces().find("perso:" + payer.id().value()).orElseThrow(Space::notFound);
        long limit = files.limit(own);
        Optional<HandIn> existing;
        long used;
        try (Connection c = store.connection()) {
            existing = store.handIn(c, b.id(), pupilId, kind, name);
            used = store.used(c, own.id());
        }
        long free = limit - used + existing.map(HandIn::size).orElse(0L);
        Quotas quotas = files.limits();
        if (declared > quotas.maxFile()) {
            throw quotas.fileTooLarge();
        }
        if (declared > free) {
            throw Quotas.quotaExceeded(declared, free);
        }
        Blobs.Stored stored = files.receive(payer, "depot:" + b.id(), name, body, free);
        String mediaType = Sniffer.type(stored.head(), name, type);
        try {
            HandIn[] replaced = new HandIn[1];
            HandIn done = store.write(c -> {
                Optional<HandIn> now = store.handIn(c, b.id(), pupilId, kind, name);
                long room = limit - store.used(c, own.id()) + now.map(HandIn::size).orElse(0L);
                if (stored.size() > room) {
                    throw Quotas.quotaExceeded(stored.size(), room);
                }
                if (now.isPresent()) {
                    store.deleteHandIn(c, now.get().id());
                    replaced[0] = now.get();
                }
                Instant at = clock.instant();
                boolean late = HandIn.RENDU.equals(kind) && at.isAfter(b.deadline());
                HandIn h = new HandIn(0, b.id(), pupilId, kind, name, stored.size(), stored.sha256(), stored.blob(), mediaType,
                        payer.id().value(), at, late);
                long id = store.insertHandIn(c, h);
                return new HandIn(id, h.dropBoxId(), h.pupilId(), h.kind(), h.name(), h.size(), h.sha256(), h.blob(), h.mediaType(),
                        h.quotaOf(), h.at(), h.late());
            });
            if (replaced[0] != null) {
                blobs.delete(replaced[0].blob());
            }
            return done;
        } catch (SQLException | RuntimeException e) {
            blobs.delete(stored.blob());
            throw e;
        }
    }

    /** A pupil takes back one of their hand-ins, before the deadline only. */
    void withdraw(Person pupil, long boxId, long fileId) throws SQLException {
        DropBox b = asPupil(pupil, boxId);
        HandIn h = store.handIn(fileId).filter(x -> x.dropBoxId() == b.id() && x.pupilId().equals(pupil.id().value())
                && HandIn.RENDU.equals(x.kind())).orElseThrow(DropBoxes::fileNotFound);
        if (clock.instant().isAfter(b.deadline())) {
            throw new ProblemException(409, "dropbox-closed", "La date limite est passée : votre professeur a peut-être déjà lu ce devoir, il reste déposé.");
        }
        store.run(c -> store.deleteHandIn(c, h.id()));
        blobs.delete(h.blob());
    }

    /** A file of a box {@code who} may read (its teacher: any; a pupil: their own hand-ins and corrected files); else 404. */
    HandIn file(Person who, long boxId, long fileId) throws SQLException {
        DropBox b = box(who, boxId);
        HandIn h = store.handIn(fileId).filter(x -> x.dropBoxId() == b.id()).orElseThrow(DropBoxes::fileNotFound);
        if (!isTeacher(who, b) && !h.pupilId().equals(who.id().value())) {
            throw fileNotFound();
        }
        return h;
    }

    Path content(HandIn h) {
        return blobs.file(h.blob());
    }

    // --- the zip ---------------------------------------------------------------------------------------------

    /** The entries of a box's zip: every hand-in, under « Nom Prénom/ » (made unique), for its teacher only. */
    List<ZipWriter.Entry> zipEntries(Person teacher, long boxId) throws SQLException {
        DropBox b = asTeacher(teacher, boxId);
        Map<String, String> folders = new LinkedHashMap<>();
        java.util.Set<String> takenFolders = new java.util.HashSet<>();
        List<ZipWriter.Entry> out = new ArrayList<>();
        List<HandIn> all = new ArrayList<>(store.handIns(b.id(), null));
        Map<String, String> names = new java.util.HashMap<>();
        for (HandIn h : all) {
            names.computeIfAbsent(h.pupilId(), this::sortName);
        }
        all.sort(Comparator.comparing((HandIn h) -> names.get(h.pupilId())).thenComparing(HandIn::pupilId).thenComparing(HandIn::name));
        for (HandIn h : all) {
            if (!HandIn.RENDU.equals(h.kind())) {
                continue;
            }
            String folder = folders.computeIfAbsent(h.pupilId(), id -> ZipWriter.unique(ZipWriter.folderName(names.get(id)), takenFolders));
            out.add(new ZipWriter.Entry(folder + "/" + h.name(), blobs.file(h.blob()), h.at()));
        }
        return out;
    }

    /** The zip's file name: « Titre – 5A.zip », as a file name. */
    String zipName(Person teacher, long boxId) throws SQLException {
        DropBox b = asTeacher(teacher, boxId);
        String division = directory.division(b.divisionId()).map(Division::label).orElse("classe");
        return ZipWriter.folderName(b.title() + " – " + division) + ".zip";
    }

    void writeZip(List<ZipWriter.Entry> entries, OutputStream out) throws IOException {
        ZipWriter.write(out, entries);
    }

    static ProblemException notFound() {
        return new ProblemException(404, "dropbox-not-found", "Cette boîte de dépôt n'existe pas (ou plus), ou ne vous est pas ouverte.");
    }

    static ProblemException fileNotFound() {
        return new ProblemException(404, "file-not-found", "Ce fichier n'existe pas (ou plus), ou ne vous est pas ouvert.");
    }
}
