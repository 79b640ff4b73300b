package fr.preau.cahier.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of the sanitized rich text ({@link HtmlPolicy}: {@code p, br, strong, em, u, ul, ol, li, a, b, i}) as
 * lines for the PDF export and the iCal feed: one line per paragraph, line break and list item, list items
 * bulleted (« • ») or numbered, nested lists indented. Emphasis is dropped; a link keeps its text.
 */
final class HtmlLines {

    /** One line: its depth in lists (0 outside), its bullet or number (« • », « 2. », empty) and its text. */
    record Line(int depth, String marker, String text) {

        /** The line as plain text, indented with two spaces per level. */
        String plain() {
            return "  ".repeat(Math.max(0, depth - 1)) + (marker.isEmpty() ? "" : marker + " ") + text;
        }
    }

    private static final Pattern TOKEN = Pattern.compile("<(/?)([a-zA-Z0-9]+)[^>]*>|([^<]+)");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private HtmlLines() {
    }

    /** The lines of {@code html} (already sanitized), without empty ones. */
    static List<Line> of(String html) {
        List<Line> out = new ArrayList<>();
        if (html == null || html.isBlank()) {
            return out;
        }
        Deque<int[]> lists = new ArrayDeque<>(); // per open list: {ordered ? 1 : 0, next number}
        StringBuilder text = new StringBuilder();
        String[] marker = {""};
        Runnable flush = () -> {
            String t = SPACES.matcher(text).replaceAll(" ").strip();
            if (!t.isEmpty()) {
                out.add(new Line(lists.size(), marker[0], t));
                marker[0] = "";
            }
            text.setLength(0);
        };
        Matcher m = TOKEN.matcher(html);
        while (m.find()) {
            if (m.group(3) != null) {
                text.append(decode(m.group(3)));
                continue;
            }
            boolean closing = !m.group(1).isEmpty();
            switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "p", "br", "div" -> flush.run();
                case "ul", "ol" -> {
                    flush.run();
                    if (closing) {
                        lists.poll();
                    } else {
                        lists.push(new int[] {m.group(2).equalsIgnoreCase("ol") ? 1 : 0, 1});
                    }
                }
                case "li" -> {
                    flush.run();
                    if (!closing) {
                        int[] list = lists.peek();
                        marker[0] = list == null || list[0] == 0 ? "•" : (list[1]++) + ".";
                    }
                }
                default -> {
                    // emphasis and links: their text only
                }
            }
        }
        flush.run();
        return out;
    }

    /** The text as lines joined by new lines. */
    static String text(String html) {
        StringBuilder b = new StringBuilder();
        for (Line l : of(html)) {
            if (!b.isEmpty()) {
                b.append('\n');
            }
            b.append(l.plain());
        }
        return b.toString();
    }

    static String decode(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = ENTITY.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String r;
            try {
                if (e.startsWith("#x") || e.startsWith("#X")) {
                    r = Character.toString(Integer.parseInt(e.substring(2), 16));
                } else if (e.startsWith("#")) {
                    r = Character.toString(Integer.parseInt(e.substring(1)));
                } else {
                    r = switch (e) {
                        case "amp" -> "&";
                        case "lt" -> "<";
                        case "gt" -> ">";
                        case "quot" -> "\"";
                        case "apos" -> "'";
                        case "nbsp" -> "\u00a0";
                        default -> m.group();
                    };
                }
            } catch (IllegalArgumentException ex) {
                r = m.group();
            }
            m.appendReplacement(b, Matcher.quoteReplacement(r));
        }
        m.appendTail(b);
        return b.toString();
    }
}
