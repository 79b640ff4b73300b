package fr.preau.mail.internal;

import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * HTML of mail, sanitised on the server with the OWASP Java HTML Sanitizer (as the cahier does), for the reading
 * pane and for what a person writes in the rich-text editor. Received mail may come from anywhere: only text
 * formatting, lists, quotes, tables and links survive; no script, style, form, frame or event handler, and no
 * image at all, so that no remote image is fetched when a message is opened (no read tracking).
 */
final class MailHtml {

    private static final PolicyFactory READ = new HtmlPolicyBuilder()
        .allowElements("p", "br", "div", "span", "strong", "em", "u", "b", "i", "s", "sub", "sup", "small", "big",
            "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "code", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
            "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "a", "font", "center")
        .allowUrlProtocols("https", "http", "mailto")
        .allowAttributes("href").onElements("a")
        .allowAttributes("colspan", "rowspan").onElements("td", "th")
        .requireRelsOnLinks("nofollow", "noreferrer", "noopener")
        .toFactory();

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
