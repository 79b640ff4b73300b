package fr.preau.access;

import fr.preau.api.Person;
import fr.preau.api.Uai;
import fr.preau.directory.Division;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Who may address whom inside the box (send a message, share a file, post to a distribution list), decided from the
 * school's {@link CommunicationMatrix} (set by the référent, profile by profile) and the annuaire's facts. Until the
 * référent changes it, the matrix holds the school's default rules:
 * <ul>
 * <li>the adults of a school (enseignant, direction, personnel, référent) reach everyone of their school, the
 *     référent everyone of the box;</li>
 * <li>a pupil reaches the pupils of their classes, their teachers (of a class or groupe they attend), their
 *     responsables légaux, and the direction and personnel of their school;</li>
 * <li>a responsable légal reaches their children, their children's teachers, and the direction and personnel of the
 *     school;</li>
 * <li>a guest reaches the adults of the school;</li>
 * <li>anyone reaches themselves; nothing else (a pupil to a pupil of another class, a parent to another parent,
 *     anyone to another school).</li>
 * </ul>
 * A person with several profiles may address someone when one of their profiles may address one of the other's.
 * Nobody addresses another school, except the référent, who reaches everyone of the box.
 */
@ProviderType
public interface CommunicationRules {

    /** Whether {@code from} may address {@code to}. */
    boolean mayCommunicate(Person from, Person to);

    /**
     * The people {@code who} may address whose name or login contains every word of {@code query} (accents and case
     * ignored), themselves excluded, by name, at most {@code limit}.
     */
    List<Person> reachable(Person who, String query, int limit);

    /**
     * Whether {@code from} may post to {@code list} of {@code school}: the matrix's posting rule, {@link Reach#RELATED}
     * meaning a class or groupe they attend (for a pupil's {@link DistributionList#CLASS_PUPILS}: a class, not a
     * groupe), teach, or one of their children attends. The list then reaches only those of its members that
     * {@code from} may address ({@link #mayCommunicate}).
     *
     * @param division the class or groupe of a list {@link DistributionList#ofDivision() of a division}, else null
     */
    boolean mayPost(Person from, DistributionList list, Uai school, Division division);

    /** The school's matrix as it applies now (the defaults where the référent changed nothing). */
    CommunicationMatrix matrix(Uai school);

    /**
     * Replaces the school's matrix, durably, before it returns; every later answer follows it.
     *
     * @throws fr.preau.api.ProblemException 400 {@code invalid-communication-rule} (French title) when a cell holds a
     *         value that means nothing for it (see {@link CommunicationMatrix#choices}); nothing is changed then
     */
    void setMatrix(Uai school, CommunicationMatrix matrix);
}
