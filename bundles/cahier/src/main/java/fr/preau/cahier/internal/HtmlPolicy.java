package fr.preau.cahier.internal;

import fr.preau.api.ProblemException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.owasp.html.HtmlChangeListener;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * The rich text a teacher writes, sanitized on the server with the OWASP Java HTML Sanitizer,
 * whatever the browser's editor already cleaned: the portal kit's set ({@code p, br, strong, em, u,
 * ul, ol, li, a[href]}, plus {@code b, i} read as bold and italic) and links to {@code https},
 * {@code http} and {@code mailto} only, opened without giving the page to the target.
 * <p>
 * Markup that is only decoration (a {@code span}, a {@code class}) is dropped quietly; markup that
 * could run or restyle something (scripts, styles, frames, forms, event handlers, a {@code
 * javascript:} link) refuses the whole text: the teacher is told, nothing is stored.
 */
final class HtmlPolicy {

    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowElements("p", "br", "strong", "em", "u", "ul", "ol", "li", "a", "b", "i")
            .allowUrlProtocols("https", "http", "mailto")
            .allowAttributes("href").onElements("a")
            .requireRelsOnLinks("nofollow", "noreferrer", "noopener")
            .toFactory();

    /** Elements whose presence means the text was not written in the editor, and may be an attack. */
    private static final Set<String> UNSAFE_ELEMENTS = Set.of("script", "style", "iframe", "frame", "frameset", "object", "embed",
            "applet", "link", "meta", "base", "form", "input", "button", "textarea", "select", "svg", "math", "template", "noscript");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    /** A link or source to a script or inline document, which the policy drops without telling. */
    /** An event handler on any element, kept or not (the policy drops a refused element's attributes silently). */
    private static final Pattern HANDLER = Pattern.compile("(?i)<[^>]*[\\s/\"']on[a-z]+\\s*=");
    private static final Pattern SCRIPT_URL = Pattern.compile("(?i)(href|src|action)\\s*=\\s*[\"']?\\s*(javascript|vbscript|data)\\s*:");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private HtmlPolicy() {
    }

    /**
     * The sanitized HTML of {@code html}.
     *
     * @param field what the text is, in French, for the error (« le contenu de la séance »)
     * @throws ProblemException 400 {@code unsafe-html} when it holds scripts, styles, event handlers or unsafe links
     */
    static String sanitize(String html, String field) {
        if (html == null || html.isBlank()) {
            return "";
        }
        Set<String> refused = new TreeSet<>();
        String clean = POLICY.sanitize(html, new HtmlChangeListener<Set<String>>() {
            @Override
            public void discardedTag(Set<String> found, String elementName) {
                String name = elementName.toLowerCase(Locale.ROOT);
                if (UNSAFE_ELEMENTS.contains(name)) {
                    found.add("<" + name + ">");
                }
            }

            @Override
            public void discardedAttributes(Set<String> found, String tagName, String... attributeNames) {
                for (String a : attributeNames) {
                    String name = a.toLowerCase(Locale.ROOT);
                    if (name.startsWith("on") || name.equals("style") || name.equals("href") || name.equals("src")
                            || name.equals("srcdoc") || name.equals("formaction")) {
                        found.add(name);
                    }
                }
            }
        }, refused);
        if (SCRIPT_URL.matcher(html).find()) {
            refused.add("javascript:");
        }
        if (HANDLER.matcher(html).find()) {
            refused.add("on…=");
        }
        if (!refused.isEmpty()) {
            throw new ProblemException(400, "unsafe-html", "Le texte (" + field + ") contient des éléments interdits ("
                    + String.join(", ", refused) + ") : scripts, styles, gestionnaires d'événements et liens autres que "
                    + "https, http ou mailto ne sont pas acceptés. Rédigez-le dans l'éditeur du cahier de textes.");
        }
        return plainText(clean).isEmpty() ? "" : clean;
    }

    /** The text of sanitized HTML, on one line (for titles, search and notifications). */
    static String plainText(String html) {
        if (html == null || html.isEmpty()) {
            return "";
        }
        String text = TAG.matcher(html.replace("<br />", " ").replace("</p>", " ").replace("</li>", " ")).replaceAll("");
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", "\"").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&#43;", "+").replace("&#61;", "=").replace("&#64;", "@").replace("&#96;", "`").replace("&nbsp;", " ")
                .replace("&amp;", "&");
        return SPACES.matcher(text).replaceAll(" ").trim();
    }

    /** At most {@code max} characters of text, cut on a word with « … ». */
    static String summary(String html, int max) {
        String text = plainText(html);
        if (text.length() <= max) {
            return text;
        }
        int cut = text.lastIndexOf(' ', max - 1);
        return text.substring(0, cut > max / 2 ? cut : max - 1) + "…";
    }
}
