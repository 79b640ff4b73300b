package fr.preau.directory;

import fr.preau.api.Person;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.api.spi.SearchPrincipals;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A person's principals for the box-wide search (see {@link SearchPrincipals}), from the annuaire: the search module
 * filters its index with them, and a module's tests check with them that its documents name everyone who may open
 * them. Computed on each call, never from anything a client sends.
 */
public final class Principals {

    private Principals() {
    }

    public static Set<String> of(DirectoryService directory, Person who) {
        Set<String> out = new LinkedHashSet<>();
        out.add(SearchPrincipals.person(who.id()));
        Set<Uai> schools = new LinkedHashSet<>();
        schools.add(who.uai());
        if (who.has(Profile.REFERENT)) {
            // the referent administers every school of the box
            for (School s : directory.schools()) {
                schools.add(s.uai());
            }
        }
        for (Uai uai : schools) {
            out.add(SearchPrincipals.school(uai));
            for (Profile p : who.profiles()) {
                out.add(SearchPrincipals.profile(uai, p));
            }
        }
        if (who.has(Profile.ELEVE) || who.has(Profile.ENSEIGNANT)) {
            for (Division d : directory.divisionsOf(who.id())) {
                out.add(SearchPrincipals.division(d.id()));
            }
        }
        if (who.has(Profile.PARENT)) {
            for (Person child : directory.childrenOf(who.id())) {
                out.add(SearchPrincipals.responsable(child.id()));
                for (Division d : directory.divisionsOf(child.id())) {
                    out.add(SearchPrincipals.divisionParents(d.id()));
                }
            }
        }
        return out;
    }
}
