package fr.preau.directory.internal.feed;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request of a feed as read, before any interpretation: the attribute name → values map
 * of an AAF {@code addRequest}/{@code modifyRequest} (or an LDAP entry, which has the same shape).
 * Empty values are already dropped; an attribute given with only empty values maps to an empty
 * list (in a modify, that clears it).
 *
 * @param category   category of the record
 * @param operation  what the feed asks
 * @param key        the join key (identifier/id), never blank
 * @param attributes attribute values in file order
 * @param position   1-based index of the request in its file, for reports
 */
public record RawRecord(FeedCategory category, FeedOperation operation, String key,
        Map<String, List<String>> attributes, long position) {

    public RawRecord {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** The values of an attribute, empty when absent. */
    public List<String> values(String name) {
        List<String> v = attributes.get(name);
        return v == null ? List.of() : v;
    }

    /** The first value of an attribute, or null when absent or empty. */
    public String first(String name) {
        List<String> v = values(name);
        return v.isEmpty() ? null : v.get(0);
    }

    public boolean has(String name) {
        return attributes.containsKey(name);
    }
}
