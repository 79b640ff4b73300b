package fr.preau.directory;

import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.Uai;
import java.time.LocalDate;
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
     * The school's degree as its last import gave it: {@code "1D"} (école, premier degré) or {@code "2D"} (collège,
     * lycée); empty when the import did not say (or for an unknown school).
     */
    Optional<String> degree(Uai uai);

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

    /**
     * What the referent's console shows of one person, active or deactivated (a guest past its
     * end date too).
     *
     * @param idOrLogin the person's id, or their login (case-insensitive)
     */
    Optional<PersonRecord> record(String idOrLogin);

    /**
     * Deactivates an active person: they can no longer sign in and disappear from every look-up
     * but {@link #record} and {@link #search}. A person the referent deactivated stays so through
     * later imports.
     *
     * @return false when the person was already deactivated
     * @throws fr.preau.api.ProblemException 404 {@code unknown-person}
     */
    boolean deactivate(PersonId person, PersonRecord.Deactivation by);

    /**
     * Reactivates a deactivated person.
     *
     * @return false when the person was already active
     * @throws fr.preau.api.ProblemException 404 {@code unknown-person}; 409 {@code guest-ended} for a guest
     *         whose end date has passed (move it first)
     */
    boolean reactivate(PersonId person);

    /**
     * Creates a guest account (profile INVITE) with a login made from the names.
     *
     * @throws fr.preau.api.ProblemException 400 {@code invalid-name}, {@code invalid-email},
     *         {@code invalid-end-date} (past, or more than a year ahead); 404 {@code unknown-school}
     */
    Person createGuest(NewGuest guest);

    /**
     * Moves a guest's last day (today at the earliest, a year ahead at most).
     *
     * @throws fr.preau.api.ProblemException 400 {@code invalid-end-date}, 404 {@code unknown-person},
     *         409 {@code not-a-guest}
     */
    void setGuestUntil(PersonId guest, LocalDate until);

    /**
     * Deactivates ({@link PersonRecord.Deactivation#EXPIRED}) every active guest whose last day is
     * before {@code today}.
     *
     * @return the people deactivated now
     */
    List<Person> expireGuests(LocalDate today);
}
