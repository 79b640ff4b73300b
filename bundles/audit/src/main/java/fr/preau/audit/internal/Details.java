package fr.preau.audit.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * Audit details as a canonical JSON object of string values: keys sorted, no white space, only
 * {@code "} {@code \} and control characters escaped. {@link #parse} reads back what {@link #format} wrote.
 */
final class Details {

    private Details() {
    }

    static String format(SortedMap<String, String> details) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, String> e : details.entrySet()) {
            if (b.length() > 1) {
                b.append(',');
            }
            string(b, e.getKey());
            b.append(':');
            string(b, e.getValue() == null ? "" : e.getValue());
        }
        String json = b.append('}').toString();
        if (json.length() > AuditLogImpl.DETAILS_COLUMN_MAX) {
            throw new IllegalArgumentException("audit details too long");
        }
        return json;
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }

    static Map<String, String> parse(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        int[] pos = {0};
        expect(json, pos, '{');
        if (json.charAt(pos[0]) == '}') {
            pos[0]++;
        } else {
            while (true) {
                String key = readString(json, pos);
                expect(json, pos, ':');
                out.put(key, readString(json, pos));
                char c = json.charAt(pos[0]++);
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw new IllegalArgumentException("malformed audit details");
                }
            }
        }
        if (pos[0] != json.length()) {
            throw new IllegalArgumentException("malformed audit details");
        }
        return out;
    }

    private static void expect(String json, int[] pos, char c) {
        if (pos[0] >= json.length() || json.charAt(pos[0]) != c) {
            throw new IllegalArgumentException("malformed audit details");
        }
        pos[0]++;
    }

    private static String readString(String json, int[] pos) {
        expect(json, pos, '"');
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = json.charAt(pos[0]++);
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\') {
                char e = json.charAt(pos[0]++);
                if (e == 'u') {
                    b.append((char) Integer.parseInt(json.substring(pos[0], pos[0] + 4), 16));
                    pos[0] += 4;
                } else {
                    b.append(e);
                }
            } else {
                b.append(c);
            }
        }
    }
}
