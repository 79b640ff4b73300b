package fr.preau.directory;

import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.Uai;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The annuaire. Reads are cheap; writes are transactional. */
@ProviderType
public interface DirectoryService {

    /** The active person with this login (case-insensitive), if any. */
    Optional<Person> findByLogin(String login);

    /** The active person with this id, if any. */
    Optional<Person> find(PersonId id);

    /** First and last name of an active person, as the annuaire has them (for letters and lists). */
    Optional<fr.preau.directory.letters.PersonName> nameOf(PersonId id);

    /**
     * The people of a school matching a query, by last name, first name, login; deactivated
     * people included when the query asks for them. Meant for the console of one school (a few
     * thousand people at most): the caller pages.
     */
    List<DirectoryEntry> search(PeopleQuery query);

    /**
     * The mail domain of a school's addresses: the one the referent chose, else the placeholder
     * {@code <uai in lower case>.preau.invalid} (which no mail server outside the box accepts).
     *
     * @throws fr.preau.api.ProblemException 404 {@code unknown-school}
     */
    String mailDomain(Uai school);

    /**
     * Sets the mail domain of a school's addresses (e.g. {@code clg-rostand.ac-fictive.fr}).
     *
     * @throws fr.preau.api.ProblemException 400 {@code invalid-mail-domain}, 404 {@code unknown-school}
     */
    void setMailDomain(Uai school, String domain);

    /** The box's mail address of an active person: {@code login@<mail domain of their school>}. */
    Optional<String> mailAddress(PersonId person);

    /** All schools on the box, by UAI. */
    List<School> schools();

    Optional<School> school(Uai uai);

    /**
     * Creates a school, or renames it if it exists.
     *
     * @throws fr.preau.api.ProblemException 409 {@code school-demo-mismatch} when an existing school's demo flag differs
     */
    School saveSchool(School school);

    /**
     * Creates a person.
     *
     * @throws fr.preau.api.ProblemException 409 {@code login-taken} if the login is used, 404 {@code unknown-school}
     */
    Person create(NewPerson person);

    /** Records that {@code responsable} is a responsable légal of {@code eleve}. Idempotent. */
    void linkResponsable(PersonId responsable, PersonId eleve);

    /** The active élèves this person is responsable légal of (links with legal responsibility only). */
    List<Person> childrenOf(PersonId responsable);

    /** Class codes of the person (attended or taught). */
    List<String> classesOf(PersonId person);

    /** Classes and groupes an active person attends (élève) or teaches (enseignant), by kind then code. */
    List<Division> divisionsOf(PersonId person);

    /** The classes and groupes of a school, by kind then code. */
    List<Division> divisions(Uai uai);

    /** The division with this id, if any. */
    Optional<Division> division(String id);

    /** Active pupils of a class or groupe, by name. */
    List<Person> pupilsOf(String divisionId);

    /** Active teachers of a class or groupe, by name. */
    List<Person> teachersOf(String divisionId);

    /** What an active teacher teaches, by division then matière. */
    List<Teaching> teachingsOf(PersonId teacher);

    /** The active responsables légaux of a pupil (links with legal responsibility only), by name. */
    List<Person> parentsOf(PersonId eleve);

    /** Number of active people on the box. */
    long countPeople();
}
