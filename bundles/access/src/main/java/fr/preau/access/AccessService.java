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

    /**
     * May {@code who} perform {@code action} on this class, groupe or person? Like
     * {@link #decide(Person, String, Uai)} for the target's school; in addition, a profile that the
     * action's permission set lists in {@link fr.preau.api.spi.PermissionSet#relatedOnly()} is
     * granted it only on targets it is related to by the annuaire:
     * <ul>
     * <li>ELEVE: a division they attend; themselves;</li>
     * <li>PARENT: a division one of their children attends; one of their children (legal links);</li>
     * <li>ENSEIGNANT: a division they teach; a pupil of a division they teach;</li>
     * <li>any other profile: nothing.</li>
     * </ul>
     * A profile not listed there acts on every target of its school.
     */
    Decision decideOn(Person who, String action, Target target);

    /**
     * Like {@link #decideOn(Person, String, Target)} but throws {@link fr.preau.api.ProblemException}
     * 403 {@code forbidden} with a French title when refused.
     */
    void requireOn(Person who, String action, Target target);

    /** Whether {@code who} sees this module in the catalogue. */
    boolean mayUse(Person who, CatalogueEntry module);

    /** Every action currently known, {@code namespace:verb}. */
    Set<String> knownActions();
}
