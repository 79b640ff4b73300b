package fr.preau.directory.internal.sync;

import fr.preau.directory.internal.feed.FeedData.ParentLink;
import fr.preau.directory.internal.feed.RawRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cross-checks the two sides of a parent–child link in a 1st-degree export: the responsable's
 * {@code ENTPersRelEleveEleve} (the pupils they claim) against the pupil's own list of
 * responsables, which is the one Préau applies (AAF.md §5.3). A claim that the pupil's record,
 * imported in the same run, does not confirm creates no link and is reported, so the referent can
 * have the school's file corrected. 2nd-degree exports carry no claims: nothing to hold then.
 */
final class ParentClaims {

    /** A responsable's claim that no pupil record confirmed. */
    record Disagreement(String file, String parentKey, String parentName, String pupilKey) {
        String reason() {
            return "déclare l'élève " + pupilKey + " (ENTPersRelEleveEleve), mais la fiche de cet élève ne le cite pas parmi "
                    + "ses responsables : aucun lien n'est créé. Faites corriger la fiche de l'élève dans la base de l'école.";
        }
    }

    private record Claim(String file, String name, Set<String> pupils) {
    }

    private static final List<String> ATTRIBUTES = List.of("ENTPersRelEleveEleve", "ENTAuxPersRelEleveEleve");

    private final Map<String, Claim> claims = new LinkedHashMap<>();
    private final Map<String, Set<String>> confirmed = new HashMap<>();
    private final Set<String> appliedPupils = new HashSet<>();

    /** Notes the pupils a responsable record claims (scan of a PersRelEleve file). */
    void claim(String file, RawRecord responsable) {
        Set<String> pupils = new LinkedHashSet<>();
        for (String attribute : ATTRIBUTES) {
            for (String v : responsable.values(attribute)) {
                if (!v.isBlank()) {
                    pupils.add(v.strip());
                }
            }
        }
        if (!pupils.isEmpty()) {
            String name = first(responsable, "ENTPersonPrenom", "givenName") + " " + first(responsable, "ENTPersonNom", "sn");
            claims.put(responsable.key(), new Claim(file, name.strip(), pupils));
        }
    }

    /** Notes the responsables a pupil record names, once that record is applied. */
    void pupil(String pupilKey, List<ParentLink> links) {
        if (claims.isEmpty()) {
            return;
        }
        appliedPupils.add(pupilKey);
        for (ParentLink l : links) {
            confirmed.computeIfAbsent(l.parentKey(), k -> new HashSet<>()).add(pupilKey);
        }
    }

    /** Claims about pupils applied in this run that their records do not confirm. */
    List<Disagreement> disagreements() {
        List<Disagreement> out = new ArrayList<>();
        for (Map.Entry<String, Claim> e : claims.entrySet()) {
            Set<String> ok = confirmed.getOrDefault(e.getKey(), Set.of());
            for (String pupil : e.getValue().pupils()) {
                if (appliedPupils.contains(pupil) && !ok.contains(pupil)) {
                    out.add(new Disagreement(e.getValue().file(), e.getKey(), e.getValue().name(), pupil));
                }
            }
        }
        return out;
    }

    private static String first(RawRecord r, String a, String b) {
        String v = r.first(a) != null ? r.first(a) : r.first(b);
        return v == null ? "" : v.strip();
    }
}
