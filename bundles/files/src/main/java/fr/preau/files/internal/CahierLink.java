package fr.preau.files.internal;

import fr.preau.cahier.CahierService;
import fr.preau.cahier.Devoir;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The cahier de textes seen from the files module: active only while the cahier's {@link CahierService} is
 * registered (its package is imported optionally and dynamically, so the files module runs without it); {@link Files}
 * takes it through an optional, dynamic reference, so installing or removing the cahier restarts nothing.
 */
@Component(service = DevoirLookup.class)
public final class CahierLink implements DevoirLookup {

    private final CahierService cahier;

    @Activate
    public CahierLink(@Reference(name = "cahier") CahierService cahier) {
        this.cahier = cahier;
    }

    @Override
    public Optional<LinkedDevoir> devoir(long id) {
        return cahier.devoir(id).filter(Devoir::handIn).map(CahierLink::linked);
    }

    @Override
    public List<LinkedDevoir> handIns(String divisionId, LocalDate from, LocalDate to) {
        return cahier.handIns(divisionId, from, to).stream().map(CahierLink::linked).toList();
    }

    private static LinkedDevoir linked(Devoir d) {
        return new LinkedDevoir(d.id(), d.divisionId(), d.subjectLabel(), d.due(), d.title());
    }
}
