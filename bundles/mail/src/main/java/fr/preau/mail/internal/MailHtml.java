package fr.preau.mail.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * HTML of mail, sanitised on the server with the OWASP Java HTML Sanitizer (as the cahier does), for the reading
 * pane and for what a person writes in the rich-text editor. Received mail may come from anywhere: only text
 * formatting, lists, quotes, tables and links survive; no script, style, form, frame or event handler, and no
 * image at all, so that no remote image is fetched when a message is opened (no read tracking). When the person asks
 * for a message's remote images ({@link #withRemoteImages}), each {@code http(s)} image becomes a marker
 * {@code ⟦image:N⟧} that the webmail replaces by the image, fetched through the box ({@link RemoteImages}).
 */
final class MailHtml {

    /** A remote image of a message: its address and its alternative text. */
    record RemoteImage(int index, String url, String alt) {
    }

    /** Reading HTML where remote images are markers, and those images in order. */
    record WithImages(String html, List<RemoteImage> images) {
    }

    private static final Pattern IMG = Pattern.compile("<img\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern SRC = Pattern.compile("\\bsrc=\"([^\"]*)\"");
    private static final Pattern ALT = Pattern.compile("\\balt=\"([^\"]*)\"");
    /** A message shows at most this many remote images. */
    static final int MAX_IMAGES = 50;

    private static final PolicyFactory READ = new HtmlPolicyBuilder()
        .allowElements("p", "br", "div", "span", "strong", "em", "u", "b", "i", "s", "sub", "sup", "small", "big",
            "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "code", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
            "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "a", "font", "center")
        .allowUrlProtocols("https", "http", "mailto")
        .allowAttributes("href").onElements("a")
        .allowAttributes("colspan", "rowspan").onElements("td", "th")
        .requireRelsOnLinks("nofollow", "noreferrer", "noopener")
        .toFactory();

    private static final PolicyFactory READ_IMAGES = new HtmlPolicyBuilder()
        .allowElements("img")
        .allowUrlProtocols("https", "http")
        .allowAttributes("src", "alt").onElements("img")
        .toFactory().and(READ);

    /** What the webmail's editor may produce (the portal kit's set). */
    private static final PolicyFactory WRITE = new HtmlPolicyBuilder()
        .allowElements("p", "br", "strong", "em", "u", "ul", "ol", "li", "a", "b", "i", "blockquote")
        .allowUrlProtocols("https", "http", "mailto")
        .allowAttributes("href").onElements("a")
        .requireRelsOnLinks("nofollow", "noreferrer", "noopener")
        .toFactory();

    private MailHtml() {
    }

    /** The sanitised HTML of a received message ("" for none). */
    static String forReading(String html) {
        return html == null || html.isBlank() ? "" : READ.sanitize(html);
    }

    /**
     * The sanitised HTML of a received message with its remote images kept as markers {@code ⟦image:N⟧} (text,
     * so that any sanitiser keeps them), at most {@link #MAX_IMAGES}; other images are dropped.
     */
    static WithImages withRemoteImages(String html) {
        if (html == null || html.isBlank()) {
            return new WithImages("", List.of());
        }
        List<RemoteImage> images = new ArrayList<>();
        Matcher m = IMG.matcher(READ_IMAGES.sanitize(html));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Matcher src = SRC.matcher(m.group());
            String url = src.find() ? unescape(src.group(1)) : "";
            String replacement = "";
            if (images.size() < MAX_IMAGES && (url.startsWith("https://") || url.startsWith("http://"))) {
                Matcher alt = ALT.matcher(m.group());
                images.add(new RemoteImage(images.size(), url, alt.find() ? unescape(alt.group(1)) : ""));
                replacement = "\u27E6image:" + (images.size() - 1) + "\u27E7";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return new WithImages(out.toString(), List.copyOf(images));
    }

    /** How many remote images the reading pane leaves out of a message. */
    static int remoteImageCount(String html) {
        return withRemoteImages(html).images().size();
    }

    /** The HTML entities the sanitiser writes in attribute values, decoded. */
    private static String unescape(String value) {
        Matcher m = Pattern.compile("&#(\\d+);").matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1)))));
        }
        m.appendTail(out);
        return out.toString().replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /** The sanitised HTML a person wrote ("" for none). */
    static String forSending(String html) {
        return html == null || html.isBlank() ? "" : WRITE.sanitize(html);
    }

    /** Plain text of sanitised HTML: one line per paragraph, list item or break, entities decoded. */
    static String toText(String html) {
        if (html == null || html.isBlank()) {
            return "";
        }
        String text = html.replaceAll("(?i)<br\\s*/?>", "\n")
            .replaceAll("(?i)</(p|div|li|blockquote|h[1-6]|tr)>", "\n")
            .replaceAll("(?i)<li[^>]*>", "- ")
            .replaceAll("<[^>]*>", "")
            .replace("&nbsp;", " ").replace("&#160;", " ").replace("&lt;", "<").replace("&gt;", ">")
            .replace("&quot;", "\"").replace("&#34;", "\"").replace("&#39;", "'").replace("&#43;", "+")
            .replace("&#61;", "=").replace("&#64;", "@").replace("&#96;", "`").replace("&amp;", "&");
        return text.replaceAll("\n{3,}", "\n\n").strip();
    }
}
