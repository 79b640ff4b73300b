package fr.preau.cahier.internal;

import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.api.spi.SearchChanges;
import fr.preau.api.spi.SearchDocument;
import fr.preau.api.spi.SearchPrincipals;
import fr.preau.api.spi.SearchSource;
import fr.preau.cahier.internal.Rows.Devoir;
import fr.preau.cahier.internal.Rows.Seance;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The cahier's séances and devoirs for the search module's index ({@code preau-search}). Each names as
 * readers its class or groupe (pupils and teachers), the responsables of its pupils and the school's
 * direction, from its publication time on; its author always sees it. Every committed write tells the
 * search module which entries changed ({@link CahierStore#onCommitted}); the second check before a hit is
 * shown is the same as opening the entry ({@link Cahier#readableSeance}, {@link Cahier#readableDevoir}).
 * Without the search module nothing here is called (the portal's simple search uses {@link CahierSearch}).
 */
@Component(service = SearchSource.class)
public final class CahierSearchSource implements SearchSource {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    /** Rows read per query while listing. */
    static final int PAGE = 500;
    /** Beyond this many entries in one write (the demo, a copied progression) the module is listed again instead. */
    static final int MANY = 200;

    private final Cahier cahier;

    @Activate
    public CahierSearchSource(@Reference(name = "cahier") Cahier cahier) {
        this.cahier = cahier;
    }

    @Deactivate
    void deactivate() {
        cahier.store().onCommitted(null);
    }

    @Override
    public String module() {
        return CahierModule.ID;
    }

    @Override
    public void watch(SearchChanges changes) {
        cahier.store().onCommitted(changes == null ? null : ids -> {
            if (ids.size() > MANY) {
                changes.changedAll();
            } else {
                ids.forEach(changes::changed);
            }
        });
    }

    @Override
    public void documents(Consumer<? super SearchDocument> sink) {
        try {
            long after = 0;
            List<Seance> seances;
            do {
                seances = cahier.store().seancesAfter(after, PAGE);
                for (Seance s : seances) {
                    sink.accept(document(s));
                    after = s.id();
                }
            } while (seances.size() == PAGE);
            after = 0;
            List<Devoir> devoirs;
            do {
                devoirs = cahier.store().devoirsAfter(after, PAGE);
                for (Devoir d : devoirs) {
                    sink.accept(document(d));
                    after = d.id();
                }
            } while (devoirs.size() == PAGE);
        } catch (SQLException e) {
            throw new IllegalStateException("cahier listing for search failed", e);
        }
    }

    @Override
    public Optional<SearchDocument> document(String id) {
        try {
            if (id.startsWith("seance:")) {
                return cahier.store().seance(Long.parseLong(id.substring(7))).map(this::document);
            }
            if (id.startsWith("devoir:")) {
                return cahier.store().devoir(Long.parseLong(id.substring(7))).map(this::document);
            }
            return Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("cahier entry for search unreadable", e);
        }
    }

    @Override
    public boolean visible(Person who, String id) {
        try {
            if (id.startsWith("seance:")) {
                cahier.readableSeance(who, Long.parseLong(id.substring(7)));
                return true;
            }
            if (id.startsWith("devoir:")) {
                cahier.readableDevoir(who, Long.parseLong(id.substring(7)));
                return true;
            }
            return false;
        } catch (ProblemException | NumberFormatException | SQLException e) {
            return false;
        }
    }

    /** A page of hits at once: one query for its séances, one for its devoirs, one access decision per division. */
    @Override
    public Set<String> visible(Person who, List<String> ids) {
        List<Long> seances = new ArrayList<>();
        List<Long> devoirs = new ArrayList<>();
        for (String id : ids) {
            try {
                if (id.startsWith("seance:")) {
                    seances.add(Long.parseLong(id.substring(7)));
                } else if (id.startsWith("devoir:")) {
                    devoirs.add(Long.parseLong(id.substring(7)));
                }
            } catch (NumberFormatException e) {
                // names nothing: not visible
            }
        }
        try {
            Cahier.Readable readable = cahier.readable(who, seances, devoirs);
            Set<String> out = new HashSet<>();
            readable.seances().forEach(id -> out.add("seance:" + id));
            readable.devoirs().forEach(id -> out.add("devoir:" + id));
            return out;
        } catch (SQLException e) {
            return Set.of();
        }
    }

    SearchDocument document(Seance s) {
        String title = (s.kind() == Rows.Kind.JOURNAL ? "Cahier journal « " : "Séance « ") + s.title() + " » — "
                + s.scope().subjectLabel() + ", " + s.scope().divisionLabel() + ", " + French.day(s.date(), false);
        String text = HtmlPolicy.plainText(s.content()) + "\n" + s.scope().subjectLabel() + " " + s.scope().divisionLabel() + " "
                + s.scope().authorName();
        return new SearchDocument(CahierModule.ID, "seance:" + s.id(), s.kind() == Rows.Kind.JOURNAL ? "journal" : "seance", title, text,
                start(s.date()), CahierModule.link("seance", s.id()), readers(s.scope()), owners(s.scope()), s.publishAt());
    }

    SearchDocument document(Devoir d) {
        String title = d.kind().label() + " " + French.de(d.scope().subjectLabel()) + " (" + d.scope().divisionLabel() + ") pour le "
                + French.day(d.due(), false);
        String text = HtmlPolicy.plainText(d.instructions()) + "\n" + d.scope().subjectLabel() + " " + d.scope().divisionLabel() + " "
                + d.scope().authorName();
        return new SearchDocument(CahierModule.ID, "devoir:" + d.id(), "devoir", title, text, start(d.due()),
                CahierModule.link("devoir", d.id()), readers(d.scope()), owners(d.scope()), d.publishAt());
    }

    private static java.time.Instant start(LocalDate day) {
        return day.atStartOfDay(PARIS).toInstant();
    }

    /** The class or groupe, its pupils' responsables, the school's direction. */
    static Set<String> readers(Rows.Scope scope) {
        return Set.of(SearchPrincipals.division(scope.divisionId()), SearchPrincipals.divisionParents(scope.divisionId()),
                SearchPrincipals.profile(new Uai(scope.school()), Profile.DIRECTION));
    }

    static Set<String> owners(Rows.Scope scope) {
        return Set.of(SearchPrincipals.person(scope.authorId()));
    }
}
