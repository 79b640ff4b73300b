package fr.preau.directory;

import fr.preau.api.Uai;
import java.time.LocalDate;

/**
 * A guest account (profile INVITE) the referent creates on the box: a visiting speaker, a
 * substitute waiting for the annuaire, a trainee. Its login is made from the names like the
 * annuaire's ({@code prenom.nom}, accents folded, collisions numbered).
 *
 * @param firstName prénom
 * @param lastName  nom
 * @param uai       the school it belongs to (must exist)
 * @param email     a personal address, or null
 * @param until     the last day the guest may sign in
 */
public record NewGuest(String firstName, String lastName, Uai uai, String email, LocalDate until) {
}
