package fr.preau.cahier.internal;

import fr.preau.api.Person;
import fr.preau.api.spi.SearchContributor;
import fr.preau.api.spi.SearchHit;
import fr.preau.cahier.internal.Rows.Devoir;
import fr.preau.cahier.internal.Rows.Seance;
import fr.preau.directory.Division;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The cahier's hits in the box-wide search: séances and devoirs of the current school year, in the
 * classes and groupes the person reads (the same {@link Cahier#readable} as every list), published
 * ones only — or the person's own. It leaves with the module.
 */
@Component(service = SearchContributor.class)
public final class CahierSearch implements SearchContributor {

    private final Cahier cahier;

    @Activate
    public CahierSearch(@Reference(name = "cahier") Cahier cahier) {
        this.cahier = cahier;
    }

    @Override
    public String module() {
        return CahierModule.ID;
    }

    @Override
    public List<SearchHit> search(Person who, String query, int limit) {
        String needle = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        if (needle.length() < 2 || limit <= 0) {
            return List.of();
        }
        List<String> divisions = cahier.readable(who, null).stream().map(Division::id).toList();
        if (divisions.isEmpty()) {
            return List.of();
        }
        LocalDate since = Rules.schoolYear(cahier.today()).start();
        Instant now = cahier.clock().instant();
        String me = who.id().value();
        List<SearchHit> hits = new ArrayList<>();
        try {
            for (Seance s : cahier.store().searchSeances(divisions, since, needle, limit)) {
                if (hits.size() >= limit) {
                    break;
                }
                if (s.publishedAt(now) || s.scope().authorId().equals(me)) {
                    boolean inTitle = s.title().toLowerCase(Locale.ROOT).contains(needle);
                    hits.add(new SearchHit(module(), "Séance « " + s.title() + " » — " + s.scope().subjectLabel() + ", "
                            + s.scope().divisionLabel() + ", " + French.day(s.date(), false), HtmlPolicy.summary(s.content(), 160),
                            CahierModule.link("seance", s.id()), inTitle ? 2.0 : 1.0));
                }
            }
            for (Devoir d : cahier.store().searchDevoirs(divisions, since, needle, limit)) {
                if (hits.size() >= limit) {
                    break;
                }
                if (d.publishedAt(now) || d.scope().authorId().equals(me)) {
                    hits.add(new SearchHit(module(), d.kind().label() + " " + French.de(d.scope().subjectLabel()) + " (" + d.scope().divisionLabel()
                            + ") pour le " + French.day(d.due(), false), HtmlPolicy.summary(d.instructions(), 160),
                            CahierModule.link("devoir", d.id()), 1.5));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cahier search failed", e);
        }
        return hits;
    }
}
