package fr.preau.access;

import fr.preau.api.Person;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Who may address whom inside the box (send a message, share a file), decided from the annuaire's facts — the
 * school's default rules:
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
}
