package fr.preau.directory;

import fr.preau.api.Person;
import fr.preau.api.Uai;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Everything the annuaire knows of one person that the referent's console shows, whether the
 * person is active or deactivated.
 *
 * @param person        who they are (login, name, main school, profiles)
 * @param firstName     prénom
 * @param lastName      nom
 * @param active        false once deactivated
 * @param deactivatedAt when they were deactivated, or null
 * @param deactivatedBy why: {@link Deactivation}, or null (active, or deactivated before this was recorded)
 * @param email         the personal address the annuaire (or the referent, for a guest) gave, or null
 * @param schools       every school they are attached to, the main one first
 * @param source        the annuaire feed they come from ({@code ELEVE}, {@code PERS_EDUC_NAT}…), or null
 *                      when created on the box (guests, the referent)
 * @param guestUntil    for a guest, the last day they may sign in; null otherwise
 * @param createdAt     when the account was created
 * @param divisions     classes and groupes attended (élève) or taught
 * @param teachings     what a teacher teaches (class or groupe and matière)
 * @param responsables  for a pupil: their responsables (legal or not), by name
 * @param children      for a responsable: the pupils they are linked to, by name
 */
public record PersonRecord(Person person, String firstName, String lastName, boolean active, Instant deactivatedAt,
        Deactivation deactivatedBy, String email, List<Uai> schools, String source, LocalDate guestUntil, Instant createdAt,
        List<Division> divisions, List<Teaching> teachings, List<Link> responsables, List<Link> children) {

    public PersonRecord {
        schools = List.copyOf(schools);
        divisions = List.copyOf(divisions);
        teachings = List.copyOf(teachings);
        responsables = List.copyOf(responsables);
        children = List.copyOf(children);
    }

    /** Who deactivated an account. */
    public enum Deactivation {
        /** an import of the académie annuaire (the person left it) */
        ANNUAIRE,
        /** the referent, from the console; imports leave the account deactivated */
        REFERENT,
        /** the end date of a guest account passed */
        EXPIRED
    }

    /**
     * A responsable–pupil link, seen from one side.
     *
     * @param person the person at the other end
     * @param active whether that person's account is active
     * @param kind   {@code MERE}, {@code PERE}, {@code TUTEUR}, {@code ASE}, {@code FAMILLE} or {@code AUTRE}
     * @param legal  whether it is a responsable légal (else a contact only)
     * @param classes class codes of the pupil (for a link to a pupil), else empty
     */
    public record Link(Person person, boolean active, String kind, boolean legal, List<String> classes) {
        public Link {
            classes = List.copyOf(classes);
        }
    }
}
