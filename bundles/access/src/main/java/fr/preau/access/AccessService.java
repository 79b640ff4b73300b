package fr.preau.access;

import fr.preau.api.Person;
import fr.preau.api.Uai;
import fr.preau.api.spi.CatalogueEntry;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/** The permission authority. */
@ProviderType
public interface AccessService {

    /**
     * May {@code who} perform {@code action} on something that belongs to {@code school}?
     * Unknown actions (e.g. of an uninstalled module) are refused. A profile's rights apply in the
     * person's own school, except the referent's: the referent administers the box, hence every
     * school on it (a collège and the école imported beside it).
     *
     * @param school the school the target belongs to, or null for a target of no school (the box itself)
     */
    Decision decide(Person who, String action, Uai school);

    /**
     * Like {@link #decide} but throws {@link fr.preau.api.ProblemException} 403 {@code forbidden}
     * with a French title when refused.
     */
    void require(Person who, String action, Uai school);

    /** Whether {@code who} sees this module in the catalogue. */
    boolean mayUse(Person who, CatalogueEntry module);

    /** Every action currently known, {@code namespace:verb}. */
    Set<String> knownActions();
}
