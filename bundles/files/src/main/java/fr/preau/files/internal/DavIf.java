package fr.preau.files.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code If} header of RFC 4918 §10.4: lists of conditions (lock tokens and entity tags, each
 * maybe negated), untagged (about the request URI) or tagged with the resource they are about.
 */
record DavIf(List<Clause> clauses) {

    /** One parenthesised list; {@code resource} null when untagged. */
    record Clause(String resource, List<Condition> conditions) {
    }

    /** {@code token} or {@code etag} is set. */
    record Condition(boolean not, String token, String etag) {
    }

    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    static DavIf parse(String header) throws Malformed {
        List<Clause> out = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return new DavIf(out);
        }
        String s = header;
        int i = 0;
        String tag = null;
        boolean tagged = false;
        while (true) {
            i = skip(s, i);
            if (i >= s.length()) {
                break;
            }
            char c = s.charAt(i);
            if (c == '<') {
                int end = s.indexOf('>', i);
                if (end < 0) {
                    throw new Malformed("unterminated resource tag");
                }
                if (!out.isEmpty() && !tagged) {
                    throw new Malformed("tagged and untagged lists mixed");
                }
                tag = s.substring(i + 1, end);
                tagged = true;
                i = end + 1;
                continue;
            }
            if (c != '(') {
                throw new Malformed("list expected");
            }
            if (tagged && tag == null) {
                throw new Malformed("tagged list without resource");
            }
            i++;
            List<Condition> conditions = new ArrayList<>();
            while (true) {
                i = skip(s, i);
                if (i >= s.length()) {
                    throw new Malformed("unterminated list");
                }
                if (s.charAt(i) == ')') {
                    i++;
                    break;
                }
                boolean not = false;
                if (s.regionMatches(true, i, "Not", 0, 3)) {
                    not = true;
                    i = skip(s, i + 3);
                }
                if (i >= s.length()) {
                    throw new Malformed("condition expected");
                }
                char d = s.charAt(i);
                if (d == '<') {
                    int end = s.indexOf('>', i);
                    if (end < 0) {
                        throw new Malformed("unterminated state token");
                    }
                    conditions.add(new Condition(not, s.substring(i + 1, end), null));
                    i = end + 1;
                } else if (d == '[') {
                    int end = s.indexOf(']', i);
                    if (end < 0) {
                        throw new Malformed("unterminated entity tag");
                    }
                    conditions.add(new Condition(not, null, s.substring(i + 1, end).strip()));
                    i = end + 1;
                } else {
                    throw new Malformed("condition expected");
                }
            }
            if (conditions.isEmpty()) {
                throw new Malformed("empty list");
            }
            out.add(new Clause(tagged ? tag : null, conditions));
        }
        return new DavIf(out);
    }

    private static int skip(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The lock tokens the client submits (those not negated). */
    Set<String> tokens() {
        Set<String> out = new LinkedHashSet<>();
        for (Clause c : clauses) {
            for (Condition d : c.conditions()) {
                if (d.token() != null && !d.not()) {
                    out.add(d.token());
                }
            }
        }
        return out;
    }

    boolean present() {
        return !clauses.isEmpty();
    }

    /** What a condition is checked against: the state of one resource. */
    interface State {
        /** The resource's entity tag with its quotes, or null when it does not exist. */
        String etag(String resource);

        /** Whether {@code token} is a lock currently covering the resource. */
        boolean locked(String resource, String token);
    }

    /** Whether the header is satisfied: some list has all its conditions true. */
    boolean holds(String requestResource, State state) {
        if (clauses.isEmpty()) {
            return true;
        }
        for (Clause c : clauses) {
            String resource = c.resource() == null ? requestResource : c.resource();
            boolean all = true;
            for (Condition d : c.conditions()) {
                boolean v;
                if (d.token() != null) {
                    v = state.locked(resource, d.token());
                } else {
                    String etag = state.etag(resource);
                    v = etag != null && strip(etag).equals(strip(d.etag()));
                }
                if (d.not()) {
                    v = !v;
                }
                if (!v) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static String strip(String etag) {
        String e = etag.strip();
        return e.startsWith("W/") ? e.substring(2) : e;
    }
}
