package fr.preau.search.internal;

import fr.preau.api.Person;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.api.spi.SearchPrincipals;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.directory.School;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A person's principals (see {@link SearchPrincipals}), computed from the annuaire on each request:
 * never from anything the client sends.
 */
final class Principals {

    private final DirectoryService directory;

    Principals(DirectoryService directory) {
        this.directory = directory;
    }

    Set<String> of(Person who) {
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
