package fr.preau.directory.internal.sync;

import fr.preau.directory.internal.feed.AafMapper;
import fr.preau.directory.internal.feed.FeedData.DivisionRef;
import fr.preau.directory.internal.feed.FeedData.ParentLink;
import fr.preau.directory.internal.feed.FeedData.Person;
import fr.preau.directory.internal.feed.RawRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The structures of each responsable's children in the files of one import, gathered while the
 * files are scanned: 2nd-degree responsables carry no school of their own, and an académie-wide
 * export holds many schools, so a responsable belongs to the schools of their children rather than
 * to every school of the export. One small entry per responsable of the import.
 */
final class ChildSchools {

    /** Responsable key → structure key (a String) or keys (a Set) of their children. */
    private final Map<String, Object> byParent = new HashMap<>();

    /** Notes the structures of a pupil record for the responsables it names (scan of an Eleve file). */
    void pupil(AafMapper mapper, RawRecord r) {
        Person p;
        try {
            p = mapper.person(r).value();
        } catch (AafMapper.Rejected e) {
            return; // rejected when applied
        }
        if (p.parents().isEmpty()) {
            return;
        }
        Set<String> keys = new LinkedHashSet<>(p.structureKeys());
        for (DivisionRef d : p.divisions()) {
            keys.add(d.structureKey());
        }
        for (ParentLink l : p.parents()) {
            for (String k : keys) {
                add(l.parentKey(), k);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void add(String parent, String key) {
        Object old = byParent.get(parent);
        if (old == null) {
            byParent.put(parent, key);
        } else if (old instanceof String s) {
            if (!s.equals(key)) {
                Set<String> set = new LinkedHashSet<>(4);
                set.add(s);
                set.add(key);
                byParent.put(parent, set);
            }
        } else {
            ((Set<String>) old).add(key);
        }
    }

    /** Structure keys of a responsable's children in this import (empty when none of them is in it). */
    @SuppressWarnings("unchecked")
    List<String> of(String parent) {
        Object v = byParent.get(parent);
        if (v == null) {
            return List.of();
        }
        return v instanceof String s ? List.of(s) : new ArrayList<>((Set<String>) v);
    }
}
